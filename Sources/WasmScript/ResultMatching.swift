// Matching returned values against `assert_return` patterns, with the reference interpreter's
// rules (run.ml `assert_result`): NaN classes per lane, `either`, abstract reference patterns.
import WasmCore

extension ResultPattern {
    /// Whether `value` matches this pattern.
    public func matches(_ value: ScriptValue) -> Bool {
        switch (self, value) {
        case (.i32(let e), .i32(let v)): return e == v
        case (.i64(let e), .i64(let v)): return e == v
        case (.f32(let p), .f32(let v)): return p.matchesF32(v)
        case (.f64(let p), .f64(let v)): return p.matchesF64(v)
        case (.v128(let shape, let lanes), .v128(let v)):
            guard lanes.count == shape.laneCount else { return false }
            for (i, lane) in lanes.enumerated() {
                let bits = v.lane(i, shape: shape)
                switch shape {
                case .f32x4: if !lane.matchesF32(UInt32(truncatingIfNeeded: bits)) { return false }
                case .f64x2: if !lane.matchesF64(bits) { return false }
                default:
                    guard case .bits(let e) = lane else { return false }
                    if e & shape.laneMask != bits { return false }
                }
            }
            return true
        case (.refNull, .ref(let r)): return r.isNull
        case (.refHost(let n), .ref(.host(let m))): return n == m
        case (.refExtern(let n), .ref(.extern(let m))): return n == m
        case (.refType(let t), .ref(let r)): return ResultPattern.refMatches(t, r)
        case (.either(let alts), _): return alts.contains { $0.matches(value) }
        default: return false
        }
    }

    /// The abstract type patterns, as `assert_ref_pat` in the reference interpreter: loose for
    /// `extern` (anything) and `any` (anything but a function).
    static func refMatches(_ t: HeapType, _ r: ScriptRef) -> Bool {
        switch t {
        case .extern:
            return true
        case .any:
            if case .object(.func, false, _) = r { return false }
            return true
        case .eq:
            if case .object(let k, false, _) = r { return k == .i31 || k == .struct || k == .array }
            return false
        case .i31:
            if case .object(.i31, false, _) = r { return true }
            return false
        case .struct:
            if case .object(.struct, false, _) = r { return true }
            return false
        case .array:
            if case .object(.array, false, _) = r { return true }
            return false
        case .func:
            if case .object(.func, false, _) = r { return true }
            return false
        case .exn:
            if case .object(.exn, false, _) = r { return true }
            return false
        default:
            return false
        }
    }
}

extension NumPattern {
    func matchesF32(_ v: UInt32) -> Bool {
        switch self {
        case .bits(let e): return UInt32(truncatingIfNeeded: e) == v
        case .canonicalNaN: return v & 0x7FFF_FFFF == 0x7FC0_0000
        case .arithmeticNaN: return v & 0x7FC0_0000 == 0x7FC0_0000
        }
    }

    func matchesF64(_ v: UInt64) -> Bool {
        switch self {
        case .bits(let e): return e == v
        case .canonicalNaN: return v & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000
        case .arithmeticNaN: return v & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000
        }
    }
}

extension V128Shape {
    var laneMask: UInt64 { laneBits == 64 ? ~0 : (1 << UInt64(laneBits)) &- 1 }
}

extension V128 {
    /// Lane `i` of the given shape, zero-extended.
    func lane(_ i: Int, shape: V128Shape) -> UInt64 {
        let bits = shape.laneBits
        let bitOffset = i * bits
        let word = bitOffset < 64 ? lo : hi
        return (word >> UInt64(bitOffset % 64)) & shape.laneMask
    }

    /// Builds a vector from lanes of the given shape (each lane's low bits are used).
    init(lanes: [UInt64], shape: V128Shape) {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        let bits = shape.laneBits
        for (i, lane) in lanes.prefix(shape.laneCount).enumerated() {
            let bitOffset = i * bits
            let v = lane & shape.laneMask
            if bitOffset < 64 { lo |= v << UInt64(bitOffset) } else { hi |= v << UInt64(bitOffset - 64) }
        }
        self.init(lo: lo, hi: hi)
    }
}

extension ScriptValue {
    /// The value rendered in the shape of a pattern (a v128 as the pattern's lanes), so a
    /// mismatch reads lane by lane.
    public func described(like pattern: ResultPattern) -> String {
        var p = pattern
        if case .either(let alts) = p, let first = alts.first { p = first }
        guard case .v128(let v) = self, case .v128(let shape, _) = p else { return description }
        let lanes = (0..<shape.laneCount).map { i -> String in
            let bits = v.lane(i, shape: shape)
            switch shape {
            case .f32x4: return FloatText.f32(UInt32(truncatingIfNeeded: bits))
            case .f64x2: return FloatText.f64(bits)
            case .i8x16: return String(Int8(truncatingIfNeeded: bits))
            case .i16x8: return String(Int16(truncatingIfNeeded: bits))
            case .i32x4: return String(Int32(truncatingIfNeeded: bits))
            case .i64x2: return String(Int64(bitPattern: bits))
            }
        }
        return "v128.const \(shape.rawValue) " + lanes.joined(separator: " ")
    }
}
