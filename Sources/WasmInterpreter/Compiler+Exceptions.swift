import WasmCore

/// A `try_table` or legacy `try` as compiled: the code range of its body and, per catch
/// clause, the landing pad that receives the payload at `slot` (and the exnref at `refSlot`).
/// A legacy `try … delegate` has no clauses but a `delegate` target instead.
struct CompiledHandler {
    struct Clause {
        var catchesAll: Bool
        /// Store address of the tag; -1 for `catch_all`/`catch_all_ref`.
        var tag: Int
        var pad: Int
        var slot: UInt32
        /// Where the exnref goes, or -1.
        var refSlot: Int
    }
    var start: Int
    var end: Int
    var clauses: [Clause]
    /// nil: not a delegate; -1: to the caller; else the handler (index in this function) that
    /// takes over the exception.
    var delegate: Int? = nil
    /// A legacy `try` whose catches some `rethrow` names: only then must the exnref be kept.
    var rethrown = false
    var legacy = false
}

// Exception instructions stay out of the main compiler switch: `throw`/`throw_ref` are one
// instruction each, and `try_table` is a block whose catch clauses become landing pads emitted
// (and jumped over) just before the body; the run loop finds them through a range table.
// A legacy `try` is a block whose handler range ends at its first `catch`; each catch body is
// its own landing pad.
extension FunctionCompiler {
    static func legacyTryCount(body: Expression) -> UInt32 {
        var n: UInt32 = 0
        for ins in body.instructions where ins.opcode == .try { n += 1 }
        return n
    }

    mutating func compileException(_ ins: Instruction, _ body: Expression) throws(Diagnostic) {
        let op = ins.opcode
        switch op {
        case .throw:
            guard case .index(let x) = ins.immediate, Int(x) < ctx.tagAddrs.count, Int(x) < ctx.tagTypes.count
            else { throw Self.unsupported(op) }
            let n = ctx.tagTypes[Int(x)].params.count
            try require(n)
            materializeTop(n)
            let argBase = n == 0 ? height : stack[stack.count - n].canon
            for _ in 0..<n { _ = pop() }
            height = argBase
            emit(Inst(.exnThrow, b: argBase, c: Store.slotCount(ctx.tagTypes[Int(x)].params),
                      imm: UInt64(ctx.tagAddrs[Int(x)])))
            setUnreachable()
        case .throwRef:
            try require(1)
            let e = pop()
            emit(Inst(.exnThrowRef, b: e.read))
            setUnreachable()
        case .rethrow:
            guard case .index(let l) = ins.immediate else { throw Self.unsupported(op) }
            let k = ctrl.count - 1 - Int(l)
            guard k >= 0, ctrl[k].exnSlot != .max else { throw Self.unsupported(op) }
            let h = ctrl[k].legacyHandler
            if h >= 0 && h < handlers.count { handlers[h].rethrown = true }
            emit(Inst(.exnThrowRef, b: ctrl[k].exnSlot))
            setUnreachable()
        case .tryTable:
            guard case .tryTable(let bt, let r) = ins.immediate else { throw Self.unsupported(op) }
            materializeAll()
            var clauses: [CompiledHandler.Clause] = []
            let skip = emit(Inst(.br))
            for c in body.catches(r) {
                let k = ctrl.count - 1 - Int(c.label)
                guard k >= 0 else { throw Diagnostic(.instantiate, "unknown label \(c.label)") }
                var tag = -1
                var widths: [UInt8] = []
                if c.kind == .catch || c.kind == .catchRef {
                    guard Int(c.tag) < ctx.tagAddrs.count, Int(c.tag) < ctx.tagTypes.count else { throw Self.unsupported(op) }
                    tag = ctx.tagAddrs[Int(c.tag)]
                    widths = ctx.tagTypes[Int(c.tag)].params.map(Self.width)
                }
                let withRef = c.kind == .catchRef || c.kind == .catchAllRef
                let savedHeight = height
                let savedCount = stack.count
                let slot = height
                for w in widths { _ = push(w) }
                let refSlot = withRef ? Int(push(1)) : -1
                labelFloor = code.count
                let pad = code.count
                emitBranch(k)
                while stack.count > savedCount { _ = pop() }
                height = savedHeight
                clauses.append(.init(catchesAll: tag < 0, tag: tag, pad: pad, slot: slot, refSlot: refSlot))
            }
            patch(skip, to: code.count)
            lastProducer = -1
            teeProducer = -1
            enterBlock(ctx.blockType(bt), clauses: clauses, exnSlot: .max)
        case .try:
            guard case .blockType(let bt) = ins.immediate else { throw Self.unsupported(op) }
            materializeAll()
            lastProducer = -1
            teeProducer = -1
            let slot = exnSlotStart + legacyTries
            legacyTries += 1
            enterBlock(ctx.blockType(bt), clauses: [], exnSlot: slot)
        case .catch, .catchAll:
            let k = ctrl.count - 1
            let c = ctrl[k]
            guard c.exnSlot != .max, c.legacyHandler >= 0, c.legacyHandler < handlers.count else { throw Self.unsupported(op) }
            var tag = -1
            var widths: [UInt8] = []
            if op == .catch {
                guard case .index(let x) = ins.immediate, Int(x) < ctx.tagAddrs.count, Int(x) < ctx.tagTypes.count
                else { throw Self.unsupported(op) }
                tag = ctx.tagAddrs[Int(x)]
                widths = ctx.tagTypes[Int(x)].params.map(Self.width)
            }
            if !c.unreachable {
                try require(c.results.count)
                materializeTop(c.results.count)
                let at = emit(Inst(.br))
                ctrl[k].patches.append(at)
            }
            if c.handler >= 0 {
                // The first catch ends the range the clauses guard.
                labelFloor = code.count
                handlers[c.handler].end = code.count
                ctrl[k].handler = -1
            }
            while stack.count > c.depth { _ = pop() }
            height = c.base
            let slot = height
            for w in widths { _ = push(w) }
            lastProducer = -1
            teeProducer = -1
            labelFloor = code.count
            handlers[c.legacyHandler].clauses.append(.init(catchesAll: tag < 0, tag: tag, pad: code.count, slot: slot,
                                                           refSlot: Int(c.exnSlot)))
            ctrl[k].unreachable = false
        case .delegate:
            guard case .index(let l) = ins.immediate else { throw Self.unsupported(op) }
            let k = ctrl.count - 1
            let c = ctrl[k]
            guard c.exnSlot != .max, c.handler >= 0 else { throw Self.unsupported(op) }
            var target = -1
            var j = k - 1 - Int(l)
            while j >= 0 {
                if ctrl[j].handler >= 0 { target = ctrl[j].handler; break }
                j -= 1
            }
            labelFloor = code.count
            handlers[c.handler].end = code.count
            handlers[c.handler].delegate = target
            ctrl[k].handler = -1
            // Then it closes the block like `end`.
            if !c.unreachable {
                try require(c.results.count)
                materializeTop(c.results.count)
            }
            for s in c.patches { patch(s, to: code.count) }
            lastProducer = -1
            ctrl.removeLast()
            while stack.count > c.depth { _ = pop() }
            height = c.base
            for w in c.results { _ = push(w) }
        default:
            throw Self.unsupported(op)
        }
    }

    private mutating func enterBlock(_ ft: FuncType, clauses: [CompiledHandler.Clause], exnSlot: UInt32) {
        let params = ft.params.map(Self.width)
        let paramCount = params.count
        let base = paramCount <= stack.count ? (paramCount == 0 ? height : stack[stack.count - paramCount].canon) : height
        labelFloor = code.count
        handlers.append(CompiledHandler(start: code.count, end: code.count, clauses: clauses, legacy: exnSlot != .max))
        let h = handlers.count - 1
        ctrl.append(Ctrl(kind: .block, base: base, depth: stack.count - paramCount, params: params,
                         results: ft.results.map(Self.width), loopPC: code.count, patches: [], elsePatch: -1,
                         unreachable: false, handler: h, exnSlot: exnSlot, legacyHandler: exnSlot == .max ? -1 : h))
    }
}
