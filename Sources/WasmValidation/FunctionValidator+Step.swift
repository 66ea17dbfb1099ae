import WasmCore

extension FunctionValidator {
    /// Checks one instruction: the generic rule of its signature class from the opcode table,
    /// or its handwritten rule.
    @inline(__always)
    mutating func step(_ ins: Instruction, _ e: Expression) throws(Diagnostic) {
        let raw = Int(ins.opcode.rawValue)
        if featureBits & featureMaskOf[raw] == 0 {
            throw error("\(ins.opcode.name) requires the \(FunctionValidator.featureOf[raw].displayName) feature")
        }
        switch signatureOf[raw] {
        case .special:
            try special(ins, e)
        case .unary(let t):
            let c = operands.count
            if c > frameHeight && Self.holds(operands[c - 1], t) { return }
            try pop(t.valType)
            push(t.valType)
        case .binary(let t):
            let c = operands.count
            if c >= frameHeight + 2 && Self.holds(operands[c - 1], t) && Self.holds(operands[c - 2], t) {
                operands.removeLast()
            } else {
                let v = t.valType
                try popTypes(2) { _ in v }
                push(v)
            }
            if ins.opcode == .i8x16Shuffle, case .v128(let v) = ins.immediate {
                for b in v.bytes where b >= 32 { throw error("invalid lane index") }
            }
        case .ternary(let t):
            try popTypes(3) { _ in t.valType }
            push(t.valType)
        case .test(let t):
            let c = operands.count
            if c > frameHeight && Self.holds(operands[c - 1], t) {
                operands[c - 1] = .val(.i32)
                return
            }
            try pop(t.valType)
            push(.i32)
        case .compare(let t):
            let c = operands.count
            if c >= frameHeight + 2 && Self.holds(operands[c - 1], t) && Self.holds(operands[c - 2], t) {
                operands.removeLast()
                operands[c - 2] = .val(.i32)
                return
            }
            let v = t.valType
            try popTypes(2) { _ in v }
            push(.i32)
        case .convert(let a, let b):
            if case .lane(let l) = ins.immediate, l >= laneCountOf[raw] {
                throw error("invalid lane index")
            }
            let c = operands.count
            if c > frameHeight && Self.holds(operands[c - 1], a) {
                operands[c - 1] = .val(b.valType)
                return
            }
            try pop(a.valType)
            push(b.valType)
        case .replaceLane(let t):
            if case .lane(let l) = ins.immediate, l >= laneCountOf[raw] {
                throw error("invalid lane index")
            }
            try popTypes(2) { $0 == 0 ? .v128 : t.valType }
            push(.v128)
        case .shift:
            try popTypes(2) { $0 == 0 ? .v128 : .i32 }
            push(.v128)
        case .const(let t):
            push(t.valType)
        case .load(let t, let bytes):
            guard case .memArg(let m) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: bytes, atomic: ins.opcode.isAtomic)
            try pop(at)
            push(t.valType)
        case .store(let t, let bytes):
            guard case .memArg(let m) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: bytes, atomic: ins.opcode.isAtomic)
            try popTypes(2) { $0 == 0 ? at : t.valType }
        case .atomicRMW(let t, let bytes):
            guard case .memArg(let m) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: bytes, atomic: true)
            try popTypes(2) { $0 == 0 ? at : t.valType }
            push(t.valType)
        case .atomicCmpxchg(let t, let bytes):
            guard case .memArg(let m) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: bytes, atomic: true)
            try popTypes(3) { $0 == 0 ? at : t.valType }
            push(t.valType)
        case .atomicWait(let t):
            guard case .memArg(let m) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: t == .i64 ? 8 : 4, atomic: true)
            try popTypes(3) { $0 == 0 ? at : ($0 == 1 ? t.valType : .i64) }
            push(.i32)
        case .atomicNotify:
            guard case .memArg(let m) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: 4, atomic: true)
            try popTypes(2) { $0 == 0 ? at : .i32 }
            push(.i32)
        case .wide(let n):
            try popTypes(Int(n)) { _ in .i64 }
            push(.i64)
            push(.i64)
        case .loadLane(let bytes):
            guard case .memArgLane(let m, let lane) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: bytes)
            if Int(lane) >= 16 / Int(bytes) { throw error("invalid lane index") }
            try popTypes(2) { $0 == 0 ? at : .v128 }
            push(.v128)
        case .storeLane(let bytes):
            guard case .memArgLane(let m, let lane) = ins.immediate else { throw badImmediate(ins) }
            let at = try memArg(m, bytes: bytes)
            if Int(lane) >= 16 / Int(bytes) { throw error("invalid lane index") }
            try popTypes(2) { $0 == 0 ? at : .v128 }
        }
    }

    /// Whether an operand is exactly the number or vector type `t` (the hot-path test, cheaper
    /// than general subtyping).
    @inline(__always)
    static func holds(_ o: Operand, _ t: OperandType) -> Bool {
        guard case .val(let x) = o else { return false }
        switch (x, t) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
        default: return false
        }
    }

    func badImmediate(_ ins: Instruction) -> Diagnostic {
        error("malformed immediate of \(ins.opcode.name)")
    }

    /// Checks a memory argument; returns the memory's address type. An atomic access needs
    /// exactly its natural alignment.
    @inline(__always)
    mutating func memArg(_ m: MemArg, bytes: UInt8, atomic: Bool = false) throws(Diagnostic) -> ValType {
        let at = try memory(m.memory)
        if m.align >= 8 || (1 << UInt32(m.align)) > UInt32(bytes) {
            throw error("alignment must not be larger than natural")
        }
        if atomic && (1 << UInt32(m.align)) != UInt32(bytes) {
            throw error("atomic alignment must be natural")
        }
        if at == .i32 && m.offset > UInt64(UInt32.max) {
            throw error("offset out of range")
        }
        return at
    }

    // MARK: Index spaces
    // `mutating` though they only read, as `label` and `checkTop`: a non-mutating method
    // called from the mutating `run` or `special` gets a copy of the validator (306 bytes,
    // `memcpy`'d to the stack), even inlined: 14 M of the 110 M instructions validating
    // big-smith's binary.

    @inline(__always)
    mutating func memory(_ x: UInt32) throws(Diagnostic) -> ValType {
        guard Int(x) < ctx.memories.count else { throw error("unknown memory \(x)") }
        return ctx.memories[Int(x)].limits.addressType.valType
    }

    @inline(__always)
    mutating func table(_ x: UInt32) throws(Diagnostic) -> TableType {
        guard Int(x) < ctx.tables.count else { throw error("unknown table \(x)") }
        return ctx.tables[Int(x)]
    }

    @inline(__always)
    mutating func global(_ x: UInt32) throws(Diagnostic) -> GlobalType {
        guard Int(x) < visibleGlobals, Int(x) < ctx.globals.count else { throw error("unknown global \(x)") }
        return ctx.globals[Int(x)]
    }

    @inline(__always)
    mutating func elem(_ x: UInt32) throws(Diagnostic) -> RefType {
        guard Int(x) < ctx.elements.count else { throw error("unknown elem segment \(x)") }
        return ctx.elements[Int(x)]
    }

    @inline(__always)
    mutating func data(_ x: UInt32) throws(Diagnostic) {
        guard Int(x) < ctx.dataCount else { throw error("unknown data segment \(x)") }
    }

    @inline(__always)
    mutating func function(_ x: UInt32) throws(Diagnostic) -> FuncType {
        guard Int(x) < ctx.functions.count else { throw error("unknown function \(x)") }
        guard let f = ctx.funcType(ofFunction: x) else { throw error("unknown type \(ctx.functions[Int(x)])") }
        return f
    }

    @inline(__always)
    mutating func funcType(_ x: UInt32) throws(Diagnostic) -> FuncType {
        guard Int(x) < ctx.types.count else { throw error("unknown type \(x)") }
        guard let f = ctx.types.funcType(x) else { throw error("non-function type \(x)") }
        return f
    }

    @inline(__always)
    mutating func tag(_ x: UInt32) throws(Diagnostic) -> FuncType {
        guard Int(x) < ctx.tags.count else { throw error("unknown tag \(x)") }
        guard let f = ctx.types.funcType(ctx.tags[Int(x)]) else { throw error("unknown type \(ctx.tags[Int(x)])") }
        return f
    }

    @inline(__always)
    mutating func local(_ x: UInt32) throws(Diagnostic) -> ValType {
        guard Int(x) < locals.count else { throw error("unknown local \(x)") }
        return locals[Int(x)]
    }

    /// The smaller of two address types (i32 if either is).
    func minAddress(_ a: ValType, _ b: ValType) -> ValType {
        a == .i32 || b == .i32 ? .i32 : .i64
    }
}
