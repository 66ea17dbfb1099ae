import WasmCore

extension Handlers {
    /// Two instructions run by one handler: `first` (taking `firstSlots` code slots) and the
    /// `second` it continues to. Unlike the compiler's fused forms, a pair changes no
    /// instruction: `Inst.resolveHandlers` puts the pair's handler on the first, which reads
    /// both instructions' own fields, and the second keeps its own handler, so a jump landing
    /// on it runs it alone. What each instruction does is its `Step`, shared with its own
    /// handler.
    ///
    /// The pairs are the most frequent adjacent pairs in loops of the bench programs (compiled
    /// C, hand-written loops), counted by instrumenting `next`: loop bodies of two to four
    /// dispatches, which a pair halves.
    struct Pair {
        let first: Op
        let firstSlots: Int
        let second: Op
        let handler: Handler
    }

    static let pairs: [Pair] = [
        // Matrix product: `a[i][k]`, `b[k][j]`, then `s += x * y; k += 1; while k < n`.
        Pair(first: .load64AddShl, firstSlots: 2, second: .load64AddMul) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            guard Step.load64AddShl(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            let y = ip + 2
            guard Step.load64AddMul(y, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            return nextUnchecked(y + 2, fp, memBase, memSize, st, budget)
        },
        Pair(first: .f64MulAddL, firstSlots: 2, second: .i32AddImmBrLtUImm) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.f64MulAddL(ip, fp)
            let y = ip + 2
            if _fastPath(Step.i32AddImmBrLtUImm(y, fp)) { return next(Step.near(y), fp, memBase, memSize, st, budget) }
            return next(y + 2, fp, memBase, memSize, st, budget)
        },
        // Walking a sorted free list: `prev = p; p = *q; if !p break; q = p + 4; while p < x`.
        Pair(first: .copy, firstSlots: 1, second: .load32UBrEqz) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.copy(ip, fp)
            let y = ip + 1
            guard let v = Step.load32UBrEqz(y, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            if _fastPath(v == 0) { return next(Step.loadBranchTarget(y), fp, memBase, memSize, st, budget) }
            return next(y + 2, fp, memBase, memSize, st, budget)
        },
        Pair(first: .i32AddImm, firstSlots: 1, second: .brIfI32LtU) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.i32AddImm(ip, fp)
            let y = ip + 1
            if Step.brIfI32LtU(y, fp) { return next(Step.far(y), fp, memBase, memSize, st, budget) }
            return next(y + 1, fp, memBase, memSize, st, budget)
        },
        Pair(first: .load32U, firstSlots: 1, second: .brIfI32LtU) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            guard Step.load32U(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            let y = ip + 1
            if Step.brIfI32LtU(y, fp) { return next(Step.far(y), fp, memBase, memSize, st, budget) }
            return next(y + 1, fp, memBase, memSize, st, budget)
        },
        // Unrolled byte copies (memcpy, realloc).
        Pair(first: .copy8Add, firstSlots: 2, second: .copy8Add) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            guard Step.copy8Add(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            let y = ip + 2
            guard Step.copy8Add(y, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            return nextUnchecked(y + 2, fp, memBase, memSize, st, budget)
        },
        // Two pointer bumps (`d += 1; s += 1`).
        Pair(first: .i32AddImm, firstSlots: 1, second: .i32AddImm) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.i32AddImm(ip, fp)
            Step.i32AddImm(ip + 1, fp)
            return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget)
        },
        Pair(first: .copyPair, firstSlots: 2, second: .load32U) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.copyPair(ip, fp)
            let y = ip + 2
            guard Step.load32U(y, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, st) }
            return nextUnchecked(y + 1, fp, memBase, memSize, st, budget)
        },
        // A pseudo-random index (`s = s * K1 + K2; i = s >> k`), its arguments copied for a
        // call, and a counted loop whose counter is copied first.
        Pair(first: .i32MulImmAddImm, firstSlots: 2, second: .i32ShrUImm) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.i32MulImmAddImm(ip, fp)
            Step.i32ShrUImm(ip + 2, fp)
            return nextUnchecked(ip + 3, fp, memBase, memSize, st, budget)
        },
        Pair(first: .i32ShrUImm, firstSlots: 1, second: .copyPair) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.i32ShrUImm(ip, fp)
            Step.copyPair(ip + 1, fp)
            return nextUnchecked(ip + 3, fp, memBase, memSize, st, budget)
        },
        Pair(first: .copy, firstSlots: 1, second: .i32AddImmBrNez) { rip, fp, memBase, memSize, st, budget in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.copy(ip, fp)
            let y = ip + 1
            if Step.i32AddImmBrNez(y, fp) { return next(Step.far(y), fp, memBase, memSize, st, budget) }
            return next(y + 1, fp, memBase, memSize, st, budget)
        },
    ]

    /// `pairs` by the raw value of their first op.
    static let pairsByFirst: [[Pair]] = {
        var byFirst = [[Pair]](repeating: [], count: Op.allCases.count)
        for p in pairs { byFirst[Int(p.first.rawValue)].append(p) }
        return byFirst
    }()
}
