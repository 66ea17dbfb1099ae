import Testing
import WasmCore
@testable import WasmInterpreter

/// Lane operations at their edges, and v128 values moving through control flow.
@Suite struct SIMDTests {
    typealias L = SIMDLanes

    func i16x8(_ l: [Int16]) -> V128 { L.build(Int16.self) { l[$0] } }
    func i8x16(_ l: [Int8]) -> V128 { L.build(Int8.self) { l[$0] } }
    func i32x4(_ l: [UInt32]) -> V128 { L.build(UInt32.self) { l[$0] } }
    func f32x4(_ l: [Float]) -> V128 { L.build(UInt32.self) { l[$0].bitPattern } }
    func f64x2(_ l: [Double]) -> V128 { L.build(UInt64.self) { l[$0].bitPattern } }
    func lanes<T: FixedWidthInteger>(_ v: V128, _ t: T.Type) -> [T] { (0..<L.count(t)).map { L.lane(v, $0, t) } }
    func vector(_ r: SIMDLanes.Result?) -> V128? { if case .vector(let v)? = r { return v }; return nil }
    func scalar(_ r: SIMDLanes.Result?) -> UInt64? { if case .scalar(let s)? = r { return s }; return nil }

    @Test func laneOrderIsLittleEndian() {
        let v = i8x16((0..<16).map { Int8($0) })
        #expect(v.lo == 0x0706_0504_0302_0100)
        #expect(v.hi == 0x0F0E_0D0C_0B0A_0908)
    }

    @Test func saturatingNarrow() throws {
        let x = i16x8([-32768, -129, -128, 0, 127, 128, 255, 32767])
        let s = try #require(vector(L.integer(.i8x16NarrowI16x8S, x, x, 0)))
        #expect(lanes(s, Int8.self).prefix(8) == [-128, -128, -128, 0, 127, 127, 127, 127])
        let u = try #require(vector(L.integer(.i8x16NarrowI16x8U, x, x, 0)))
        #expect(lanes(u, UInt8.self).prefix(8) == [0, 0, 0, 0, 127, 128, 255, 255])
        let y = i32x4([UInt32(bitPattern: -70000), 70000, 65535, 5])
        let n = try #require(vector(L.integer(.i16x8NarrowI32x4U, y, x, 0)))
        #expect(lanes(n, UInt16.self).prefix(4) == [0, 65535, 65535, 5])
    }

    @Test func shiftCountsWrapAtLaneWidth() throws {
        let x = i8x16([1, -128, 64, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        // 9 is 1 for 8-bit lanes; 8 is 0.
        let shl = try #require(vector(L.integer(.i8x16Shl, x, .zero, 9)))
        #expect(lanes(shl, Int8.self).prefix(4) == [2, 0, -128, 6])
        let same = try #require(vector(L.integer(.i8x16ShrS, x, .zero, 8)))
        #expect(same == x)
        let sra = try #require(vector(L.integer(.i8x16ShrS, x, .zero, 15)))
        #expect(lanes(sra, Int8.self)[1] == -1)
        let v64 = V128(lo: 1, hi: 1 << 63)
        let r = try #require(vector(L.integer(.i64x2ShrU, v64, .zero, 127)))
        #expect(r == V128(lo: 0, hi: 1))
    }

    @Test func minMaxWithNaNAndSignedZeros() throws {
        let x = f32x4([.nan, 0.0, -0.0, 1])
        let y = f32x4([1, -0.0, 0.0, .nan])
        let mn = try #require(L.float(.f32x4Min, x, y))
        #expect(L.f32(mn, 0).isNaN && L.f32(mn, 3).isNaN)
        #expect(L.f32(mn, 1).sign == .minus && L.f32(mn, 2).sign == .minus)
        let mx = try #require(L.float(.f32x4Max, x, y))
        #expect(L.f32(mx, 1).sign == .plus && L.f32(mx, 2).sign == .plus)
        // pmin/pmax are `b < a ? b : a`: NaN in the first operand is returned, in the second not.
        let pmin = try #require(L.float(.f32x4Pmin, x, y))
        #expect(L.f32(pmin, 0).isNaN && L.f32(pmin, 3) == 1)
        #expect(L.f32(pmin, 1).sign == .plus && L.f32(pmin, 2).sign == .minus)
        let pmax = try #require(L.float(.f64x2Pmax, f64x2([1, .nan]), f64x2([.nan, 2])))
        #expect(L.f64(pmax, 0) == 1 && L.f64(pmax, 1).isNaN)
    }

    @Test func truncSatOfNaNAndInfinities() throws {
        let x = f32x4([.nan, .infinity, -.infinity, -1.5])
        let s = try #require(L.float(.i32x4TruncSatF32x4S, x, .zero))
        #expect(lanes(s, Int32.self) == [0, Int32.max, Int32.min, -1])
        let u = try #require(L.float(.i32x4TruncSatF32x4U, x, .zero))
        #expect(lanes(u, UInt32.self) == [0, UInt32.max, 0, 0])
        let z = try #require(L.float(.i32x4TruncSatF64x2UZero, f64x2([4294967296, 7.9]), .zero))
        #expect(lanes(z, UInt32.self) == [UInt32.max, 7, 0, 0])
    }

    @Test func bitmaskTakesTopBits() throws {
        let x = i8x16([-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2])
        #expect(scalar(L.integer(.i8x16Bitmask, x, .zero, 0)) == 0b1000_0000_0000_0101)
        #expect(scalar(L.integer(.i64x2Bitmask, V128(lo: 1 << 63, hi: 1), .zero, 0)) == 1)
        #expect(scalar(L.integer(.i32x4AllTrue, i32x4([1, 2, 3, 0]), .zero, 0)) == 0)
        #expect(scalar(L.integer(.i32x4AllTrue, i32x4([1, 2, 3, 4]), .zero, 0)) == 1)
    }

    @Test func swizzleOutOfRangeGivesZero() {
        let x = i8x16((0..<16).map { Int8($0 + 10) })
        let s = i8x16([0, 15, 16, -1, 127, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(lanes(L.swizzle(x, s), UInt8.self).prefix(6) == [10, 25, 0, 0, 0, 13])
        let sh = L.shuffle(x, i8x16((0..<16).map { Int8(-$0) }), i8x16([0, 16, 17, 31, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(lanes(sh, Int8.self).prefix(4) == [10, 0, -1, -15])
    }

    @Test func q15mulrSaturates() throws {
        let x = i16x8([-32768, -32768, 16384, 1, 0, 0, 0, 0])
        let y = i16x8([-32768, 32767, 16384, 1, 0, 0, 0, 0])
        let r = try #require(vector(L.integer(.i16x8Q15mulrSatS, x, y, 0)))
        #expect(lanes(r, Int16.self).prefix(4) == [32767, -32767, 8192, 0])
    }

    @Test func wrappingAbsAndDot() throws {
        let a = try #require(vector(L.integer(.i8x16Abs, i8x16([-128, -1] + Array(repeating: 0, count: 14)), .zero, 0)))
        #expect(lanes(a, Int8.self).prefix(2) == [-128, 1])
        let m = i16x8(Array(repeating: -32768, count: 8))
        let d = try #require(vector(L.integer(.i32x4DotI16x8S, m, m, 0)))
        #expect(lanes(d, UInt32.self) == Array(repeating: 0x8000_0000, count: 4))
    }

    // MARK: Through the interpreter

    @Test func v128ThroughBlocksLoopsAndCalls() throws {
        let inst = try instance("""
        (module
          (memory 1)
          (global $g (mut v128) (v128.const i32x4 0 0 0 0))
          (func $twice (param v128) (result v128) (i32x4.add (local.get 0) (local.get 0)))
          (func (export "run") (param i32) (result v128)
            (local $acc v128)
            (v128.const i32x4 1 2 3 4)
            (block (param v128) (result v128)
              (loop (param v128) (result v128)
                (call $twice)
                (local.set $acc (local.tee $acc))
                (local.get $acc)
                (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
            (if (param v128) (result v128) (i32.const 1)
              (then (global.set $g) (global.get $g))
              (else (drop) (v128.const i64x2 0 0)))
            (local.set $acc)
            (v128.store offset=16 (i32.const 0) (local.get $acc))
            (v128.load32_lane 1 (i32.const 20) (v128.const i32x4 0 0 0 0))
            (v128.load offset=16 (i32.const 0))
            (select (i32.const 1)))
        )
        """)
        let r = try inst.call("run", i32(3))
        // Three doublings: 8 16 24 32; select picks the lane load (lane 1 = 16).
        #expect(r == [.v128(i32x4([0, 16, 0, 0]))])
    }

    @Test func memory64AndSecondMemoryAddresses() throws {
        let inst = try instance("""
        (module (memory $a 1) (memory $b i64 1)
          (func (export "f") (param i64) (result v128)
            (v128.store $b (local.get 0) (v128.const i64x2 7 8))
            (v128.load64_splat $b offset=8 (local.get 0))))
        """)
        #expect(try inst.call("f", i64(65520)) == [.v128(V128(lo: 8, hi: 8))])
        #expect(inst.trap("f", i64(65521))?.message == "out of bounds memory access")
        #expect(inst.trap("f", i64(-16))?.message == "out of bounds memory access")
    }

    @Test func outOfBoundsLaneStoreTraps() throws {
        let inst = try instance("""
        (module (memory 1)
          (func (export "f") (param i32) (v128.store64_lane 1 (local.get 0) (v128.const i64x2 1 2))))
        """)
        #expect(inst.trap("f", i32(65528)) == nil)
        #expect(inst.trap("f", i32(65529))?.message == "out of bounds memory access")
    }
}

/// Every SIMD and relaxed SIMD opcode of the table compiles and executes (an opcode the
/// executor does not know would trap `unreachable`).
@Suite struct SIMDCoverageTests {
    static let opcodes = Opcode.allCases.filter {
        ($0.info.feature == .simd || $0.info.feature == .relaxedSimd) && $0 != .v128Const
    }

    func text(of t: OperandType) -> String { String(describing: t) }

    /// A one-instruction function over parameters, or nil for shapes not covered here.
    func module(_ op: Opcode) -> String? {
        let n = op.info.name
        let body: String
        switch op.info.signature {
        case .unary: body = "(param v128) (result v128) (\(n) (local.get 0))"
        case .binary where op == .i8x16Shuffle:
            body = "(param v128 v128) (result v128) (\(n) 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1))"
        case .binary: body = "(param v128 v128) (result v128) (\(n) (local.get 0) (local.get 1))"
        case .ternary: body = "(param v128 v128 v128) (result v128) (\(n) (local.get 0) (local.get 1) (local.get 2))"
        case .test: body = "(param v128) (result i32) (\(n) (local.get 0))"
        case .shift: body = "(param v128 i32) (result v128) (\(n) (local.get 0) (i32.const 70))"
        case .convert(let from, .v128): body = "(param \(text(of: from))) (result v128) (\(n) (local.get 0))"
        case .convert(.v128, let to): body = "(param v128) (result \(text(of: to))) (\(n) 1 (local.get 0))"
        case .replaceLane(let t): body = "(param v128 \(text(of: t))) (result v128) (\(n) 1 (local.get 0) (local.get 1))"
        case .load: body = "(result v128) (\(n) offset=3 (i32.const 5))"
        case .loadLane: body = "(param v128) (result v128) (\(n) 1 (i32.const 5) (local.get 0))"
        case .store: body = "(param v128) (\(n) (i32.const 5) (local.get 0))"
        case .storeLane: body = "(param v128) (\(n) 1 (i32.const 5) (local.get 0))"
        default: return nil
        }
        return "(module (memory 1) (func (export \"f\") \(body)))"
    }

    func argument(_ t: ValType, _ k: Int) -> Value {
        switch t {
        case .i32: return .i32(UInt32(0x8000_0001))
        case .i64: return .i64(UInt64(0x8000_0000_0000_0001))
        case .f32: return .f32(Float(-2.5).bitPattern)
        case .f64: return .f64(Double.nan.bitPattern)
        default: return .v128(V128(lo: 0x8000_7FFF_FF01_80FF &+ UInt64(k), hi: 0x7FC0_0000_FF80_0000))
        }
    }

    @Test(arguments: opcodes)
    func executes(_ op: Opcode) throws {
        let wat = try #require(module(op), "no test shape for \(op.info.name)")
        let inst = try instance(wat)
        guard case .function(let f)? = inst.export("f") else { Issue.record("no export"); return }
        let type = try #require(inst.store.type(of: f))
        let args = type.params.enumerated().map { argument($0.element, $0.offset) }
        let results = try inst.store.invoke(inst, "f", args)
        #expect(results.count == type.results.count)
    }
}
