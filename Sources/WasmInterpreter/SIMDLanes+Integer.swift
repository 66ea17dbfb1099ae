import WasmCore

extension SIMDLanes {
    enum Result {
        case vector(V128)
        /// An i32 result (tests, bitmasks), as slot bits.
        case scalar(UInt64)
    }

    /// Integer lane arithmetic, comparisons, shifts, narrowing and widening. `count` is the
    /// shift count (read from the second operand's slot). Nil for opcodes handled elsewhere.
    static func integer(_ op: Opcode, _ x: V128, _ y: V128, _ count: UInt32) -> Result? {
        typealias I8 = Int8
        typealias U8 = UInt8
        typealias I16 = Int16
        typealias U16 = UInt16
        typealias I32 = Int32
        typealias U32 = UInt32
        typealias I64 = Int64
        typealias U64 = UInt64
        let r: V128
        switch op {
        // Comparisons.
        case .i8x16Eq: r = compare(x, y, U8.self, ==)
        case .i8x16Ne: r = compare(x, y, U8.self, !=)
        case .i8x16LtS: r = compare(x, y, I8.self, <)
        case .i8x16LtU: r = compare(x, y, U8.self, <)
        case .i8x16GtS: r = compare(x, y, I8.self, >)
        case .i8x16GtU: r = compare(x, y, U8.self, >)
        case .i8x16LeS: r = compare(x, y, I8.self, <=)
        case .i8x16LeU: r = compare(x, y, U8.self, <=)
        case .i8x16GeS: r = compare(x, y, I8.self, >=)
        case .i8x16GeU: r = compare(x, y, U8.self, >=)
        case .i16x8Eq: r = compare(x, y, U16.self, ==)
        case .i16x8Ne: r = compare(x, y, U16.self, !=)
        case .i16x8LtS: r = compare(x, y, I16.self, <)
        case .i16x8LtU: r = compare(x, y, U16.self, <)
        case .i16x8GtS: r = compare(x, y, I16.self, >)
        case .i16x8GtU: r = compare(x, y, U16.self, >)
        case .i16x8LeS: r = compare(x, y, I16.self, <=)
        case .i16x8LeU: r = compare(x, y, U16.self, <=)
        case .i16x8GeS: r = compare(x, y, I16.self, >=)
        case .i16x8GeU: r = compare(x, y, U16.self, >=)
        case .i32x4Eq: r = compare(x, y, U32.self, ==)
        case .i32x4Ne: r = compare(x, y, U32.self, !=)
        case .i32x4LtS: r = compare(x, y, I32.self, <)
        case .i32x4LtU: r = compare(x, y, U32.self, <)
        case .i32x4GtS: r = compare(x, y, I32.self, >)
        case .i32x4GtU: r = compare(x, y, U32.self, >)
        case .i32x4LeS: r = compare(x, y, I32.self, <=)
        case .i32x4LeU: r = compare(x, y, U32.self, <=)
        case .i32x4GeS: r = compare(x, y, I32.self, >=)
        case .i32x4GeU: r = compare(x, y, U32.self, >=)
        case .i64x2Eq: r = compare(x, y, U64.self, ==)
        case .i64x2Ne: r = compare(x, y, U64.self, !=)
        case .i64x2LtS: r = compare(x, y, I64.self, <)
        case .i64x2GtS: r = compare(x, y, I64.self, >)
        case .i64x2LeS: r = compare(x, y, I64.self, <=)
        case .i64x2GeS: r = compare(x, y, I64.self, >=)

        // Tests and bitmasks.
        case .i8x16AllTrue: return .scalar(allTrue(x, U8.self) ? 1 : 0)
        case .i16x8AllTrue: return .scalar(allTrue(x, U16.self) ? 1 : 0)
        case .i32x4AllTrue: return .scalar(allTrue(x, U32.self) ? 1 : 0)
        case .i64x2AllTrue: return .scalar(allTrue(x, U64.self) ? 1 : 0)
        case .i8x16Bitmask: return .scalar(UInt64(bitmask(x, U8.self)))
        case .i16x8Bitmask: return .scalar(UInt64(bitmask(x, U16.self)))
        case .i32x4Bitmask: return .scalar(UInt64(bitmask(x, U32.self)))
        case .i64x2Bitmask: return .scalar(UInt64(bitmask(x, U64.self)))

        // Unary.
        case .i8x16Abs: r = map(x, I8.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i16x8Abs: r = map(x, I16.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i32x4Abs: r = map(x, I32.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i64x2Abs: r = map(x, I64.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i8x16Neg: r = map(x, U8.self) { 0 &- $0 }
        case .i16x8Neg: r = map(x, U16.self) { 0 &- $0 }
        case .i32x4Neg: r = map(x, U32.self) { 0 &- $0 }
        case .i64x2Neg: r = map(x, U64.self) { 0 &- $0 }
        case .i8x16Popcnt: r = map(x, U8.self) { U8($0.nonzeroBitCount) }

        // Shifts: the count modulo the lane width.
        case .i8x16Shl: r = map(x, U8.self) { $0 << (count % 8) }
        case .i8x16ShrS: r = map(x, I8.self) { $0 >> (count % 8) }
        case .i8x16ShrU: r = map(x, U8.self) { $0 >> (count % 8) }
        case .i16x8Shl: r = map(x, U16.self) { $0 << (count % 16) }
        case .i16x8ShrS: r = map(x, I16.self) { $0 >> (count % 16) }
        case .i16x8ShrU: r = map(x, U16.self) { $0 >> (count % 16) }
        case .i32x4Shl: r = map(x, U32.self) { $0 << (count % 32) }
        case .i32x4ShrS: r = map(x, I32.self) { $0 >> (count % 32) }
        case .i32x4ShrU: r = map(x, U32.self) { $0 >> (count % 32) }
        case .i64x2Shl: r = map(x, U64.self) { $0 << (count % 64) }
        case .i64x2ShrS: r = map(x, I64.self) { $0 >> (count % 64) }
        case .i64x2ShrU: r = map(x, U64.self) { $0 >> (count % 64) }

        // Arithmetic.
        case .i8x16Add: r = zip(x, y, U8.self, &+)
        case .i16x8Add: r = zip(x, y, U16.self, &+)
        case .i32x4Add: r = zip(x, y, U32.self, &+)
        case .i64x2Add: r = V128(lo: x.lo &+ y.lo, hi: x.hi &+ y.hi)
        case .i8x16Sub: r = zip(x, y, U8.self, &-)
        case .i16x8Sub: r = zip(x, y, U16.self, &-)
        case .i32x4Sub: r = zip(x, y, U32.self, &-)
        case .i64x2Sub: r = V128(lo: x.lo &- y.lo, hi: x.hi &- y.hi)
        case .i16x8Mul: r = zip(x, y, U16.self, &*)
        case .i32x4Mul: r = zip(x, y, U32.self, &*)
        case .i64x2Mul: r = V128(lo: x.lo &* y.lo, hi: x.hi &* y.hi)
        case .i8x16AddSatS: r = zip(x, y, I8.self) { saturate(Int64($0) + Int64($1), I8.self) }
        case .i8x16AddSatU: r = zip(x, y, U8.self) { saturate(Int64($0) + Int64($1), U8.self) }
        case .i8x16SubSatS: r = zip(x, y, I8.self) { saturate(Int64($0) - Int64($1), I8.self) }
        case .i8x16SubSatU: r = zip(x, y, U8.self) { saturate(Int64($0) - Int64($1), U8.self) }
        case .i16x8AddSatS: r = zip(x, y, I16.self) { saturate(Int64($0) + Int64($1), I16.self) }
        case .i16x8AddSatU: r = zip(x, y, U16.self) { saturate(Int64($0) + Int64($1), U16.self) }
        case .i16x8SubSatS: r = zip(x, y, I16.self) { saturate(Int64($0) - Int64($1), I16.self) }
        case .i16x8SubSatU: r = zip(x, y, U16.self) { saturate(Int64($0) - Int64($1), U16.self) }
        case .i8x16MinS: r = zip(x, y, I8.self, min)
        case .i8x16MinU: r = zip(x, y, U8.self, min)
        case .i8x16MaxS: r = zip(x, y, I8.self, max)
        case .i8x16MaxU: r = zip(x, y, U8.self, max)
        case .i16x8MinS: r = zip(x, y, I16.self, min)
        case .i16x8MinU: r = zip(x, y, U16.self, min)
        case .i16x8MaxS: r = zip(x, y, I16.self, max)
        case .i16x8MaxU: r = zip(x, y, U16.self, max)
        case .i32x4MinS: r = zip(x, y, I32.self, min)
        case .i32x4MinU: r = zip(x, y, U32.self, min)
        case .i32x4MaxS: r = zip(x, y, I32.self, max)
        case .i32x4MaxU: r = zip(x, y, U32.self, max)
        case .i8x16AvgrU: r = avgr(x, y, U8.self)
        case .i16x8AvgrU: r = avgr(x, y, U16.self)
        case .i16x8Q15mulrSatS, .i16x8RelaxedQ15mulrS: r = q15mulr(x, y)
        case .i32x4DotI16x8S: r = dotI16x8(x, y)
        case .i16x8RelaxedDotI8x16I7x16S: r = relaxedDotI8x16(x, y)

        // Narrowing and widening.
        case .i8x16NarrowI16x8S: r = narrow(x, y, I16.self, I8.self)
        case .i8x16NarrowI16x8U: r = narrow(x, y, I16.self, U8.self)
        case .i16x8NarrowI32x4S: r = narrow(x, y, I32.self, I16.self)
        case .i16x8NarrowI32x4U: r = narrow(x, y, I32.self, U16.self)
        case .i16x8ExtendLowI8x16S: r = extend(x, high: false, I8.self, I16.self)
        case .i16x8ExtendHighI8x16S: r = extend(x, high: true, I8.self, I16.self)
        case .i16x8ExtendLowI8x16U: r = extend(x, high: false, U8.self, U16.self)
        case .i16x8ExtendHighI8x16U: r = extend(x, high: true, U8.self, U16.self)
        case .i32x4ExtendLowI16x8S: r = extend(x, high: false, I16.self, I32.self)
        case .i32x4ExtendHighI16x8S: r = extend(x, high: true, I16.self, I32.self)
        case .i32x4ExtendLowI16x8U: r = extend(x, high: false, U16.self, U32.self)
        case .i32x4ExtendHighI16x8U: r = extend(x, high: true, U16.self, U32.self)
        case .i64x2ExtendLowI32x4S: r = extend(x, high: false, I32.self, I64.self)
        case .i64x2ExtendHighI32x4S: r = extend(x, high: true, I32.self, I64.self)
        case .i64x2ExtendLowI32x4U: r = extend(x, high: false, U32.self, U64.self)
        case .i64x2ExtendHighI32x4U: r = extend(x, high: true, U32.self, U64.self)
        case .i16x8ExtaddPairwiseI8x16S: r = extaddPairwise(x, I8.self, I16.self)
        case .i16x8ExtaddPairwiseI8x16U: r = extaddPairwise(x, U8.self, U16.self)
        case .i32x4ExtaddPairwiseI16x8S: r = extaddPairwise(x, I16.self, I32.self)
        case .i32x4ExtaddPairwiseI16x8U: r = extaddPairwise(x, U16.self, U32.self)
        case .i16x8ExtmulLowI8x16S: r = extmul(x, y, high: false, I8.self, I16.self)
        case .i16x8ExtmulHighI8x16S: r = extmul(x, y, high: true, I8.self, I16.self)
        case .i16x8ExtmulLowI8x16U: r = extmul(x, y, high: false, U8.self, U16.self)
        case .i16x8ExtmulHighI8x16U: r = extmul(x, y, high: true, U8.self, U16.self)
        case .i32x4ExtmulLowI16x8S: r = extmul(x, y, high: false, I16.self, I32.self)
        case .i32x4ExtmulHighI16x8S: r = extmul(x, y, high: true, I16.self, I32.self)
        case .i32x4ExtmulLowI16x8U: r = extmul(x, y, high: false, U16.self, U32.self)
        case .i32x4ExtmulHighI16x8U: r = extmul(x, y, high: true, U16.self, U32.self)
        case .i64x2ExtmulLowI32x4S: r = extmul(x, y, high: false, I32.self, I64.self)
        case .i64x2ExtmulHighI32x4S: r = extmul(x, y, high: true, I32.self, I64.self)
        case .i64x2ExtmulLowI32x4U: r = extmul(x, y, high: false, U32.self, U64.self)
        case .i64x2ExtmulHighI32x4U: r = extmul(x, y, high: true, U32.self, U64.self)
        default: return nil
        }
        return .vector(r)
    }
}
