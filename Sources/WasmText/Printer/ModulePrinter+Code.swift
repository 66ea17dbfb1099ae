// Function bodies and constant expressions, flat: one instruction per line, indented by block
// depth; `block`/`loop`/`if` open a level, `else`/`catch` sit between, `end` closes.

import WasmCore

extension ModuleWriter {
    mutating func printCode() {
        let imported = UInt32(module.importedFunctionCount)
        let hints = BranchHintTable(module, layout: context.layout)
        for (n, f) in module.functions.enumerated() {
            let index = imported &+ UInt32(truncatingIfNeeded: n)
            out.newline(Int(f.sourceOffset))
            out.startGroup("func ")
            writeName(names.funcs, index)
            out.line.write(" ")
            let params = context.writeTypeUse(f.typeIndex, namesFor: index, into: out.line)
            printLocals(f, function: index, params: params)
            let hinted = hints.forFunction(index, f)
            if context.options.foldInstructions && !FoldedBody.hasLegacyExceptions(f.body)
                && FoldedBody.canFold(hints: hinted, f.body) {
                printFolded(f.body, function: index, hints: hinted)
            } else {
                printFlat(f.body, function: index, hints: hinted, hintOffsets: hints.entryOffsets(index, f))
            }
            out.endGroup(at: Int(f.body.offsets.last ?? f.sourceOffset))
        }
    }

    mutating func printLocals(_ f: Function, function: UInt32, params: Int) {
        guard !f.locals.isEmpty else { return }
        let decoded = Int(function) - module.importedFunctionCount
        out.newline(context.offset(\.locals, decoded) ?? Int(f.sourceOffset) + 1)
        let localNames = names.locals[function] ?? [:]
        var group = NamedGroupWriter(keyword: "local")
        for (k, t) in f.locals.enumerated() {
            group.start(localNames.isEmpty ? nil : localNames[UInt32(params + k)], into: out.line)
            context.writeValType(t, into: out.line)
            group.end(into: out.line)
        }
        group.finish(into: out.line)
    }

    mutating func printFlat(_ e: Expression, function: UInt32, hints: [Int: Bool], hintOffsets: [Int: Int] = [:]) {
        var s = LabelState(function: function, names: names)
        let base = out.nesting
        let count = e.instructions.count
        let offsets = e.offsets
        // The last instruction is the body's own `end`, which is not printed.
        for k in 0..<max(0, count - 1) {
            let inst = e.instructions[k]
            let offset = k < offsets.count ? Int(offsets[k]) : nil
            if !hints.isEmpty, let likely = hints[k] {
                out.newline(hintOffsets[k] ?? offset)
                out.line.write(likely ? "(@metadata.code.branch_hint \"\\01\")" : "(@metadata.code.branch_hint \"\\00\")")
            }
            switch inst.opcode {
            case .block, .loop, .if, .try, .tryTable:
                out.newline(offset)
                s.stack.append(s.next)
                s.depth += 1
            case .else, .catch, .catchAll:
                out.nesting = base + s.depth - 1
                out.newline(offset)
            case .end, .delegate:
                if s.depth > 0 { s.depth -= 1 }
                out.nesting = base + s.depth
                out.newline(offset)
            default:
                out.newline(offset)
            }
            context.writeInstruction(inst, in: e, labels: &s, style: .line, into: out.line)
            // wasm-tools keeps the label of a block that `delegate` closes.
            if inst.opcode == .end { _ = s.stack.popLast() }
            out.nesting = base + s.depth
        }
        out.nesting = base
    }

    /// A constant expression on the current line: instructions separated by spaces, or folded.
    mutating func printConstExpression(_ e: Expression, folded: Bool) {
        if folded {
            var f = FoldedBody(context: context, labels: LabelState(function: nil, names: names), blockType: .empty)
            for k in 0..<max(0, e.instructions.count - 1) { f.add(k, e, offset: nil) }
            f.printConst(into: &out)
            return
        }
        var s = LabelState(function: nil, names: names)
        for k in 0..<max(0, e.instructions.count - 1) {
            if k > 0 { out.line.write(" ") }
            let inst = e.instructions[k]
            switch inst.opcode {
            case .block, .loop, .if, .try, .tryTable:
                s.stack.append(s.next)
                s.depth += 1
            case .end, .delegate:
                if s.depth > 0 { s.depth -= 1 }
            default: break
            }
            context.writeInstruction(inst, in: e, labels: &s, style: .inline, into: out.line)
            if inst.opcode == .end { _ = s.stack.popLast() }
        }
    }
}

/// Branch hints by function and instruction: from `Module.branchHints` (a parsed module) or the
/// `metadata.code.branch_hint` custom section of a decoded one, whose offsets count from the
/// start of the function body.
struct BranchHintTable {
    var byFunction: [UInt32: [Int: Bool]] = [:]
    var byOffset: [UInt32: [UInt32: Bool]] = [:]
    /// For `--print-offsets`: function → body offset → where its hint sits in the binary.
    var entries: [UInt32: [UInt32: Int]] = [:]

    init(_ m: Module, layout: BinaryLayout? = nil) {
        for h in m.branchHints { byFunction[h.function, default: [:]][Int(h.instruction)] = h.likely }
        if let k = m.customSections.firstIndex(where: { $0.name == "metadata.code.branch_hint" }) {
            let section = m.customSections[k]
            var positions: [UInt32: [UInt32: Int]] = [:]
            byOffset = Self.decode(section.bytes, positions: &positions)
            if let layout, k < layout.customSections.count {
                let name = section.name.utf8.count
                let payload = layout.customSections[k] + unsignedLEB128Size(name) + name
                entries = positions.mapValues { $0.mapValues { $0 + payload } }
            }
        }
    }

    /// Instruction index → the binary offset of its hint's entry (with a layout).
    func entryOffsets(_ index: UInt32, _ f: Function) -> [Int: Int] {
        guard let marks = entries[index] else { return [:] }
        var out: [Int: Int] = [:]
        for (k, offset) in f.body.offsets.enumerated() where offset >= f.sourceOffset {
            if let at = marks[offset - f.sourceOffset] { out[k] = at }
        }
        return out
    }

    func forFunction(_ index: UInt32, _ f: Function) -> [Int: Bool] {
        var out = byFunction[index] ?? [:]
        if let marks = byOffset[index] {
            for (k, offset) in f.body.offsets.enumerated() where offset >= f.sourceOffset {
                if let likely = marks[offset - f.sourceOffset] { out[k] = likely }
            }
        }
        return out
    }

    /// function → body offset → likely. A malformed section gives the hints before the
    /// malformed part, as wasm-tools prints them.
    static func decode(_ bytes: [UInt8], positions: inout [UInt32: [UInt32: Int]]) -> [UInt32: [UInt32: Bool]] {
        var r = SimpleReader(bytes)
        var out: [UInt32: [UInt32: Bool]] = [:]
        guard let n = r.u32() else { return out }
        for _ in 0..<n {
            guard let f = r.u32(), let count = r.u32() else { return out }
            for _ in 0..<count {
                let entry = r.position
                guard let offset = r.u32(), let size = r.u32(), size == 1, let v = r.byte(), v <= 1 else { return out }
                // A second hint for the same instruction is ignored, as wasm-tools does.
                guard out[f]?[offset] == nil else { continue }
                out[f, default: [:]][offset] = v == 1
                positions[f, default: [:]][offset] = entry
            }
        }
        return out
    }
}

/// Reads LEB128 integers and names from a custom section's payload.
struct SimpleReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u32() -> UInt32? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let b = byte() else { return nil }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
            if shift > 28 { return nil }
        }
        return result <= UInt64(UInt32.max) ? UInt32(result) : nil
    }

    mutating func name() -> String? {
        guard let n = u32(), Int(n) <= bytes.count - position else { return nil }
        let slice = bytes[position..<(position + Int(n))]
        position += Int(n)
        return String(validating: slice, as: UTF8.self)
    }
}
