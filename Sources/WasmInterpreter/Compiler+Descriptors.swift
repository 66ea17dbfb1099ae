import WasmCore

// Custom descriptors (see Op.swift for the operand layout and Handlers+Descriptors.swift).

extension FunctionCompiler {
    mutating func compileDescriptors(_ ins: Instruction) throws(Diagnostic) {
        let op = ins.opcode
        switch op {
        case .structNewDesc, .structNewDefaultDesc:
            guard case .index(let x) = ins.immediate, hasDescriptor(x) else { throw Self.unsupported(op) }
            let fields = try structFields(x)
            let slots = StructLayout.slots(fields).count
            let bytes = StructLayout.size(slots: slots, hasDescriptor: true)
            let cls = GCHeap.sizeClass(bytes: bytes)
            let cell = cls == GCHeap.largeClass ? 0 : GCHeap.cellSizes[Int(cls)]
            let header = ObjectHeader.make(try typeID(x), .struct) | ObjectHeader.descriptorBit
            let imm = header | UInt64(cls) << 40 | UInt64(cell) << 48
            // The fields, then the descriptor, in consecutive slots.
            let base = try consecutiveOperands(op == .structNewDesc ? fields.count + 1 : 1)
            let dst = push(1)
            emit(Inst(op == .structNewDesc ? .structNewDesc : .structNewDefaultDesc, a: dst, b: base, c: UInt32(slots), imm: imm))
        case .refGetDesc:
            try require(1)
            let ref = pop()
            produce(.refGetDesc, b: ref.read)
        case .refCastDescEq:
            guard case .refType(let rt) = ins.immediate else { throw Self.unsupported(op) }
            try require(2)
            let desc = pop()
            // Checked in place: the reference stays where it is.
            let r = stack[stack.count - 1]
            emit(Inst(.refCastDescEq, a: castFlags(rt), b: r.read, c: desc.read))
        case .brOnCastDescEq, .brOnCastDescEqFail:
            guard case .brOnCast(let l, _, let rt2) = ins.immediate else { throw Self.unsupported(op) }
            try require(2)
            let d = try ctrlIndex(l)
            let desc = pop()
            let flags = castFlags(rt2)
            // The reference stays on the stack on both paths.
            let r = stack[stack.count - 1]
            let taken: Op = op == .brOnCastDescEq ? .brOnCastDescEq : .brOnCastDescEqFail
            if !needsCopies(d) {
                let at = emit(Inst(taken, a: desc.read, b: r.read, c: flags))
                self.target(at, d)
            } else {
                let skip = emit(Inst(taken == .brOnCastDescEq ? .brOnCastDescEqFail : .brOnCastDescEq, a: desc.read, b: r.read, c: flags))
                emitBranch(d)
                patch(skip, to: code.count)
                lastProducer = -1
            }
        default:
            throw Self.unsupported(op)
        }
    }
}
