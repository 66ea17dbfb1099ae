import WasmCore

/// A value on the validator's operand stack: a known type, or an unknown type (the spec's
/// bottom, from the polymorphic stack after an unconditional branch), or an unknown reference
/// type `(ref bot)` that reference instructions produce from an unknown operand.
enum Operand: Equatable {
    case unknown
    case bottomRef
    case val(ValType)
}

/// One entry of the control stack (the spec's "ctrl frame").
struct ControlFrame {
    enum Kind: UInt8 {
        case function, block, loop, `if`, `else`, `try`, `catch`, catchAll, tryTable, constant
    }
    var kind: Kind
    /// Param and result types live in `FunctionValidator.arena` from `arenaStart`:
    /// params first, then results.
    var arenaStart: Int
    var paramCount: Int
    var resultCount: Int
    /// Operand-stack height at the start of the block (below its params).
    var height: Int
    /// `initStack` height at the start of the block, to undo local initialisations at its end.
    var initHeight: Int
    var unreachable: Bool

    var labelStart: Int { kind == .loop ? arenaStart : arenaStart + paramCount }
    var labelCount: Int { kind == .loop ? paramCount : resultCount }
    var resultStart: Int { arenaStart + paramCount }
}

/// Type-checks instruction sequences: function bodies and constant expressions. One instance
/// validates all functions of a module, reusing its stacks, so checking allocates only while
/// the stacks grow. Nesting is tracked with the explicit control stack (no recursion).
struct FunctionValidator {
    let ctx: ModuleContext
    var operands: [Operand] = []
    var controls: [ControlFrame] = []
    var arena: [ValType] = []
    var locals: [ValType] = []
    var localInit: [Bool] = []
    var initStack: [UInt32] = []
    var maxHeight = 0
    /// Height and reachability of the innermost frame, cached off the control stack.
    var frameHeight = 0
    var frameUnreachable = false
    /// Globals an instruction may name (fewer in a global's initializer).
    var visibleGlobals = 0
    var inConstant = false
    let featureBits: UInt32
    // Instance copies of the static tables: no lazy-initialisation check in the hot loop.
    let signatureOf: [Signature] = FunctionValidator.signatures
    let featureMaskOf: [UInt32] = FunctionValidator.featureMasks
    let laneCountOf: [UInt8] = FunctionValidator.laneCounts

    // Error location of the instruction being checked.
    var pc = 0
    var offsets = OffsetList()
    var fallbackOffset: UInt32 = 0
    var currentOpcode = Opcode.nop

    static let signatures: [Signature] = Opcode.allCases.map { $0.info.signature }
    static let featureOf: [Feature] = Opcode.allCases.map { $0.info.feature }
    static let featureMasks: [UInt32] = Opcode.allCases.map { Features($0.info.feature).rawValue }
    /// Lanes of the vector shape an extract/replace-lane instruction names (`i8x16` → 16).
    /// Built on the first validation of every run, so it compares raw bytes: `String.hasPrefix`
    /// (Unicode-aware) made this a tenth of an empty module's start-up.
    static let laneCounts: [UInt8] = Opcode.allCases.map { op in
        var name = op.info.name
        return name.withUTF8 { n -> UInt8 in
            func shape(_ s: StaticString) -> Bool {
                let p = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
                return n.count >= p.count && n[..<p.count].elementsEqual(p)
            }
            if shape("i8x16") { return 16 }
            if shape("i16x8") { return 8 }
            if shape("i32x4") || shape("f32x4") { return 4 }
            if shape("i64x2") || shape("f64x2") { return 2 }
            return 0
        }
    }

    init(ctx: ModuleContext) {
        self.ctx = ctx
        self.visibleGlobals = ctx.globals.count
        self.featureBits = ctx.features.rawValue
    }

    // MARK: Errors

    func error(_ message: String) -> Diagnostic {
        let loc: Location
        if pc < offsets.count {
            loc = ctx.sourceKind.location(offset: offsets[pc], length: UInt32(max(1, currentOpcode.name.utf8.count)))
        } else {
            loc = ctx.sourceKind.location(offset: fallbackOffset)
        }
        return Diagnostic(.validate, message, at: loc)
    }

    func describe(_ o: Operand) -> String {
        switch o {
        case .unknown: return "bot"
        case .bottomRef: return "(ref bot)"
        case .val(let t): return ctx.describe(t)
        }
    }

    /// The operands of the current frame, top `n` at most, for messages.
    func stackDescription(_ n: Int) -> String {
        let h = controls.last?.height ?? 0
        let lo = max(h, operands.count - n)
        return "[" + operands[lo..<operands.count].map(describe).joined(separator: " ") + "]"
    }

    func mismatch(requires expected: some Sequence<ValType>, depth n: Int, what: String = "instruction") -> Diagnostic {
        error("type mismatch: \(what) requires \(ctx.describe(expected)) but stack has \(stackDescription(n))")
    }

    // MARK: Operand stack

    @inline(__always)
    func matches(_ o: Operand, _ t: ValType) -> Bool {
        switch o {
        case .unknown: return true
        case .bottomRef: return t.isRef
        case .val(let v): return v == t || ctx.types.isSubtype(v, t)
        }
    }

    @inline(__always)
    mutating func push(_ t: ValType) {
        operands.append(.val(t))
        if operands.count > maxHeight { maxHeight = operands.count }
    }

    @inline(__always)
    mutating func push(_ o: Operand) {
        operands.append(o)
        if operands.count > maxHeight { maxHeight = operands.count }
    }

    /// Pops any operand.
    @inline(__always)
    mutating func popAny() throws(Diagnostic) -> Operand {
        if operands.count == frameHeight {
            if frameUnreachable { return .unknown }
            throw error("type mismatch: instruction requires [any] but stack has []")
        }
        return operands.removeLast()
    }

    /// Pops an operand of type `t` (or a subtype).
    @inline(__always)
    @discardableResult
    mutating func pop(_ t: ValType) throws(Diagnostic) -> Operand {
        if operands.count == frameHeight {
            if frameUnreachable { return .unknown }
            throw mismatch(requires: CollectionOfOne(t), depth: 1)
        }
        let o = operands[operands.count - 1]
        guard matches(o, t) else { throw mismatch(requires: CollectionOfOne(t), depth: 1) }
        operands.removeLast()
        return o
    }

    /// Pops operands matching `count` types given by `type(i)` (i = 0 is the deepest).
    mutating func popTypes(_ count: Int, what: String = "instruction", _ type: (Int) -> ValType) throws(Diagnostic) {
        try checkTop(count, what: what, type)
        var n = min(count, operands.count - frameHeight)
        while n > 0 {
            operands.removeLast()
            n -= 1
        }
    }

    /// Checks, without popping, that the top operands match `count` types. `mutating` (it
    /// only reads) so that its mutating callers do not copy the validator to call it.
    @inline(__always)
    mutating func checkTop(_ count: Int, what: String = "instruction", _ type: (Int) -> ValType) throws(Diagnostic) {
        var k = 0
        while k < count {
            let t = type(count - 1 - k)
            let pos = operands.count - 1 - k
            let ok: Bool
            if pos >= frameHeight {
                ok = matches(operands[pos], t)
            } else {
                // Below the frame: the polymorphic stack supplies any number of values.
                if frameUnreachable { return }
                ok = false
            }
            if !ok {
                // Name at most the top 16 expected types (counts can be huge, e.g. array.new_fixed).
                let shown = min(count, 16)
                throw mismatch(requires: ((count - shown)..<count).map(type), depth: shown, what: what)
            }
            k += 1
        }
    }

    mutating func popTypes(_ ts: [ValType]) throws(Diagnostic) {
        try popTypes(ts.count) { ts[$0] }
    }

    mutating func pushTypes(_ ts: [ValType]) {
        for t in ts { push(t) }
    }

    /// Pops a reference operand of any type (the spec's `peek_ref` then pop).
    mutating func popRef() throws(Diagnostic) -> Operand {
        let o = try popAny()
        switch o {
        case .unknown: return .bottomRef
        case .bottomRef: return o
        case .val(let t):
            guard t.isRef else {
                throw error("type mismatch: instruction requires reference type but stack has \(ctx.describe(t))")
            }
            return o
        }
    }

    mutating func setUnreachable() {
        let i = controls.count - 1
        while operands.count > frameHeight { operands.removeLast() }
        controls[i].unreachable = true
        frameUnreachable = true
    }

    /// Refreshes the cached innermost-frame state after the control stack changed.
    @inline(__always)
    mutating func syncFrame() {
        if let f = controls.last {
            frameHeight = f.height
            frameUnreachable = f.unreachable
        } else {
            frameHeight = 0
            frameUnreachable = false
        }
    }

    // MARK: Control stack

    mutating func pushFrame(_ kind: ControlFrame.Kind, params: [ValType], results: [ValType]) {
        let start = arena.count
        arena.append(contentsOf: params)
        arena.append(contentsOf: results)
        openFrame(kind, arenaStart: start, paramCount: params.count, resultCount: results.count)
    }

    /// A frame without params and with at most one result (the common block types).
    @inline(__always)
    mutating func pushFrame(_ kind: ControlFrame.Kind, result: ValType?) {
        let start = arena.count
        if let result { arena.append(result) }
        openFrame(kind, arenaStart: start, paramCount: 0, resultCount: result == nil ? 0 : 1)
    }

    @inline(__always)
    mutating func openFrame(_ kind: ControlFrame.Kind, arenaStart: Int, paramCount: Int, resultCount: Int) {
        controls.append(ControlFrame(kind: kind, arenaStart: arenaStart, paramCount: paramCount,
                                     resultCount: resultCount, height: operands.count,
                                     initHeight: initStack.count, unreachable: false))
        frameHeight = operands.count
        frameUnreachable = false
    }

    /// The label types of relative label `l`.
    @inline(__always)
    mutating func label(_ l: UInt32) throws(Diagnostic) -> ControlFrame {
        guard Int(l) < controls.count else { throw error("unknown label \(l)") }
        return controls[controls.count - 1 - Int(l)]
    }

    /// Checks that the current frame's body produced its results and nothing else, and
    /// undoes local initialisations made inside it.
    mutating func finishBody() throws(Diagnostic) {
        let i = controls.count - 1
        let resultStart = controls[i].resultStart
        let resultCount = controls[i].resultCount
        if resultCount > 0 {
            let arena = self.arena
            try checkTop(resultCount) { arena[resultStart + $0] }
        }
        if operands.count - frameHeight > resultCount {
            let results = arena[resultStart..<(resultStart + resultCount)]
            throw error("type mismatch: block requires \(ctx.describe(results)) but stack has \(stackDescription(operands.count - frameHeight))")
        }
        while operands.count > frameHeight { operands.removeLast() }
        resetInits(to: controls[i].initHeight)
    }

    mutating func resetInits(to height: Int) {
        while initStack.count > height {
            localInit[Int(initStack.removeLast())] = false
        }
    }

    /// Params and results of a block type.
    func blockSignature(_ bt: BlockType) throws(Diagnostic) -> (params: [ValType], results: [ValType]) {
        switch bt {
        case .empty: return ([], [])
        case .value(let t):
            try ctx.check(t)
            return ([], [t])
        case .typeIndex(let i):
            guard Int(i) < ctx.types.count else { throw error("unknown type \(i)") }
            guard let f = ctx.types.funcType(i) else { throw error("non-function type \(i)") }
            return (f.params, f.results)
        }
    }

    mutating func enterBlock(_ kind: ControlFrame.Kind, _ bt: BlockType) throws(Diagnostic) {
        if controls.count > ctx.limits.maxNesting {
            throw error("nesting too deep: more than \(ctx.limits.maxNesting) nested blocks")
        }
        switch bt {
        case .empty:
            pushFrame(kind, result: nil)
        case .value(let t):
            try ctx.check(t)
            pushFrame(kind, result: t)
        case .typeIndex:
            let sig = try blockSignature(bt)
            if (sig.params.count > 0 || sig.results.count > 1) && featureBits & Features(.multiValue).rawValue == 0 {
                throw error("invalid result arity")
            }
            try popTypes(sig.params)
            pushFrame(kind, params: sig.params, results: sig.results)
            pushTypes(sig.params)
        }
    }

    // MARK: Entry points

    mutating func reset(locals: [ValType], params: Int) {
        operands.removeAll(keepingCapacity: true)
        controls.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        initStack.removeAll(keepingCapacity: true)
        self.locals = locals
        localInit.removeAll(keepingCapacity: true)
        for (i, t) in locals.enumerated() { localInit.append(i < params || t.isDefaultable) }
        maxHeight = 0
    }

    /// Validates a function body against its type; returns the maximum operand-stack height.
    mutating func validateFunction(_ f: Function, type ft: FuncType) throws(Diagnostic) -> UInt32 {
        fallbackOffset = f.sourceOffset
        offsets = f.body.offsets
        pc = 0
        for t in f.locals {
            do { try ctx.check(t) } catch { throw self.error(error.message) }
        }
        if ft.results.count > 1 && featureBits & Features(.multiValue).rawValue == 0 {
            throw error("invalid result arity")
        }
        if ft.params.count + f.locals.count > ctx.limits.maxLocals {
            throw error("too many locals: more than \(ctx.limits.maxLocals)")
        }
        reset(locals: ft.params + f.locals, params: ft.params.count)
        inConstant = false
        visibleGlobals = ctx.globals.count
        pushFrame(.function, params: [], results: ft.results)
        try run(f.body)
        if maxHeight > ctx.limits.maxOperandStack {
            throw error("operand stack too large: more than \(ctx.limits.maxOperandStack) values")
        }
        return UInt32(clamping: maxHeight)
    }

    /// Validates a constant expression producing `type`; only the first `globals` globals
    /// are visible.
    mutating func validateConstant(_ e: Expression, type: ValType, globals: Int) throws(Diagnostic) {
        offsets = e.offsets
        fallbackOffset = e.offsets.first ?? 0
        pc = 0
        reset(locals: [], params: 0)
        inConstant = true
        visibleGlobals = globals
        for (i, ins) in e.instructions.enumerated() {
            pc = i
            currentOpcode = ins.opcode
            try checkConstant(ins)
        }
        pushFrame(.constant, result: type)
        try run(e)
    }

    func checkConstant(_ ins: Instruction) throws(Diagnostic) {
        switch ins.opcode {
        case .i32Const, .i64Const, .f32Const, .f64Const, .v128Const, .refNull, .refFunc, .end,
             .refI31, .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed,
             .anyConvertExtern, .externConvertAny, .structNewDesc, .structNewDefaultDesc:
            return
        case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul:
            if ctx.features.contains(.extendedConst) { return }
        case .globalGet:
            if case .index(let g) = ins.immediate {
                guard Int(g) < visibleGlobals else { throw error("unknown global \(g)") }
                if !ctx.globals[Int(g)].mutable { return }
            }
        default:
            break
        }
        throw error("constant expression required")
    }

    /// Runs the instructions of a body whose outermost frame is pushed.
    mutating func run(_ e: Expression) throws(Diagnostic) {
        let instructions = e.instructions
        var i = 0
        let n = instructions.count
        while i < n {
            if controls.isEmpty {
                pc = i
                throw error("operators remaining after end of function")
            }
            pc = i
            let ins = instructions[i]
            currentOpcode = ins.opcode
            try step(ins, e)
            i += 1
        }
        if !controls.isEmpty {
            pc = n
            throw error("unexpected end of function")
        }
    }
}
