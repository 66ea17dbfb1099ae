import Testing
import WasmCore
@testable import WasmInterpreter

/// The GC heap and its collector: what survives a collection, what is freed, roots, limits.
@Suite struct GCTests {
    static let list = """
        (module
          (type $node (struct (field $v i32) (field $next (ref null $node))))
          (global $keep (mut (ref null $node)) (ref.null $node))
          (table $t 4 (ref null $node))
          ;; A list of $n nodes; the head is returned.
          (func $build (export "build") (param $n i32) (result (ref null $node)) (local $l (ref null $node))
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $l (struct.new $node (local.get $n) (local.get $l)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $l))
          (func (export "keep") (param $n i32) (global.set $keep (call $build (local.get $n))))
          (func (export "drop") (global.set $keep (ref.null $node)))
          (func (export "table") (param $i i32) (param $n i32) (table.set $t (local.get $i) (call $build (local.get $n))))
          (func (export "sum") (result i32) (local $l (ref null $node)) (local $s i32)
            (local.set $l (global.get $keep))
            (block $done
              (loop $next
                (br_if $done (ref.is_null (local.get $l)))
                (local.set $s (i32.add (local.get $s) (struct.get $node $v (local.get $l))))
                (local.set $l (struct.get $node $next (local.get $l)))
                (br $next)))
            (local.get $s))
          ;; Allocates $n garbage nodes; the list in $keep must survive the collections.
          (func (export "churn") (param $n i32)
            (loop $l
              (drop (struct.new $node (local.get $n) (ref.null $node)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
        """

    @Test func reachableObjectsSurviveAndGarbageIsFreed() throws {
        let store = Store(configuration: { var c = Store.Configuration(); c.gcTriggerBytes = 64 << 10; return c }())
        let m = try instance(Self.list, store: store)
        try m.call("keep", i32(1000))
        try m.call("churn", i32(200_000))
        #expect(store.gcStatistics.collections > 10)
        #expect(try m.call("sum") == [i32(500_500)])
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 1000)
        #expect(store.gcStatistics.objectsFreed >= 199_000)
        // Heap size stays flat under churn: bounded by the live list and the trigger.
        #expect(store.gcStatistics.heapBytes < 1 << 20)
        try m.call("drop")
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
        #expect(store.gcStatistics.liveBytes == 0)
    }

    @Test func objectsReachableOnlyFromATableOrGlobal() throws {
        let store = Store()
        let m = try instance(Self.list, store: store)
        try m.call("table", i32(2), i32(50))
        try m.call("keep", i32(7))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 57)
        try m.call("drop")
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 50)
        try m.call("table", i32(2), i32(0))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
    }

    @Test func cyclesAreFreed() throws {
        let store = Store()
        let m = try instance("""
            (module
              (type $n (struct (field $next (mut (ref null $n)))))
              (global $g (mut (ref null $n)) (ref.null $n))
              (func (export "ring") (param $k i32) (local $first (ref $n)) (local $l (ref $n))
                (local.set $first (struct.new $n (ref.null $n)))
                (local.set $l (local.get $first))
                (loop $more
                  (local.set $l (struct.new $n (local.get $l)))
                  (br_if $more (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
                (struct.set $n $next (local.get $first) (local.get $l))
                (global.set $g (local.get $first)))
              (func (export "forget") (global.set $g (ref.null $n))))
            """, store: store)
        try m.call("ring", i32(99))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 100)
        try m.call("forget")
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
    }

    /// Marking uses a work list: a list of ten million nodes neither overflows the native
    /// stack nor takes quadratic time.
    @Test func tenMillionNodeList() throws {
        let store = Store()
        let m = try instance(Self.list, store: store)
        try m.call("keep", i32(10_000_000))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 10_000_000)
        try m.call("drop")
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
    }

    /// Objects only the value stack refers to (locals and operands of running frames, across
    /// calls, nested invocations through the host) survive collections.
    @Test func stackRootsSurvive() throws {
        let store = Store(configuration: { var c = Store.Configuration(); c.gcTriggerBytes = 0; return c }())
        var collectFromHost: (() -> Void)?
        let host = store.allocateFunction(type: FuncType()) { _ in
            collectFromHost?()
            return []
        }
        let m = try instance("""
            (module
              (import "env" "collect" (func $collect))
              (type $box (struct (field i64)))
              (type $pair (struct (field (ref $box)) (field (ref $box))))
              (func $deep (param $d i32) (result i64) (local $b (ref $box))
                (local.set $b (struct.new $box (i64.extend_i32_u (local.get $d))))
                (if (local.get $d) (then
                  (drop (call $deep (i32.sub (local.get $d) (i32.const 1))))))
                (call $collect)
                ;; garbage between, then the local must still be the same box
                (drop (struct.new $box (i64.const -1)))
                (struct.get $box 0 (local.get $b)))
              (func (export "deep") (param i32) (result i64) (call $deep (local.get 0)))
              (func (export "operands") (result i64)
                ;; The first box is an operand (not a local) while the second is allocated.
                (struct.get $box 0 (struct.get $pair 0
                  (struct.new $pair (struct.new $box (i64.const 41)) (struct.new $box (i64.const 42)))))))
            """, store: store, imports: ["env": ["collect": .function(host)]])
        collectFromHost = { store.collectGarbage() }
        #expect(try m.call("deep", i32(50)) == [i64(50)])
        #expect(try m.call("operands") == [i64(41)])
        #expect(store.gcStatistics.collections > 50)
    }

    /// Trees built by recursion while a collection runs at every allocation: a subtree made by
    /// the first call lives only in an operand slot of its caller while the second call runs.
    @Test func treesUnderConstantCollection() throws {
        let store = Store(configuration: { var c = Store.Configuration(); c.gcTriggerBytes = 0; return c }())
        let small = try instance("""
            (module
              (type $node (struct (field $left (ref null $node)) (field $right (ref null $node))))
              (func $make (param $d i32) (result (ref $node))
                (if (result (ref $node)) (i32.eqz (local.get $d))
                  (then (struct.new $node (ref.null $node) (ref.null $node)))
                  (else
                    (local.set $d (i32.sub (local.get $d) (i32.const 1)))
                    (struct.new $node (call $make (local.get $d)) (call $make (local.get $d))))))
              (func $check (param $t (ref null $node)) (result i32)
                (if (result i32) (ref.is_null (local.get $t)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (i32.add (call $check (struct.get $node $left (local.get $t)))
                                                          (call $check (struct.get $node $right (local.get $t))))))))
              (func (export "run") (param i32) (result i32) (call $check (call $make (local.get 0)))))
            """, store: store)
        #expect(try small.call("run", i32(9)) == [i32(1023)])
        #expect(store.gcStatistics.collections >= 1023)
    }

    /// The host's references are roots while it holds them, and compare by identity.
    @Test func hostReferencesAreRootsWhileHeld() throws {
        let store = Store()
        let m = try instance("""
            (module
              (type $s (struct (field i32)))
              (func (export "make") (param i32) (result (ref $s)) (struct.new $s (local.get 0)))
              (func (export "get") (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0)))
              (func (export "same") (param eqref eqref) (result i32) (ref.eq (local.get 0) (local.get 1)))
              (func (export "id") (param anyref) (result anyref) (local.get 0)))
            """, store: store)
        var held = try m.call("make", i32(7))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 1)
        #expect(try m.call("get", held[0]) == [i32(7)])
        #expect(try m.call("id", held[0]) == held)
        #expect(try m.call("same", held[0], held[0]) == [i32(1)])
        var other = try m.call("make", i32(7))
        #expect(try m.call("same", held[0], other[0]) == [i32(0)])
        #expect(held != other)
        held = []
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 1)
        other = []
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
    }

    @Test func heapLimit() throws {
        let store = Store(configuration: { var c = Store.Configuration(); c.maxGCHeapBytes = 1 << 20; return c }())
        let m = try instance("""
            (module
              (type $a (array (mut i8)))
              (type $node (struct (field (ref null $node))))
              (global $g (mut (ref null $node)) (ref.null $node))
              (func (export "big") (param i32) (result i32) (array.len (array.new_default $a (local.get 0))))
              (func (export "grow") (param $n i32)
                (loop $l
                  (global.set $g (struct.new $node (global.get $g)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              (func (export "release") (global.set $g (ref.null $node)))
              (func (export "churn") (param $n i32)
                (loop $l
                  (drop (array.new_default $a (i32.const 1000)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
            """, store: store)
        // Garbage never exceeds the limit: collections make room.
        try m.call("churn", i32(10_000))
        #expect(try m.call("big", i32(500_000)) == [i32(500_000)])
        // Larger than the limit by itself: refused before allocating.
        let tooBig = m.trap("big", i32(-1))
        #expect(tooBig?.phase == .exhaustion)
        #expect(tooBig?.message.hasPrefix("out of GC heap memory") == true)
        // Live data beyond the limit: an exhaustion after a full collection, and the store
        // stays usable.
        let full = m.trap("grow", i32(1_000_000))
        #expect(full?.phase == .exhaustion)
        #expect(store.gcStatistics.heapBytes <= 1 << 20)
        #expect(m.trap("big", i32(10))?.phase == .exhaustion)
        try m.call("release")
        #expect(try m.call("big", i32(10)) == [i32(10)])
    }

    /// Types defined alike in two modules (the same rec groups) are the same type at run time:
    /// an object made by one passes the other's casts, and subtypes declared alike too.
    @Test func castsAcrossModulesWithIdenticalRecGroups() throws {
        let store = Store()
        let types = """
              (rec (type $a (sub (struct (field i32)))) (type $b (sub $a (struct (field i32) (field i64)))))
              (type $other (sub (struct (field i32))))
            """
        let maker = try instance("""
            (module \(types)
              (func (export "a") (result anyref) (struct.new $a (i32.const 1)))
              (func (export "b") (result anyref) (struct.new $b (i32.const 2) (i64.const 3))))
            """, store: store)
        let user = try instance("""
            (module \(types)
              (func (export "isA") (param anyref) (result i32) (ref.test (ref $a) (local.get 0)))
              (func (export "isB") (param anyref) (result i32) (ref.test (ref $b) (local.get 0)))
              (func (export "isOther") (param anyref) (result i32) (ref.test (ref $other) (local.get 0)))
              (func (export "getA") (param anyref) (result i32) (struct.get $a 0 (ref.cast (ref $a) (local.get 0)))))
            """, store: store)
        let a = try maker.call("a")[0]
        let b = try maker.call("b")[0]
        #expect(try user.call("isA", a) == [i32(1)])
        #expect(try user.call("isA", b) == [i32(1)])
        #expect(try user.call("isB", a) == [i32(0)])
        #expect(try user.call("isB", b) == [i32(1)])
        #expect(try user.call("isOther", a) == [i32(0)])
        #expect(try user.call("getA", b) == [i32(2)])
    }

    /// `ref.is_null` feeding a branch becomes a test of the whole slot: host reference 0 has
    /// no bit set in its low half.
    @Test func nullTestsFeedingBranchesReadTheWholeSlot() throws {
        let m = try instance("""
            (module
              (func (export "g") (param $r anyref) (result i32) (local $n i32)
                (block $b (br_if $b (ref.is_null (local.get $r))) (local.set $n (i32.const 5)))
                (local.get $n))
              (func (export "f") (param $r externref) (result i32)
                (if (result i32) (ref.is_null (local.get $r)) (then (i32.const 1)) (else (i32.const 2)))))
            """)
        #expect(try m.call("g", .ref(.host(0))) == [i32(5)])
        #expect(try m.call("g", .ref(.null(.any))) == [i32(0)])
        #expect(try m.call("f", .ref(.extern(0))) == [i32(2)])
        #expect(try m.call("f", .ref(.null(.extern))) == [i32(1)])
    }

    /// struct.new whose operands are all constant zeros runs as struct.new_default; a constant
    /// that only looks like zero (-0.0) is not one.
    @Test func structNewOfZeroConstants() throws {
        let m = try instance("""
            (module
              (type $s (struct (field i32) (field f64) (field v128) (field anyref)))
              (func (export "zeros") (result i32 f64 i64 i32)
                (local $r (ref $s))
                (local.set $r (struct.new $s (i32.const 0) (f64.const 0) (v128.const i64x2 0 0) (ref.null any)))
                (struct.get $s 0 (local.get $r)) (struct.get $s 1 (local.get $r))
                (i64x2.extract_lane 1 (struct.get $s 2 (local.get $r))) (ref.is_null (struct.get $s 3 (local.get $r))))
              (func (export "negzero") (result f64)
                (struct.get $s 1 (struct.new $s (i32.const 0) (f64.const -0) (v128.const i64x2 0 0) (ref.null any)))))
            """)
        #expect(try m.call("zeros") == [i32(0), f64(0), i64(0), i32(1)])
        #expect(try m.call("negzero") == [.f64(UInt64(1) << 63)])
    }

    /// A host table's initial value must be of its element type: an i31 in a funcref table
    /// would be read by call_indirect as a function address.
    @Test func hostTablesTakeOnlyTheirElementType() throws {
        let store = Store()
        let funcs = TableType(elementType: .funcref, limits: Limits(min: 2))
        #expect(throws: Diagnostic.self) { try store.allocateTable(type: funcs, initial: .ref(.i31(5))) }
        #expect(throws: Diagnostic.self) { try store.allocateTable(type: funcs, initial: .ref(.extern(1))) }
        let anys = try store.allocateTable(type: TableType(elementType: .anyref, limits: Limits(min: 2)), initial: .ref(.i31(5)))
        #expect(try store.element(of: anys, at: 1) == .ref(.i31(5)))
    }

    /// The host passes i31 and host references in and gets them back as it gave them.
    @Test func hostValuesRoundTrip() throws {
        let m = try instance("""
            (module
              (func (export "any") (param anyref) (result anyref) (local.get 0))
              (func (export "internalize") (param externref) (result anyref) (any.convert_extern (local.get 0)))
              (func (export "externalize") (param anyref) (result externref) (extern.convert_any (local.get 0)))
              (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0))))
            """)
        #expect(try m.call("any", .ref(.i31(-5))) == [.ref(.i31(-5))])
        #expect(try m.call("i31", i32(-1)) == [.ref(.i31(-1))])
        #expect(try m.call("internalize", .ref(.extern(3))) == [.ref(.host(3))])
        #expect(try m.call("externalize", .ref(.host(4))) == [.ref(.extern(4))])
        #expect(try m.call("externalize", .ref(.i31(9))) == [.ref(.externalized(.i31(9)))])
        // A reference of the wrong hierarchy is refused.
        #expect(m.trap("any", .ref(.extern(1)))?.message.hasPrefix("type mismatch") == true)
    }

    /// `Reference.matches` names the abstract types as the script format's patterns do.
    @Test func referencesMatchAbstractTypes() throws {
        let m = try instance("""
            (module
              (type $s (struct))
              (type $a (array i8))
              (tag $e)
              (func (export "s") (result anyref) (struct.new $s))
              (func (export "a") (result anyref) (array.new_default $a (i32.const 1)))
              (func (export "x") (result externref) (extern.convert_any (struct.new $s)))
              (func (export "f") (result funcref) (ref.func 0))
              (func (export "e") (result exnref) (block $h (result exnref) (try_table (catch_all_ref $h) (throw $e)) (ref.null exn))))
            """)
        func ref(_ name: String) throws -> Reference {
            let results = try m.call(name)
            guard case .ref(let r)? = results.first else { throw Diagnostic(.trap, "no reference") }
            return r
        }
        let s = try ref("s"), a = try ref("a"), x = try ref("x"), f = try ref("f"), e = try ref("e")
        let i = Reference.i31(3), h = Reference.host(1), n = Reference.null(.any)
        let table: [(Reference, Set<HeapType>)] = [
            (s, [.struct, .eq, .any]), (a, [.array, .eq, .any]), (i, [.i31, .eq, .any]), (h, [.any]),
            (x, [.extern]), (.extern(2), [.extern]), (f, [.func]), (e, [.exn]), (n, []),
        ]
        let all: [HeapType] = [.func, .extern, .any, .eq, .i31, .struct, .array, .exn, .none, .concrete(0)]
        for (r, yes) in table {
            for t in all { #expect(r.matches(t) == yes.contains(t), "\(r) as \(t)") }
        }
    }
}
