import WasmCore

extension SIMDLanes {
    /// Float lane arithmetic, comparisons and conversions; nil for opcodes handled elsewhere.
    /// Swift's float operators already give the spec's results, NaNs included (any NaN the
    /// spec allows); min/max use `Numerics` for NaN and signed zeros.
    static func float(_ op: Opcode, _ x: V128, _ y: V128) -> V128? {
        switch op {
        case .f32x4Eq: return compareF32(x, y, ==)
        case .f32x4Ne: return compareF32(x, y, !=)
        case .f32x4Lt: return compareF32(x, y, <)
        case .f32x4Gt: return compareF32(x, y, >)
        case .f32x4Le: return compareF32(x, y, <=)
        case .f32x4Ge: return compareF32(x, y, >=)
        case .f64x2Eq: return compareF64(x, y, ==)
        case .f64x2Ne: return compareF64(x, y, !=)
        case .f64x2Lt: return compareF64(x, y, <)
        case .f64x2Gt: return compareF64(x, y, >)
        case .f64x2Le: return compareF64(x, y, <=)
        case .f64x2Ge: return compareF64(x, y, >=)

        // Sign operations touch only the sign bit, NaNs included.
        case .f32x4Abs: return V128(lo: x.lo & 0x7FFF_FFFF_7FFF_FFFF, hi: x.hi & 0x7FFF_FFFF_7FFF_FFFF)
        case .f32x4Neg: return V128(lo: x.lo ^ 0x8000_0000_8000_0000, hi: x.hi ^ 0x8000_0000_8000_0000)
        case .f64x2Abs: return V128(lo: x.lo & 0x7FFF_FFFF_FFFF_FFFF, hi: x.hi & 0x7FFF_FFFF_FFFF_FFFF)
        case .f64x2Neg: return V128(lo: x.lo ^ 0x8000_0000_0000_0000, hi: x.hi ^ 0x8000_0000_0000_0000)

        case .f32x4Sqrt: return mapF32(x) { $0.squareRoot() }
        case .f64x2Sqrt: return mapF64(x) { $0.squareRoot() }
        case .f32x4Ceil: return mapF32(x) { $0.rounded(.up) }
        case .f32x4Floor: return mapF32(x) { $0.rounded(.down) }
        case .f32x4Trunc: return mapF32(x) { $0.rounded(.towardZero) }
        case .f32x4Nearest: return mapF32(x) { $0.rounded(.toNearestOrEven) }
        case .f64x2Ceil: return mapF64(x) { $0.rounded(.up) }
        case .f64x2Floor: return mapF64(x) { $0.rounded(.down) }
        case .f64x2Trunc: return mapF64(x) { $0.rounded(.towardZero) }
        case .f64x2Nearest: return mapF64(x) { $0.rounded(.toNearestOrEven) }

        case .f32x4Add: return zipF32(x, y, +)
        case .f32x4Sub: return zipF32(x, y, -)
        case .f32x4Mul: return zipF32(x, y, *)
        case .f32x4Div: return zipF32(x, y, /)
        case .f64x2Add: return zipF64(x, y, +)
        case .f64x2Sub: return zipF64(x, y, -)
        case .f64x2Mul: return zipF64(x, y, *)
        case .f64x2Div: return zipF64(x, y, /)
        case .f32x4Min, .f32x4RelaxedMin: return zipF32(x, y, Numerics.fmin)
        case .f32x4Max, .f32x4RelaxedMax: return zipF32(x, y, Numerics.fmax)
        case .f64x2Min, .f64x2RelaxedMin: return zipF64(x, y, Numerics.fmin)
        case .f64x2Max, .f64x2RelaxedMax: return zipF64(x, y, Numerics.fmax)
        case .f32x4Pmin: return build(UInt32.self) { pminBits(lane(x, $0, UInt32.self), lane(y, $0, UInt32.self)) }
        case .f32x4Pmax: return build(UInt32.self) { pmaxBits(lane(x, $0, UInt32.self), lane(y, $0, UInt32.self)) }
        case .f64x2Pmin: return build(UInt64.self) { pminBits(lane(x, $0, UInt64.self), lane(y, $0, UInt64.self)) }
        case .f64x2Pmax: return build(UInt64.self) { pmaxBits(lane(x, $0, UInt64.self), lane(y, $0, UInt64.self)) }

        // Conversions.
        case .i32x4TruncSatF32x4S, .i32x4RelaxedTruncF32x4S:
            return build(Int32.self) { truncSatS32(Double(f32(x, $0))) }
        case .i32x4TruncSatF32x4U, .i32x4RelaxedTruncF32x4U:
            return build(UInt32.self) { truncSatU32(Double(f32(x, $0))) }
        case .i32x4TruncSatF64x2SZero, .i32x4RelaxedTruncF64x2SZero:
            return build(Int32.self) { $0 < 2 ? truncSatS32(f64(x, $0)) : 0 }
        case .i32x4TruncSatF64x2UZero, .i32x4RelaxedTruncF64x2UZero:
            return build(UInt32.self) { $0 < 2 ? truncSatU32(f64(x, $0)) : 0 }
        case .f32x4ConvertI32x4S: return build(UInt32.self) { Float(lane(x, $0, Int32.self)).bitPattern }
        case .f32x4ConvertI32x4U: return build(UInt32.self) { Float(lane(x, $0, UInt32.self)).bitPattern }
        case .f64x2ConvertLowI32x4S: return build(UInt64.self) { Double(lane(x, $0, Int32.self)).bitPattern }
        case .f64x2ConvertLowI32x4U: return build(UInt64.self) { Double(lane(x, $0, UInt32.self)).bitPattern }
        case .f32x4DemoteF64x2Zero: return build(UInt32.self) { $0 < 2 ? Float(f64(x, $0)).bitPattern : 0 }
        case .f64x2PromoteLowF32x4: return build(UInt64.self) { Double(f32(x, $0)).bitPattern }
        default: return nil
        }
    }

    /// Three-operand forms: the relaxed multiply-adds (unfused: one of the allowed results)
    /// and the relaxed integer dot product with accumulator.
    static func ternary(_ op: Opcode, _ x: V128, _ y: V128, _ z: V128) -> V128? {
        switch op {
        case .f32x4RelaxedMadd: return build(UInt32.self) { (f32(x, $0) * f32(y, $0) + f32(z, $0)).bitPattern }
        case .f32x4RelaxedNmadd: return build(UInt32.self) { (-(f32(x, $0) * f32(y, $0)) + f32(z, $0)).bitPattern }
        case .f64x2RelaxedMadd: return build(UInt64.self) { (f64(x, $0) * f64(y, $0) + f64(z, $0)).bitPattern }
        case .f64x2RelaxedNmadd: return build(UInt64.self) { (-(f64(x, $0) * f64(y, $0)) + f64(z, $0)).bitPattern }
        case .i32x4RelaxedDotI8x16I7x16AddS: return relaxedDotAdd(x, y, z)
        default: return nil
        }
    }

    /// pmin/pmax return one of their operands bit for bit (NaN payloads included); the
    /// lane's float type follows from the width of its bits.
    @inline(__always)
    static func pminBits<B: FixedWidthInteger>(_ a: B, _ b: B) -> B { lessThan(b, a) ? b : a }

    @inline(__always)
    static func pmaxBits<B: FixedWidthInteger>(_ a: B, _ b: B) -> B { lessThan(a, b) ? b : a }

    @inline(__always)
    private static func lessThan<B: FixedWidthInteger>(_ a: B, _ b: B) -> Bool {
        if B.bitWidth == 32 {
            return Float(bitPattern: UInt32(truncatingIfNeeded: a)) < Float(bitPattern: UInt32(truncatingIfNeeded: b))
        }
        return Double(bitPattern: UInt64(truncatingIfNeeded: a)) < Double(bitPattern: UInt64(truncatingIfNeeded: b))
    }
}
