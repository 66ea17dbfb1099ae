import WasmCore

extension FunctionValidator {
    func structFields(_ x: UInt32) throws(Diagnostic) -> [FieldType] {
        guard Int(x) < ctx.types.count else { throw error("unknown type \(x)") }
        guard case .struct(let fs) = ctx.types.types[Int(x)].composite else { throw error("non-structure type \(x)") }
        return fs
    }

    func arrayField(_ x: UInt32) throws(Diagnostic) -> FieldType {
        guard Int(x) < ctx.types.count else { throw error("unknown type \(x)") }
        guard case .array(let f) = ctx.types.types[Int(x)].composite else { throw error("non-array type \(x)") }
        return f
    }


    func mutableArrayField(_ x: UInt32) throws(Diagnostic) -> FieldType {
        let f = try arrayField(x)
        guard f.mutable else { throw error("immutable array") }
        return f
    }

    func isPacked(_ f: FieldType) -> Bool {
        if case .packed = f.storage { return true }
        return false
    }

    func checkNumericArray(_ f: FieldType) throws(Diagnostic) {
        if case .val(let t) = f.storage, t.isRef { throw error("array type is not numeric or vector") }
    }

    mutating func checkElemArray(_ f: FieldType, elem y: UInt32) throws(Diagnostic) {
        let et = try elem(y)
        guard ctx.types.isSubtype(.ref(et), f.storage.unpacked) else {
            throw error("type mismatch: element segment's type \(TypeContext.describe(et)) does not match array's field type")
        }
    }

    /// The reference type `rt1 \ rt2` (what remains of rt1 after a successful cast to rt2).
    func difference(_ a: RefType, _ b: RefType) -> RefType {
        RefType(nullable: a.nullable && !b.nullable, a.heapType)
    }

    /// The GC instructions (structs, arrays, i31, casts, extern conversions).
    mutating func gc(_ ins: Instruction, _ e: Expression) throws(Diagnostic) {
        switch ins.opcode {
        case .structNew:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let fs = try structFields(x)
            try checkAllocation(x, withDescriptor: false)
            try popTypes(fs.count) { fs[$0].storage.unpacked }
            push(definedRef(x))
        case .structNewDefault:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let fs = try structFields(x)
            for f in fs where !f.storage.unpacked.isDefaultable { throw error("field type is not defaultable") }
            try checkAllocation(x, withDescriptor: false)
            push(definedRef(x))
        case .structGet, .structGetS, .structGetU:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let fs = try structFields(x)
            guard Int(y) < fs.count else { throw error("unknown field \(y)") }
            let f = fs[Int(y)]
            if ins.opcode == .structGet && isPacked(f) { throw error("field is packed") }
            if ins.opcode != .structGet && !isPacked(f) { throw error("field is unpacked") }
            try pop(concreteRef(x))
            push(f.storage.unpacked)
        case .structSet:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let fs = try structFields(x)
            guard Int(y) < fs.count else { throw error("unknown field \(y)") }
            let f = fs[Int(y)]
            guard f.mutable else { throw error("immutable field") }
            try popTypes(2) { $0 == 0 ? concreteRef(x) : f.storage.unpacked }
        case .arrayNew:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let f = try arrayField(x)
            try popTypes(2) { $0 == 0 ? f.storage.unpacked : .i32 }
            push(definedRef(x))
        case .arrayNewDefault:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let f = try arrayField(x)
            guard f.storage.unpacked.isDefaultable else { throw error("array type is not defaultable") }
            try pop(.i32)
            push(definedRef(x))
        case .arrayNewFixed:
            guard case .indices(let x, let n) = ins.immediate else { throw badImmediate(ins) }
            let f = try arrayField(x)
            try popTypes(Int(n)) { _ in f.storage.unpacked }
            push(definedRef(x))
        case .arrayNewData:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let f = try arrayField(x)
            try checkNumericArray(f)
            try data(y)
            try popTypes(2) { _ in .i32 }
            push(definedRef(x))
        case .arrayNewElem:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let f = try arrayField(x)
            try checkElemArray(f, elem: y)
            try popTypes(2) { _ in .i32 }
            push(definedRef(x))
        case .arrayGet, .arrayGetS, .arrayGetU:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let f = try arrayField(x)
            if ins.opcode == .arrayGet && isPacked(f) { throw error("array is packed") }
            if ins.opcode != .arrayGet && !isPacked(f) { throw error("array is unpacked") }
            try popTypes(2) { $0 == 0 ? concreteRef(x) : .i32 }
            push(f.storage.unpacked)
        case .arraySet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let f = try mutableArrayField(x)
            let t = f.storage.unpacked
            try popTypes(3) { $0 == 0 ? concreteRef(x) : ($0 == 1 ? .i32 : t) }
        case .arrayLen:
            try pop(.ref(.arrayref))
            push(.i32)
        case .arrayFill:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let f = try mutableArrayField(x)
            let t = f.storage.unpacked
            try popTypes(4) { $0 == 0 ? concreteRef(x) : ($0 == 2 ? t : .i32) }
        case .arrayCopy:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let fd = try mutableArrayField(x)
            let fs = try arrayField(y)
            let ok: Bool
            switch (fs.storage, fd.storage) {
            case (.packed(let p), .packed(let q)): ok = p == q
            case (.val(let s), .val(let d)): ok = ctx.types.isSubtype(s, d)
            default: ok = false
            }
            guard ok else { throw error("array types do not match") }
            try popTypes(5) { $0 == 0 ? concreteRef(x) : ($0 == 2 ? concreteRef(y) : .i32) }
        case .arrayInitData:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let f = try mutableArrayField(x)
            try checkNumericArray(f)
            try data(y)
            try popTypes(4) { $0 == 0 ? concreteRef(x) : .i32 }
        case .arrayInitElem:
            guard case .indices(let x, let y) = ins.immediate else { throw badImmediate(ins) }
            let f = try mutableArrayField(x)
            try checkElemArray(f, elem: y)
            try popTypes(4) { $0 == 0 ? concreteRef(x) : .i32 }
        case .refTest, .refCast:
            guard case .refType(let rt) = ins.immediate else { throw badImmediate(ins) }
            try ctx.check(rt.heapType)
            try pop(.ref(RefType(nullable: true, ctx.types.top(rt.heapType))))
            if ins.opcode == .refTest { push(.i32) } else { push(.ref(rt)) }
        case .brOnCast, .brOnCastFail:
            guard case .brOnCast(let l, let rt1, let rt2) = ins.immediate else { throw badImmediate(ins) }
            try ctx.check(rt1.heapType)
            try ctx.check(rt2.heapType)
            if exactReferences {
                try checkSameHierarchy(rt1, rt2)
            } else if !ctx.types.isSubtype(rt2, rt1) {
                throw error("type mismatch: type \(TypeContext.describe(rt2)) does not match \(TypeContext.describe(rt1))")
            }
            try pop(.ref(rt1))
            let f = try label(l)
            let onBranch = ins.opcode == .brOnCast ? rt2 : difference(rt1, rt2)
            let fallThrough = ins.opcode == .brOnCast ? difference(rt1, rt2) : rt2
            try checkCastLabel(f, onBranch)
            let arena = self.arena
            let n = f.labelCount - 1
            try popTypes(n) { arena[f.labelStart + $0] }
            for k in 0..<n { push(arena[f.labelStart + k]) }
            push(.ref(fallThrough))
        case .anyConvertExtern, .externConvertAny:
            let from: HeapType = ins.opcode == .anyConvertExtern ? .extern : .any
            let to: HeapType = ins.opcode == .anyConvertExtern ? .any : .extern
            let o = try pop(.ref(RefType(nullable: true, from)))
            var nullable = false
            if case .val(.ref(let r)) = o { nullable = r.nullable }
            push(.ref(RefType(nullable: nullable, to)))
        case .refI31:
            try pop(.i32)
            push(.ref(RefType(nullable: false, .i31)))
        case .i31GetS, .i31GetU:
            try pop(.ref(.i31ref))
            push(.i32)
        case .structNewDesc, .structNewDefaultDesc, .refGetDesc, .refCastDescEq, .brOnCastDescEq, .brOnCastDescEqFail:
            try descriptors(ins, e)
        default:
            throw badImmediate(ins)
        }
    }
}

/// `(ref null? x)` for a type index.
func concreteRef(_ x: UInt32, nullable: Bool = true) -> ValType {
    .ref(RefType(nullable: nullable, .concrete(x)))
}
