// The spec's numeric operators where they differ from plain Swift operators: float min/max with
// NaN and signed zeros, truncations that trap, saturating truncations.

enum Numerics {
    @inline(__always) static func fmin<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return F.nan }
        if a == b { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    @inline(__always) static func fmax<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return F.nan }
        if a == b { return a.sign == .plus ? a : b }
        return a > b ? a : b
    }

    // The same for the concrete types (overload resolution prefers them), written as two
    // ordered compares first: the generic forms test NaN and the sign apart, about 30
    // instructions a handler, where a clamp's operands are nearly always ordered and unequal.
    // Equal operands are equal bits or ±0, where the sign bit ORed (min) or ANDed (max) is the
    // answer.
    @inline(__always) static func fmin(_ a: Double, _ b: Double) -> Double {
        if a < b { return a }
        if b < a { return b }
        if a == b { return Double(bitPattern: a.bitPattern | b.bitPattern) }
        return .nan
    }

    @inline(__always) static func fmax(_ a: Double, _ b: Double) -> Double {
        if a > b { return a }
        if b > a { return b }
        if a == b { return Double(bitPattern: a.bitPattern & b.bitPattern) }
        return .nan
    }

    @inline(__always) static func fmin(_ a: Float, _ b: Float) -> Float {
        if a < b { return a }
        if b < a { return b }
        if a == b { return Float(bitPattern: a.bitPattern | b.bitPattern) }
        return .nan
    }

    @inline(__always) static func fmax(_ a: Float, _ b: Float) -> Float {
        if a > b { return a }
        if b > a { return b }
        if a == b { return Float(bitPattern: a.bitPattern & b.bitPattern) }
        return .nan
    }

    /// Truncation to a signed or unsigned integer of `bits` bits: the trap code, or the bits.
    /// `lower` is exclusive, `upper` exclusive: the value's truncation must lie strictly between.
    @inline(__always) static func truncCheck(_ x: Double, lowerExclusive: Double, upperExclusive: Double) -> TrapCode {
        if x.isNaN { return .invalidConversion }
        if !(x > lowerExclusive && x < upperExclusive) { return .integerOverflow }
        return .none
    }

    @inline(__always) static func satI32(_ x: Double) -> UInt64 {
        if x.isNaN { return 0 }
        if x <= -2147483648.0 { return UInt64(UInt32(bitPattern: Int32.min)) }
        if x >= 2147483647.0 { return UInt64(UInt32(bitPattern: Int32.max)) }
        return UInt64(UInt32(bitPattern: Int32(x)))
    }

    @inline(__always) static func satU32(_ x: Double) -> UInt64 {
        if x.isNaN || x <= 0 { return 0 }
        if x >= 4294967295.0 { return UInt64(UInt32.max) }
        return UInt64(UInt32(x))
    }

    @inline(__always) static func satI64<F: BinaryFloatingPoint>(_ x: F) -> UInt64 {
        if x.isNaN { return 0 }
        if x <= -9223372036854775808.0 { return UInt64(bitPattern: Int64.min) }
        if x >= 9223372036854775808.0 { return UInt64(bitPattern: Int64.max) }
        return UInt64(bitPattern: Int64(x))
    }

    @inline(__always) static func satU64<F: BinaryFloatingPoint>(_ x: F) -> UInt64 {
        if x.isNaN || x <= 0 { return 0 }
        if x >= 18446744073709551616.0 { return UInt64.max }
        return UInt64(x)
    }
}
