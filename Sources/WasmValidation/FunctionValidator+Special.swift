import WasmCore

extension FunctionValidator {
    /// The handwritten rules: control, parametric, variable, table, memory-management,
    /// reference, call and exception instructions. GC instructions are in `+GC`.
    mutating func special(_ ins: Instruction, _ e: Expression) throws(Diagnostic) {
        switch ins.opcode {
        case .unreachable:
            setUnreachable()
        case .nop, .atomicFence:
            break
        case .drop:
            _ = try popAny()

        // Control.
        case .block:
            guard case .blockType(let bt) = ins.immediate else { throw badImmediate(ins) }
            try enterBlock(.block, bt)
        case .loop:
            guard case .blockType(let bt) = ins.immediate else { throw badImmediate(ins) }
            try enterBlock(.loop, bt)
        case .if:
            guard case .blockType(let bt) = ins.immediate else { throw badImmediate(ins) }
            _ = try blockSignature(bt)
            try pop(.i32)
            try enterBlock(.if, bt)
        case .else:
            guard let f = controls.last, f.kind == .if else { throw error("else without matching if") }
            try finishBody()
            let i = controls.count - 1
            controls[i].kind = .else
            controls[i].unreachable = false
            syncFrame()
            for k in 0..<f.paramCount { push(arena[f.arenaStart + k]) }
        case .end:
            try end()
        case .br:
            guard case .index(let l) = ins.immediate else { throw badImmediate(ins) }
            let f = try label(l)
            let arena = self.arena
            try popTypes(f.labelCount) { arena[f.labelStart + $0] }
            setUnreachable()
        case .brIf:
            guard case .index(let l) = ins.immediate else { throw badImmediate(ins) }
            try pop(.i32)
            let f = try label(l)
            let arena = self.arena
            try popTypes(f.labelCount) { arena[f.labelStart + $0] }
            for k in 0..<f.labelCount { push(arena[f.labelStart + k]) }
        case .brTable:
            guard case .brTable(let r) = ins.immediate else { throw badImmediate(ins) }
            try pop(.i32)
            guard Int(r.start) + Int(r.count) <= e.labelPool.count, r.count > 0 else { throw badImmediate(ins) }
            let defaultFrame = try label(e.labelPool[Int(r.start) + Int(r.count) - 1])
            let arity = defaultFrame.labelCount
            let arena = self.arena
            for l in e.labels(r) {
                let f = try label(l)
                guard f.labelCount == arity else {
                    throw error("type mismatch: br_table targets have different arities")
                }
                try checkTop(arity) { arena[f.labelStart + $0] }
            }
            setUnreachable()
        case .return:
            try popReturn()
            setUnreachable()
        case .brOnNull:
            guard case .index(let l) = ins.immediate else { throw badImmediate(ins) }
            let r = try popRef()
            let f = try label(l)
            let arena = self.arena
            try popTypes(f.labelCount) { arena[f.labelStart + $0] }
            for k in 0..<f.labelCount { push(arena[f.labelStart + k]) }
            push(nonNull(r))
        case .brOnNonNull:
            guard case .index(let l) = ins.immediate else { throw badImmediate(ins) }
            let r = try popRef()
            let f = try label(l)
            let nn = nonNull(r)
            guard f.labelCount > 0, matches(nn, arena[f.labelStart + f.labelCount - 1]) else {
                let labelTypes = arena[f.labelStart..<(f.labelStart + f.labelCount)]
                throw error("type mismatch: instruction requires type \(describe(nn)) but label has \(ctx.describe(labelTypes))")
            }
            let arena = self.arena
            let n = f.labelCount - 1
            try popTypes(n) { arena[f.labelStart + $0] }
            for k in 0..<n { push(arena[f.labelStart + k]) }

        // Calls.
        case .call:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let ft = try function(x)
            try popTypes(ft.params)
            pushTypes(ft.results)
        case .returnCall:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let ft = try function(x)
            try checkTailResults(ft)
            try popTypes(ft.params)
            setUnreachable()
        case .callIndirect, .returnCallIndirect:
            guard case .indices(let y, let x) = ins.immediate else { throw badImmediate(ins) }
            let tt = try table(x)
            let ft = try funcType(y)
            guard ctx.types.isSubtype(tt.elementType, .funcref) else {
                throw error("type mismatch: instruction requires table of function type but table has element type \(TypeContext.describe(tt.elementType))")
            }
            if ins.opcode == .returnCallIndirect { try checkTailResults(ft) }
            try pop(tt.limits.addressType.valType)
            try popTypes(ft.params)
            if ins.opcode == .returnCallIndirect { setUnreachable() } else { pushTypes(ft.results) }
        case .callRef, .returnCallRef:
            guard case .index(let y) = ins.immediate else { throw badImmediate(ins) }
            let ft = try funcType(y)
            if ins.opcode == .returnCallRef { try checkTailResults(ft) }
            try pop(.ref(RefType(nullable: true, .concrete(y))))
            try popTypes(ft.params)
            if ins.opcode == .returnCallRef { setUnreachable() } else { pushTypes(ft.results) }

        // Parametric.
        case .select:
            try pop(.i32)
            let a = try popAny()
            let b = try popAny()
            func numeric(_ o: Operand) -> Bool {
                switch o {
                case .unknown: return true
                case .bottomRef: return false
                case .val(let t): return !t.isRef
                }
            }
            guard numeric(a), numeric(b) else {
                let t = a == .unknown ? b : a
                throw error("type mismatch: instruction requires numeric or vector type but stack has \(describe(t))")
            }
            if a != .unknown && b != .unknown && a != b {
                throw error("type mismatch: select operands \(describe(b)) and \(describe(a)) differ")
            }
            push(a == .unknown ? b : a)
        case .selectTyped:
            guard case .selectTypes(let r) = ins.immediate else { throw badImmediate(ins) }
            guard Int(r.start) + Int(r.count) <= e.typePool.count else { throw badImmediate(ins) }
            guard r.count == 1 else { throw error("invalid result arity") }
            let t = e.typePool[Int(r.start)]
            try ctx.check(t)
            try popTypes(3) { $0 == 2 ? .i32 : t }
            push(t)

        // Variables.
        case .localGet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let t = try local(x)
            guard localInit[Int(x)] else { throw error("uninitialized local \(x)") }
            push(t)
        case .localSet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let t = try local(x)
            try pop(t)
            initialize(x)
        case .localTee:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let t = try local(x)
            try pop(t)
            initialize(x)
            push(t)
        case .globalGet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            push(try global(x).valType)
        case .globalSet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let g = try global(x)
            guard g.mutable else { throw error("immutable global \(x)") }
            try pop(g.valType)

        // Tables.
        case .tableGet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let tt = try table(x)
            try pop(tt.limits.addressType.valType)
            push(.ref(tt.elementType))
        case .tableSet:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let tt = try table(x)
            try popTypes(2) { $0 == 0 ? tt.limits.addressType.valType : .ref(tt.elementType) }
        case .tableSize:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            push(try table(x).limits.addressType.valType)
        case .tableGrow:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let tt = try table(x)
            let at = tt.limits.addressType.valType
            try popTypes(2) { $0 == 0 ? .ref(tt.elementType) : at }
            push(at)
        case .tableFill:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let tt = try table(x)
            let at = tt.limits.addressType.valType
            try popTypes(3) { $0 == 1 ? .ref(tt.elementType) : at }
        case .tableCopy:
            guard case .indices(let d, let s) = ins.immediate else { throw badImmediate(ins) }
            let td = try table(d)
            let ts = try table(s)
            guard ctx.types.isSubtype(ts.elementType, td.elementType) else {
                throw error("type mismatch: source element type \(TypeContext.describe(ts.elementType)) does not match destination element type \(TypeContext.describe(td.elementType))")
            }
            let ad = td.limits.addressType.valType
            let asrc = ts.limits.addressType.valType
            let n = minAddress(ad, asrc)
            try popTypes(3) { $0 == 0 ? ad : ($0 == 1 ? asrc : n) }
        case .tableInit:
            guard case .indices(let y, let x) = ins.immediate else { throw badImmediate(ins) }
            let tt = try table(x)
            let et = try elem(y)
            guard ctx.types.isSubtype(et, tt.elementType) else {
                throw error("type mismatch: element segment's type \(TypeContext.describe(et)) does not match table's element type \(TypeContext.describe(tt.elementType))")
            }
            let at = tt.limits.addressType.valType
            try popTypes(3) { $0 == 0 ? at : .i32 }
        case .elemDrop:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            _ = try elem(x)

        // Memories.
        case .memorySize:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            push(try memory(x))
        case .memoryGrow:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let at = try memory(x)
            try pop(at)
            push(at)
        case .memoryFill:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let at = try memory(x)
            try popTypes(3) { $0 == 1 ? .i32 : at }
        case .memoryCopy:
            guard case .indices(let d, let s) = ins.immediate else { throw badImmediate(ins) }
            let ad = try memory(d)
            let asrc = try memory(s)
            let n = minAddress(ad, asrc)
            try popTypes(3) { $0 == 0 ? ad : ($0 == 1 ? asrc : n) }
        case .memoryInit:
            guard case .indices(let y, let x) = ins.immediate else { throw badImmediate(ins) }
            let at = try memory(x)
            try data(y)
            try popTypes(3) { $0 == 0 ? at : .i32 }
        case .dataDrop:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            try data(x)

        // References.
        case .refNull:
            guard case .heapType(let h) = ins.immediate else { throw badImmediate(ins) }
            try ctx.check(h)
            push(.ref(RefType(nullable: true, h)))
        case .refIsNull:
            _ = try popRef()
            push(.i32)
        case .refAsNonNull:
            let r = try popRef()
            push(nonNull(r))
        case .refFunc:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            _ = try function(x)
            if !inConstant && !(Int(x) < ctx.declaredFunctions.count && ctx.declaredFunctions[Int(x)]) {
                throw error("undeclared function reference")
            }
            let t = ctx.functions[Int(x)]
            push(ctx.inexactFunctions.contains(x) ? .ref(RefType(nullable: false, .concrete(t))) : definedRef(t))
        case .refEq:
            try popTypes(2) { _ in .ref(.eqref) }
            push(.i32)

        // Exceptions.
        case .throw:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            let ft = try tag(x)
            try popTypes(ft.params)
            setUnreachable()
        case .throwRef:
            try pop(.ref(.exnref))
            setUnreachable()
        case .tryTable:
            guard case .tryTable(let bt, let r) = ins.immediate else { throw badImmediate(ins) }
            guard Int(r.start) + Int(r.count) <= e.catchPool.count else { throw badImmediate(ins) }
            for c in e.catches(r) { try checkCatch(c) }
            try enterBlock(.tryTable, bt)
        case .try:
            guard case .blockType(let bt) = ins.immediate else { throw badImmediate(ins) }
            try enterBlock(.try, bt)
        case .catch:
            guard case .index(let x) = ins.immediate else { throw badImmediate(ins) }
            guard let f = controls.last, f.kind == .try || f.kind == .catch else {
                throw error("catch without matching try")
            }
            let ft = try tag(x)
            try finishBody()
            let i = controls.count - 1
            controls[i].kind = .catch
            controls[i].unreachable = false
            syncFrame()
            pushTypes(ft.params)
        case .catchAll:
            guard let f = controls.last, f.kind == .try || f.kind == .catch else {
                throw error("catch_all without matching try")
            }
            try finishBody()
            let i = controls.count - 1
            controls[i].kind = .catchAll
            controls[i].unreachable = false
            syncFrame()
        case .delegate:
            guard case .index(let l) = ins.immediate else { throw badImmediate(ins) }
            guard let f = controls.last, f.kind == .try else { throw error("delegate without matching try") }
            try finishBody()
            controls.removeLast()
            syncFrame()
        syncFrame()
            _ = try label(l)
            try pushResults(of: f)
            arena.removeSubrange(f.arenaStart..<arena.count)
        case .rethrow:
            guard case .index(let l) = ins.immediate else { throw badImmediate(ins) }
            let f = try label(l)
            guard f.kind == .catch || f.kind == .catchAll else { throw error("invalid rethrow label") }
            setUnreachable()

        default:
            if ins.opcode.info.feature == .gc || ins.opcode.info.feature == .customDescriptors {
                try gc(ins, e)
            } else {
                throw badImmediate(ins)
            }
        }
    }

    /// `end`: closes the innermost frame.
    mutating func end() throws(Diagnostic) {
        guard let f = controls.last else { throw error("unexpected end") }
        if f.kind == .if && f.paramCount + f.resultCount > 0 {
            // An `if` without `else` behaves as if the else branch passed its params through.
            // That branch is reachable even when the then branch ended unreachable.
            try finishBody()
            controls[controls.count - 1].unreachable = false
            syncFrame()
            for k in 0..<f.paramCount { push(arena[f.arenaStart + k]) }
            let arena = self.arena
            try popTypes(f.resultCount) { arena[f.resultStart + $0] }
            if operands.count != f.height {
                throw error("type mismatch: if without else requires matching params and results")
            }
        } else {
            try finishBody()
        }
        controls.removeLast()
        syncFrame()
        try pushResults(of: f)
        if f.kind != .function && f.kind != .constant {
            arena.removeSubrange(f.arenaStart..<arena.count)
        }
    }

    /// Pushes a closed frame's results (read from the arena, which must still hold them).
    mutating func pushResults(of f: ControlFrame) throws(Diagnostic) {
        if controls.isEmpty { return }
        for k in 0..<f.resultCount { push(arena[f.resultStart + k]) }
    }

    mutating func popReturn() throws(Diagnostic) {
        guard let f = controls.first, f.kind == .function else { throw error("return outside a function") }
        let arena = self.arena
        try popTypes(f.resultCount) { arena[f.resultStart + $0] }
    }

    /// The callee of a tail call must return what the caller returns.
    func checkTailResults(_ ft: FuncType) throws(Diagnostic) {
        guard let f = controls.first, f.kind == .function else { throw error("return_call outside a function") }
        var ok = ft.results.count == f.resultCount
        if ok {
            for (k, t) in ft.results.enumerated() where !ctx.types.isSubtype(t, arena[f.resultStart + k]) {
                ok = false
                break
            }
        }
        if !ok {
            let results = arena[f.resultStart..<(f.resultStart + f.resultCount)]
            throw error("type mismatch: current function requires result type \(ctx.describe(results)) but callee returns \(ctx.describe(ft.results))")
        }
    }

    mutating func initialize(_ x: UInt32) {
        if !localInit[Int(x)] {
            localInit[Int(x)] = true
            initStack.append(x)
        }
    }

    func nonNull(_ o: Operand) -> Operand {
        if case .val(.ref(let r)) = o { return .val(.ref(RefType(nullable: false, r.heapType))) }
        return o
    }

    /// A `try_table` catch clause: the label must accept the tag's payload (and the exnref).
    mutating func checkCatch(_ c: Catch) throws(Diagnostic) {
        var payload: [ValType] = []
        switch c.kind {
        case .catch, .catchRef:
            payload = try tag(c.tag).params
        case .catchAll, .catchAllRef:
            break
        }
        if c.kind == .catchRef || c.kind == .catchAllRef { payload.append(.ref(RefType(nullable: false, .exn))) }
        let f = try label(c.label)
        var ok = f.labelCount == payload.count
        if ok {
            for (k, t) in payload.enumerated() where !ctx.types.isSubtype(t, arena[f.labelStart + k]) {
                ok = false
                break
            }
        }
        if !ok {
            let labelTypes = arena[f.labelStart..<(f.labelStart + f.labelCount)]
            throw error("type mismatch: catch handler provides \(ctx.describe(payload)) but label requires \(ctx.describe(labelTypes))")
        }
    }
}
