import WasmCore

// SIMD instructions compile to one generic `Op.simd` (see Executor+SIMD.swift for the layout):
// the lane semantics stay out of the scalar run loop, which pays one switch case for them.

extension FunctionCompiler {
    static let simdMemoryFlag: UInt64 = 1 << 56
    static let simdTernaryFlag: UInt64 = 1 << 57

    mutating func compileSIMD(_ ins: Instruction) throws(Diagnostic) {
        let op = ins.opcode
        let code = UInt64(op.rawValue)
        switch op.info.signature {
        case .load, .loadLane, .store, .storeLane:
            let ma: MemArg
            var lane: UInt8 = 0
            switch ins.immediate {
            case .memArg(let m): ma = m
            case .memArgLane(let m, let l): ma = m; lane = l
            default: throw Self.unsupported(op)
            }
            guard Int(ma.memory) < ctx.memAddrs.count else { throw Self.unsupported(op) }
            let imm = code | UInt64(lane) << 16 | 1 << 48 | Self.simdMemoryFlag
            let data = Inst(.simd, a: UInt32(ctx.memAddrs[Int(ma.memory)]), b: ma.memory == 0 ? 0 : 1, imm: ma.offset)
            switch op.info.signature {
            case .load:
                try require(1)
                let addr = pop()
                produce(.simd, b: addr.read, imm: imm, width: 2)
            case .loadLane:
                try require(2)
                let v = pop()
                let addr = pop()
                produce(.simd, b: addr.read, c: v.read, imm: imm, width: 2)
            default:
                try require(2)
                let v = pop()
                let addr = pop()
                emit(Inst(.simd, b: addr.read, c: v.read, imm: imm))
            }
            emit(data)
        case .binary:
            try require(2)
            let y = pop()
            let x = pop()
            if op == .i8x16Shuffle {
                guard case .v128(let s) = ins.immediate else { throw Self.unsupported(op) }
                produce(.simd, b: x.read, c: y.read, imm: code | 1 << 48, width: 2)
                emit(Inst(.simd, a: UInt32(truncatingIfNeeded: s.hi), b: UInt32(truncatingIfNeeded: s.hi >> 32), imm: s.lo))
            } else {
                produce(.simd, b: x.read, c: y.read, imm: code, width: 2)
            }
        case .ternary:
            try require(3)
            let z = pop()
            let y = pop()
            let x = pop()
            produce(.simd, b: x.read, c: y.read, imm: code | UInt64(z.read) << 16 | Self.simdTernaryFlag, width: 2)
        case .shift:
            try require(2)
            let n = pop()
            let x = pop()
            produce(.simd, b: x.read, c: n.read, imm: code, width: 2)
        case .unary:
            try require(1)
            let x = pop()
            produce(.simd, b: x.read, imm: code, width: 2)
        case .test:
            try require(1)
            let x = pop()
            produce(.simd, b: x.read, imm: code, width: 1)
        case .convert(_, let to):
            // Splats (scalar → v128) and lane extraction (v128 → scalar).
            try require(1)
            let x = pop()
            var lane: UInt64 = 0
            if case .lane(let l) = ins.immediate { lane = UInt64(l) }
            produce(.simd, b: x.read, imm: code | lane << 16, width: to == .v128 ? 2 : 1)
        case .replaceLane:
            guard case .lane(let l) = ins.immediate else { throw Self.unsupported(op) }
            try require(2)
            let s = pop()
            let x = pop()
            produce(.simd, b: x.read, c: s.read, imm: code | UInt64(l) << 16, width: 2)
        default:
            throw Self.unsupported(op)
        }
    }
}
