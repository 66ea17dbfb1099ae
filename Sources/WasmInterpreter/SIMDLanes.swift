import WasmCore

// Lane-wise views of a v128 held as two 64-bit halves. Lane 0 is the lowest bits of `lo`, as
// memory stores a v128 little-endian, so loads and stores move the halves unchanged.

enum SIMDLanes {
    @inline(__always)
    static func lane<T: FixedWidthInteger>(_ v: V128, _ i: Int, _: T.Type) -> T {
        let per = 64 / T.bitWidth
        let word = i < per ? v.lo : v.hi
        return T(truncatingIfNeeded: word >> UInt64((i % per) * T.bitWidth))
    }

    @inline(__always)
    static func build<T: FixedWidthInteger>(_: T.Type, _ f: (Int) -> T) -> V128 {
        let bits = T.bitWidth
        let per = 64 / bits
        let mask: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) &- 1
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for i in 0..<per { lo |= (UInt64(truncatingIfNeeded: f(i)) & mask) << UInt64(i * bits) }
        for i in 0..<per { hi |= (UInt64(truncatingIfNeeded: f(i + per)) & mask) << UInt64(i * bits) }
        return V128(lo: lo, hi: hi)
    }

    @inline(__always)
    static func count<T: FixedWidthInteger>(_: T.Type) -> Int { 128 / T.bitWidth }

    @inline(__always)
    static func map<T: FixedWidthInteger>(_ x: V128, _ t: T.Type, _ f: (T) -> T) -> V128 {
        build(t) { f(lane(x, $0, t)) }
    }

    @inline(__always)
    static func zip<T: FixedWidthInteger>(_ x: V128, _ y: V128, _ t: T.Type, _ f: (T, T) -> T) -> V128 {
        build(t) { f(lane(x, $0, t), lane(y, $0, t)) }
    }

    /// A comparison: all ones in the lanes where it holds.
    @inline(__always)
    static func compare<T: FixedWidthInteger>(_ x: V128, _ y: V128, _ t: T.Type, _ f: (T, T) -> Bool) -> V128 {
        build(t) { f(lane(x, $0, t), lane(y, $0, t)) ? ~T.zero : T.zero }
    }

    // MARK: Float lanes (as bit patterns, so NaN payloads pass through moves untouched)

    @inline(__always) static func f32(_ v: V128, _ i: Int) -> Float { Float(bitPattern: lane(v, i, UInt32.self)) }
    @inline(__always) static func f64(_ v: V128, _ i: Int) -> Double { Double(bitPattern: lane(v, i, UInt64.self)) }

    @inline(__always)
    static func mapF32(_ x: V128, _ f: (Float) -> Float) -> V128 { build(UInt32.self) { f(f32(x, $0)).bitPattern } }
    @inline(__always)
    static func mapF64(_ x: V128, _ f: (Double) -> Double) -> V128 { build(UInt64.self) { f(f64(x, $0)).bitPattern } }
    @inline(__always)
    static func zipF32(_ x: V128, _ y: V128, _ f: (Float, Float) -> Float) -> V128 {
        build(UInt32.self) { f(f32(x, $0), f32(y, $0)).bitPattern }
    }
    @inline(__always)
    static func zipF64(_ x: V128, _ y: V128, _ f: (Double, Double) -> Double) -> V128 {
        build(UInt64.self) { f(f64(x, $0), f64(y, $0)).bitPattern }
    }
    @inline(__always)
    static func compareF32(_ x: V128, _ y: V128, _ f: (Float, Float) -> Bool) -> V128 {
        build(UInt32.self) { f(f32(x, $0), f32(y, $0)) ? UInt32.max : 0 }
    }
    @inline(__always)
    static func compareF64(_ x: V128, _ y: V128, _ f: (Double, Double) -> Bool) -> V128 {
        build(UInt64.self) { f(f64(x, $0), f64(y, $0)) ? UInt64.max : 0 }
    }

    // MARK: Whole-vector operations

    static func splat<T: FixedWidthInteger>(_ x: T) -> V128 { build(T.self) { _ in x } }

    static func replace<T: FixedWidthInteger>(_ v: V128, _ i: Int, _ x: T) -> V128 {
        build(T.self) { $0 == i ? x : lane(v, $0, T.self) }
    }

    /// Out-of-range indices select 0.
    static func swizzle(_ x: V128, _ s: V128) -> V128 {
        build(UInt8.self) {
            let k = Int(lane(s, $0, UInt8.self))
            return k < 16 ? lane(x, k, UInt8.self) : 0
        }
    }

    /// Indices 0...15 select from `x`, 16...31 from `y` (validation rejects larger ones; they
    /// select 0 here rather than trapping).
    static func shuffle(_ x: V128, _ y: V128, _ s: V128) -> V128 {
        build(UInt8.self) {
            let k = Int(lane(s, $0, UInt8.self))
            return k < 16 ? lane(x, k, UInt8.self) : k < 32 ? lane(y, k - 16, UInt8.self) : 0
        }
    }

    static func allTrue<T: FixedWidthInteger>(_ x: V128, _ t: T.Type) -> Bool {
        for i in 0..<count(t) where lane(x, i, t) == 0 { return false }
        return true
    }

    /// The top bit of every lane, lane 0 in bit 0.
    static func bitmask<T: FixedWidthInteger>(_ x: V128, _ t: T.Type) -> UInt32 {
        var m: UInt32 = 0
        for i in 0..<count(t) where lane(x, i, t) >> (T.bitWidth - 1) & 1 == 1 { m |= 1 << UInt32(i) }
        return m
    }

    /// The count is taken modulo the lane width.
    static func shl<T: FixedWidthInteger>(_ x: V128, _ n: UInt32, _ t: T.Type) -> V128 {
        let k = Int(n) % T.bitWidth
        return map(x, t) { $0 << k }
    }

    // MARK: Integer helpers

    @inline(__always)
    static func saturate<T: FixedWidthInteger>(_ x: Int64, _: T.Type) -> T {
        if x < Int64(T.min) { return T.min }
        if x > Int64(T.max) { return T.max }
        return T(x)
    }

    /// Narrowing: the signed lanes of `x` then of `y`, saturated to the narrower type `N`.
    static func narrow<W: FixedWidthInteger & SignedInteger, N: FixedWidthInteger>(_ x: V128, _ y: V128, _: W.Type, _: N.Type) -> V128 {
        let half = count(W.self)
        return build(N.self) {
            let w = $0 < half ? lane(x, $0, W.self) : lane(y, $0 - half, W.self)
            return saturate(Int64(w), N.self)
        }
    }

    /// Widening of the low (or high) half of the narrow lanes `N` into lanes `W`.
    static func extend<N: FixedWidthInteger, W: FixedWidthInteger>(_ x: V128, high: Bool, _: N.Type, _: W.Type) -> V128 {
        let start = high ? count(W.self) : 0
        return build(W.self) { W(truncatingIfNeeded: Int64(lane(x, start + $0, N.self))) }
    }

    static func extmul<N: FixedWidthInteger, W: FixedWidthInteger>(_ x: V128, _ y: V128, high: Bool, _: N.Type, _: W.Type) -> V128 {
        let start = high ? count(W.self) : 0
        return build(W.self) {
            W(truncatingIfNeeded: Int64(lane(x, start + $0, N.self))) &* W(truncatingIfNeeded: Int64(lane(y, start + $0, N.self)))
        }
    }

    static func extaddPairwise<N: FixedWidthInteger, W: FixedWidthInteger>(_ x: V128, _: N.Type, _: W.Type) -> V128 {
        build(W.self) {
            W(truncatingIfNeeded: Int64(lane(x, 2 * $0, N.self)) + Int64(lane(x, 2 * $0 + 1, N.self)))
        }
    }

    /// Rounding average of unsigned lanes: (a + b + 1) / 2 without overflow.
    static func avgr<T: FixedWidthInteger & UnsignedInteger>(_ x: V128, _ y: V128, _ t: T.Type) -> V128 {
        zip(x, y, t) { T(truncatingIfNeeded: (UInt64($0) + UInt64($1) + 1) >> 1) }
    }

    static func q15mulr(_ x: V128, _ y: V128) -> V128 {
        zip(x, y, Int16.self) { a, b in saturate((Int64(a) * Int64(b) + 0x4000) >> 15, Int16.self) }
    }

    static func dotI16x8(_ x: V128, _ y: V128) -> V128 {
        build(Int32.self) {
            let p0 = Int32(lane(x, 2 * $0, Int16.self)) * Int32(lane(y, 2 * $0, Int16.self))
            let p1 = Int32(lane(x, 2 * $0 + 1, Int16.self)) * Int32(lane(y, 2 * $0 + 1, Int16.self))
            return p0 &+ p1
        }
    }

    /// Relaxed dot product with both inputs signed: one of the results the relaxed spec allows.
    static func relaxedDotI8x16(_ x: V128, _ y: V128) -> V128 {
        build(Int16.self) {
            let p0 = Int32(lane(x, 2 * $0, Int8.self)) * Int32(lane(y, 2 * $0, Int8.self))
            let p1 = Int32(lane(x, 2 * $0 + 1, Int8.self)) * Int32(lane(y, 2 * $0 + 1, Int8.self))
            return Int16(truncatingIfNeeded: p0 + p1)
        }
    }

    static func relaxedDotAdd(_ x: V128, _ y: V128, _ acc: V128) -> V128 {
        build(Int32.self) {
            var s: Int32 = 0
            for k in 0..<4 { s += Int32(lane(x, 4 * $0 + k, Int8.self)) * Int32(lane(y, 4 * $0 + k, Int8.self)) }
            return s &+ lane(acc, $0, Int32.self)
        }
    }

    // MARK: Float helpers

    static func truncSatS32(_ x: Double) -> Int32 {
        if x.isNaN { return 0 }
        if x <= -2147483648.0 { return Int32.min }
        if x >= 2147483647.0 { return Int32.max }
        return Int32(x.rounded(.towardZero))
    }

    static func truncSatU32(_ x: Double) -> UInt32 {
        if x.isNaN || x <= 0 { return 0 }
        if x >= 4294967295.0 { return UInt32.max }
        return UInt32(x.rounded(.towardZero))
    }
}
