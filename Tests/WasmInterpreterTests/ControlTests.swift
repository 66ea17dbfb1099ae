import Testing
import WasmCore
@testable import WasmInterpreter

@Suite struct ControlTests {
    @Test func blocksBranchesAndMultiValue() throws {
        let m = try instance("""
            (module
              (func (export "br_table") (param i32) (result i32)
                (block $d (block $c (block $b (block $a
                  (br_table $a $b $c $d (local.get 0)))
                  (return (i32.const 10)))
                  (return (i32.const 11)))
                  (return (i32.const 12)))
                (i32.const 13))
              (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
              (func (export "block_params") (param i32) (result i32)
                (local.get 0) (i32.const 1)
                (block (param i32 i32) (result i32) (i32.add)))
              (func (export "br_table_values") (param i32) (result i32 i32)
                (block (result i32 i32)
                  (br_table 0 1 (i32.const 50) (i32.const 51) (local.get 0))
                  (i32.const 0) (i32.const 0)))
              (func (export "loop_sum") (param i32) (result i32) (local $s i32)
                (loop $l
                  (local.set $s (i32.add (local.get $s) (local.get 0)))
                  (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get $s))
              (func (export "if_else") (param i32) (result i32)
                (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
              (func (export "select") (param i32 i64 i64) (result i64) (select (local.get 1) (local.get 2) (local.get 0)))
              (func (export "tee_keeps_old") (param i32) (result i32)
                ;; the first operand reads the local before the tee overwrites it
                (i32.sub (local.get 0) (local.tee 0 (i32.const 100))))
              (func (export "unreachable") (unreachable))
              (func (export "swap_locals") (param i32 i32) (result i32 i32)
                (local.get 0) (local.get 1) (local.set 0) (local.set 1) (local.get 0) (local.get 1))
            )
            """)
        #expect(try m.call("br_table", i32(0)) == [i32(10)])
        #expect(try m.call("br_table", i32(2)) == [i32(12)])
        #expect(try m.call("br_table", i32(3)) == [i32(13)])
        #expect(try m.call("br_table", i32(-1)) == [i32(13)])
        #expect(try m.call("swap", i32(1), i32(2)) == [i32(2), i32(1)])
        #expect(try m.call("block_params", i32(41)) == [i32(42)])
        #expect(try m.call("br_table_values", i32(0)) == [i32(50), i32(51)])
        #expect(try m.call("br_table_values", i32(1)) == [i32(50), i32(51)])
        #expect(try m.call("br_table_values", i32(7)) == [i32(50), i32(51)])
        #expect(try m.call("loop_sum", i32(100)) == [i32(5050)])
        #expect(try m.call("if_else", i32(0)) == [i32(2)])
        #expect(try m.call("if_else", i32(5)) == [i32(1)])
        #expect(try m.call("select", i32(0), i64(1), i64(2)) == [i64(2)])
        #expect(try m.call("select", i32(1), i64(1), i64(2)) == [i64(1)])
        #expect(try m.call("tee_keeps_old", i32(7)) == [i32(-93)])
        #expect(m.trap("unreachable")?.message == "unreachable")
        #expect(try m.call("swap_locals", i32(1), i32(2)) == [i32(2), i32(1)])
    }

    @Test func tailCallsRunInConstantStack() throws {
        var config = Store.Configuration()
        config.maxCallDepth = 1_000
        let m = try instance("""
            (module
              (func $count (export "count") (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (local.get 1))
                  (else (return_call $count (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))))))
              (type $t (func (param i32) (result i32)))
              (table funcref (elem $even $odd))
              (func $even (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
                  (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
              (func $odd (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))
              (func (export "even") (param i32) (result i32) (call $even (local.get 0))))
            """, store: Store(configuration: config))
        #expect(try m.call("count", i64(1_000_000), i64(0)) == [i64(2_000_000)])
        #expect(try m.call("even", i32(1_000_001)) == [i32(0)])
    }

    @Test func deepRecursionIsExhaustionNotACrash() throws {
        let m = try instance("""
            (module
              (func $f (export "runaway") (call $f))
              (func $g (export "deep") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $g (i32.sub (local.get 0) (i32.const 1))))))))
            """)
        let d = m.trap("runaway")
        #expect(d?.message == "call stack exhausted")
        #expect(d?.phase == .exhaustion)
        // Deep but bounded recursion still works, and the store is usable after exhaustion.
        #expect(try m.call("deep", i32(10_000)) == [i32(10_000)])
        #expect(m.trap("deep", i32(10_000_000))?.phase == .exhaustion)
        #expect(try m.call("deep", i32(5)) == [i32(5)])
    }

    @Test func fuelStopsRunawayLoops() throws {
        var config = Store.Configuration()
        config.fuel = 10_000
        let store = Store(configuration: config)
        let m = try instance("""
            (module
              (func (export "spin") (loop $l (br $l)))
              (func (export "count") (param i32) (result i32)
                (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get 0)))
            """, store: store)
        #expect(try m.call("count", i32(100)) == [i32(0)])
        #expect(m.trap("spin")?.message == "out of fuel")
        #expect(store.fuel == 0)
        store.fuel = 1_000
        #expect(try m.call("count", i32(10)) == [i32(0)])
        #expect(store.fuel < 1_000)
    }

    @Test func globalsOfEveryType() throws {
        let m = try instance("""
            (module
              (global $a (mut i32) (i32.const 1))
              (global $b (export "b") (mut i64) (i64.const -1))
              (global $c (mut f64) (f64.const 2.5))
              (global $v (export "v") (mut v128) (v128.const i64x2 1 2))
              (global $base i32 (i32.const 1))
              (global $k i32 (i32.add (global.get $base) (i32.const 41)))
              (global $r (mut funcref) (ref.null func))
              (func $f)
              (elem declare func $f)
              (func (export "k") (result i32) (global.get $k))
              (func (export "inc") (result i32) (global.set $a (i32.add (global.get $a) (i32.const 1))) (global.get $a))
              (func (export "c") (result f64) (global.get $c))
              (func (export "swap_v") (global.set $v (global.get $v)))
              (func (export "v128_pick") (param i32 v128) (result v128) (local $t v128)
                (local.set $t (v128.const i64x2 3 4))
                (select (local.get 1) (local.get $t) (local.get 0)))
              (func (export "r") (result i32) (ref.is_null (global.get $r)))
              (func (export "set_r") (global.set $r (ref.func $f))))
            """)
        #expect(try m.call("k") == [i32(42)])
        #expect(try m.call("inc") == [i32(2)])
        #expect(try m.call("c") == [f64(2.5)])
        try m.call("swap_v")
        guard case .global(let v)? = m.export("v"), case .global(let b)? = m.export("b") else { Issue.record("exports"); return }
        #expect(m.store.value(of: v) == .v128(V128(lo: 1, hi: 2)))
        #expect(m.store.value(of: b) == i64(-1))
        try m.store.setValue(i64(7), of: b)
        #expect(m.store.value(of: b) == i64(7))
        #expect(throws: Diagnostic.self) { try m.store.setValue(i32(7), of: b) }
        #expect(try m.call("r") == [i32(1)])
        #expect(try m.call("v128_pick", i32(0), .v128(V128(lo: 7, hi: 8))) == [.v128(V128(lo: 3, hi: 4))])
        #expect(try m.call("v128_pick", i32(1), .v128(V128(lo: 7, hi: 8))) == [.v128(V128(lo: 7, hi: 8))])
        try m.call("set_r")
        #expect(try m.call("r") == [i32(0)])
    }
}
