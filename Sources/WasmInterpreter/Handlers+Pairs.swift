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
        Pair(first: .load64AddShl, firstSlots: 2, second: .load64AddMul) {
            Handlers.straightPair($0, $1, $2, $3, $4, $5, $6, $7, { Step.loadAddShl($0, $1, $2, $3, as: UInt64.self) }, 2,
                                  { Step.loadAddMul($0, $1, $2, $3, as: UInt64.self) }, 2)
        },
        Pair(first: .f64MulAddL, firstSlots: 2, second: .i32AddImmBrLtUImm) {
            Handlers.branchPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.f64MulAdd(ip, fp); return true }, 2, Step.i32AddImmBrLtUImm, Step.near, 2)
        },
        // Walking a sorted free list: `prev = p; p = *q; if !p break; q = p + 4; while p < x`.
        Pair(first: .copy, firstSlots: 1, second: .load32UBrEqz) { rip, fp, memBase, memSize, st, budget, accF, accS in
            let ip = rip.assumingMemoryBound(to: Inst.self)
            Step.copy(ip, fp)
            let y = ip + 1
            guard let v = Step.load32UTested(y, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
            if _fastPath(v == 0) { return next(Step.loadBranchTarget(y), fp, memBase, memSize, st, budget, accF, accS) }
            return next(y + 2, fp, memBase, memSize, st, budget, accF, accS)
        },
        Pair(first: .i32AddImm, firstSlots: 1, second: .brIfI32LtU) {
            Handlers.branchPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.i32AddImm(ip, fp); return true }, 1, Step.brIfI32LtU, Step.far, 1)
        },
        Pair(first: .load32U, firstSlots: 1, second: .brIfI32LtU) {
            Handlers.branchPair($0, $1, $2, $3, $4, $5, $6, $7, Step.load32U, 1, Step.brIfI32LtU, Step.far, 1)
        },
        // Unrolled byte copies (memcpy, realloc).
        Pair(first: .copy8Add, firstSlots: 2, second: .copy8Add) {
            Handlers.straightPair($0, $1, $2, $3, $4, $5, $6, $7, Step.copy8Add, 2, Step.copy8Add, 2)
        },
        // Two pointer bumps (`d += 1; s += 1`).
        Pair(first: .i32AddImm, firstSlots: 1, second: .i32AddImm) {
            Handlers.straightPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.i32AddImm(ip, fp); return true }, 1,
                                  { ip, fp, _, _ in Step.i32AddImm(ip, fp); return true }, 1)
        },
        Pair(first: .copyPair, firstSlots: 2, second: .load32U) {
            Handlers.straightPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.copyPair(ip, fp); return true }, 2, Step.load32U, 1)
        },
        // A pseudo-random index (`s = s * K1 + K2; i = s >> k`), its arguments copied for a
        // call, and a counted loop whose counter is copied first.
        Pair(first: .i32MulImmAddImm, firstSlots: 2, second: .i32ShrUImm) {
            Handlers.straightPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.i32MulImmAddImm(ip, fp); return true }, 2,
                                  { ip, fp, _, _ in Step.i32ShrUImm(ip, fp); return true }, 1)
        },
        Pair(first: .i32ShrUImm, firstSlots: 1, second: .copyPair) {
            Handlers.straightPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.i32ShrUImm(ip, fp); return true }, 1,
                                  { ip, fp, _, _ in Step.copyPair(ip, fp); return true }, 2)
        },
        Pair(first: .copy, firstSlots: 1, second: .i32AddImmBrNez) {
            Handlers.branchPair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.copy(ip, fp); return true }, 1, { Step.i32AddImmTested($0, $1) != 0 }, Step.far, 1)
        },
        // `switch` in compiled C: on a byte read through a pointer (`switch (*pc++)` of a
        // bytecode VM, a lexer's `switch (*s)`), on a loaded field (`switch (node->kind)`), and
        // on a value less the lowest case (`switch (c)` with cases from 'a'). clang emits each
        // as the load or add just before the `br_table`.
        Pair(first: .load8U, firstSlots: 1, second: .brTable) {
            Handlers.tablePair($0, $1, $2, $3, $4, $5, $6, $7, Step.load8U)
        },
        Pair(first: .load32U, firstSlots: 1, second: .brTable) {
            Handlers.tablePair($0, $1, $2, $3, $4, $5, $6, $7, Step.load32U)
        },
        Pair(first: .i32AddImm, firstSlots: 1, second: .brTable) {
            Handlers.tablePair($0, $1, $2, $3, $4, $5, $6, $7, { ip, fp, _, _ in Step.i32AddImm(ip, fp); return true })
        },
    ]

    /// A step that goes straight on: false when its memory access is out of bounds.
    typealias StraightStep = (UnsafePointer<Inst>, UnsafeMutablePointer<UInt64>, UnsafeMutableRawPointer, UInt64) -> Bool
    /// A branch step: whether the branch is taken.
    typealias BranchStep = (UnsafePointer<Inst>, UnsafeMutablePointer<UInt64>) -> Bool

    /// The handler of a pair of straight steps (`first` taking `firstSlots` code slots).
    @inline(__always)
    static func straightPair(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer,
                             _ memSize: UInt64, _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float,
                             _ first: StraightStep, _ firstSlots: Int, _ second: StraightStep, _ secondSlots: Int) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        guard first(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
        let y = ip + firstSlots
        guard second(y, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
        return nextUnchecked(y + secondSlots, fp, memBase, memSize, st, budget, accF, accS)
    }

    /// A straight step, then a conditional branch: taken to `target(second's ip)`, else
    /// `secondSlots` on. The pairs are loops' back edges, so taken is the likely way.
    @inline(__always)
    static func branchPair(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer,
                           _ memSize: UInt64, _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float,
                           _ first: StraightStep, _ firstSlots: Int,
                           _ second: BranchStep, _ target: (UnsafePointer<Inst>) -> UnsafePointer<Inst>, _ secondSlots: Int) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        guard first(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
        let y = ip + firstSlots
        if _fastPath(second(y, fp)) { return next(target(y), fp, memBase, memSize, st, budget, accF, accS) }
        return next(y + secondSlots, fp, memBase, memSize, st, budget, accF, accS)
    }

    /// A straight step taking one code slot, then the `br_table` after it, whose index it wrote.
    @inline(__always)
    static func tablePair(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer,
                          _ memSize: UInt64, _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float,
                          _ first: StraightStep) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        guard first(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
        return next(Step.brTableTarget(ip + 1, fp), fp, memBase, memSize, st, budget, accF, accS)
    }

    /// `pairs` by the raw value of their first op.
    static let pairsByFirst: [[Pair]] = {
        var byFirst = [[Pair]](repeating: [], count: Op.allCases.count)
        for p in pairs { byFirst[Int(p.first.rawValue)].append(p) }
        return byFirst
    }()
}
