// Folded instructions (`--fold-instructions`), built as wasm-tools builds them: each plain
// instruction takes as operands the latest preceding folded instructions whose result counts add
// up to its parameter count (none when they overshoot); `if` takes the one before it as its
// condition; blocks collect their bodies; `(then …)` and `(else …)` are the arms. The tree is
// printed with an explicit stack, so deep nesting cannot exhaust the host's.

import WasmCore

struct FoldedBody {
    struct Node {
        var plain: Range<Int>
        var children: Range<Int>
        var results: UInt32
        var offset: Int?
        /// 0: no branch hint, 1: unlikely, 2: likely.
        var hint: UInt8
    }

    enum Kind { case block, loop, `if`, `else`, tryTable }

    struct Frame {
        var kind: Kind
        var type: BlockType
        var plain: Range<Int>
        /// Where this frame's folded instructions start on `stack`.
        var base: Int
        var predicate: Int?
        var consequent: Range<Int>?
        var ifOffset: Int?
        var offset: Int?
        var hint: UInt8
    }

    let context: PrintContext
    var labels: LabelState
    let plain = TextBuffer()
    var nodes: [Node] = []
    /// Child lists of the nodes, each a range.
    var childPool: [Int] = []
    /// The folded instructions of the open frames, innermost last.
    var stack: [Int] = []
    var frames: [Frame] = []
    var pendingHint: UInt8 = 0
    let thenText: Range<Int>
    let elseText: Range<Int>

    init(context: PrintContext, labels: LabelState, blockType: BlockType) {
        self.context = context
        self.labels = labels
        plain.write("then")
        thenText = 0..<4
        plain.write("else")
        elseText = 4..<8
        frames.append(Frame(kind: .block, type: blockType, plain: 0..<0, base: 0, predicate: nil, consequent: nil,
                            ifOffset: nil, offset: nil, hint: 0))
    }

    /// Whether a body uses the legacy `try`, which wasm-tools does not fold (printed flat).
    static func hasLegacyExceptions(_ e: Expression) -> Bool {
        e.instructions.contains { $0.opcode == .try }
    }

    /// Whether folding keeps every branch hint: wasm-tools folds hints on `if` and on plain
    /// instructions only (printed flat otherwise).
    static func canFold(hints: [Int: Bool], _ e: Expression) -> Bool {
        // The body's own final `end` is not printed (nor its hint, in either form).
        for k in hints.keys where k < e.instructions.count - 1 {
            switch e.instructions[k].opcode {
            case .block, .loop, .tryTable, .else, .end: return false
            default: continue
            }
        }
        return true
    }

    mutating func setHint(_ likely: Bool) { pendingHint = likely ? 2 : 1 }

    /// Adds instruction `k` of `e`.
    mutating func add(_ k: Int, _ e: Expression, offset: Int?) {
        let inst = e.instructions[k]
        let (params, results) = arity(inst, e) ?? (0, 0)
        let start = plain.count
        switch inst.opcode {
        case .block, .loop, .if, .try, .tryTable:
            labels.stack.append(labels.next)
            labels.depth += 1
        case .end, .delegate:
            if labels.depth > 0 { labels.depth -= 1 }
        default:
            break
        }
        if inst.opcode != .else && inst.opcode != .end {
            context.writeInstruction(inst, in: e, labels: &labels, style: .line, into: plain)
        }
        if inst.opcode == .end { _ = labels.stack.popLast() }
        let text = start..<plain.count
        switch inst.opcode {
        case .block: pushBlock(.block, inst, text, offset)
        case .loop: pushBlock(.loop, inst, text, offset)
        case .tryTable: pushBlock(.tryTable, inst, text, offset)
        case .if:
            var predicate: Int?
            if let base = frames.last?.base, stack.count > base { predicate = stack.removeLast() }
            var type = BlockType.empty
            if case .blockType(let t) = inst.immediate { type = t }
            frames.append(Frame(kind: .if, type: type, plain: text, base: stack.count, predicate: predicate,
                                consequent: nil, ifOffset: offset, offset: offset, hint: pendingHint))
            pendingHint = 0
        case .else:
            guard var f = frames.popLast(), f.kind == .if else { return }
            f.consequent = moveToPool(from: f.base)
            f.kind = .else
            f.offset = offset
            frames.append(f)
        case .end:
            handleEnd(results)
        default:
            handlePlain(text, params: params, results: results, offset: offset)
        }
    }

    mutating func pushBlock(_ kind: Kind, _ inst: Instruction, _ text: Range<Int>, _ offset: Int?) {
        var type = BlockType.empty
        switch inst.immediate {
        case .blockType(let t): type = t
        case .tryTable(let t, _): type = t
        default: break
        }
        frames.append(Frame(kind: kind, type: type, plain: text, base: stack.count, predicate: nil, consequent: nil,
                            ifOffset: nil, offset: offset, hint: 0))
    }

    /// Moves the folded instructions from `stack[base...]` into the child pool.
    mutating func moveToPool(from base: Int) -> Range<Int> {
        let start = childPool.count
        if base < stack.count {
            childPool.append(contentsOf: stack[base...])
            stack.removeSubrange(base...)
        }
        return start..<childPool.count
    }

    mutating func handlePlain(_ text: Range<Int>, params: UInt32, results: UInt32, offset: Int?) {
        let base = frames.last?.base ?? 0
        var first = stack.count
        var results = results
        if params > 0 {
            var count: UInt32 = 0
            var pos = stack.count - 1
            while pos >= base {
                let (sum, overflow) = count.addingReportingOverflow(nodes[stack[pos]].results)
                count = overflow ? .max : sum
                if count == params {
                    first = pos
                    break
                } else if count > params {
                    // Not foldable: it takes no operands and none may fold into what follows.
                    results = .max
                    break
                }
                pos -= 1
            }
        }
        let children = moveToPool(from: first)
        nodes.append(Node(plain: text, children: children, results: results, offset: offset, hint: pendingHint))
        pendingHint = 0
        stack.append(nodes.count - 1)
    }

    mutating func handleEnd(_ results: UInt32) {
        guard frames.count > 1, let f = frames.popLast() else { return }
        let node: Node
        switch f.kind {
        case .block, .loop, .tryTable:
            node = Node(plain: f.plain, children: moveToPool(from: f.base), results: results, offset: f.offset, hint: 0)
        case .if:
            let body = moveToPool(from: f.base)
            nodes.append(Node(plain: thenText, children: body, results: results, offset: f.offset, hint: 0))
            let then = nodes.count - 1
            let start = childPool.count
            if let p = f.predicate { childPool.append(p) }
            childPool.append(then)
            node = Node(plain: f.plain, children: start..<childPool.count, results: results, offset: f.offset, hint: f.hint)
        case .else:
            let body = moveToPool(from: f.base)
            nodes.append(Node(plain: thenText, children: f.consequent ?? 0..<0, results: results, offset: f.ifOffset, hint: 0))
            let then = nodes.count - 1
            nodes.append(Node(plain: elseText, children: body, results: results, offset: f.offset, hint: 0))
            let otherwise = nodes.count - 1
            let start = childPool.count
            if let p = f.predicate { childPool.append(p) }
            childPool.append(then)
            childPool.append(otherwise)
            node = Node(plain: f.plain, children: start..<childPool.count, results: results, offset: f.ifOffset, hint: f.hint)
        }
        nodes.append(node)
        stack.append(nodes.count - 1)
    }

    // MARK: - Printing

    /// Prints the body's folded instructions, each on its own line.
    func print<S: TextSink>(into out: inout LineWriter<S>) {
        var sep = Separator.newline
        for top in stack { printNode(top, into: &out, separator: &sep) }
    }

    /// Prints a constant expression's folded instructions on the current line.
    func printConst<S: TextSink>(into out: inout LineWriter<S>) {
        var sep = Separator.firstNone
        for top in stack { printNode(top, into: &out, separator: &sep) }
    }

    enum Separator { case newline, firstNone, space }

    func printNode<S: TextSink>(_ root: Int, into out: inout LineWriter<S>, separator sep: inout Separator) {
        // (node, next child) pairs; a node's `)` is written when its children are done.
        var work: [(node: Int, child: Int)] = []
        open(root, &out, &sep)
        work.append((root, 0))
        while let (n, c) = work.last {
            let children = nodes[n].children
            if c < children.count {
                work[work.count - 1].child = c + 1
                let child = childPool[children.lowerBound + c]
                open(child, &out, &sep)
                work.append((child, 0))
            } else {
                out.nesting -= 1
                out.line.write(")")
                work.removeLast()
            }
        }
    }

    func open<S: TextSink>(_ n: Int, _ out: inout LineWriter<S>, _ sep: inout Separator) {
        let node = nodes[n]
        if node.hint != 0 {
            separate(&sep, node.offset, &out)
            out.line.write(node.hint == 2 ? "(@metadata.code.branch_hint \"\\01\")" : "(@metadata.code.branch_hint \"\\00\")")
        }
        separate(&sep, node.offset, &out)
        out.line.write("(")
        out.line.write(from: plain, node.plain)
        if node.children.isEmpty && hasLineComment(node.plain) { out.newline(node.offset) }
        out.nesting += 1
    }

    func separate<S: TextSink>(_ sep: inout Separator, _ offset: Int?, _ out: inout LineWriter<S>) {
        switch sep {
        case .newline: out.newline(offset)
        case .firstNone: sep = .space
        case .space: out.line.write(" ")
        }
    }

    /// Whether the plain text holds a `;;` comment (a label's), which must end its line.
    func hasLineComment(_ r: Range<Int>) -> Bool {
        var previous: UInt8 = 0
        for i in r {
            let b = plain[i]
            if b == UInt8(ascii: ";") && previous == UInt8(ascii: ";") { return true }
            previous = b
        }
        return false
    }
}

extension ModuleWriter {
    mutating func printFolded(_ e: Expression, function: UInt32, hints: [Int: Bool]) {
        let type = function < context.functionTypes.count ? context.functionTypes[Int(function)] : 0
        var f = FoldedBody(context: context, labels: LabelState(function: function, names: names), blockType: .typeIndex(type))
        let offsets = e.offsets
        for k in 0..<max(0, e.instructions.count - 1) {
            if !hints.isEmpty, let likely = hints[k] { f.setHint(likely) }
            f.add(k, e, offset: k < offsets.count ? Int(offsets[k]) : nil)
        }
        f.print(into: &out)
    }
}
