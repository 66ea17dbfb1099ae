import WasmCore

/// A `try_table` as compiled: the code range of its body and, per catch clause, the landing pad
/// that receives the payload (and exnref) at `slot` and branches to the clause's label.
struct CompiledHandler {
    struct Clause {
        var kind: Catch.Kind
        /// Store address of the tag; -1 for `catch_all`/`catch_all_ref`.
        var tag: Int
        var pad: Int
        var slot: UInt32
    }
    var start: Int
    var end: Int
    var clauses: [Clause]
}

// Exception instructions stay out of the main compiler switch: `throw`/`throw_ref` are one
// instruction each, and `try_table` is a block whose catch clauses become landing pads emitted
// (and jumped over) just before the body; the run loop finds them through a range table.
extension FunctionCompiler {
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
        case .tryTable:
            guard case .tryTable(let bt, let r) = ins.immediate else { throw Self.unsupported(op) }
            let ft = ctx.blockType(bt)
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
                if c.kind == .catchRef || c.kind == .catchAllRef { widths.append(1) }
                let savedHeight = height
                let savedCount = stack.count
                let slot = height
                for w in widths { _ = push(w) }
                let pad = code.count
                emitBranch(k)
                while stack.count > savedCount { _ = pop() }
                height = savedHeight
                clauses.append(.init(kind: c.kind, tag: tag, pad: pad, slot: slot))
            }
            patch(skip, to: code.count)
            lastProducer = -1
            teeProducer = -1
            let params = ft.params.map(Self.width)
            let paramCount = params.count
            let base = paramCount <= stack.count ? (paramCount == 0 ? height : stack[stack.count - paramCount].canon) : height
            handlers.append(CompiledHandler(start: code.count, end: code.count, clauses: clauses))
            ctrl.append(Ctrl(kind: .block, base: base, depth: stack.count - paramCount, params: params,
                             results: ft.results.map(Self.width), loopPC: code.count, patches: [], elsePatch: -1,
                             unreachable: false, handler: handlers.count - 1))
        default:
            throw Self.unsupported(op)
        }
    }
}
