import WasmCore

/// Translates one validated function body into register-machine code: every operand lives at a
/// fixed frame slot ([params | locals | constants | operand stack]); `local.get` and constants
/// are not copied but read in place by the consumer (a pending entry), branch targets are
/// resolved to relative offsets, and control-flow joins keep values at canonical stack slots.
struct FunctionCompiler {
    struct Entry {
        /// The slot the value occupies in the operand stack area.
        var canon: UInt32
        /// Where the value can be read now: `canon`, or a local/constant slot.
        var read: UInt32
        var width: UInt8
    }

    enum Kind { case function, block, loop, `if`, `else` }

    struct Ctrl {
        var kind: Kind
        /// Canonical slot where the block's parameters (and results) start.
        var base: UInt32
        /// Operand stack entry count below the block's parameters.
        var depth: Int
        var params: [UInt8]
        var results: [UInt8]
        /// Loop start (for branches to a loop).
        var loopPC: Int
        /// Branch instructions to patch with the end position.
        var patches: [Int]
        /// The conditional jump of an `if` to patch with the `else` (or end) position.
        var elsePatch: Int
        var unreachable: Bool
        /// Index into `handlers` when this block is a `try_table` body.
        var handler = -1
        /// A legacy `try`: the slot holding the caught exnref (for `rethrow`) and its handler.
        var exnSlot = UInt32.max
        var legacyHandler = -1
    }

    let ctx: CompileContext
    var code: [Inst] = []
    var stack: [Entry] = []
    var ctrl: [Ctrl] = []
    var height: UInt32 = 0
    var maxHeight: UInt32 = 0
    var localSlots: [UInt32] = []
    var localWidths: [UInt8] = []
    var consts: [UInt64] = []
    var constSlots: [ConstKey: UInt32] = [:]
    var constStart: UInt32 = 0
    var resultSlots: UInt32 = 0
    /// The instruction whose destination is the top entry's canonical slot, while no label
    /// separates it from the current position (so its destination may be retargeted).
    var lastProducer = -1
    /// An i32.add/sub just retargeted by `local.tee` (its result is the top entry, read from
    /// the local), while nothing else was emitted or bound after it.
    var teeProducer = -1
    /// The last position a jump, a loop or a handler range starts at: instructions before it
    /// and after it may not be merged or reordered across it.
    var labelFloor = 0 { didSet { labelPositions.append(labelFloor) } }
    /// Every position a jump, a loop or a handler range lands on (for `markAccumulatorReads`).
    var labelPositions: [Int] = []
    /// Instructions emitted since the last one that counts the dispatch budget.
    var uncheckedRun = 0
    var handlers: [CompiledHandler] = []
    /// Slots after the constants, one per legacy `try`, for the exception its catch received.
    var exnSlotStart: UInt32 = 0
    var legacyTries: UInt32 = 0

    struct ConstKey: Hashable { var lo: UInt64; var hi: UInt64; var wide: Bool }

    init(ctx: CompileContext) { self.ctx = ctx }

    static func width(_ t: ValType) -> UInt8 { t == .v128 ? 2 : 1 }

    static func unsupported(_ op: Opcode) -> Diagnostic {
        Diagnostic(.instantiate, "unsupported: \(op.name)")
    }

    mutating func compile(_ function: Function) throws(Diagnostic) -> CompiledFunction {
        let type = ctx.funcType(typeIndex: function.typeIndex)
        var slot: UInt32 = 0
        for p in type.params {
            localSlots.append(slot)
            localWidths.append(Self.width(p))
            slot += UInt32(Self.width(p))
        }
        let paramSlots = slot
        for l in function.locals {
            localSlots.append(slot)
            localWidths.append(Self.width(l))
            slot += UInt32(Self.width(l))
        }
        let localEnd = slot
        constStart = localEnd
        collectConstants(function.body)
        exnSlotStart = constStart + UInt32(consts.count)
        height = exnSlotStart + Self.legacyTryCount(body: function.body)
        maxHeight = height
        let results = type.results.map(Self.width)
        resultSlots = results.reduce(0) { $0 + UInt32($1) }
        ctrl.append(Ctrl(kind: .function, base: height, depth: 0, params: [], results: results,
                         loopPC: 0, patches: [], elsePatch: -1, unreachable: false))
        if ctx.fuel { emit(Inst(.fuel)) }
        let body = function.body
        var skipDepth = 0
        for (n, ins) in body.instructions.enumerated() {
            if ctrl.isEmpty { break }
            if ctrl[ctrl.count - 1].unreachable {
                switch ins.opcode {
                case .block, .loop, .if, .tryTable, .try:
                    skipDepth += 1
                    continue
                case .end, .delegate:
                    if skipDepth > 0 { skipDepth -= 1; continue }
                case .else, .catch, .catchAll:
                    if skipDepth > 0 { continue }
                default:
                    continue
                }
            }
            do {
                try instruction(ins, body)
            } catch {
                var d = error
                if n < body.offsets.count { d.location = .text(offset: body.offsets[n], length: 1) }
                throw d
            }
        }
        threadJumps()
        foldConstantOperands()
        markAccumulatorReads()
        return CompiledFunction(code: code, consts: consts, paramSlots: paramSlots, localStart: paramSlots,
                                localCount: localEnd - paramSlots, constStart: constStart,
                                frameSize: max(maxHeight, resultSlots) + 2, handlers: handlers)
    }

    /// Replaces `br` to a return by the return itself, and `br` to `br` by the final target.
    /// A `br_table`'s entries stay `br`s (to a return, if that is where they go): its handler
    /// jumps to the chosen entry's target without running the entry.
    private mutating func threadJumps() {
        var tableEnd = 0
        for i in code.indices where code[i].op == .br || code[i].op == .brTable {
            if code[i].op == .brTable {
                if code[i].imm == 0 { tableEnd = max(tableEnd, i + 2 + Int(code[i].c)) }
                continue
            }
            var target = i + 1 + Int(Int64(bitPattern: code[i].imm))
            var hops = 0
            while target >= 0 && target < code.count && code[target].op == .br && hops < 8 {
                target = target + 1 + Int(Int64(bitPattern: code[target].imm))
                hops += 1
            }
            guard target >= 0 && target < code.count else { continue }
            switch code[target].op {
            case .ret, .ret1, .unreachable:
                if i >= tableEnd { code[i] = code[target] } else { patch(i, to: target) }
            default:
                patch(i, to: target)
            }
        }
        // `copy x <- y; ret1 x` (a result materialized at a block end, then returned) becomes
        // `ret1 y`. The old `ret1 x` stays for any jump that lands on it.
        for i in code.indices.dropFirst() where code[i].op == .ret1 && code[i - 1].op == .copy && code[i - 1].a == code[i].b {
            code[i - 1] = Inst(.ret1, b: code[i - 1].b)
        }
    }

    // MARK: Constants

    /// Pairs of adjacent instructions done by one dispatch. The second of a pair stays in place
    /// (a jump may land on it) and the fused first one skips it.
    private mutating func fuseAdjacent(stackStart: UInt32) {
        var i = 0
        while i + 1 < code.count {
            if let fused = Self.fusedPair(code[i], code[i + 1], at: i, stackStart: stackStart) {
                code[i] = fused
                i += 2
            } else {
                i += 1
            }
        }
    }

    /// The one instruction doing `x` then `y` (at `i` and `i + 1`), if there is one.
    private static func fusedPair(_ x: Inst, _ y: Inst, at i: Int, stackStart: UInt32) -> Inst? {
        // `x`'s result when it is an operand-stack temporary that `y` reads exactly once: the
        // operand of `y` that is not it.
        func otherOperand() -> UInt32? {
            let t = x.a
            guard t >= stackStart, (y.b == t) != (y.c == t) else { return nil }
            return y.b == t ? y.c : y.b
        }
        // `y`'s jump, measured from the fused instruction (32 bits).
        func branchOffset() -> UInt64? {
            let target = i + 2 + Int(Int64(bitPattern: y.imm))
            guard let off = Int32(exactly: target - (i + 1)) else { return nil }
            return UInt64(UInt32(bitPattern: off))
        }
        switch (x.op, y.op) {
        case (.i32AddImm, .brIfI32LtU) where y.c == x.a && y.b != x.a:
            // `k <u (x + K)`: the sum on the right, as `(x + K) >u k`.
            guard let off = branchOffset() else { return nil }
            return Inst(.i32AddImmBrGtU, a: x.a, b: x.b, c: x.c, imm: UInt64(y.b) << 32 | off)
        case (.i32Add, .brIfI32LtU), (.i32AddImm, .brIfI32LtU), (.i32Add, .brIfI32LtUImm), (.i32AddImm, .brIfI32LtUImm):
            guard y.b == x.a, let off = branchOffset() else { return nil }
            let op: Op
            switch (x.op, y.op) {
            case (.i32Add, .brIfI32LtU): op = .i32AddBrLtU
            case (.i32AddImm, .brIfI32LtU): op = .i32AddImmBrLtU
            case (.i32Add, _): op = .i32AddBrLtUImm
            default: op = .i32AddImmBrLtUImm
            }
            return Inst(op, a: x.a, b: x.b, c: x.c, imm: UInt64(y.c) << 32 | off)
        case (.i32AddImm, .call):
            guard y.imm <= 0xFFFF_FFFF else { return nil }
            return Inst(.i32AddImmCall, a: x.a, b: x.b, c: x.c, imm: UInt64(y.b) << 32 | y.imm)
        case (.load32U, .brIfEqz), (.load32U, .brIfNot), (.load32U, .brIfNez), (.load32U, .brIf):
            // A loaded pointer tested for null: `while (p = p->next)`.
            guard y.b == x.a, x.imm <= 0xFFFF_FFFF, let off = branchOffset() else { return nil }
            let zero = y.op == .brIfEqz || y.op == .brIfNot
            return Inst(zero ? .load32UBrEqz : .load32UBrNez, a: x.a, b: x.b, imm: off << 32 | x.imm)
        case (.copy, .copy):
            return Inst(.copyPair, a: x.a, b: x.b, c: y.a, imm: UInt64(y.b))
        case (.i32Add, .ret1):
            // The sum goes straight to the result slot; its temporary dies with the frame.
            guard y.b == x.a, x.a >= stackStart else { return nil }
            return Inst(.i32AddRet1, b: x.b, c: x.c)
        case (.i32ShlImm, .load32UAdd), (.i32ShlImm, .load64Add):
            // The shifted index is an operand-stack temporary only the address add reads.
            guard let base = otherOperand(), y.imm <= 0xFFFF_FFFF else { return nil }
            return Inst(y.op == .load32UAdd ? .load32UAddShl : .load64AddShl, a: y.a, b: x.b, c: base,
                        imm: y.imm | UInt64(x.c & 31) << 32)
        case (.i32MulImm, .load32UAdd), (.i32MulImm, .load64Add):
            // `base + i * K` addressing (rows of a matrix, arrays of records).
            guard let base = otherOperand(), y.imm <= 0xFFFF_FFFF else { return nil }
            return Inst(y.op == .load32UAdd ? .load32UAddMul : .load64AddMul, a: y.a, b: x.b, c: base,
                        imm: y.imm | UInt64(x.c) << 32)
        case (.i64Shl, .i64Xor), (.i64ShrU, .i64Xor), (.i64Mul, .i64Add):
            // `o ^ (x << s)`, `o ^ (x >> s)` (xorshift, hashes) and `o + x * y`.
            guard let other = otherOperand() else { return nil }
            let op: Op = x.op == .i64Shl ? .i64ShlXor : (x.op == .i64ShrU ? .i64ShrUXor : .i64MulAdd)
            return Inst(op, a: y.a, b: x.b, c: x.c, imm: UInt64(other))
        case (.load8U, .i32Add), (.load32U, .i32Add):
            // `s += a[i]`: the loaded value only the add reads.
            guard let other = otherOperand(), x.imm <= 0xFFFF_FFFF else { return nil }
            return Inst(x.op == .load8U ? .i32AddLoad8U : .i32AddLoad32U, a: y.a, b: x.b, c: other, imm: x.imm)
        case (.load8UAdd, .store8Add), (.load32UAdd, .store32Add):
            // `d[k] = s[k]` (unrolled byte and word copies): the loaded value only the store
            // reads, both addresses adding the same `k`.
            let t = x.a
            guard t >= stackStart, y.c == t, y.b != t, y.a == x.c, x.imm <= 0xFFFF_FFFF, y.imm <= 0xFFFF_FFFF
            else { return nil }
            return Inst(x.op == .load8UAdd ? .copy8Add : .copy32Add, a: x.b, b: y.b, c: x.c, imm: y.imm << 32 | x.imm)
        case (.i32ShrUImm, .i32AndImm):
            // `(x >> k) & mask`: a bit field.
            guard x.a >= stackStart, y.b == x.a else { return nil }
            return Inst(.i32ShrUImmAndImm, a: y.a, b: x.b, c: x.c, imm: UInt64(y.c))
        case (.i32MulImm, .i32AddImm):
            // `x * K1 + K2` (linear congruential generators, index arithmetic).
            guard x.a >= stackStart, y.b == x.a else { return nil }
            return Inst(.i32MulImmAddImm, a: y.a, b: x.b, c: x.c, imm: UInt64(y.c))
        case (.f64Mul, .f64Add):
            guard let other = otherOperand() else { return nil }
            return Inst(y.b == x.a ? .f64MulAddR : .f64MulAddL, a: y.a, b: x.b, c: x.c,
                        imm: UInt64(x.a) << 32 | UInt64(other))
        default:
            return nil
        }
    }

    /// Rewrites i32 instructions whose second operand is a constant slot into forms holding the
    /// constant in `c`, then drops the constants no instruction reads any more from the frame
    /// copy every call makes (all of them, in small leaf functions such as `fib`).
    private mutating func foldConstantOperands() {
        let end = constStart + UInt32(consts.count)
        func constant(_ slot: UInt32) -> UInt32? {
            guard slot >= constStart && slot < end else { return nil }
            return UInt32(truncatingIfNeeded: consts[Int(slot - constStart)])
        }
        for i in code.indices {
            guard let k = constant(code[i].c) else { continue }
            let op: Op
            var value = k
            switch code[i].op {
            case .i32Add: op = .i32AddImm
            case .i32Sub: op = .i32AddImm; value = 0 &- k
            case .i32Mul: op = .i32MulImm
            case .i32And: op = .i32AndImm
            case .i32Or: op = .i32OrImm
            case .i32Xor: op = .i32XorImm
            case .i32Shl: op = .i32ShlImm
            case .i32ShrS: op = .i32ShrSImm
            case .i32ShrU: op = .i32ShrUImm
            case .i32AddBrNez: op = .i32AddImmBrNez
            case .i32AddBrEqz: op = .i32AddImmBrEqz
            case .i32SubBrNez: op = .i32AddImmBrNez; value = 0 &- k
            case .i32SubBrEqz: op = .i32AddImmBrEqz; value = 0 &- k
            case .brIfI32Eq: op = .brIfI32EqImm
            case .brIfI32Ne: op = .brIfI32NeImm
            case .brIfI32LtS: op = .brIfI32LtSImm
            case .brIfI32LtU: op = .brIfI32LtUImm
            case .brIfI32GtS: op = .brIfI32GtSImm
            case .brIfI32GtU: op = .brIfI32GtUImm
            case .brIfI32LeS: op = .brIfI32LeSImm
            case .brIfI32LeU: op = .brIfI32LeUImm
            case .brIfI32GeS: op = .brIfI32GeSImm
            case .brIfI32GeU: op = .brIfI32GeUImm
            default: continue
            }
            code[i].op = op
            code[i].c = value
        }
        fuseAdjacent(stackStart: end)
        // Conservative: any field of any remaining instruction that could name a constant slot
        // (operands, and the slot positions `select` and SIMD keep in `imm`) keeps it copied.
        var needed: UInt32 = 0
        func mark(_ slot: UInt64) {
            if slot >= UInt64(constStart) && slot < UInt64(end) { needed = max(needed, UInt32(slot) - constStart + 2) }
        }
        for ins in code {
            switch ins.op {
            case .i32AddImm, .i32MulImm, .i32AndImm, .i32OrImm, .i32XorImm, .i32ShlImm, .i32ShrSImm, .i32ShrUImm,
                 .i32AddImmBrNez, .i32AddImmBrEqz, .brIfI32EqImm, .brIfI32NeImm, .brIfI32LtSImm, .brIfI32LtUImm,
                 .brIfI32GtSImm, .brIfI32GtUImm, .brIfI32LeSImm, .brIfI32LeUImm, .brIfI32GeSImm, .brIfI32GeUImm,
                 .i32AddImmBrLtUImm, .i32AddImmCall, .i32MulImmAddImm, .i32ShrUImmAndImm:
                mark(UInt64(ins.a))
                mark(UInt64(ins.b))
            case .br, .ret, .fuel, .unreachable, .call, .returnCall:
                break  // `imm` is a jump offset or a function address; `b` of a call is above the constants
            case .brIf, .brIfNot, .brIfEqz, .brIfNez, .brTable, .load32UBrEqz, .load32UBrNez, .i32AddBrNez, .i32AddBrEqz, .i32SubBrNez, .i32SubBrEqz,
                 .brIfI32Eq, .brIfI32Ne, .brIfI32LtS, .brIfI32LtU, .brIfI32GtS, .brIfI32GtU,
                 .brIfI32LeS, .brIfI32LeU, .brIfI32GeS, .brIfI32GeU:
                mark(UInt64(ins.a))
                mark(UInt64(ins.b))
                mark(UInt64(ins.c))
            default:
                mark(UInt64(ins.a))
                mark(UInt64(ins.b))
                mark(UInt64(ins.c))
                mark(ins.imm & 0xFFFF_FFFF)
                mark(ins.imm >> 32)
                mark((ins.imm >> 16) & 0xFFFF_FFFF)
            }
        }
        if Int(needed) < consts.count { consts.removeLast(consts.count - Int(needed)) }
    }

    private mutating func collectConstants(_ body: Expression) {
        for ins in body.instructions {
            switch ins.immediate {
            case .i32(let v) where ins.opcode == .i32Const: addConst(UInt64(UInt32(bitPattern: v)), 0, wide: false)
            case .i64(let v) where ins.opcode == .i64Const: addConst(UInt64(bitPattern: v), 0, wide: false)
            case .f32(let v) where ins.opcode == .f32Const: addConst(UInt64(v), 0, wide: false)
            case .f64(let v) where ins.opcode == .f64Const: addConst(v, 0, wide: false)
            case .v128(let v) where ins.opcode == .v128Const: addConst(v.lo, v.hi, wide: true)
            case .heapType where ins.opcode == .refNull: addConst(0, 0, wide: false)
            case .index(let f) where ins.opcode == .refFunc:
                let fi = Int(f)
                if fi < ctx.funcAddrs.count { addConst(RefBits.function(ctx.funcAddrs[fi]), 0, wide: false) }
            default: break
            }
        }
    }

    private mutating func addConst(_ lo: UInt64, _ hi: UInt64, wide: Bool) {
        let key = ConstKey(lo: lo, hi: hi, wide: wide)
        if constSlots[key] != nil { return }
        constSlots[key] = constStart + UInt32(consts.count)
        consts.append(lo)
        if wide { consts.append(hi) }
    }

    private mutating func pushConst(_ lo: UInt64, _ hi: UInt64 = 0, wide: Bool = false) {
        guard let s = constSlots[ConstKey(lo: lo, hi: hi, wide: wide)] else { return }
        stack.append(Entry(canon: height, read: s, width: wide ? 2 : 1))
        height += wide ? 2 : 1
        maxHeight = max(maxHeight, height)
        lastProducer = -1
    }

    // MARK: Stack

    @discardableResult
    mutating func emit(_ i: Inst) -> Int {
        if Handlers.continuesUnchecked[Int(i.op.rawValue)] {
            if uncheckedRun >= checkpointSpacing {
                code.append(Inst(.checkpoint))
                uncheckedRun = 0
            }
            uncheckedRun += 1
        } else {
            uncheckedRun = 0
        }
        code.append(i)
        lastProducer = -1
        teeProducer = -1
        return code.count - 1
    }

    /// Pushes a fresh canonical entry and returns its slot.
    mutating func push(_ width: UInt8) -> UInt32 {
        let s = height
        stack.append(Entry(canon: s, read: s, width: width))
        height += UInt32(width)
        maxHeight = max(maxHeight, height)
        return s
    }

    mutating func pop() -> Entry {
        guard let e = stack.popLast() else { return Entry(canon: height, read: height, width: 1) }
        height = e.canon
        return e
    }

    /// Emits a value-producing instruction whose destination is a new top entry.
    mutating func produce(_ op: Op, b: UInt32 = 0, c: UInt32 = 0, imm: UInt64 = 0, width: UInt8 = 1) {
        let dst = push(width)
        let at = emit(Inst(op, a: dst, b: b, c: c, imm: imm))
        lastProducer = at
    }

    private mutating func materialize(_ i: Int) {
        let e = stack[i]
        if e.read != e.canon {
            emit(Inst(e.width == 2 ? .copy2 : .copy, a: e.canon, b: e.read))
            stack[i].read = e.canon
        }
    }

    mutating func materializeAll() {
        for i in stack.indices { materialize(i) }
    }

    mutating func materializeTop(_ n: Int) {
        for i in max(0, stack.count - n)..<stack.count { materialize(i) }
    }

    /// Materializes pending entries that read a local's slots, before the local changes.
    private mutating func materializeReaders(of slot: UInt32, width: UInt8) -> Bool {
        var any = false
        for i in stack.indices where stack[i].read != stack[i].canon {
            let r = stack[i].read
            if r < slot + UInt32(width) && slot < r + UInt32(stack[i].width) {
                materialize(i)
                any = true
            }
        }
        return any
    }

    mutating func setUnreachable() {
        guard !ctrl.isEmpty else { return }
        let c = ctrl[ctrl.count - 1]
        while stack.count > c.depth { _ = pop() }
        height = c.base
        ctrl[ctrl.count - 1].unreachable = true
        lastProducer = -1
    }

    /// The position of the `i32.add` whose sum is a store's address and read by nothing else, when
    /// the store can do the add itself: the add is the last instruction, or the one before a
    /// load computing the stored value (which then moves before the store; it neither reads the
    /// sum nor writes the add's operands). No label may follow the add.
    private func addressAdd(_ addr: Entry, value v: Entry) -> Int? {
        guard addr.read == addr.canon, v.read != addr.canon else { return nil }
        func isAdd(_ k: Int) -> Bool {
            k >= 0 && k >= labelFloor && code[k].op == .i32Add && code[k].a == addr.canon
        }
        let last = code.count - 1
        if isAdd(last) { return last }
        guard isAdd(last - 1) else { return nil }
        let load = code[last]
        let add = code[last - 1]
        switch load.op {
        case .load8S, .load8U, .load16S, .load16U, .load32S, .load32U, .load64,
             .load8SAdd, .load8UAdd, .load16SAdd, .load16UAdd, .load32SAdd, .load32UAdd, .load64Add:
            guard load.a == v.read, load.a != add.b, load.a != add.c,
                  load.b != add.a, load.c != add.a || load.op.rawValue <= Op.load64.rawValue else { return nil }
            return last - 1
        default:
            return nil
        }
    }

    /// Binds pending jumps to the current position.
    private mutating func bind(_ sites: [Int]) {
        for s in sites { patch(s, to: code.count) }
        lastProducer = -1
    }

    mutating func patch(_ site: Int, to target: Int) {
        labelPositions.append(target)
        if target >= code.count {
            teeProducer = -1
            labelFloor = code.count
        }
        guard site >= 0 && site < code.count else { return }
        code[site].imm = UInt64(bitPattern: Int64(target - (site + 1)))
    }

    // MARK: Branches

    private func labelWidths(_ c: Ctrl) -> [UInt8] { c.kind == .loop ? c.params : c.results }

    /// Whether branching to `depth` needs copies of the branch values.
    func needsCopies(_ depth: Int) -> Bool {
        let c = ctrl[depth]
        if c.kind == .function { return true }
        let widths = labelWidths(c)
        var dest = c.base
        let first = stack.count - widths.count
        for i in 0..<widths.count {
            let e = stack[first + i]
            if e.read != dest { return true }
            dest += UInt32(e.width)
        }
        return false
    }

    /// Emits the copies and the jump of an unconditional branch to control entry `depth`.
    mutating func emitBranch(_ depth: Int) {
        let c = ctrl[depth]
        if c.kind == .function {
            emitReturn()
            return
        }
        let widths = labelWidths(c)
        var dest = c.base
        let first = stack.count - widths.count
        for i in 0..<widths.count {
            let e = stack[first + i]
            if e.read != dest { emit(Inst(e.width == 2 ? .copy2 : .copy, a: dest, b: e.read)) }
            dest += UInt32(e.width)
        }
        if c.kind == .loop && (rotateBackEdge(depth) || repeatDispatch(depth)) { return }
        let at = emit(Inst(.br))
        if c.kind == .loop { patch(at, to: c.loopPC) } else { ctrl[depth].patches.append(at) }
    }

    /// A loop whose header is a conditional exit (`loop (br_if $out cond) … (br $loop)`):
    /// the back edge repeats the test, negated, and jumps past the header, so an iteration
    /// dispatches one instruction less. Returns false when the header is not such a test.
    private mutating func rotateBackEdge(_ depth: Int) -> Bool {
        let h = ctrl[depth].loopPC
        guard h < code.count, let negated = Self.negatedBranch(code[h].op) else { return false }
        let header = code[h]
        let headerTarget = h + 1 + Int(Int64(bitPattern: header.imm))
        // The exit target: resolved already (backward), or pending in some label's patch list.
        var owner = -1
        for k in ctrl.indices where ctrl[k].patches.contains(h) { owner = k }
        if owner < 0 && ctrl.contains(where: { $0.elsePatch == h }) { return false }
        if owner < 0 && (headerTarget < 0 || headerTarget > h) { return false }
        let test = emit(Inst(negated, a: header.a, b: header.b, c: header.c))
        patch(test, to: h + 1)
        let exit = emit(Inst(.br))
        if owner >= 0 { ctrl[owner].patches.append(exit) } else { patch(exit, to: headerTarget) }
        return true
    }

    /// A loop whose header is a `br_table`, after at most `maxRepeatedHeader` straight-line
    /// instructions computing its index (an interpreter's `loop (br_table … (i32.load8_u
    /// (local.get $pc)))`, what clang makes of `for (;;) switch (*pc)`): the back edge repeats
    /// those instructions and the `br_table` (which reads the original's entries) instead of
    /// jumping to them, one dispatch less per iteration. The copy runs on the frame the header
    /// would see after the jump: it ends in the `br_table`, so nothing after it reads what it
    /// writes. Returns false when the header is not such a dispatch.
    private mutating func repeatDispatch(_ depth: Int) -> Bool {
        let h = ctrl[depth].loopPC
        var k = h
        while k < code.count && code[k].op != .brTable {
            let op = code[k].op
            guard k - h < Self.maxRepeatedHeader, op == .checkpoint || Handlers.continuesUnchecked[Int(op.rawValue)]
            else { return false }
            k += 1
        }
        guard k < code.count, code[k].imm == 0 else { return false }
        for j in h..<k where code[j].op != .checkpoint { emit(code[j]) }
        var dispatch = code[k]
        dispatch.imm = UInt64(bitPattern: Int64(k - code.count))
        emit(dispatch)
        return true
    }

    static let maxRepeatedHeader = 4

    private static func negatedBranch(_ op: Op) -> Op? {
        switch op {
        case .brIf: return .brIfNot
        case .brIfNot: return .brIf
        case .brIfEqz: return .brIfNez
        case .brIfNez: return .brIfEqz
        case .brIfI32Eq: return .brIfI32Ne
        case .brIfI32Ne: return .brIfI32Eq
        case .brIfI32LtS: return .brIfI32GeS
        case .brIfI32GeS: return .brIfI32LtS
        case .brIfI32LtU: return .brIfI32GeU
        case .brIfI32GeU: return .brIfI32LtU
        case .brIfI32GtS: return .brIfI32LeS
        case .brIfI32LeS: return .brIfI32GtS
        case .brIfI32GtU: return .brIfI32LeU
        case .brIfI32LeU: return .brIfI32GtU
        default: return nil
        }
    }

    /// Registers a jump instruction (already emitted) as targeting control entry `depth`.
    mutating func target(_ at: Int, _ depth: Int) {
        if ctrl[depth].kind == .loop { patch(at, to: ctrl[depth].loopPC) } else { ctrl[depth].patches.append(at) }
    }

    private mutating func emitReturn() {
        let n = ctrl[0].results.count
        let first = stack.count - n
        if n == 1 && stack[first].width == 1 {
            emit(Inst(.ret1, b: stack[first].read))
            return
        }
        // Works on a copy: a return may sit on a conditional path (br_if, br_table stubs), so
        // it must not change what the fall-through code believes about the stack.
        var entries = Array(stack[first..<stack.count])
        var clobbers = false
        for e in entries where e.read != e.canon && e.read < resultSlots { clobbers = true }
        if clobbers {
            for k in entries.indices where entries[k].read != entries[k].canon {
                emit(Inst(entries[k].width == 2 ? .copy2 : .copy, a: entries[k].canon, b: entries[k].read))
                entries[k].read = entries[k].canon
            }
        }
        var dest: UInt32 = 0
        for e in entries {
            if e.read != dest { emit(Inst(e.width == 2 ? .copy2 : .copy, a: dest, b: e.read)) }
            dest += UInt32(e.width)
        }
        emit(Inst(.ret))
    }

    /// A conditional jump on an i32 entry; fuses a compare that produced it just before.
    /// Returns the jump's index for patching.
    private mutating func condJump(_ cond: Entry, ifTrue: Bool) -> Int {
        if teeProducer >= 0 && teeProducer == code.count - 1 && code[teeProducer].a == cond.read && cond.read != cond.canon {
            let at = teeProducer
            switch code[at].op {
            case .i32Add: code[at].op = ifTrue ? .i32AddBrNez : .i32AddBrEqz
            case .i32Sub: code[at].op = ifTrue ? .i32SubBrNez : .i32SubBrEqz
            default: return emit(Inst(ifTrue ? .brIf : .brIfNot, b: cond.read))
            }
            teeProducer = -1
            lastProducer = -1
            return at
        }
        if lastProducer >= 0 && lastProducer == code.count - 1 && code[lastProducer].a == cond.canon && cond.read == cond.canon,
           let fused = Self.fusedBranch(code[lastProducer].op, ifTrue: ifTrue) {
            code[lastProducer].op = fused
            let at = lastProducer
            lastProducer = -1
            return at
        }
        return emit(Inst(ifTrue ? .brIf : .brIfNot, b: cond.read))
    }

    private static func fusedBranch(_ op: Op, ifTrue: Bool) -> Op? {
        switch op {
        case .i32Eqz: return ifTrue ? .brIfEqz : .brIfNez
        // `ref.is_null` tested by a branch: the reference (in `b`) itself, all 64 bits.
        case .refIsNull: return ifTrue ? .brOnNull : .brOnNonNull
        case .i32Eq: return ifTrue ? .brIfI32Eq : .brIfI32Ne
        case .i32Ne: return ifTrue ? .brIfI32Ne : .brIfI32Eq
        case .i32LtS: return ifTrue ? .brIfI32LtS : .brIfI32GeS
        case .i32LtU: return ifTrue ? .brIfI32LtU : .brIfI32GeU
        case .i32GtS: return ifTrue ? .brIfI32GtS : .brIfI32LeS
        case .i32GtU: return ifTrue ? .brIfI32GtU : .brIfI32LeU
        case .i32LeS: return ifTrue ? .brIfI32LeS : .brIfI32GtS
        case .i32LeU: return ifTrue ? .brIfI32LeU : .brIfI32GtU
        case .i32GeS: return ifTrue ? .brIfI32GeS : .brIfI32LtS
        case .i32GeU: return ifTrue ? .brIfI32GeU : .brIfI32LtU
        default: return nil
        }
    }

    /// The control entry a label names; validation guarantees it exists, a bad module gets a
    /// diagnostic rather than a crash.
    func ctrlIndex(_ label: UInt32) throws(Diagnostic) -> Int {
        let k = ctrl.count - 1 - Int(label)
        guard k >= 0 else { throw Diagnostic(.instantiate, "unknown label \(label)") }
        let arity = labelWidths(ctrl[k]).count
        guard stack.count - ctrl[ctrl.count - 1].depth >= arity || ctrl[ctrl.count - 1].unreachable else {
            throw Diagnostic(.instantiate, "type mismatch: branch needs \(arity) values")
        }
        return k
    }

    /// Checks that the operand stack holds `n` values of the current block.
    func require(_ n: Int) throws(Diagnostic) {
        guard let c = ctrl.last, stack.count - c.depth >= n else {
            throw Diagnostic(.instantiate, "type mismatch: expected \(n) operands")
        }
    }

    // MARK: Instructions

    private mutating func instruction(_ ins: Instruction, _ body: Expression) throws(Diagnostic) {
        let op = ins.opcode
        switch op {
        case .nop:
            break
        case .unreachable:
            emit(Inst(.unreachable))
            setUnreachable()
        case .block, .loop, .if:
            guard case .blockType(let bt) = ins.immediate else { throw Self.unsupported(op) }
            let ft = ctx.blockType(bt)
            var cond = Entry(canon: 0, read: 0, width: 1)
            if op == .if { cond = pop() }
            materializeAll()
            let params = ft.params.map(Self.width)
            let paramCount = params.count
            let base = paramCount <= stack.count ? (paramCount == 0 ? height : stack[stack.count - paramCount].canon) : height
            var c = Ctrl(kind: op == .loop ? .loop : (op == .if ? .if : .block), base: base,
                         depth: stack.count - paramCount, params: params, results: ft.results.map(Self.width),
                         loopPC: code.count, patches: [], elsePatch: -1, unreachable: false)
            if op == .if {
                c.elsePatch = condJump(cond, ifTrue: false)
            }
            if op == .loop {
                lastProducer = -1
                teeProducer = -1
                c.loopPC = code.count
                labelFloor = code.count
                if ctx.fuel { emit(Inst(.fuel)) }
            }
            ctrl.append(c)
        case .else:
            let k = ctrl.count - 1
            let c = ctrl[k]
            if !c.unreachable {
                try require(c.results.count)
                materializeTop(c.results.count)
                let at = emit(Inst(.br))
                ctrl[k].patches.append(at)
            }
            patch(c.elsePatch, to: code.count)
            ctrl[k].elsePatch = -1
            lastProducer = -1
            while stack.count > c.depth { _ = pop() }
            height = c.base
            for w in c.params { _ = push(w) }
            ctrl[k].kind = .else
            ctrl[k].unreachable = false
        case .end:
            let k = ctrl.count - 1
            let c = ctrl[k]
            if c.kind == .function {
                if !c.unreachable {
                    try require(c.results.count)
                    emitReturn()
                }
                ctrl.removeLast()
                return
            }
            if c.handler >= 0 {
                handlers[c.handler].end = code.count
                labelFloor = code.count
            }
            if !c.unreachable {
                try require(c.results.count)
                materializeTop(c.results.count)
            }
            if c.elsePatch >= 0 { patch(c.elsePatch, to: code.count) }
            bind(c.patches)
            ctrl.removeLast()
            while stack.count > c.depth { _ = pop() }
            height = c.base
            for w in c.results { _ = push(w) }
        case .br:
            guard case .index(let l) = ins.immediate else { throw Self.unsupported(op) }
            emitBranch(try ctrlIndex(l))
            setUnreachable()
        case .brIf:
            guard case .index(let l) = ins.immediate else { throw Self.unsupported(op) }
            let d = try ctrlIndex(l)
            let cond = pop()
            if !needsCopies(d) {
                let at = condJump(cond, ifTrue: true)
                target(at, d)
            } else {
                let skip = condJump(cond, ifTrue: false)
                emitBranch(d)
                patch(skip, to: code.count)
                lastProducer = -1
            }
        case .brTable:
            guard case .brTable(let r) = ins.immediate else { throw Self.unsupported(op) }
            let labels = Array(body.labels(r))
            let index = pop()
            let n = labels.count - 1
            emit(Inst(.brTable, b: index.read, c: UInt32(max(n, 0))))
            var stubs: [(Int, Int)] = []
            for l in labels {
                let d = try ctrlIndex(l)
                let at = emit(Inst(.br))
                if needsCopies(d) { stubs.append((at, d)) } else { target(at, d) }
            }
            for (at, d) in stubs {
                patch(at, to: code.count)
                emitBranch(d)
            }
            setUnreachable()
        case .return:
            try require(ctrl[0].results.count)
            emitReturn()
            setUnreachable()
        case .call, .returnCall:
            guard case .index(let f) = ins.immediate, Int(f) < ctx.funcAddrs.count else { throw Self.unsupported(op) }
            let ft = ctx.funcType(ofFunction: f)
            try emitCall(op == .call ? .call : .returnCall, ft, imm: UInt64(ctx.funcAddrs[Int(f)]), extra: nil)
        case .callIndirect, .returnCallIndirect:
            guard case .indices(let ti, let tab) = ins.immediate, Int(tab) < ctx.tables.count, Int(ti) < ctx.typeIDs.count
            else { throw Self.unsupported(op) }
            let ft = ctx.funcType(typeIndex: ti)
            let index = pop()
            try emitCall(op == .callIndirect ? .callIndirect : .returnCallIndirect, ft,
                         imm: UInt64(UInt(bitPattern: ctx.tables[Int(tab)])), extra: (index.read, UInt32(ctx.typeIDs[Int(ti)])))
        case .callRef, .returnCallRef:
            guard case .index(let ti) = ins.immediate else { throw Self.unsupported(op) }
            let ft = ctx.funcType(typeIndex: ti)
            let ref = pop()
            try emitCall(op == .callRef ? .callRef : .returnCallRef, ft, imm: 0, extra: (ref.read, 0))
        case .drop:
            _ = pop()
        case .select, .selectTyped:
            try require(3)
            let cond = pop()
            let v2 = pop()
            let v1 = pop()
            produce(v1.width == 2 ? .select2 : .select, b: v1.read, c: v2.read, imm: UInt64(cond.read), width: v1.width)
        case .localGet:
            guard case .index(let x) = ins.immediate, Int(x) < localSlots.count else { throw Self.unsupported(op) }
            let w = localWidths[Int(x)]
            stack.append(Entry(canon: height, read: localSlots[Int(x)], width: w))
            height += UInt32(w)
            maxHeight = max(maxHeight, height)
            lastProducer = -1
        case .localSet, .localTee:
            guard case .index(let x) = ins.immediate, Int(x) < localSlots.count else { throw Self.unsupported(op) }
            let slot = localSlots[Int(x)]
            let w = localWidths[Int(x)]
            let producer = lastProducer
            let e = pop()
            if e.read == slot {
                // local.set x (local.get x): nothing moves.
            } else {
                let hadReaders = materializeReaders(of: slot, width: w)
                if !hadReaders && producer >= 0 && producer == code.count - 1 && code[producer].a == e.canon && e.read == e.canon {
                    code[producer].a = slot
                    if op == .localTee && (code[producer].op == .i32Add || code[producer].op == .i32Sub) {
                        teeProducer = producer
                    }
                } else {
                    emit(Inst(w == 2 ? .copy2 : .copy, a: slot, b: e.read))
                }
            }
            let tee = teeProducer
            if op == .localTee {
                stack.append(Entry(canon: height, read: slot, width: w))
                height += UInt32(w)
                maxHeight = max(maxHeight, height)
            }
            lastProducer = -1
            teeProducer = op == .localTee ? tee : -1
        case .globalGet:
            guard case .index(let g) = ins.immediate, Int(g) < ctx.globalCells.count else { throw Self.unsupported(op) }
            let wide = ctx.globalTypes[Int(g)] == .v128
            produce(wide ? .globalGet2 : .globalGet, imm: UInt64(UInt(bitPattern: ctx.globalCells[Int(g)])), width: wide ? 2 : 1)
        case .globalSet:
            guard case .index(let g) = ins.immediate, Int(g) < ctx.globalCells.count else { throw Self.unsupported(op) }
            let e = pop()
            emit(Inst(e.width == 2 ? .globalSet2 : .globalSet, b: e.read, imm: UInt64(UInt(bitPattern: ctx.globalCells[Int(g)]))))
        case .i32Const:
            guard case .i32(let v) = ins.immediate else { throw Self.unsupported(op) }
            pushConst(UInt64(UInt32(bitPattern: v)))
        case .i64Const:
            guard case .i64(let v) = ins.immediate else { throw Self.unsupported(op) }
            pushConst(UInt64(bitPattern: v))
        case .f32Const:
            guard case .f32(let v) = ins.immediate else { throw Self.unsupported(op) }
            pushConst(UInt64(v))
        case .f64Const:
            guard case .f64(let v) = ins.immediate else { throw Self.unsupported(op) }
            pushConst(v)
        case .v128Const:
            // Constants and moves of v128 values work before SIMD arithmetic does.
            guard case .v128(let v) = ins.immediate else { throw Self.unsupported(op) }
            pushConst(v.lo, v.hi, wide: true)
        case .refNull:
            pushConst(0)
        case .refFunc:
            guard case .index(let f) = ins.immediate, Int(f) < ctx.funcAddrs.count else { throw Self.unsupported(op) }
            pushConst(RefBits.function(ctx.funcAddrs[Int(f)]))
        case .refIsNull:
            let e = pop()
            produce(.refIsNull, b: e.read)
        case .refAsNonNull:
            let e = pop()
            produce(.refAsNonNull, b: e.read)
        case .brOnNull:
            guard case .index(let l) = ins.immediate else { throw Self.unsupported(op) }
            let d = try ctrlIndex(l)
            // The reference stays on the stack when not null; below it are the label's values.
            let ref = pop()
            let refEntry = ref
            let skip = emit(Inst(.brOnNonNull, b: ref.read))
            emitBranch(d)
            patch(skip, to: code.count)
            lastProducer = -1
            stack.append(refEntry)
            height = refEntry.canon + UInt32(refEntry.width)
        case .brOnNonNull:
            guard case .index(let l) = ins.immediate else { throw Self.unsupported(op) }
            let d = try ctrlIndex(l)
            let ref = stack.last ?? Entry(canon: height, read: height, width: 1)
            let skip = emit(Inst(.brOnNull, b: ref.read))
            emitBranch(d)
            patch(skip, to: code.count)
            lastProducer = -1
            _ = pop()
        case .tableGet:
            guard case .index(let t) = ins.immediate, Int(t) < ctx.tables.count else { throw Self.unsupported(op) }
            let i = pop()
            produce(.tableGet, b: i.read, imm: UInt64(UInt(bitPattern: ctx.tables[Int(t)])))
        case .tableSet:
            guard case .index(let t) = ins.immediate, Int(t) < ctx.tables.count else { throw Self.unsupported(op) }
            let v = pop()
            let i = pop()
            emit(Inst(.tableSet, b: i.read, c: v.read, imm: UInt64(UInt(bitPattern: ctx.tables[Int(t)]))))
        case .tableSize:
            guard case .index(let t) = ins.immediate, Int(t) < ctx.tables.count else { throw Self.unsupported(op) }
            produce(.tableSize, imm: UInt64(UInt(bitPattern: ctx.tables[Int(t)])))
        case .tableGrow:
            guard case .index(let t) = ins.immediate, Int(t) < ctx.tables.count else { throw Self.unsupported(op) }
            let n = pop()
            let v = pop()
            produce(.tableGrow, b: v.read, c: n.read, imm: UInt64(UInt(bitPattern: ctx.tables[Int(t)])))
        case .tableFill:
            guard case .index(let t) = ins.immediate, Int(t) < ctx.tables.count else { throw Self.unsupported(op) }
            let n = pop()
            let v = pop()
            let i = pop()
            emit(Inst(.tableFill, a: i.read, b: v.read, c: n.read, imm: UInt64(UInt(bitPattern: ctx.tables[Int(t)]))))
        case .tableCopy:
            guard case .indices(let dt, let st) = ins.immediate, Int(dt) < ctx.tableAddrs.count, Int(st) < ctx.tableAddrs.count
            else { throw Self.unsupported(op) }
            let n = pop()
            let s = pop()
            let d = pop()
            emit(Inst(.tableCopy, a: d.read, b: s.read, c: n.read,
                      imm: UInt64(ctx.tableAddrs[Int(dt)]) << 32 | UInt64(ctx.tableAddrs[Int(st)])))
        case .tableInit:
            guard case .indices(let e, let t) = ins.immediate, Int(t) < ctx.tableAddrs.count, Int(e) < ctx.elemAddrs.count
            else { throw Self.unsupported(op) }
            let n = pop()
            let s = pop()
            let d = pop()
            emit(Inst(.tableInit, a: d.read, b: s.read, c: n.read,
                      imm: UInt64(ctx.tableAddrs[Int(t)]) << 32 | UInt64(ctx.elemAddrs[Int(e)])))
        case .elemDrop:
            guard case .index(let e) = ins.immediate, Int(e) < ctx.elemAddrs.count else { throw Self.unsupported(op) }
            emit(Inst(.elemDrop, imm: UInt64(ctx.elemAddrs[Int(e)])))
        case .memorySize:
            guard case .index(let m) = ins.immediate, Int(m) < ctx.memAddrs.count else { throw Self.unsupported(op) }
            produce(.memorySize, imm: UInt64(ctx.memAddrs[Int(m)]))
        case .memoryGrow:
            guard case .index(let m) = ins.immediate, Int(m) < ctx.memAddrs.count else { throw Self.unsupported(op) }
            let n = pop()
            produce(.memoryGrow, b: n.read, imm: UInt64(ctx.memAddrs[Int(m)]))
        case .memoryFill:
            guard case .index(let m) = ins.immediate, Int(m) < ctx.memAddrs.count else { throw Self.unsupported(op) }
            let n = pop()
            let v = pop()
            let d = pop()
            let fast = m == 0 && !ctx.memIs64[0]
            emit(Inst(fast ? .memoryFill0 : .memoryFill, a: d.read, b: v.read, c: n.read, imm: UInt64(ctx.memAddrs[Int(m)])))
        case .memoryCopy:
            guard case .indices(let dm, let sm) = ins.immediate, Int(dm) < ctx.memAddrs.count, Int(sm) < ctx.memAddrs.count
            else { throw Self.unsupported(op) }
            let n = pop()
            let s = pop()
            let d = pop()
            let fast = dm == 0 && sm == 0 && !ctx.memIs64[0]
            emit(Inst(fast ? .memoryCopy0 : .memoryCopy, a: d.read, b: s.read, c: n.read,
                      imm: UInt64(ctx.memAddrs[Int(dm)]) << 32 | UInt64(ctx.memAddrs[Int(sm)])))
        case .memoryInit:
            guard case .indices(let x, let m) = ins.immediate, Int(m) < ctx.memAddrs.count, Int(x) < ctx.dataAddrs.count
            else { throw Self.unsupported(op) }
            let n = pop()
            let s = pop()
            let d = pop()
            emit(Inst(.memoryInit, a: d.read, b: s.read, c: n.read,
                      imm: UInt64(ctx.memAddrs[Int(m)]) << 32 | UInt64(ctx.dataAddrs[Int(x)])))
        case .dataDrop:
            guard case .index(let x) = ins.immediate, Int(x) < ctx.dataAddrs.count else { throw Self.unsupported(op) }
            emit(Inst(.dataDrop, imm: UInt64(ctx.dataAddrs[Int(x)])))
        case .throw, .throwRef, .tryTable, .try, .catch, .catchAll, .delegate, .rethrow:
            try compileException(ins, body)
        default:
            if op.info.feature == .gc {
                try compileGC(ins)
                return
            }
            if op.info.feature == .customDescriptors {
                try compileDescriptors(ins)
                return
            }
            if op.info.feature == .simd || op.info.feature == .relaxedSimd {
                try compileSIMD(ins)
                return
            }
            if op.isAtomic {
                try compileAtomic(ins)
                return
            }
            if op.info.feature == .wideArithmetic {
                try compileWideArithmetic(ins)
                return
            }
            if let kind = AccessKind.of(op) {
                guard case .memArg(let ma) = ins.immediate, Int(ma.memory) < ctx.memAddrs.count else { throw Self.unsupported(op) }
                let fast = ma.memory == 0 && !ctx.memIs64[0]
                let memField = UInt32(ctx.memAddrs[Int(ma.memory)]) << 8 | kind.rawValue
                if kind.isStore {
                    let v = pop()
                    let addr = pop()
                    if fast, foldStoreOfLoadOperand(kind, addr: addr, value: v, offset: ma.offset) {
                        // `mem[p] = mem[p] op x`: done by the arithmetic.
                    } else if fast, let fused = kind.fastStoreAddOp, let k = addressAdd(addr, value: v) {
                        // `i32.add x y` feeding the address only: the store does the add.
                        let add = code[k]
                        if k == code.count - 2 { code[k] = code[k + 1] }
                        code.removeLast()
                        emit(Inst(fused, a: add.c, b: add.b, c: v.read, imm: ma.offset))
                    } else if fast {
                        emit(Inst(kind.fastOp, b: addr.read, c: v.read, imm: ma.offset))
                    } else {
                        emit(Inst(.storeG, a: v.read, b: addr.read, c: memField, imm: ma.offset))
                    }
                } else {
                    let addr = pop()
                    if fast, let fused = kind.fastAddOp, lastProducer >= 0, lastProducer == code.count - 1,
                       code[lastProducer].op == .i32Add, code[lastProducer].a == addr.canon, addr.read == addr.canon {
                        // `i32.add x y` feeding the address only: one instruction does both.
                        code[lastProducer].op = fused
                        code[lastProducer].imm = ma.offset
                        _ = push(1)
                        lastProducer = code.count - 1
                    } else if fast {
                        produce(kind.fastOp, b: addr.read, imm: ma.offset)
                    } else {
                        produce(.loadG, b: addr.read, c: memField, imm: ma.offset)
                    }
                }
                return
            }
            switch op {
            case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64:
                // Slots hold bits: a reinterpretation moves nothing.
                lastProducer = -1
                return
            default:
                break
            }
            guard let iop = Op.numeric(for: op) else { throw Self.unsupported(op) }
            switch op.info.signature {
            case .unary, .test, .convert:
                try require(1)
                let x = pop()
                produce(iop, b: x.read)
            case .binary, .compare:
                try require(2)
                let y = pop()
                let x = pop()
                if foldLoadOperand(iop, x, y) { return }
                produce(iop, b: x.read, c: y.read)
            default:
                throw Self.unsupported(op)
            }
        }
    }

    private mutating func emitCall(_ kind: Op, _ ft: FuncType, imm: UInt64, extra: (UInt32, UInt32)?) throws(Diagnostic) {
        let n = ft.params.count
        guard n <= stack.count else { throw Diagnostic(.instantiate, "internal: call arity") }
        materializeTop(n)
        let argBase = n == 0 ? height : stack[stack.count - n].canon
        for _ in 0..<n { _ = pop() }
        height = argBase
        var ins = Inst(kind, b: argBase, imm: imm)
        if let (c, a) = extra {
            ins.c = c
            ins.a = a
        }
        emit(ins)
        if kind == .returnCall || kind == .returnCallIndirect || kind == .returnCallRef {
            setUnreachable()
            return
        }
        for r in ft.results { _ = push(Self.width(r)) }
        // The callee's frame starts at argBase; make sure the caller's frame covers its results.
        maxHeight = max(maxHeight, argBase + Store.slotCount(ft.params))
    }
}
