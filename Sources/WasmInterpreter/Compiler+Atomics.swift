import WasmCore

// The threads proposal's instructions and wide arithmetic compile to two-word instructions run
// by one generic handler each (`Op.atomic`, `Op.wideArith`; see Executor+Atomics.swift), like
// SIMD: the scalar run loop pays nothing for them.
//
// `Op.atomic`: word 1 `a` = destination, `b` = address slot, `c` = first operand slot (value,
// expected value, notify count), `imm` = offset; word 2 `a` = store memory address, `b` =
// second operand slot (replacement, timeout), `c` = what to do (`AtomicPlan`).
// `Op.wideArith`: word 1 `a` = destination (two slots: low, high), `b`, `c` = the first two
// operands, `imm` = the wasm opcode; word 2 `a`, `b` = the last two operands of add128/sub128.

/// What an atomic instruction does, packed into the second word's `c`.
struct AtomicPlan {
    enum Kind: UInt8 {
        case load, store, rmw, cmpxchg, wait32, wait64, notify, fence
    }

    var kind: Kind
    /// Bytes accessed: 1, 2, 4 or 8.
    var bytes: UInt8
    var rmw: AtomicRMW

    var packed: UInt32 { UInt32(kind.rawValue) | UInt32(bytes) << 8 | UInt32(rmw.rawValue) << 16 }

    init(kind: Kind, bytes: UInt8, rmw: AtomicRMW = .add) {
        self.kind = kind
        self.bytes = bytes
        self.rmw = rmw
    }

    init?(packed: UInt32) {
        guard let k = Kind(rawValue: UInt8(truncatingIfNeeded: packed)),
              let r = AtomicRMW(rawValue: UInt8(truncatingIfNeeded: packed >> 16)) else { return nil }
        kind = k
        bytes = UInt8(truncatingIfNeeded: packed >> 8)
        rmw = r
    }

    /// The plan of a 0xFE instruction, from its table entry (the operation from its name).
    init?(_ op: Opcode) {
        let info = op.info
        let bytes = info.signature.accessBytes ?? 0
        switch info.signature {
        case .load: self.init(kind: .load, bytes: bytes)
        case .store: self.init(kind: .store, bytes: bytes)
        case .atomicCmpxchg: self.init(kind: .cmpxchg, bytes: bytes)
        case .atomicWait(let t): self.init(kind: t == .i64 ? .wait64 : .wait32, bytes: bytes)
        case .atomicNotify: self.init(kind: .notify, bytes: 4)
        case .atomicRMW:
            // The encoding has seven widths of each operation in a row, add first at 0x1E.
            guard info.code >= 0x1E, let r = AtomicRMW(rawValue: UInt8(truncatingIfNeeded: (info.code - 0x1E) / 7)) else { return nil }
            self.init(kind: .rmw, bytes: bytes, rmw: r)
        default:
            guard op == .atomicFence else { return nil }
            self.init(kind: .fence, bytes: 0)
        }
    }
}

extension FunctionCompiler {
    mutating func compileAtomic(_ ins: Instruction) throws(Diagnostic) {
        let op = ins.opcode
        guard let plan = AtomicPlan(op) else { throw Self.unsupported(op) }
        if plan.kind == .fence {
            emit(Inst(.atomic))
            emit(Inst(.atomic, c: plan.packed))
            return
        }
        guard case .memArg(let m) = ins.immediate, Int(m.memory) < ctx.memAddrs.count else { throw Self.unsupported(op) }
        let memory = UInt32(ctx.memAddrs[Int(m.memory)])
        switch plan.kind {
        case .load:
            try require(1)
            let addr = pop()
            produce(.atomic, b: addr.read, imm: m.offset)
            emit(Inst(.atomic, a: memory, c: plan.packed))
        case .store:
            try require(2)
            let v = pop()
            let addr = pop()
            emit(Inst(.atomic, b: addr.read, c: v.read, imm: m.offset))
            emit(Inst(.atomic, a: memory, c: plan.packed))
        case .rmw, .notify:
            try require(2)
            let v = pop()
            let addr = pop()
            produce(.atomic, b: addr.read, c: v.read, imm: m.offset)
            emit(Inst(.atomic, a: memory, c: plan.packed))
        case .cmpxchg, .wait32, .wait64:
            try require(3)
            let second = pop()
            let first = pop()
            let addr = pop()
            produce(.atomic, b: addr.read, c: first.read, imm: m.offset)
            emit(Inst(.atomic, a: memory, b: second.read, c: plan.packed))
        case .fence:
            break
        }
    }

    mutating func compileWideArithmetic(_ ins: Instruction) throws(Diagnostic) {
        let op = ins.opcode
        let code = UInt64(op.rawValue)
        if op == .i64MulWideS || op == .i64MulWideU {
            try require(2)
            let y = pop()
            let x = pop()
            let dst = push(1)
            _ = push(1)
            emit(Inst(.wideArith, a: dst, b: x.read, c: y.read, imm: code))
            emit(Inst(.wideArith))
            return
        }
        try require(4)
        let yHi = pop()
        let yLo = pop()
        let xHi = pop()
        let xLo = pop()
        let dst = push(1)
        _ = push(1)
        emit(Inst(.wideArith, a: dst, b: xLo.read, c: xHi.read, imm: code))
        emit(Inst(.wideArith, a: yLo.read, b: yHi.read))
    }
}
