import Testing
import WasmCore
@testable import WasmInterpreter

/// Exception handling: throw, try_table clauses, exnref rethrow, unwinding across frames.
@Suite struct ExceptionTests {
    @Test func caughtInSameFunctionAndAcrossCalls() throws {
        let m = try instance("""
            (module
              (tag $e (param i32))
              (func $thrower (param i32) (local.get 0) (throw $e))
              (func $middle (param i32) (result i32)
                (call $thrower (local.get 0)) (i32.const -1))
              (func (export "local") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $e $h) (throw $e (local.get 0)))
                  (i32.const -1)))
              (func (export "deep") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (result i32) (catch $e $h) (call $middle (local.get 0)))))
              (func (export "after") (param i32) (result i32)
                ;; the frame state after a caught exception lets the function go on.
                (i32.add (block $h (result i32)
                  (try_table (catch $e $h) (call $thrower (local.get 0)))
                  (i32.const 0)) (i32.const 100))))
            """)
        #expect(try m.call("local", i32(7)) == [i32(7)])
        #expect(try m.call("deep", i32(42)) == [i32(42)])
        #expect(try m.call("after", i32(5)) == [i32(105)])
    }

    @Test func catchRefAndThrowRefRethrow() throws {
        let m = try instance("""
            (module
              (tag $e (param i32))
              (func $inner (param i32) (result i32)
                (block $h (result i32 exnref)
                  (try_table (catch_ref $e $h) (throw $e (local.get 0)))
                  (unreachable))
                (throw_ref))
              (func (export "outer") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (result i32) (catch $e $h) (call $inner (local.get 0))))
                (i32.const 1) (i32.add))
              (func (export "null") (throw_ref (ref.null exn))))
            """)
        #expect(try m.call("outer", i32(9)) == [i32(10)])
        #expect(m.trap("null")?.message == "null exception reference")
    }

    @Test func catchAllAndTagMismatch() throws {
        let m = try instance("""
            (module
              (tag $a) (tag $b (param i32))
              (func (export "all") (result i32)
                (block $h (try_table (catch_all $h) (throw $b (i32.const 3))) (return (i32.const 0)))
                (i32.const 1))
              (func (export "all_ref") (result i32)
                (block $h (result exnref)
                  (try_table (catch_all_ref $h) (throw $a)) (return (i32.const 0)))
                (ref.is_null) (i32.eqz))
              (func (export "mismatch") (result i32)
                (block $outer (result i32)
                  (block $h
                    (try_table (catch $a $h) (try_table (catch $a $h) (throw $b (i32.const 8)))))
                  (i32.const 0))))
            """)
        #expect(try m.call("all") == [i32(1)])
        #expect(try m.call("all_ref") == [i32(1)])
        let d = m.trap("mismatch")
        #expect(d?.phase == .trap)
        #expect(d?.message.hasPrefix("uncaught exception") == true)
    }

    @Test func uncaughtIsADiagnosticAndTheStoreStaysUsable() throws {
        let m = try instance("""
            (module
              (tag $e)
              (func $f (param i32) (if (local.get 0) (then (throw $e))))
              (func (export "run") (param i32) (result i32) (call $f (local.get 0)) (i32.const 5)))
            """)
        #expect(m.trap("run", i32(1))?.message.hasPrefix("uncaught exception") == true)
        #expect(try m.call("run", i32(0)) == [i32(5)])
    }

    @Test func payloadsOfEveryWidth() throws {
        let m = try instance("""
            (module
              (tag $e (param i32 i64 f64 v128))
              (func $t (throw $e (i32.const -2) (i64.const 0x1122334455667788) (f64.const 2.5)
                                 (v128.const i64x2 0x0102030405060708 0x090a0b0c0d0e0f10)))
              (func (export "run") (result i32 i64 f64 v128)
                (block $h (result i32 i64 f64 v128)
                  (try_table (catch $e $h) (call $t))
                  (unreachable))))
            """)
        let r = try m.call("run")
        #expect(r == [i32(-2), i64(0x1122334455667788), f64(2.5),
                      .v128(V128(lo: 0x0102030405060708, hi: 0x090a0b0c0d0e0f10))])
    }

    @Test func exceptionThroughReturnCall() throws {
        let m = try instance("""
            (module
              (tag $e (param i64))
              (func $t (param i64) (result i64) (throw $e (local.get 0)))
              ;; the tail call replaces this frame: its own handler is gone, the caller's catches.
              (func $tail (param i64) (result i64)
                (block $own (result i64)
                  (try_table (result i64) (catch $e $own) (return_call $t (local.get 0))))
                (i64.const 1) (i64.add))
              (func (export "run") (param i64) (result i64)
                (block $h (result i64)
                  (try_table (result i64) (catch $e $h) (call $tail (local.get 0))))))
            """)
        #expect(try m.call("run", i64(40)) == [i64(40)])
    }

    @Test func importedTagsCompareByStoreAddress() throws {
        let store = Store()
        let lib = try instance("""
            (module (tag $e (export "e") (param i32))
              (func (export "throw") (param i32) (throw $e (local.get 0))))
            """, store: store)
        guard case .tag(let t)? = lib.export("e"), case .function(let f)? = lib.export("throw") else {
            Issue.record("exports missing")
            return
        }
        let user = try instance("""
            (module
              (import "lib" "e" (tag $e (param i32)))
              (import "lib" "throw" (func $throw (param i32)))
              (tag $other (param i32))
              (func (export "run") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $other $h) (catch $e $h) (call $throw (local.get 0)))
                  (i32.const -1))))
            """, store: store, imports: ["lib": ["e": .tag(t), "throw": .function(f)]])
        #expect(try user.call("run", i32(77)) == [i32(77)])
    }

    @Test func legacyTryCatchDelegateRethrow() throws {
        let m = try instance("""
            (module
              (tag $e (param i32)) (tag $f)
              (func $throw (param i32) (throw $e (local.get 0)))
              (func (export "catch") (param i32) (result i32)
                (try (result i32)
                  (do (call $throw (local.get 0)) (i32.const 0))
                  (catch $f (i32.const -1))
                  (catch $e (i32.const 1000) (i32.add))))
              (func (export "catch_all") (result i32)
                (try (result i32) (do (throw $f)) (catch_all (i32.const 7))))
              (func (export "rethrow") (param i32) (result i32)
                (try (result i32)
                  (do (try (do (call $throw (local.get 0))) (catch $e (drop) (rethrow 0))) (i32.const 0))
                  (catch $e)))
              (func (export "delegate") (param i32) (result i32)
                (try $outer (result i32)
                  (do (try (do (try (do (call $throw (local.get 0))) (delegate $outer)))
                           (catch_all)) (i32.const 0))
                  (catch $e (i32.const 1) (i32.add))))
              (func (export "delegate_out") (try (do (throw $f)) (delegate 0))))
            """)
        #expect(try m.call("catch", i32(5)) == [i32(1005)])
        #expect(try m.call("catch_all") == [i32(7)])
        #expect(try m.call("rethrow", i32(3)) == [i32(3)])
        // The inner catch_all is skipped: delegate hands the exception to $outer.
        #expect(try m.call("delegate", i32(10)) == [i32(11)])
        #expect(m.trap("delegate_out")?.message.hasPrefix("uncaught exception") == true)
    }

    @Test func caughtByValueLeavesNoRecordBehind() throws {
        let store = Store()
        let m = try instance("""
            (module
              (tag $e (param i32))
              (func $t (param i32) (throw $e (local.get 0)))
              (func (export "loop") (param i32) (result i32) (local $s i32)
                (loop $l
                  (local.set $s (i32.add (local.get $s)
                    (block $h (result i32) (try_table (catch $e $h) (call $t (local.get 0))) (i32.const 0))))
                  (try (do (call $t (i32.const 1))) (catch $e (drop)))
                  (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get $s))
              (func (export "rethrow") (param exnref) (throw_ref (local.get 0)))
              (func (export "keep") (result exnref)
                (block $h (result exnref) (try_table (catch_all_ref $h) (call $t (i32.const 0))) (ref.null exn))))
            """, store: store)
        #expect(try m.call("loop", i32(1000)) == [i32(500500)])
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
        var kept = try m.call("keep")
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 1)
        guard case .ref(.exception)? = kept.first else {
            Issue.record("keep returned \(kept)")
            return
        }
        // The host can hand the exnref back; one of another store is refused.
        #expect(m.trap("rethrow", kept[0])?.message.hasPrefix("uncaught exception") == true)
        let other = Store()
        let foreign = try instance("(module (tag $e) (func (export \"keep\") (result exnref) (block $h (result exnref) (try_table (catch_all_ref $h) (throw $e)) (ref.null exn))))", store: other).call("keep")
        #expect(m.trap("rethrow", foreign[0])?.message.hasPrefix("type mismatch") == true)
        // Once the host lets go of it, the exception is garbage.
        kept = []
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
    }

    /// Exceptions kept through an exnref used to live as long as the store (a record per
    /// throw); now they are heap objects, freed once nothing refers to them.
    @Test func exnrefsAreCollected() throws {
        let store = Store()
        let m = try instance("""
            (module
              (tag $e (param i32 exnref))
              (global $last (mut exnref) (ref.null exn))
              (func (export "churn") (param $n i32)
                (loop $l
                  (global.set $last
                    (block $h (result exnref)
                      (try_table (catch_all_ref $h) (throw $e (local.get $n) (global.get $last)))
                      (ref.null exn)))
                  ;; keep only the newest: the chain through the payload is cut here
                  (global.set $last
                    (block $h2 (result exnref)
                      (try_table (catch_all_ref $h2) (throw $e (local.get $n) (ref.null exn)))
                      (ref.null exn)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              (func (export "chain") (param $n i32)
                (loop $l
                  (global.set $last
                    (block $h (result exnref)
                      (try_table (catch_all_ref $h) (throw $e (local.get $n) (global.get $last)))
                      (ref.null exn)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              (func (export "clear") (global.set $last (ref.null exn))))
            """, store: store)
        try m.call("churn", i32(100_000))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 1)
        #expect(store.gcStatistics.objectsFreed >= 199_999)
        // Exceptions reachable through another exception's payload are traced.
        try m.call("clear")
        try m.call("chain", i32(1000))
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 1000)
        try m.call("clear")
        store.collectGarbage()
        #expect(store.gcStatistics.liveObjects == 0)
    }

    /// The exnref leak's regression test with weak references: an exception the host held is
    /// freed once the host lets go (its handle dies, the collector frees the object), and a
    /// store holding exceptions in globals and payloads is itself freed with them.
    @Test func releasedExnrefsAndTheirStoreAreFreed() throws {
        weak var weakStore: Store?
        weak var weakHandle: ObjectReference?
        do {
            let store = Store()
            weakStore = store
            let m = try instance("""
                (module
                  (tag $e (param exnref))
                  (global $g (export "g") (mut exnref) (ref.null exn))
                  (func (export "keep") (result exnref)
                    (block $h (result exnref)
                      (try_table (catch_all_ref $h) (throw $e (global.get $g)))
                      (ref.null exn)))
                  (func (export "store") (global.set $g (call 0))))
                """, store: store)
            try m.call("store")
            var kept = try m.call("keep")
            if case .ref(.exception(let address))? = kept.first { weakHandle = address.object }
            #expect(weakHandle != nil)
            store.collectGarbage()
            #expect(store.gcStatistics.liveObjects == 2)
            kept = []
            #expect(weakHandle == nil)
            store.collectGarbage()
            #expect(store.gcStatistics.liveObjects == 1)
        }
        #expect(weakStore == nil)
    }

    @Test func unwindsDeepRecursionWithoutSwiftRecursion() throws {
        let m = try instance("""
            (module
              (tag $e (param i32))
              (func $down (param i32) (result i32)
                (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 99))))
                ;; a handler in every frame that does not match: each one is looked at and passed.
                (block $no (result f64)
                  (try_table (result i32) (catch $other $no)
                    (call $down (i32.sub (local.get 0) (i32.const 1))))
                  (return))
                (drop) (i32.const -1))
              (tag $other (param f64))
              (func (export "run") (param i32) (result i32)
                (block $h (result i32) (try_table (result i32) (catch $e $h) (call $down (local.get 0))))))
            """)
        #expect(try m.call("run", i32(10_000)) == [i32(99)])
    }
}
