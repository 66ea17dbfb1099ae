// The instructions of an `Expression`, stored compactly: one 64-bit word per instruction (the
// opcode, a tag saying how the immediate is kept, and up to 40 bits of it), with the immediates
// that do not fit (large i64/f64 constants, v128, br_on_cast, try_table, lane memory
// accesses…) in two side pools. A decoded instruction took 40 bytes (an `Instruction` value,
// whose `Immediate` holds a V128 or MemArg inline); the word takes 8, so a module holds about
// as many bytes of code as its binary's code section takes times four. Elements are still
// `Instruction` values, decoded from the word on access: every producer and consumer reads and
// writes `Instruction`s as before.

public struct InstructionList: RandomAccessCollection, MutableCollection, RangeReplaceableCollection,
                               ExpressibleByArrayLiteral, Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var words: [UInt64] = []
    /// i64 and f64 constants whose bits do not fit a word.
    @usableFromInline var bits: [UInt64] = []
    /// Every other immediate that does not fit a word.
    @usableFromInline var wide: [Immediate] = []

    public init() {}

    public init(arrayLiteral elements: Instruction...) {
        self.init(elements)
    }

    public init<S: Sequence>(_ elements: S) where S.Element == Instruction {
        words.reserveCapacity(elements.underestimatedCount)
        for e in elements { append(e) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { words.count }
    public var count: Int { words.count }
    public var isEmpty: Bool { words.isEmpty }

    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    public subscript(position: Int) -> Instruction {
        get { decode(words[position]) }
        set { words[position] = encode(newValue) }
    }

    /// The opcode of the instruction at `position`, without decoding its immediate.
    public func opcode(at position: Int) -> Opcode {
        Self.opcode(words[position])
    }

    // A word's low 16 bits are the opcode's in-memory tag (its case number), written only by
    // `word` from an `Opcode` value, so reading it back is a cast; `Opcode(rawValue:)` is a
    // search through the cases.
    @inline(__always)
    static func opcode(_ w: UInt64) -> Opcode {
        unsafeBitCast(UInt16(truncatingIfNeeded: w), to: Opcode.self)
    }

    public mutating func reserveCapacity(_ n: Int) {
        words.reserveCapacity(n)
    }

    /// Drops the spare capacity the producer reserved.
    public mutating func shrinkToFit() {
        words = Array(unsafeUninitializedCapacity: words.count) { buf, n in
            for (k, w) in words.enumerated() { buf[k] = w }
            n = words.count
        }
    }

    public mutating func append(_ newElement: Instruction) {
        words.append(Self.inlineWord(newElement) ?? pooledWord(newElement))
    }

    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
        where C.Element == Instruction {
        var encoded: [UInt64] = []
        encoded.reserveCapacity(newElements.count)
        for e in newElements { encoded.append(encode(e)) }
        words.replaceSubrange(subrange, with: encoded)
    }

    public static func == (a: InstructionList, b: InstructionList) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public func hash(into h: inout Hasher) {
        h.combine(count)
        for i in self { h.combine(i) }
    }

    public var description: String { Array(self).description }

    // MARK: the word

    /// How a word keeps its immediate: bits 16-23 of the word; bits 24-63 are the payload.
    @usableFromInline enum Tag: UInt8 {
        case none, index, indices, i32, i64, f32, f64High, memArg, lane
        case blockEmpty, blockValue, blockIndex, heapType, refType, brTable, selectTypes
        case i64Pooled, f64Pooled, wide
    }

    @inline(__always)
    static func word(_ op: Opcode, _ tag: Tag, _ payload: UInt64) -> UInt64 {
        UInt64(unsafeBitCast(op, to: UInt16.self)) | UInt64(tag.rawValue) << 16 | payload << 24
    }

    static var payloadLimit: UInt64 { 1 << 40 }

    mutating func encode(_ i: Instruction) -> UInt64 {
        Self.inlineWord(i) ?? pooledWord(i)
    }

    /// The word of an instruction whose immediate fits it, else nil.
    @inline(__always)
    static func inlineWord(_ i: Instruction) -> UInt64? {
        let op = i.opcode
        switch i.immediate {
        case .none: return word(op, .none, 0)
        case .index(let x): return word(op, .index, UInt64(x))
        case .indices(let a, let b) where a < 1 << 20 && b < 1 << 20:
            return word(op, .indices, UInt64(a) | UInt64(b) << 20)
        case .i32(let v): return word(op, .i32, UInt64(UInt32(bitPattern: v)))
        case .i64(let v) where v >= -(1 << 39) && v < 1 << 39:
            return word(op, .i64, UInt64(bitPattern: v) & (payloadLimit - 1))
        case .f32(let b): return word(op, .f32, UInt64(b))
        case .f64(let b) where b & 0xFF_FFFF == 0: return word(op, .f64High, b >> 24)
        case .memArg(let m) where m.offset < 1 << 32 && m.align < 64 && m.memory < 4:
            return word(op, .memArg, m.offset | UInt64(m.align) << 32 | UInt64(m.memory) << 38)
        case .lane(let l): return word(op, .lane, UInt64(l))
        case .blockType(.empty): return word(op, .blockEmpty, 0)
        case .blockType(.typeIndex(let x)): return word(op, .blockIndex, UInt64(x))
        case .blockType(.value(let t)): return code(t).map { word(op, .blockValue, $0) }
        case .heapType(let h): return code(h).map { word(op, .heapType, $0) }
        case .refType(let r): return code(r).map { word(op, .refType, $0) }
        case .brTable(let r) where r.start < 1 << 24 && r.count < 1 << 16:
            return word(op, .brTable, UInt64(r.start) | UInt64(r.count) << 24)
        case .selectTypes(let r) where r.start < 1 << 24 && r.count < 1 << 16:
            return word(op, .selectTypes, UInt64(r.start) | UInt64(r.count) << 24)
        default:
            return nil
        }
    }

    /// The word of an instruction whose immediate goes to a pool.
    @inline(never)
    mutating func pooledWord(_ i: Instruction) -> UInt64 {
        switch i.immediate {
        case .i64(let v):
            bits.append(UInt64(bitPattern: v))
            return Self.word(i.opcode, .i64Pooled, UInt64(bits.count - 1))
        case .f64(let b):
            bits.append(b)
            return Self.word(i.opcode, .f64Pooled, UInt64(bits.count - 1))
        default:
            wide.append(i.immediate)
            return Self.word(i.opcode, .wide, UInt64(wide.count - 1))
        }
    }

    @inline(__always)
    func decode(_ w: UInt64) -> Instruction {
        let op = Self.opcode(w)
        let p = w >> 24
        let imm: Immediate
        switch Tag(rawValue: UInt8(truncatingIfNeeded: w >> 16)) ?? .none {
        case .none: imm = .none
        case .index: imm = .index(UInt32(truncatingIfNeeded: p))
        case .indices: imm = .indices(UInt32(truncatingIfNeeded: p & 0xF_FFFF), UInt32(truncatingIfNeeded: p >> 20))
        case .i32: imm = .i32(Int32(bitPattern: UInt32(truncatingIfNeeded: p)))
        case .i64: imm = .i64(Int64(bitPattern: p << 24) >> 24)
        case .f32: imm = .f32(UInt32(truncatingIfNeeded: p))
        case .f64High: imm = .f64(p << 24)
        case .memArg:
            imm = .memArg(MemArg(offset: p & 0xFFFF_FFFF, align: UInt8(truncatingIfNeeded: (p >> 32) & 63),
                                 memory: UInt32(truncatingIfNeeded: p >> 38)))
        case .lane: imm = .lane(UInt8(truncatingIfNeeded: p))
        case .blockEmpty: imm = .blockType(.empty)
        case .blockValue: imm = .blockType(.value(Self.valType(p)))
        case .blockIndex: imm = .blockType(.typeIndex(UInt32(truncatingIfNeeded: p)))
        case .heapType: imm = .heapType(Self.heapType(p))
        case .refType: imm = .refType(Self.refType(p))
        case .brTable: imm = .brTable(PoolRange(start: UInt32(truncatingIfNeeded: p & 0xFF_FFFF), count: UInt32(truncatingIfNeeded: p >> 24)))
        case .selectTypes:
            imm = .selectTypes(PoolRange(start: UInt32(truncatingIfNeeded: p & 0xFF_FFFF), count: UInt32(truncatingIfNeeded: p >> 24)))
        case .i64Pooled: imm = Int(p) < bits.count ? .i64(Int64(bitPattern: bits[Int(p)])) : .none
        case .f64Pooled: imm = Int(p) < bits.count ? .f64(bits[Int(p)]) : .none
        case .wide: imm = Int(p) < wide.count ? wide[Int(p)] : .none
        }
        return Instruction(op, imm)
    }

    // MARK: types in 40 bits

    /// An abstract heap type is its kind (0-11), a concrete or exact one 12 or 13 with its index
    /// above: 36 bits. A heap type this table does not know is kept in the wide pool.
    static func code(_ h: HeapType) -> UInt64? {
        switch h {
        case .func: return 0
        case .nofunc: return 1
        case .extern: return 2
        case .noextern: return 3
        case .any: return 4
        case .eq: return 5
        case .i31: return 6
        case .struct: return 7
        case .array: return 8
        case .none: return 9
        case .exn: return 10
        case .noexn: return 11
        case .concrete(let x): return 12 | UInt64(x) << 4
        case .exact(let x): return 13 | UInt64(x) << 4
        @unknown default: return nil
        }
    }

    static func heapType(_ c: UInt64) -> HeapType {
        let x = UInt32(truncatingIfNeeded: c >> 4)
        switch c & 15 {
        case 0: return .func
        case 1: return .nofunc
        case 2: return .extern
        case 3: return .noextern
        case 4: return .any
        case 5: return .eq
        case 6: return .i31
        case 7: return .struct
        case 8: return .array
        case 9: return .none
        case 10: return .exn
        case 11: return .noexn
        case 12: return .concrete(x)
        default: return .exact(x)
        }
    }

    static func code(_ r: RefType) -> UInt64? {
        code(r.heapType).map { (r.nullable ? 1 : 0) | $0 << 1 }
    }

    static func refType(_ c: UInt64) -> RefType {
        RefType(nullable: c & 1 != 0, heapType(c >> 1))
    }

    static func code(_ t: ValType) -> UInt64? {
        switch t {
        case .i32: return 0
        case .i64: return 1
        case .f32: return 2
        case .f64: return 3
        case .v128: return 4
        case .ref(let r): return code(r).map { 5 | $0 << 3 }
        }
    }

    static func valType(_ c: UInt64) -> ValType {
        switch c & 7 {
        case 0: return .i32
        case 1: return .i64
        case 2: return .f32
        case 3: return .f64
        case 4: return .v128
        default: return .ref(refType(c >> 3))
        }
    }
}
