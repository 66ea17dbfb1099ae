import WasmCore

// GC instructions (see Op.swift for the operand layout of each). Allocations and bulk array
// instructions take their operands from consecutive canonical slots, so the collector's stack
// scan can stop after the last one; field and element access read operands in place.

extension FunctionCompiler {
    /// The struct fields of module type `x`.
    func structFields(_ x: UInt32) throws(Diagnostic) -> [FieldType] {
        guard Int(x) < ctx.module.types.count, case .struct(let fs) = ctx.module.types[Int(x)].composite else {
            throw Diagnostic(.instantiate, "unknown struct type \(x)")
        }
        return fs
    }

    /// The element type of module array type `x`.
    func arrayField(_ x: UInt32) throws(Diagnostic) -> FieldType {
        guard Int(x) < ctx.module.types.count, case .array(let f) = ctx.module.types[Int(x)].composite else {
            throw Diagnostic(.instantiate, "unknown array type \(x)")
        }
        return f
    }

    func typeID(_ x: UInt32) throws(Diagnostic) -> Int {
        guard Int(x) < ctx.typeIDs.count else { throw Diagnostic(.instantiate, "unknown type \(x)") }
        return ctx.typeIDs[Int(x)]
    }

    /// The cast code of a heap type of this module.
    func castCode(_ h: HeapType) throws(Diagnostic) -> UInt32 {
        if let x = h.typeIndex { return CastTarget.code(.concrete(UInt32(try typeID(x)))) }
        return CastTarget.code(h)
    }

    /// The flags of a cast to `t` (`CastTarget.nullableFlag`, `exactFlag`).
    func castFlags(_ t: RefType) -> UInt32 {
        (t.nullable ? CastTarget.nullableFlag : 0) | (t.heapType.isExact ? CastTarget.exactFlag : 0)
    }

    /// Whether module type `x` declares a descriptor (its fields then start a word later).
    func hasDescriptor(_ x: UInt32) -> Bool {
        Int(x) < ctx.module.types.count && ctx.module.types[Int(x)].descriptor != nil
    }

    /// The byte offset of field `y` of struct type `x`.
    func fieldOffset(_ x: UInt32, _ fields: [FieldType], _ y: UInt32) -> UInt32 {
        UInt32(StructLayout.fieldBase(hasDescriptor: hasDescriptor(x)) + 8 * StructLayout.slots(fields).index[Int(y)])
    }

    /// Pops the top `n` entries after putting them in consecutive canonical slots; returns the
    /// first slot (the current height when `n` is 0).
    mutating func consecutiveOperands(_ n: Int) throws(Diagnostic) -> UInt32 {
        try require(n)
        materializeTop(n)
        let base = n == 0 ? height : stack[stack.count - n].canon
        for _ in 0..<n { _ = pop() }
        height = base
        return base
    }

    mutating func compileGC(_ ins: Instruction) throws(Diagnostic) {
        let op = ins.opcode
        switch op {
        case .structNew, .structNewDefault:
            guard case .index(let x) = ins.immediate else { throw Self.unsupported(op) }
            let fields = try structFields(x)
            // A type with a descriptor is made by struct.new_desc, which also writes it.
            guard !hasDescriptor(x) else { throw Self.unsupported(op) }
            let slots = StructLayout.slots(fields).count
            let bytes = StructLayout.size(slots: slots, hasDescriptor: false)
            let cls = GCHeap.sizeClass(bytes: bytes)
            let cell = cls == GCHeap.largeClass ? 0 : GCHeap.cellSizes[Int(cls)]
            let imm = ObjectHeader.make(try typeID(x), .struct) | UInt64(cls) << 40 | UInt64(cell) << 48
            // Fields that are all constant zeros or nulls (a leaf's null children) make the
            // struct.new_default: no operands to copy.
            let zeros = op == .structNew && fields.count > 0 && operandsAreZeroConstants(fields.count)
            if zeros { for _ in 0..<fields.count { _ = pop() } }
            let base = try consecutiveOperands(op == .structNew && !zeros ? fields.count : 0)
            let dst = push(1)
            emit(Inst(op == .structNew && !zeros ? .structNew : .structNewDefault, a: dst, b: base, c: UInt32(slots), imm: imm))
        case .structGet, .structGetS, .structGetU:
            guard case .indices(let x, let y) = ins.immediate else { throw Self.unsupported(op) }
            let fields = try structFields(x)
            guard Int(y) < fields.count else { throw Self.unsupported(op) }
            let offset = fieldOffset(x, fields, y)
            try require(1)
            let ref = pop()
            let storage = fields[Int(y)].storage
            let iop: Op
            switch (storage, op) {
            case (.packed(.i8), .structGetS): iop = .structGetS8
            case (.packed(.i8), _): iop = .structGetU8
            case (.packed(.i16), .structGetS): iop = .structGetS16
            case (.packed(.i16), _): iop = .structGetU16
            case (.val(.v128), _): iop = .structGet2
            default: iop = .structGet
            }
            produce(iop, b: ref.read, c: offset, width: iop == .structGet2 ? 2 : 1)
        case .structSet:
            guard case .indices(let x, let y) = ins.immediate else { throw Self.unsupported(op) }
            let fields = try structFields(x)
            guard Int(y) < fields.count else { throw Self.unsupported(op) }
            let offset = fieldOffset(x, fields, y)
            try require(2)
            let v = pop()
            let ref = pop()
            emit(Inst(v.width == 2 ? .structSet2 : .structSet, a: v.read, b: ref.read, c: offset))
        case .arrayNew, .arrayNewDefault:
            guard case .index(let x) = ins.immediate else { throw Self.unsupported(op) }
            let imm = try arrayImmediate(x)
            let base = try consecutiveOperands(op == .arrayNew ? 2 : 1)
            produce(op == .arrayNew ? .arrayNew : .arrayNewDefault, b: base, imm: imm)
        case .arrayNewFixed:
            guard case .indices(let x, let n) = ins.immediate else { throw Self.unsupported(op) }
            let imm = try arrayImmediate(x)
            let base = try consecutiveOperands(Int(n))
            produce(.arrayNewFixed, b: base, c: n, imm: imm)
        case .arrayNewData, .arrayNewElem:
            guard case .indices(let x, let y) = ins.immediate else { throw Self.unsupported(op) }
            let imm = try arrayImmediate(x)
            let segment = try self.segment(y, data: op == .arrayNewData)
            let base = try consecutiveOperands(2)
            produce(op == .arrayNewData ? .arrayNewData : .arrayNewElem, b: base, c: segment, imm: imm)
        case .arrayGet, .arrayGetS, .arrayGetU:
            guard case .index(let x) = ins.immediate else { throw Self.unsupported(op) }
            let f = try arrayField(x)
            try require(2)
            let index = pop()
            let ref = pop()
            let iop: Op
            switch (f.storage, op) {
            case (.packed(.i8), .arrayGetS): iop = .arrayGet8S
            case (.packed(.i8), _): iop = .arrayGet8U
            case (.packed(.i16), .arrayGetS): iop = .arrayGet16S
            case (.packed(.i16), _): iop = .arrayGet16U
            default:
                switch ArrayLayout.elementShift(f.storage) {
                case 2: iop = .arrayGet32
                case 4: iop = .arrayGet128
                default: iop = .arrayGet64
                }
            }
            produce(iop, b: ref.read, c: index.read, width: iop == .arrayGet128 ? 2 : 1)
        case .arraySet:
            guard case .index(let x) = ins.immediate else { throw Self.unsupported(op) }
            let f = try arrayField(x)
            try require(3)
            let v = pop()
            let index = pop()
            let ref = pop()
            let iop: Op
            switch ArrayLayout.elementShift(f.storage) {
            case 0: iop = .arraySet8
            case 1: iop = .arraySet16
            case 2: iop = .arraySet32
            case 4: iop = .arraySet128
            default: iop = .arraySet64
            }
            emit(Inst(iop, a: v.read, b: ref.read, c: index.read))
        case .arrayLen:
            try require(1)
            let ref = pop()
            produce(.arrayLen, b: ref.read)
        case .arrayFill:
            guard case .index(let x) = ins.immediate else { throw Self.unsupported(op) }
            let imm = try arrayImmediate(x)
            let base = try consecutiveOperands(4)
            emit(Inst(.arrayFill, b: base, imm: imm))
        case .arrayCopy:
            guard case .indices(let x, _) = ins.immediate else { throw Self.unsupported(op) }
            let imm = try arrayImmediate(x)
            let base = try consecutiveOperands(5)
            emit(Inst(.arrayCopy, b: base, imm: imm))
        case .arrayInitData, .arrayInitElem:
            guard case .indices(let x, let y) = ins.immediate else { throw Self.unsupported(op) }
            let imm = try arrayImmediate(x)
            let segment = try self.segment(y, data: op == .arrayInitData)
            let base = try consecutiveOperands(4)
            emit(Inst(op == .arrayInitData ? .arrayInitData : .arrayInitElem, b: base, c: segment, imm: imm))
        case .refI31:
            try require(1)
            let v = pop()
            produce(.refI31, b: v.read)
        case .i31GetS, .i31GetU:
            try require(1)
            let r = pop()
            produce(op == .i31GetS ? .i31GetS : .i31GetU, b: r.read)
        case .refEq:
            // References are equal exactly when their slot words are (i31s are canonical).
            try require(2)
            let y = pop()
            let x = pop()
            produce(.i64Eq, b: x.read, c: y.read)
        case .anyConvertExtern, .externConvertAny:
            // The identity on slot words (see GCLayout.swift).
            lastProducer = -1
        case .refTest:
            guard case .refType(let rt) = ins.immediate else { throw Self.unsupported(op) }
            try require(1)
            let r = pop()
            produce(.refTest, b: r.read, c: castFlags(rt), imm: UInt64(try castCode(rt.heapType)))
        case .refCast:
            guard case .refType(let rt) = ins.immediate else { throw Self.unsupported(op) }
            try require(1)
            // Checked in place: the value stays where it is.
            let r = stack[stack.count - 1]
            emit(Inst(.refCast, b: r.read, c: castFlags(rt), imm: UInt64(try castCode(rt.heapType))))
        case .brOnCast, .brOnCastFail:
            guard case .brOnCast(let l, _, let rt2) = ins.immediate else { throw Self.unsupported(op) }
            try require(1)
            let d = try ctrlIndex(l)
            let target = try castCode(rt2.heapType)
            let nullable = castFlags(rt2)
            // The reference stays on the stack on both paths.
            let r = stack[stack.count - 1]
            let taken: Op = op == .brOnCast ? .brOnCast : .brOnCastFail
            if !needsCopies(d) {
                let at = emit(Inst(taken, a: target, b: r.read, c: nullable))
                self.target(at, d)
            } else {
                let skip = emit(Inst(taken == .brOnCast ? .brOnCastFail : .brOnCast, a: target, b: r.read, c: nullable))
                emitBranch(d)
                patch(skip, to: code.count)
                lastProducer = -1
            }
        default:
            throw Self.unsupported(op)
        }
    }

    /// Whether the top `n` entries are read from constant slots holding zero (v128 zeros too).
    func operandsAreZeroConstants(_ n: Int) -> Bool {
        guard n <= stack.count else { return false }
        for e in stack[(stack.count - n)...] {
            guard e.read >= constStart else { return false }
            let k = Int(e.read - constStart)
            guard k + Int(e.width) <= consts.count else { return false }
            for w in 0..<Int(e.width) where consts[k + w] != 0 { return false }
        }
        return true
    }

    /// An array allocation's or bulk instruction's `imm`: header and element size.
    private func arrayImmediate(_ x: UInt32) throws(Diagnostic) -> UInt64 {
        let f = try arrayField(x)
        return ObjectHeader.make(try typeID(x), .array) | ArrayLayout.elementShift(f.storage) << 40
    }

    /// The store address of data (or element) segment `y`.
    private func segment(_ y: UInt32, data: Bool) throws(Diagnostic) -> UInt32 {
        let addrs = data ? ctx.dataAddrs : ctx.elemAddrs
        guard Int(y) < addrs.count else { throw Diagnostic(.instantiate, "unknown segment \(y)") }
        return UInt32(addrs[Int(y)])
    }
}
