import WasmCore

// The float accumulators: an f64 (`accF`) or f32 (`accS`) result carried from one handler to the
// next in a register (the handlers' last two arguments, SSE registers beside the six integer
// ones), so that a chain of dependent float arithmetic does not wait on a store to a frame slot
// and the load of it back in the next handler (store-to-load forwarding: about 7 cycles on each
// step of the chain, where a multiply takes 3). Every float-producing handler listed here still
// writes its slot (so anything else reads the value there, whatever path it came by) and also
// passes the value on in the accumulator of its type; an instruction whose float operand is the
// slot the instruction before it just wrote, and which no jump lands on, is marked by the
// compiler (`Inst.accumulator`) and runs a variant of its handler reading that operand from the
// accumulator. Validation makes the types agree: the slot holds the producer's type, which is
// the type the reader reads. Handlers that do not produce a float pass both on untouched, and a
// pause saves and restores them (`ExecState.accF`, `accS`), so a budget checkpoint between the
// two is transparent.

/// Which operand of an instruction a handler variant reads from the float accumulator.
enum AccumulatorOperand: UInt8 {
    case none
    case b
    case c
    /// The slot in `imm`'s low half (the other operand of `f64MulAddL`/`f64MulAddR`).
    case other

    static let reading: [AccumulatorOperand] = [.b, .c, .other]

    /// The slot this operand names in `inst`.
    func slot(_ inst: Inst) -> UInt32? {
        switch self {
        case .none: return nil
        case .b: return inst.b
        case .c: return inst.c
        case .other: return UInt32(truncatingIfNeeded: inst.imm)
        }
    }
}

extension Handlers {
    /// Whether `op`'s own handler writes its float result to slot `a` and passes it on in the
    /// accumulator of its type.
    static let writesAccumulator: [Bool] = Op.allCases.map {
        numericWritesAccumulator($0) || floatMemoryWritesAccumulator($0) || $0 == .f64MulAddL || $0 == .f64MulAddR
    }

    /// The variants of `op`'s handler reading one operand from the accumulator, by
    /// `AccumulatorOperand` raw value (nil where there is none).
    static let readingAccumulator: [[Handler?]] = Op.allCases.map { op in
        [nil] + AccumulatorOperand.reading.map { numericReadingAccumulator(op, $0) ?? floatMemoryReadingAccumulator(op, $0) ?? mulAddReadingAccumulator(op, $0) }
    }

    static let readsAccumulator: [Bool] = readingAccumulator.map { $0.contains { $0 != nil } }

    /// `f64MulAddL`/`R` (2 slots) with `x` (`b`), `y` (`c`) or the other addend from `accF`.
    static func mulAddReadingAccumulator(_ op: Op, _ operand: AccumulatorOperand) -> Handler? {
        switch (op, operand) {
        // L and R share their handlers (`Step.f64MulAdd`).
        case (.f64MulAddL, .b), (.f64MulAddR, .b):
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = Step.f64MulAdd(ip, fp, accF, Double(bitPattern: fp[Int(ip.pointee.c)]))
                return next(ip + 2, fp, memBase, memSize, st, budget, r, accS)
            }
        case (.f64MulAddL, .c), (.f64MulAddR, .c):
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = Step.f64MulAdd(ip, fp, Double(bitPattern: fp[Int(ip.pointee.b)]), accF)
                return next(ip + 2, fp, memBase, memSize, st, budget, r, accS)
            }
        case (.f64MulAddL, .other), (.f64MulAddR, .other):
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = Step.f64MulAdd(ip, fp, Double(bitPattern: fp[Int(ip.pointee.b)]), Double(bitPattern: fp[Int(ip.pointee.c)]), other: accF)
                return next(ip + 2, fp, memBase, memSize, st, budget, r, accS)
            }
        default:
            return nil
        }
    }
}

extension FunctionCompiler {
    /// Marks the instructions that may read an f64 operand from the accumulator: the operand is
    /// the slot written by the instruction that runs just before (budget checkpoints aside),
    /// whose handler passes it on, and no jump lands on the instruction or on a checkpoint
    /// between. `labelPositions` holds every position a jump, loop or handler lands on.
    mutating func markAccumulatorReads() {
        guard code.count > 1 else { return }
        var isLabel = [Bool](repeating: false, count: code.count + 1)
        for p in labelPositions where p >= 0 && p <= code.count { isLabel[p] = true }
        let writes = Handlers.writesAccumulator
        let reads = Handlers.readingAccumulator
        for k in 1..<code.count where !isLabel[k] {
            let op = Int(code[k].op.rawValue)
            guard Handlers.readsAccumulator[op] else { continue }
            var j = k - 1
            while j > 0 && code[j].op == .checkpoint && !isLabel[j] { j -= 1 }
            let p = code[j]
            guard p.op != .checkpoint, writes[Int(p.op.rawValue)] else { continue }
            // `p` may be the add a fused multiply-add before it stands for (and skips): then the
            // fused one runs before `k` too, and writes the same slot.
            if p.op == .f64MulAddL || p.op == .f64MulAddR { continue }  // 2 slots: `k` is the add it skips
            if j > 0, code[j - 1].op == .f64MulAddL || code[j - 1].op == .f64MulAddR {
                guard code[j - 1].a == p.a else { continue }
            }
            for operand in AccumulatorOperand.reading where reads[op][Int(operand.rawValue)] != nil {
                if operand.slot(code[k]) == p.a {
                    code[k].accumulator = operand
                    break
                }
            }
        }
    }
}

extension Inst {
    /// Gives the instructions the compiler marked (`accumulator`) their variant handler, where
    /// the instructions before them still run their own handler or its variant (a pair's
    /// passes no accumulator on).
    static func resolveAccumulatorReads(_ code: UnsafeMutablePointer<Inst>, count: Int) {
        let variants = Handlers.readingAccumulator
        for k in 1..<max(count, 1) where code[k].accumulator != .none {
            guard Handlers.isOwnHandler(code[k]),
                  let variant = variants[Int(code[k].op.rawValue)][Int(code[k].accumulator.rawValue)],
                  (max(0, k - 3)..<k).allSatisfy({ code[$0].accumulator != .none || Handlers.isOwnHandler(code[$0]) })
            else {
                code[k].accumulator = .none
                continue
            }
            code[k].handler = variant
        }
    }
}
