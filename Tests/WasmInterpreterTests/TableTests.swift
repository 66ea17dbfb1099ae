import Testing
import WasmCore
@testable import WasmInterpreter

@Suite struct TableTests {
    let wat = """
    (module
      (type $ii (func (param i32) (result i32)))
      (type $v (func))
      (table $t (export "t") 4 6 funcref)
      (table $e 2 externref)
      (elem (table $t) (i32.const 0) func $inc $dbl)
      (elem $passive func $inc $nop)
      (elem $decl declare func $dbl)
      (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
      (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
      (func $nop (type $v))
      (func (export "call") (param i32 i32) (result i32) (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
      (func (export "size") (result i32) (table.size $t))
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
      (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
      (func (export "set_dbl") (param i32) (table.set $t (local.get 0) (ref.func $dbl)))
      (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $inc) (local.get 1)))
      (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
      (func (export "init") (param i32 i32 i32) (table.init $t $passive (local.get 0) (local.get 1) (local.get 2)))
      (func (export "drop") (elem.drop $passive))
      (func (export "set_extern") (param i32 externref) (table.set $e (local.get 0) (local.get 1)))
      (func (export "get_extern") (param i32) (result externref) (table.get $e (local.get 0)))
      (func (export "call_ref") (param i32) (result i32) (call_ref $ii (local.get 0) (ref.func $dbl)))
      (func (export "call_null") (param i32) (result i32) (call_ref $ii (local.get 0) (ref.null $ii)))
      (func (export "as_non_null") (result i32)
        (ref.is_null (ref.as_non_null (ref.null func))))
      (func (export "br_on_null") (param i32) (result i32)
        (block $null
          (return (call_ref $ii (i32.const 5)
            (br_on_null $null (select (result (ref null $ii)) (ref.func $inc) (ref.null $ii) (local.get 0))))))
        (i32.const -1))
      (func (export "br_on_non_null") (param i32) (result i32) (local $r (ref null $ii))
        (block $some (result (ref $ii))
          (br_on_non_null $some (select (result (ref null $ii)) (ref.func $dbl) (ref.null $ii) (local.get 0)))
          (return (i32.const -1)))
        (local.set $r)
        (call_ref $ii (i32.const 21) (local.get $r)))
    )
    """

    @Test func callIndirectChecks() throws {
        let m = try instance(wat)
        #expect(try m.call("call", i32(0), i32(10)) == [i32(11)])
        #expect(try m.call("call", i32(1), i32(10)) == [i32(20)])
        #expect(m.trap("call", i32(2), i32(0))?.message.hasPrefix("uninitialized element") == true)
        #expect(m.trap("call", i32(4), i32(0))?.message.hasPrefix("undefined element") == true)
        try m.call("init", i32(2), i32(1), i32(1))
        #expect(m.trap("call", i32(2), i32(0))?.message == "indirect call type mismatch")
    }

    @Test func tableOperations() throws {
        let m = try instance(wat)
        #expect(try m.call("size") == [i32(4)])
        #expect(try m.call("grow", i32(2)) == [i32(4)])
        #expect(try m.call("grow", i32(1)) == [i32(-1)])
        #expect(try m.call("size") == [i32(6)])
        #expect(try m.call("is_null", i32(5)) == [i32(1)])
        try m.call("set_dbl", i32(5))
        #expect(try m.call("call", i32(5), i32(4)) == [i32(8)])
        #expect(m.trap("is_null", i32(6))?.message == "out of bounds table access")
        #expect(m.trap("set_dbl", i32(6))?.message == "out of bounds table access")
        try m.call("fill", i32(2), i32(2))
        #expect(try m.call("call", i32(3), i32(1)) == [i32(2)])
        #expect(m.trap("fill", i32(5), i32(2))?.message == "out of bounds table access")
        try m.call("copy", i32(2), i32(0), i32(2))
        #expect(try m.call("call", i32(3), i32(1)) == [i32(2)])
        #expect(m.trap("copy", i32(5), i32(0), i32(2))?.message == "out of bounds table access")
        #expect(m.trap("init", i32(0), i32(1), i32(2))?.message == "out of bounds table access")
        try m.call("drop")
        #expect(m.trap("init", i32(0), i32(0), i32(1))?.message == "out of bounds table access")
        try m.call("init", i32(0), i32(0), i32(0))
    }

    @Test func referencesAndTypedCalls() throws {
        let m = try instance(wat)
        try m.call("set_extern", i32(1), .ref(.extern(7)))
        #expect(try m.call("get_extern", i32(1)) == [.ref(.extern(7))])
        #expect(try m.call("get_extern", i32(0)) == [.ref(.null(.noextern))])
        #expect(try m.call("call_ref", i32(4)) == [i32(8)])
        #expect(m.trap("call_null", i32(4))?.message == "null function reference")
        #expect(m.trap("as_non_null")?.message == "null reference")
        #expect(try m.call("br_on_null", i32(1)) == [i32(6)])
        #expect(try m.call("br_on_null", i32(0)) == [i32(-1)])
        #expect(try m.call("br_on_non_null", i32(1)) == [i32(42)])
        #expect(try m.call("br_on_non_null", i32(0)) == [i32(-1)])
        guard case .table(let t)? = m.export("t") else { Issue.record("no table"); return }
        guard case .ref(.function(let f)) = try m.store.element(of: t, at: 1) else { Issue.record("not a function"); return }
        #expect(try m.store.invoke(f, [i32(21)]) == [i32(42)])
    }

    @Test func activeElementOutOfBoundsKeepsEarlierWrites() throws {
        let store = Store()
        let exporter = try instance("(module (table (export \"tab\") 3 funcref))", store: store)
        store.register(exporter, as: "x")
        #expect {
            try instance("""
                (module (import "x" "tab" (table 3 funcref))
                  (func $f)
                  (elem (i32.const 0) $f)
                  (elem (i32.const 2) $f $f))
                """, store: store)
        } throws: { ($0 as? Diagnostic)?.message == "out of bounds table access" }
        guard case .table(let t)? = exporter.export("tab") else { Issue.record("no table"); return }
        #expect(try store.element(of: t, at: 0) != .ref(.null(.nofunc)))
        #expect(try store.element(of: t, at: 2) == .ref(.null(.nofunc)))
    }

    @Test func table64() throws {
        let m = try instance("""
            (module
              (table $t i64 2 funcref)
              (func $f (result i32) (i32.const 9))
              (elem (table $t) (i64.const 1) func $f)
              (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
              (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0))))
            """)
        #expect(try m.call("call", i64(1)) == [i32(9)])
        #expect(m.trap("call", i64(0x1_0000_0001))?.message.hasPrefix("undefined element") == true)
        #expect(try m.call("grow", i64(3)) == [i64(2)])
    }
}
