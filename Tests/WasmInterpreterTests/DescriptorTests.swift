import Testing
import WasmCore
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Custom descriptors at run time: structs allocated with a descriptor, `ref.get_desc`, the
/// descriptor casts, and descriptors as the collector sees them.
@Suite struct DescriptorTests {
    static var features: Features {
        var f = Features.default
        f.insert(.customDescriptors)
        return f
    }

    static func instance(_ wat: String, store: Store = Store()) throws -> Instance {
        var o = TextOptions()
        o.features = features
        let m = try WatParser.parse(wat, options: o).module
        return try store.instantiate(try Validator.validate(m, features: features))
    }

    /// The overview's counter: methods reached through the object's descriptor (its vtable).
    static let counter = """
        (module
          (rec
            (type $counter (descriptor $vtable) (struct (field $val (mut i32)) (field $pad v128)))
            (type $vtable (describes $counter) (struct (field $get (ref $get_t)) (field $inc (ref $inc_t))))
            (type $get_t (func (param (ref null $counter)) (result i32)))
            (type $inc_t (func (param (ref null $counter)))))
          (elem declare func $get $inc $get2)
          (global $vt (ref (exact $vtable)) (struct.new $vtable (ref.func $get) (ref.func $inc)))
          (global $c (mut (ref null $counter)) (ref.null none))
          (func $get (type $get_t) (struct.get $counter $val (local.get 0)))
          (func $get2 (type $get_t) (i32.mul (struct.get $counter $val (local.get 0)) (i32.const 2)))
          (func $inc (type $inc_t)
            (struct.set $counter $val (local.get 0) (i32.add (struct.get $counter $val (local.get 0)) (i32.const 1))))
          (func (export "new") (global.set $c (struct.new_default_desc $counter (global.get $vt))))
          ;; A counter whose vtable doubles: a descriptor allocated with it, reachable only through it.
          (func (export "new-doubling")
            (global.set $c (struct.new_desc $counter (i32.const 10) (v128.const i64x2 7 7)
              (struct.new $vtable (ref.func $get2) (ref.func $inc)))))
          (func (export "get") (result i32)
            (call_ref $get_t (global.get $c) (struct.get $vtable $get (ref.get_desc $counter (global.get $c)))))
          (func (export "inc")
            (call_ref $inc_t (global.get $c) (struct.get $vtable $inc (ref.get_desc $counter (global.get $c)))))
          (func (export "pad") (result i64) (i64x2.extract_lane 1 (struct.get $counter $pad (global.get $c))))
          (func (export "is-plain") (result i32)
            (ref.is_null (ref.cast_desc_eq (ref null $counter) (global.get $c) (global.get $vt)) ))
          (func (export "churn") (param $n i32)
            (loop $l
              (drop (struct.new_desc $counter (local.get $n) (v128.const i64x2 0 0) (struct.new $vtable (ref.func $get) (ref.func $inc))))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "get-null") (result i32) (drop (ref.get_desc $counter (ref.null $counter))) (i32.const 0)))
        """

    @Test func methodsThroughTheDescriptor() throws {
        let m = try Self.instance(Self.counter)
        try m.call("new")
        #expect(try m.call("get") == [i32(0)])
        try m.call("inc")
        try m.call("inc")
        #expect(try m.call("get") == [i32(2)])
        #expect(try m.call("is-plain") == [i32(0)])
        try m.call("new-doubling")
        #expect(try m.call("get") == [i32(20)])
        #expect(try m.call("pad") == [i64(7)])
        // A different vtable of the same type: the descriptor cast tells them apart.
        #expect(m.trap("is-plain")?.message == "descriptor cast failure")
        #expect(m.trap("get-null")?.message == "null reference")
    }

    /// A descriptor reachable only from the struct it describes survives collections, also
    /// when the allocation that takes it collects (the slow path keeps the operand rooted).
    @Test func descriptorsAreTraced() throws {
        let store = Store(configuration: { var c = Store.Configuration(); c.gcTriggerBytes = 16 << 10; return c }())
        let m = try Self.instance(Self.counter, store: store)
        try m.call("new-doubling")
        try m.call("churn", i32(50_000))
        #expect(store.gcStatistics.collections > 5)
        #expect(try m.call("get") == [i32(20)])
        store.collectGarbage()
        // $vt, the doubling counter and its vtable, and the last churned counter with its vtable
        // may still be seen on the stack: at least the three reachable ones.
        #expect(store.gcStatistics.liveObjects >= 3)
        try m.call("inc")
        #expect(try m.call("get") == [i32(22)])
    }

    static let casts = """
        (module
          (rec
            (type $a (sub (descriptor $a.d) (struct (field i32))))
            (type $a.d (sub (describes $a) (struct)))
            (type $b (sub $a (descriptor $b.d) (struct (field i32))))
            (type $b.d (sub $a.d (describes $b) (struct))))
          ;; A struct without a descriptor whose first field holds the descriptor object.
          (type $impostor (struct (field (ref $a.d)) (field i32)))
          (global $ad (ref (exact $a.d)) (struct.new $a.d))
          (global $bd (ref (exact $b.d)) (struct.new $b.d))
          (func (export "impostor") (result i32)
            (ref.test (ref $a) (ref.cast_desc_eq (ref $a) (struct.new $impostor (global.get $ad) (i32.const 1)) (global.get $ad))))
          (func (export "exact") (result i32)
            (struct.get $a 0 (ref.cast_desc_eq (ref (exact $a)) (struct.new_desc $a (i32.const 5) (global.get $ad)) (global.get $ad))))
          ;; A $b is an $a, but its descriptor is $b's: a cast to $a's descriptor fails.
          (func (export "sub") (param $desc i32) (result i32)
            (block $yes (result (ref $a))
              (br_on_cast_desc_eq $yes anyref (ref $a)
                (struct.new_desc $b (i32.const 7) (global.get $bd))
                (if (result (ref $a.d)) (local.get $desc) (then (global.get $bd)) (else (global.get $ad))))
              (return (i32.const -1)))
            (struct.get $a 0))
          (func (export "null") (param $nullable i32) (result i32)
            (if (result i32) (local.get $nullable)
              (then (block $yes (result (ref null $a))
                (br_on_cast_desc_eq $yes anyref (ref null $a) (ref.null none) (global.get $ad))
                (return (i32.const 0)))
                (drop) (i32.const 1))
              (else (block $no (result anyref)
                (br_on_cast_desc_eq_fail $no anyref (ref $a) (ref.null none) (global.get $ad))
                (return (i32.const 0)))
                (drop) (i32.const 2))))
          (func (export "null-desc") (result i32)
            (drop (ref.cast_desc_eq (ref null $a) (ref.null none) (ref.null none))) (i32.const 0))
          (func (export "null-desc-br") (result i32)
            (block $l (result anyref) (br_on_cast_desc_eq_fail $l anyref (ref $a) (ref.null none) (ref.null none)) (return (i32.const 0)))
            (drop) (i32.const 1)))
        """

    @Test func descriptorCasts() throws {
        let m = try Self.instance(Self.casts)
        // The header bit, not the word after the header, says whether a struct has a descriptor.
        #expect(m.trap("impostor")?.message == "descriptor cast failure")
        #expect(try m.call("exact") == [i32(5)])
        #expect(try m.call("sub", i32(1)) == [i32(7)])
        #expect(try m.call("sub", i32(0)) == [i32(-1)])
        #expect(try m.call("null", i32(1)) == [i32(1)])
        #expect(try m.call("null", i32(0)) == [i32(2)])
        #expect(m.trap("null-desc")?.message == "null descriptor reference")
        #expect(m.trap("null-desc-br")?.message == "null descriptor reference")
    }

    @Test func nullDescriptorInAConstantExpressionTraps() throws {
        let wat = """
            (module (rec (type $a (descriptor $b) (struct)) (type $b (describes $a) (struct)))
              (global (ref (exact $a)) (struct.new_desc $a (ref.null none))))
            """
        let e = #expect(throws: Diagnostic.self) { try Self.instance(wat) }
        #expect(e?.message == "null descriptor reference")
        #expect(e?.phase == .trap)
    }
}
