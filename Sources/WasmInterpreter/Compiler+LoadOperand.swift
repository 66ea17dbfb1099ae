import WasmCore

extension FunctionCompiler {
    /// An f32/f64 add, sub, mul or div (operands `x`, `y`, popped) one of whose operands is a
    /// memory-0 load only it reads: the arithmetic reads memory itself (`f64SubLoadR` …,
    /// Handlers+FloatMemory.swift), one dispatch and one slot round trip fewer. Code working on
    /// structs of floats is mostly such pairs (`p->vx - q->vx`, `m[k] * x`). The load is the
    /// last instruction (either operand), or the left operand's load followed only by float
    /// arithmetic and loads computing the right one: those neither write memory nor trap
    /// otherwise than the load would, so the load may run after them, unless they write its
    /// address slot. Never across a label.
    mutating func foldLoadOperand(_ arith: Op, _ x: Entry, _ y: Entry) -> Bool {
        guard Handlers.loadOperandOp(arith, memoryLeft: true) != nil else { return false }
        let load: Op = Self.isF64Arithmetic(arith) ? .load64 : .load32U
        let last = code.count - 1
        guard last >= labelFloor, last >= 0 else { return false }
        if y.read == y.canon, code[last].op == load, code[last].a == y.canon, x.read != y.canon {
            let l = code.removeLast()
            return produceLoadOperand(arith, memoryLeft: false, other: x.read, l)
        }
        guard x.read == x.canon, y.read != x.canon else { return false }
        var k = last
        while k >= labelFloor, code[k].op != load || code[k].a != x.canon {
            guard Self.movableAcross(code[k].op) else { return false }
            k -= 1
        }
        guard k >= labelFloor else { return false }
        let l = code[k]
        for i in (k + 1)..<code.count where code[i].op != .checkpoint {
            if code[i].a == l.b || code[i].a == x.canon { return false }
        }
        code.remove(at: k)
        return produceLoadOperand(arith, memoryLeft: true, other: y.read, l)
    }

    /// A store of a `…LoadL` result (the last instruction) to the very address its load read:
    /// the compound assignment `p->x -= d` in one instruction (`f64SubLoadLStore` …).
    mutating func foldStoreOfLoadOperand(_ kind: AccessKind, addr: Entry, value v: Entry, offset: UInt64) -> Bool {
        let last = code.count - 1
        guard last >= 0, last >= labelFloor, v.read == v.canon, code[last].a == v.canon,
              let store = Handlers.storeOfLoadOperandOp(code[last].op), store.bytes == kind.bytes,
              code[last].c == addr.read, code[last].imm == offset else { return false }
        code[last] = Inst(store.op, a: 0, b: code[last].b, c: addr.read, imm: offset)
        lastProducer = -1
        teeProducer = -1
        return true
    }

    private mutating func produceLoadOperand(_ arith: Op, memoryLeft: Bool, other: UInt32, _ load: Inst) -> Bool {
        guard let op = Handlers.loadOperandOp(arith, memoryLeft: memoryLeft) else { return false }
        produce(op, b: other, c: load.b, imm: load.imm)
        return true
    }

    private static func isF64Arithmetic(_ op: Op) -> Bool {
        op == .f64Add || op == .f64Sub || op == .f64Mul || op == .f64Div
    }

    /// Instructions a load may move past: float arithmetic (no trap, no memory, one result in
    /// `a`), other loads of memory 0 (no writes; a trap of either is the same trap) and the
    /// budget checkpoint.
    private static func movableAcross(_ op: Op) -> Bool {
        switch op {
        case .checkpoint, .load32U, .load64,
             .f32AddLoadL, .f32AddLoadR, .f32SubLoadL, .f32SubLoadR, .f32MulLoadL, .f32MulLoadR, .f32DivLoadL, .f32DivLoadR,
             .f64AddLoadL, .f64AddLoadR, .f64SubLoadL, .f64SubLoadR, .f64MulLoadL, .f64MulLoadR, .f64DivLoadL, .f64DivLoadR,
             .f32Abs, .f32Neg, .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f32Sqrt,
             .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f32Copysign,
             .f64Abs, .f64Neg, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt,
             .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max, .f64Copysign:
            return true
        default:
            return false
        }
    }
}
