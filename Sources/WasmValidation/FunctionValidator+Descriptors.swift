import WasmCore

// The custom-descriptors proposal's instructions, with the reference interpreter's rules and
// messages (`valid.ml`: StructNew with a descriptor, RefGetDesc, RefCastDescEq,
// BrOnCastDescEq[Fail]); the checks come before the operands are popped, as there.
extension FunctionValidator {
    /// Whether references to defined types are typed exactly (custom descriptors): without the
    /// proposal a WebAssembly 3.0 module's types and messages stay what they were.
    var exactReferences: Bool { featureBits & Features(.customDescriptors).rawValue != 0 }

    /// `(ref (exact x))` from an allocation or `ref.func` (inexact without custom descriptors).
    func definedRef(_ x: UInt32) -> ValType {
        .ref(RefType(nullable: false, exactReferences ? .exact(x) : .concrete(x)))
    }

    /// The descriptor type of struct type `x`, if it has a `descriptor` clause.
    func descriptorType(_ x: UInt32) -> UInt32? {
        Int(x) < ctx.types.count ? ctx.types.types[Int(x)].descriptor : nil
    }

    /// `struct.new` / `struct.new_default` (`withDescriptor: false`) and their `_desc` forms:
    /// a type with a descriptor is allocated only with one, a type without only without.
    func checkAllocation(_ x: UInt32, withDescriptor: Bool) throws(Diagnostic) {
        let has = descriptorType(x) != nil
        if has && !withDescriptor { throw error("type with descriptor requires descriptor allocation") }
        if !has && withDescriptor { throw error("type without descriptor requires non-descriptor allocation") }
    }

    /// The descriptor operand of a descriptor cast to `rt`: `(ref null (exact? y))` where `rt`
    /// is `(ref null? (exact? x))` and `y` is `x`'s descriptor type.
    func descriptorOperand(castTo rt: RefType) throws(Diagnostic) -> ValType {
        guard let x = rt.heapType.typeIndex else {
            throw error("type \(rt.heapType) does not have a descriptor")
        }
        guard Int(x) < ctx.types.count else { throw error("unknown type \(x)") }
        guard let y = descriptorType(x) else { throw error("type \(rt.heapType) does not have a descriptor") }
        return .ref(RefType(nullable: true, rt.heapType.isExact ? .exact(y) : .concrete(y)))
    }

    /// The top of the operand stack as a reference type, without popping it (the spec's
    /// `peek_ref`): nil for an unknown operand (bottom).
    func peekRef() throws(Diagnostic) -> RefType? {
        guard operands.count > frameHeight else { return nil }
        switch operands[operands.count - 1] {
        case .unknown, .bottomRef: return nil
        case .val(.ref(let r)): return r
        case .val(let t):
            throw error("type mismatch: instruction requires reference type but stack has \(ctx.describe(t))")
        }
    }

    /// The source and target of a branching cast share a top type (custom descriptors relax
    /// WebAssembly 3.0's `rt2 <: rt1` to this).
    func checkSameHierarchy(_ rt1: RefType, _ rt2: RefType) throws(Diagnostic) {
        guard ctx.types.top(rt1.heapType) == ctx.types.top(rt2.heapType) else {
            throw error("type mismatch on cast: type \(rt1.heapType) has a different top type than type \(rt2.heapType)")
        }
    }

    mutating func descriptors(_ ins: Instruction, _ e: Expression) throws(Diagnostic) {
        switch ins.opcode {
        case .structNewDesc:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let fs = try structFields(x)
            try checkAllocation(x, withDescriptor: true)
            let desc = ValType.ref(RefType(nullable: true, .exact(descriptorType(x) ?? x)))
            try popTypes(fs.count + 1) { $0 == fs.count ? desc : fs[$0].storage.unpacked }
            push(definedRef(x))
        case .structNewDefaultDesc:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let fs = try structFields(x)
            for f in fs where !f.storage.unpacked.isDefaultable { throw error("field type is not defaultable") }
            try checkAllocation(x, withDescriptor: true)
            try pop(.ref(RefType(nullable: true, .exact(descriptorType(x) ?? x))))
            push(definedRef(x))
        case .refGetDesc:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            guard Int(x) < ctx.types.count else { throw error("unknown type \(x)") }
            guard let y = descriptorType(x) else { throw error("type without descriptor \(x)") }
            let exact = try peekRef().map { ctx.types.isSubtype($0.heapType, .exact(x)) } ?? true
            try pop(.ref(RefType(nullable: true, exact ? .exact(x) : .concrete(x))))
            push(.ref(RefType(nullable: false, exact ? .exact(y) : .concrete(y))))
        case .refCastDescEq:
            guard case .refType(let rt) = ins.immediate else { throw badImmediate(ins) }
            try ctx.check(rt.heapType)
            let desc = try descriptorOperand(castTo: rt)
            let top = ValType.ref(RefType(nullable: true, ctx.types.top(rt.heapType)))
            try popTypes(2) { $0 == 0 ? top : desc }
            push(.ref(rt))
        case .brOnCastDescEq, .brOnCastDescEqFail:
            guard case .brOnCast(let l, let rt1, let rt2) = ins.immediate else { throw badImmediate(ins) }
            try ctx.check(rt1.heapType)
            try ctx.check(rt2.heapType)
            try checkSameHierarchy(rt1, rt2)
            let onBranch = ins.opcode == .brOnCastDescEq ? rt2 : difference(rt1, rt2)
            let fallThrough = ins.opcode == .brOnCastDescEq ? difference(rt1, rt2) : rt2
            let f = try label(l)
            try checkCastLabel(f, onBranch)
            let desc = try descriptorOperand(castTo: rt2)
            try popTypes(2) { $0 == 0 ? .ref(rt1) : desc }
            let arena = self.arena
            let n = f.labelCount - 1
            try popTypes(n) { arena[f.labelStart + $0] }
            for k in 0..<n { push(arena[f.labelStart + k]) }
            push(.ref(fallThrough))
        default:
            throw badImmediate(ins)
        }
    }

    /// A branching cast's label takes the branch's reference type last.
    func checkCastLabel(_ f: ControlFrame, _ onBranch: RefType) throws(Diagnostic) {
        guard f.labelCount > 0, ctx.types.isSubtype(.ref(onBranch), arena[f.labelStart + f.labelCount - 1]) else {
            let labelTypes = arena[f.labelStart..<(f.labelStart + f.labelCount)]
            throw error("type mismatch: instruction requires type \(TypeContext.describe(onBranch)) but label has \(ctx.describe(labelTypes))")
        }
    }
}
