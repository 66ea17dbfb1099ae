// Instruction sequences, flat and folded. Folded forms are unfolded into the flat list with an
// explicit stack of frames (no recursion on nesting depth); labels are resolved on the spot.
import WasmCore

/// A label in scope: a block, loop, if, try or try_table.
struct LabelEntry {
    var name: String?
    var opcode: Opcode
    /// Opened by a folded form `(block …)` (closed by `)`), not by a flat `block … end`.
    var folded: Bool
    /// For a flat `if`: whether `else` was seen; for a flat `try`: whether a catch was seen.
    var sawElse = false
    var sawCatchAll = false
}

/// What a `)` closes inside a folded instruction.
enum FoldFrame {
    /// `(plaininstr folded*)`: the instruction is emitted after its operands.
    case plain(Instruction, offset: UInt32)
    /// `(block …)`, `(loop …)`, `(try_table …)`: `)` emits `end`.
    case block(labelDepth: Int)
    /// `(if label bt folded*` before `(then`.
    case ifCondition(name: String?, debugName: String?, blockType: BlockType, offset: UInt32)
    case thenBody(labelDepth: Int)
    case afterThen
    case elseBody(labelDepth: Int)
    case afterElse
    /// Legacy `(try label bt` before `(do`.
    case tryStart
    case doBody(labelDepth: Int)
    /// After `(do …)` or a catch clause: 0 after `do`, 1 after a `catch`, 2 after `catch_all`.
    case afterDo(stage: Int)
    case catchBody(labelDepth: Int, catchAll: Bool)
    case delegated
}

/// The state of the body being parsed: locals, labels and open folded forms.
struct BodyContext {
    var locals = LocalScope()
    var labels = LabelStack()
    var frames: [FoldFrame] = []
    /// Label names for the name section, by block number in the function.
    var labelNames: [UInt32: String] = [:]
    var blockCount: UInt32 = 0

    init(locals: LocalScope = LocalScope()) {
        self.locals = locals
    }
}

extension ModuleParser {

    /// `instr*` up to an unmatched `)` or the token `limit`, appended to `e` (without the
    /// final `end`). The `)` is left for the caller.
    mutating func parseInstructions(into e: inout Expression, context c: inout BodyContext, limit: Int) throws(Diagnostic) {
        let baseLabels = c.labels.count
        while true {
            guard pos < limit, pos < tokens.count else {
                if !c.frames.isEmpty || c.labels.count > baseLabels { throw unexpected() }
                return
            }
            let k = tokens[pos].kind
            if k == .rparen {
                guard let top = c.frames.last else {
                    if c.labels.count > baseLabels { throw unexpected("'end'") }
                    return
                }
                try closeFrame(top, &e, &c)
                continue
            }
            if let top = c.frames.last, try structuralStep(top, &e, &c) { continue }
            if k == .lparen {
                guard kind(at: pos + 1) == .keyword else {
                    pos += 1
                    throw unexpected("an instruction")
                }
                if c.frames.count >= options.maxNesting {
                    throw error("nesting too deep: more than \(options.maxNesting) nested instructions", at: pos)
                }
                try openFolded(&e, &c)
                continue
            }
            guard k == .keyword else { throw unexpected("an instruction") }
            try flatInstruction(&e, &c)
        }
    }

    // MARK: - Folded forms

    /// Handles the tokens allowed right after a structural part of a folded `if` or `try`;
    /// returns whether it consumed something.
    mutating func structuralStep(_ top: FoldFrame, _ e: inout Expression, _ c: inout BodyContext) throws(Diagnostic) -> Bool {
        switch top {
        case .ifCondition(let name, let debugName, let bt, let offset):
            guard isOpen("then") else {
                // Only folded instructions may compute the condition.
                if kind != .lparen { throw unexpected("'(then'") }
                return false
            }
            pos += 2
            pushBlock(.if, name: name, debugName: debugName, folded: true, &c)
            e.append(Instruction(.if, .blockType(bt)), offset: offset)
            c.frames[c.frames.count - 1] = .thenBody(labelDepth: c.labels.count)
            return true
        case .afterThen:
            guard isOpen("else") else { throw unexpected("'(else' or ')'") }
            let at = tokens[pos + 1].offset
            pos += 2
            e.append(Instruction(.else), offset: at)
            c.frames[c.frames.count - 1] = .elseBody(labelDepth: c.labels.count)
            return true
        case .afterElse, .delegated:
            throw unexpected("')'")
        case .tryStart:
            guard isOpen("do") else { throw unexpected("'(do'") }
            pos += 2
            c.frames[c.frames.count - 1] = .doBody(labelDepth: c.labels.count)
            return true
        case .afterDo(let stage):
            let at = pos + 1 < tokens.count ? tokens[pos + 1].offset : 0
            var isCatchAll = false
            if (stage == 2 && (isOpen("catch") || isOpen("catch_all"))) || (stage > 0 && isOpen("delegate")) {
                throw unexpected("')'")
            }
            if isOpen("catch") {
                pos += 2
                let tag = try parseIndex(.tag)
                e.append(Instruction(.catch, .index(tag)), offset: at)
            } else if isOpen("catch_all") {
                pos += 2
                isCatchAll = true
                e.append(Instruction(.catchAll), offset: at)
            } else if isOpen("delegate") {
                pos += 2
                c.labels.removeLast()
                let l = try parseLabel(c)
                try expectRParen()
                e.append(Instruction(.delegate, .index(l)), offset: at)
                c.frames[c.frames.count - 1] = .delegated
                return true
            } else {
                throw unexpected("'(catch', '(catch_all', '(delegate' or ')'")
            }
            c.frames[c.frames.count - 1] = .catchBody(labelDepth: c.labels.count, catchAll: isCatchAll)
            return true
        default:
            return false
        }
    }

    /// A `)` inside a folded form.
    mutating func closeFrame(_ top: FoldFrame, _ e: inout Expression, _ c: inout BodyContext) throws(Diagnostic) {
        let at = tokens[pos].offset
        func checkDepth(_ d: Int) throws(Diagnostic) {
            if c.labels.count != d { throw unexpected("'end'") }
        }
        switch top {
        case .plain(let i, let offset):
            e.append(i, offset: offset)
            c.frames.removeLast()
        case .block(let d):
            try checkDepth(d)
            e.append(Instruction(.end), offset: at)
            c.labels.removeLast()
            c.frames.removeLast()
        case .ifCondition:
            throw unexpected("'(then'")
        case .tryStart:
            throw unexpected("'(do'")
        case .thenBody(let d):
            try checkDepth(d)
            c.frames[c.frames.count - 1] = .afterThen
        case .elseBody(let d):
            try checkDepth(d)
            c.frames[c.frames.count - 1] = .afterElse
        case .doBody(let d):
            try checkDepth(d)
            c.frames[c.frames.count - 1] = .afterDo(stage: 0)
        case .catchBody(let d, let catchAll):
            try checkDepth(d)
            c.frames[c.frames.count - 1] = .afterDo(stage: catchAll ? 2 : 1)
        case .afterThen, .afterElse, .afterDo:
            e.append(Instruction(.end), offset: at)
            c.labels.removeLast()
            c.frames.removeLast()
        case .delegated:
            c.frames.removeLast()
        }
        pos += 1
    }

    /// `'(' foldedinstr`: opens a folded form at `(`.
    mutating func openFolded(_ e: inout Expression, _ c: inout BodyContext) throws(Diagnostic) {
        let kw = pos + 1
        let offset = tokens[kw].offset
        pos = kw
        let op = try lookupOpcode()
        switch op {
        case .block, .loop:
            let name = try parseOptionalId()
            let debugName = takeNameAnnotation(after: name)
            let bt = try parseBlockType()
            pushBlock(op, name: name, debugName: debugName, folded: true, &c)
            e.append(Instruction(op, .blockType(bt)), offset: offset)
            c.frames.append(.block(labelDepth: c.labels.count))
        case .if:
            let name = try parseOptionalId()
            let debugName = takeNameAnnotation(after: name)
            let bt = try parseBlockType()
            c.frames.append(.ifCondition(name: name, debugName: debugName, blockType: bt, offset: offset))
        case .tryTable:
            let name = try parseOptionalId()
            let debugName = takeNameAnnotation(after: name)
            let i = try parseTryTable(&e, c)
            pushBlock(op, name: name, debugName: debugName, folded: true, &c)
            e.append(i, offset: offset)
            c.frames.append(.block(labelDepth: c.labels.count))
        case .try:
            let name = try parseOptionalId()
            let debugName = takeNameAnnotation(after: name)
            let bt = try parseBlockType()
            pushBlock(op, name: name, debugName: debugName, folded: true, &c)
            e.append(Instruction(.try, .blockType(bt)), offset: offset)
            c.frames.append(.tryStart)
        case .else, .end, .catch, .catchAll, .delegate:
            pos = kw
            throw unexpected("an instruction")
        default:
            let i = try parsePlainInstruction(op, &e, c)
            c.frames.append(.plain(i, offset: offset))
        }
    }

    // MARK: - Flat instructions

    mutating func flatInstruction(_ e: inout Expression, _ c: inout BodyContext) throws(Diagnostic) {
        let offset = tokens[pos].offset
        let op = try lookupOpcode()
        switch op {
        case .block, .loop, .if, .try:
            let name = try parseOptionalId()
            let debugName = takeNameAnnotation(after: name)
            let bt = try parseBlockType()
            pushBlock(op, name: name, debugName: debugName, folded: false, &c)
            e.append(Instruction(op, .blockType(bt)), offset: offset)
        case .tryTable:
            let name = try parseOptionalId()
            let debugName = takeNameAnnotation(after: name)
            let i = try parseTryTable(&e, c)
            pushBlock(op, name: name, debugName: debugName, folded: false, &c)
            e.append(i, offset: offset)
        case .else:
            guard var top = c.labels.last, !top.folded, top.opcode == .if, !top.sawElse else {
                pos -= 1
                throw unexpected("an instruction")
            }
            try checkLabelId(c)
            top.sawElse = true
            c.labels[c.labels.count - 1] = top
            e.append(Instruction(.else), offset: offset)
        case .end:
            guard let top = c.labels.last, !top.folded else {
                pos -= 1
                throw unexpected("an instruction")
            }
            try checkLabelId(c)
            c.labels.removeLast()
            e.append(Instruction(.end), offset: offset)
        case .catch, .catchAll:
            guard var top = c.labels.last, !top.folded, top.opcode == .try, !top.sawCatchAll else {
                pos -= 1
                throw unexpected("an instruction")
            }
            if op == .catch {
                let tag = try parseIndex(.tag)
                e.append(Instruction(.catch, .index(tag)), offset: offset)
            } else {
                top.sawCatchAll = true
                c.labels[c.labels.count - 1] = top
                e.append(Instruction(.catchAll), offset: offset)
            }
        case .delegate:
            guard let top = c.labels.last, !top.folded, top.opcode == .try else {
                pos -= 1
                throw unexpected("an instruction")
            }
            c.labels.removeLast()
            let l = try parseLabel(c)
            e.append(Instruction(.delegate, .index(l)), offset: offset)
        default:
            e.append(try parsePlainInstruction(op, &e, c), offset: offset)
        }
    }

    /// The opcode of the keyword at `pos` (consumed): a current name, or a legacy name in
    /// legacy mode (with a warning); `unknown operator` otherwise.
    mutating func lookupOpcode() throws(Diagnostic) -> Opcode {
        guard kind == .keyword else { throw unexpected("an instruction") }
        let t = tokens[pos]
        if let op = OpcodeLookup.shared.find(s.bytes, start: Int(t.offset), length: Int(t.length), allowed: options.features) {
            pos += 1
            return op
        }
        let name = s.text(pos)
        var op = Opcode.byName[name]
        if op == nil, let l = Opcode.byLegacyName[name] {
            if options.strict { throw error("unknown operator \(name)", at: pos) }
            report(Diagnostic(.parse, "'\(name)' is the legacy name of '\(l.info.name)'", at: location(pos), severity: .warning))
            op = l
        }
        guard let op else {
            // A keyword of the grammar in an instruction's place is misplaced, not unknown.
            if Keywords.grammar.contains(name) { throw error("unexpected token", at: pos) }
            throw error("unknown operator \(name)", at: pos)
        }
        if !options.features.contains(op.info.feature) {
            throw error("\(name) requires the \(op.info.feature.displayName) feature (--enable-\(op.info.feature.flagName))", at: pos)
        }
        pos += 1
        return op
    }

    mutating func pushBlock(_ op: Opcode, name: String?, debugName: String?, folded: Bool, _ c: inout BodyContext) {
        if let n = debugName ?? name { c.labelNames[c.blockCount] = n }
        c.blockCount += 1
        c.labels.append(LabelEntry(name: name, opcode: op, folded: folded))
    }

    /// An optional `$id` after `else`/`end`/`(else`: must name the innermost block.
    mutating func checkLabelId(_ c: BodyContext) throws(Diagnostic) {
        guard kind == .id else { return }
        let name = Literals.decodeIdentifier(s.slice(pos))
        if name == nil || c.labels.last?.name != name { throw error("mismatching label", at: pos) }
        pos += 1
    }

    /// `labelidx` ::= u32 | id (the innermost label of that name)
    mutating func parseLabel(_ c: BodyContext) throws(Diagnostic) -> UInt32 {
        if kind == .id {
            if let name = Literals.decodeIdentifier(s.slice(pos)), let i = c.labels.innermost(named: name) {
                pos += 1
                return UInt32(c.labels.count - 1 - i)
            }
            throw error("unknown label \(s.text(pos))", at: pos, phase: .resolve)
        }
        if kind == .number { return try parseU32() }
        throw unexpected("a label")
    }

    /// `blocktype` ::= typeuse (no index, no params and at most one result: a value type)
    mutating func parseBlockType() throws(Diagnostic) -> BlockType {
        guard kind == .lparen else { return .empty }
        let tu = try parseTypeUse(allowNames: false)
        if tu.index == nil, tu.params.isEmpty {
            if tu.results.isEmpty { return .empty }
            if tu.results.count == 1 { return .value(tu.results[0]) }
        }
        return .typeIndex(try resolveTypeUse(tu))
    }

    /// `try_table` immediates: blocktype catch*, where
    /// `catch` ::= '(' 'catch' tagidx labelidx ')' | '(' 'catch_ref' tagidx labelidx ')'
    ///           | '(' 'catch_all' labelidx ')' | '(' 'catch_all_ref' labelidx ')'
    /// Catch labels are resolved outside the try_table's own label.
    mutating func parseTryTable(_ e: inout Expression, _ c: BodyContext) throws(Diagnostic) -> Instruction {
        let bt = try parseBlockType()
        var catches: [Catch] = []
        while kind == .lparen {
            if acceptOpen("catch") {
                let tag = try parseIndex(.tag)
                catches.append(Catch(kind: .catch, tag: tag, label: try parseLabel(c)))
            } else if acceptOpen("catch_ref") {
                let tag = try parseIndex(.tag)
                catches.append(Catch(kind: .catchRef, tag: tag, label: try parseLabel(c)))
            } else if acceptOpen("catch_all") {
                catches.append(Catch(kind: .catchAll, label: try parseLabel(c)))
            } else if acceptOpen("catch_all_ref") {
                catches.append(Catch(kind: .catchAllRef, label: try parseLabel(c)))
            } else {
                break
            }
            try expectRParen()
        }
        return Instruction(.tryTable, .tryTable(bt, e.addCatches(catches)))
    }
}
