import Testing
import WasmCore
@testable import WasmInterpreter

/// `FunctionCompiler.foldLoadOperand`: an f32/f64 add, sub, mul or div reads a memory operand
/// itself; results, operand order, traps and where the fold must not happen.
@Suite struct FloatLoadOperandTests {
    static let module = """
        (module
          (memory 1)
          (data (i32.const 0) "\\00\\00\\00\\00\\00\\00\\24\\40")   ;; f64 10.0 at 0
          (data (i32.const 8) "\\00\\00\\00\\00\\00\\00\\10\\40")   ;; f64 4.0 at 8
          (data (i32.const 16) "\\00\\00\\20\\41")                  ;; f32 10.0 at 16
          (data (i32.const 20) "\\00\\00\\80\\40")                  ;; f32 4.0 at 20
          ;; both operands loads: the right one folds
          (func (export "subLoads") (param $p i32) (result f64)
            (f64.sub (f64.load (local.get $p)) (f64.load offset=8 (local.get $p))))
          ;; a load on the left, a local on the right
          (func (export "divLeft") (param $p i32) (param $x f64) (result f64)
            (f64.div (f64.load (local.get $p)) (local.get $x)))
          ;; a local on the left, a load on the right
          (func (export "divRight") (param $p i32) (param $x f64) (result f64)
            (f64.div (local.get $x) (f64.load (local.get $p))))
          ;; the left load moves past the float arithmetic computing the right operand
          (func (export "moved") (param $p i32) (param $x f64) (result f64)
            (f64.sub (f64.load offset=8 (local.get $p)) (f64.mul (local.get $x) (f64.sqrt (local.get $x)))))
          ;; ... but not past a write of its address local
          (func (export "notMoved") (param $p i32) (result f64)
            (f64.sub (f64.load (local.get $p))
                     (f64.convert_i32_u (local.tee $p (i32.const 8)))))
          (func (export "f32Ops") (param $p i32) (param $x f32) (result f32)
            (f32.add (f32.mul (f32.load offset=16 (local.get $p)) (local.get $x))
                     (f32.sub (local.get $x) (f32.load offset=20 (local.get $p))))))
        """

    @Test func resultsAndOperandOrder() throws {
        let m = try instance(Self.module)
        #expect(try m.call("subLoads", i32(0)) == [f64(6)])
        #expect(try m.call("divLeft", i32(0), f64(4)) == [f64(2.5)])
        #expect(try m.call("divRight", i32(0), f64(4)) == [f64(0.4)])
        #expect(try m.call("moved", i32(0), f64(4)) == [f64(-4)])
        #expect(try m.call("notMoved", i32(0)) == [f64(2)])
        // 10 * 3 + (3 - 4)
        #expect(try m.call("f32Ops", i32(0), f32(3)) == [f32(29)])
    }

    @Test func theArithmeticReadsMemory() throws {
        let m = try instance(Self.module)
        #expect(m.disassembly("subLoads").contains(": f64SubLoadR "))
        #expect(m.disassembly("divLeft").contains(": f64DivLoadL "))
        #expect(m.disassembly("divRight").contains(": f64DivLoadR "))
        let moved = m.disassembly("moved")
        #expect(moved.contains(": f64SubLoadL ") && !moved.contains(": load64 "), "\(moved)")
        let notMoved = m.disassembly("notMoved")
        #expect(notMoved.contains(": load64 ") && !notMoved.contains("LoadL "), "\(notMoved)")
        let f = m.disassembly("f32Ops")
        #expect(f.contains(": f32MulLoadL ") && f.contains(": f32SubLoadR ") && !f.contains(": load32U "), "\(f)")
    }

    @Test func aFoldedLoadStillTrapsOutOfBounds() throws {
        let m = try instance(Self.module)
        #expect(m.trap("subLoads", i32(65536 - 8))?.message == "out of bounds memory access")
        #expect(m.trap("divLeft", i32(65536 - 7), f64(1))?.message == "out of bounds memory access")
        #expect(m.trap("f32Ops", i32(65536 - 20), f32(1))?.message == "out of bounds memory access")
        #expect(try m.call("f32Ops", i32(65536 - 24), f32(1)) == [f32(1)])
    }

    static let compound = """
        (module
          (memory 1)
          (data (i32.const 0) "\\00\\00\\00\\00\\00\\00\\24\\40")   ;; f64 10.0 at 0
          (data (i32.const 8) "\\00\\00\\00\\00\\00\\00\\10\\40")   ;; f64 4.0 at 8
          (data (i32.const 16) "\\00\\00\\20\\41")                  ;; f32 10.0 at 16
          (func (export "rmw") (param $p i32) (param $d f64)
            (f64.store offset=8 (local.get $p) (f64.sub (f64.load offset=8 (local.get $p)) (local.get $d))))
          (func (export "elsewhere") (param $p i32) (param $d f64)
            (f64.store offset=0 (local.get $p) (f64.sub (f64.load offset=8 (local.get $p)) (local.get $d))))
          ;; mem[p] += a * mem[p + 8]: the left load moves past the right one
          (func (export "axpy") (param $p i32) (param $a f64)
            (f64.store (local.get $p)
              (f64.add (f64.load (local.get $p)) (f64.mul (local.get $a) (f64.load offset=8 (local.get $p))))))
          (func (export "scale32") (param $p i32) (param $x f32)
            (f32.store offset=16 (local.get $p) (f32.mul (f32.load offset=16 (local.get $p)) (local.get $x))))
          (func (export "get") (param $p i32) (result f64) (f64.load (local.get $p)))
          (func (export "get32") (param $p i32) (result f32) (f32.load (local.get $p))))
        """

    @Test func compoundAssignmentsToMemory() throws {
        let m = try instance(Self.compound)
        try m.call("rmw", i32(0), f64(1.5))
        #expect(try m.call("get", i32(8)) == [f64(2.5)])
        try m.call("elsewhere", i32(0), f64(1))
        #expect(try m.call("get", i32(0)) == [f64(1.5)] && m.call("get", i32(8)) == [f64(2.5)])
        try m.call("axpy", i32(0), f64(2))
        #expect(try m.call("get", i32(0)) == [f64(1.5 + 2 * 2.5)])
        try m.call("scale32", i32(0), f32(0.5))
        #expect(try m.call("get32", i32(16)) == [f32(5)])
        #expect(m.disassembly("rmw").contains(": f64SubLoadLStore ") && !m.disassembly("rmw").contains("store64"))
        #expect(m.disassembly("elsewhere").contains(": store64 "))
        let axpy = m.disassembly("axpy")
        #expect(axpy.contains(": f64AddLoadLStore ") && axpy.contains(": f64MulLoadR ") && !axpy.contains(": load64 "), "\(axpy)")
        #expect(m.disassembly("scale32").contains(": f32MulLoadLStore "))
        // Out of bounds: the trap, and nothing written.
        #expect(m.trap("rmw", i32(65536 - 15), f64(1))?.message == "out of bounds memory access")
        #expect(m.trap("scale32", i32(65536 - 19), f32(1))?.message == "out of bounds memory access")
        #expect(try m.call("get", i32(65536 - 8)) == [f64(0)])
    }

    /// `call` sets up up to eight locals and constants inline as whole blocks: each call sees
    /// zeroed locals and its own constants, whatever the slots held before.
    @Test func blockFrameSetUpZeroesLocalsAndCopiesConstants() throws {
        let m = try instance("""
            (module
              (func $dirty (param i32) (result i64)
                (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (local.set 1 (i64.const -1)) (local.set 5 (i64.const -1)) (local.set 10 (i64.const -1))
                (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
              (func $five (param $x f64) (result f64) (local f64 f64 f64 f64 f64)
                (local.set 1 (f64.add (local.get 1) (f64.const 1.5)))
                (local.set 5 (f64.add (local.get 5) (f64.const 2.5)))
                (f64.add (f64.mul (local.get $x) (f64.const 3.25))
                         (f64.add (f64.add (local.get 1) (local.get 5))
                                  (f64.add (f64.add (local.get 2) (local.get 3)) (f64.const 0.125)))))
              (func (export "run") (param i32) (result f64)
                (drop (call $dirty (local.get 0)))
                (f64.add (call $five (f64.const 2)) (call $five (f64.const 4))))
              (func (export "direct") (result f64) (call $five (f64.const 1))))
            """)
        // five(2) = 6.5 + 4 + 0.125, five(4) = 13 + 4 + 0.125
        #expect(try m.call("run", i32(3)) == [f64(10.625 + 17.125)])
        #expect(try m.call("direct") == [f64(3.25 + 4.125)])
    }
}
