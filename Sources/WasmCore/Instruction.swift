// The instruction IR shared by the text parser, the decoder, the encoder, the validator and the
// interpreter's compiler. A function body is a flat list of instructions with explicit
// block/loop/if/else/end/try_table markers (the parser unfolds folded forms). Variable-length
// immediates live in side pools of the `Expression` so `Instruction` stays small plain data.

/// A 128-bit vector value, little-endian: `lo` holds bytes 0…7, `hi` bytes 8…15.
public struct V128: Sendable, Hashable {
    public var lo: UInt64
    public var hi: UInt64

    public init(lo: UInt64, hi: UInt64) {
        self.lo = lo
        self.hi = hi
    }

    public static let zero = V128(lo: 0, hi: 0)

    public init(bytes: [UInt8]) {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for i in 0..<8 where i < bytes.count { lo |= UInt64(bytes[i]) << UInt64(i * 8) }
        for i in 0..<8 where i + 8 < bytes.count { hi |= UInt64(bytes[i + 8]) << UInt64(i * 8) }
        self.lo = lo
        self.hi = hi
    }

    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: lo >> UInt64(i * 8))
            out[i + 8] = UInt8(truncatingIfNeeded: hi >> UInt64(i * 8))
        }
        return out
    }
}

/// A memory access immediate: `align` is the log2 of the alignment hint.
public struct MemArg: Sendable, Hashable {
    public var offset: UInt64
    public var memory: UInt32
    public var align: UInt8

    public init(offset: UInt64 = 0, align: UInt8, memory: UInt32 = 0) {
        self.offset = offset
        self.align = align
        self.memory = memory
    }
}

/// A catch clause of `try_table`.
public struct Catch: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        case `catch` = 0, catchRef = 1, catchAll = 2, catchAllRef = 3
    }
    public var kind: Kind
    /// The tag index; unused for `catch_all` and `catch_all_ref`.
    public var tag: UInt32
    public var label: UInt32

    public init(kind: Kind, tag: UInt32 = 0, label: UInt32) {
        self.kind = kind
        self.tag = tag
        self.label = label
    }
}

/// A range of entries in one of an `Expression`'s side pools.
public struct PoolRange: Sendable, Hashable {
    public var start: UInt32
    public var count: UInt32
    public init(start: UInt32, count: UInt32) {
        self.start = start
        self.count = count
    }
}

/// The immediates of one instruction. Which case an opcode carries is given by
/// `Opcode.info.immediates`; every producer and consumer reads that one table.
public enum Immediate: Sendable, Hashable {
    case none
    /// One index: local, global, function, table, memory, type, label, elem, data, tag, field count…
    case index(UInt32)
    /// Two indices, in the order of their binary encoding (e.g. call_indirect: type, table;
    /// memory.copy: destination, source; struct.get: type, field; array.new_fixed: type, count).
    case indices(UInt32, UInt32)
    case i32(Int32)
    case i64(Int64)
    /// The bits of an f32 constant (NaN payloads are kept exactly).
    case f32(UInt32)
    /// The bits of an f64 constant.
    case f64(UInt64)
    /// A v128 constant or an i8x16.shuffle's 16 lane indices.
    case v128(V128)
    case memArg(MemArg)
    /// A SIMD lane load/store: memory argument and lane index.
    case memArgLane(MemArg, UInt8)
    /// A lane index of extract_lane/replace_lane.
    case lane(UInt8)
    case blockType(BlockType)
    case heapType(HeapType)
    case refType(RefType)
    /// `br_on_cast` / `br_on_cast_fail`: label, source and target reference types.
    case brOnCast(label: UInt32, from: RefType, to: RefType)
    /// `br_table`: the label targets in `Expression.labelPool`; the last one is the default.
    case brTable(PoolRange)
    /// `select` with explicit result types, in `Expression.typePool`.
    case selectTypes(PoolRange)
    /// `try_table`: block type and catch clauses in `Expression.catchPool`.
    case tryTable(BlockType, PoolRange)
}

/// One instruction: an opcode and its immediates.
public struct Instruction: Sendable, Hashable {
    public var opcode: Opcode
    public var immediate: Immediate

    public init(_ opcode: Opcode, _ immediate: Immediate = .none) {
        self.opcode = opcode
        self.immediate = immediate
    }
}

/// A sequence of instructions ending with `end`: a function body, a constant expression, or an
/// element/offset expression. Side pools hold variable-length immediates.
public struct Expression: Sendable, Hashable {
    /// Stored compactly (InstructionList.swift); elements are `Instruction` values.
    public var instructions = InstructionList()
    public var labelPool: [UInt32] = []
    public var typePool: [ValType] = []
    public var catchPool: [Catch] = []
    /// Source offset of each instruction (text byte offset or binary offset), parallel to
    /// `instructions`; empty when the producer did not record them.
    public var offsets = OffsetList()

    public init() {}

    public init(_ instructions: [Instruction]) {
        self.instructions = InstructionList(instructions)
    }

    // A range past its pool (a hand-built or corrupted `Expression`) reads as empty rather
    // than trapping; producers in this package only make in-range ones.
    public func labels(_ r: PoolRange) -> ArraySlice<UInt32> {
        guard let b = Expression.bounds(r, within: labelPool.count) else { return [] }
        return labelPool[b]
    }

    public func types(_ r: PoolRange) -> ArraySlice<ValType> {
        guard let b = Expression.bounds(r, within: typePool.count) else { return [] }
        return typePool[b]
    }

    public func catches(_ r: PoolRange) -> ArraySlice<Catch> {
        guard let b = Expression.bounds(r, within: catchPool.count) else { return [] }
        return catchPool[b]
    }

    @inline(__always)
    static func bounds(_ r: PoolRange, within count: Int) -> Range<Int>? {
        let s = Int(r.start), n = Int(r.count)
        guard s <= count, n <= count - s else { return nil }
        return s..<(s + n)
    }

    public mutating func append(_ i: Instruction, offset: UInt32) {
        instructions.append(i)
        offsets.append(offset)
    }

    public mutating func addLabels<S: Sequence>(_ labels: S) -> PoolRange where S.Element == UInt32 {
        let start = UInt32(labelPool.count)
        labelPool.append(contentsOf: labels)
        return PoolRange(start: start, count: UInt32(labelPool.count) - start)
    }

    public mutating func addTypes<S: Sequence>(_ types: S) -> PoolRange where S.Element == ValType {
        let start = UInt32(typePool.count)
        typePool.append(contentsOf: types)
        return PoolRange(start: start, count: UInt32(typePool.count) - start)
    }

    public mutating func addCatches<S: Sequence>(_ catches: S) -> PoolRange where S.Element == Catch {
        let start = UInt32(catchPool.count)
        catchPool.append(contentsOf: catches)
        return PoolRange(start: start, count: UInt32(catchPool.count) - start)
    }
}
