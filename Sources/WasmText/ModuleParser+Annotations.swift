// Custom section annotations (the annotations proposal's `@custom`): a module-level
// `(@custom "name" (before|after section)? "bytes"*)` becomes a custom section. Name annotations
// `(@name "…")` after `module` or a definition's keyword and id set its debug name. Branch hints
// `(@metadata.code.branch_hint "\00"|"\01")` before an instruction (meant for `if` and `br_if`) go
// to `Module.branchHints`.
// Other annotations are ignored as the spec allows.
import WasmCore

extension ModuleParser {

    /// `custom_annotation` ::= '(@custom' name ('(' ('before' | 'after') section ')')? string* ')'
    mutating func parseCustomAnnotations(fields: [Field], formStart: Int, wrapped: Bool, end: Int) {
        pendingBranchHints = []
        guard !s.annotations.isEmpty else { return }
        var boundaries = Set(fields.map(\.start))
        boundaries.insert(end)
        let lo = wrapped ? tokens[min(formStart, end)].offset : 0
        let hi = tokens[end].offset
        var hinted = Set<Int>()
        for a in annotations(from: lo, through: hi) {
            let word = String(decoding: bytes[a.start.range], as: UTF8.self)
            if word == "(@metadata.code.branch_hint" {
                // Branch hints are kept by no one yet, but misuse is still reported.
                if boundaries.contains(a.next) || a.next == formStart + 2 {
                    report(Diagnostic(.parse, "@metadata.code.branch_hint annotation: not in a function", at: a.start.location))
                } else if !hinted.insert(a.next).inserted {
                    report(Diagnostic(.parse, "@metadata.code.branch_hint annotation: duplicate annotation", at: a.start.location))
                } else if let likely = branchHintValue(a) {
                    // Kept before any instruction, as wasm-tools does; one that is not `if` or
                    // `br_if` is a custom-section validation error (`BranchHintCheck`), here a warning.
                    let keyword = tokens[a.next].kind == .lparen ? a.next + 1 : a.next
                    if !isBranchHintTarget(keyword) {
                        report(Diagnostic(.parse, "@metadata.code.branch_hint annotation: invalid target", at: a.start.location,
                                          severity: .warning))
                    }
                    pendingBranchHints.append((tokens[keyword].offset, likely, a.start.location))
                } else {
                    report(Diagnostic(.parse, "@metadata.code.branch_hint annotation: invalid hint value", at: a.start.location))
                }
                continue
            }
            guard word == "(@custom" || word == "(@producers" else { continue }
            guard boundaries.contains(a.next) else {
                report(Diagnostic(.parse, "misplaced \(word.dropFirst()) annotation", at: a.start.location))
                continue
            }
            do throws(Diagnostic) {
                module.customSections.append(word == "(@custom" ? try customSection(a) : try producersSection(a))
            } catch {
                report(error)
            }
        }
    }

    /// Whether token `k` is the keyword of an instruction a branch hint is meant for.
    private func isBranchHintTarget(_ k: Int) -> Bool {
        guard k < tokens.count, tokens[k].kind == .keyword else { return false }
        let word = bytes[tokens[k].range]
        return word.elementsEqual("if".utf8) || word.elementsEqual("br_if".utf8)
    }

    /// A branch hint's value: its strings together must be the one byte 0 (unlikely) or 1 (likely).
    private func branchHintValue(_ a: Annotation) -> Bool? {
        var data: [UInt8] = []
        for t in a.body {
            guard t.kind == .string, let b = Literals.decodeString(bytes[t.range]) else { return nil }
            data += b
        }
        guard data.count == 1, data[0] <= 1 else { return nil }
        return data[0] == 1
    }

    /// Gives each recorded branch hint its function and instruction: the one whose text offset
    /// is the keyword's. A hint before no instruction of a function body (before `then`, or in a
    /// constant expression) is misplaced.
    mutating func placeBranchHints() {
        guard !pendingBranchHints.isEmpty else { return }
        var wanted: [UInt32: (likely: Bool, at: Location)] = [:]
        for h in pendingBranchHints { wanted[h.keywordOffset] = (h.likely, h.at) }
        let imported = UInt32(module.importedFunctionCount)
        for (n, f) in module.functions.enumerated() {
            let e = f.body
            for (i, offset) in e.offsets.enumerated() where i < e.instructions.count {
                guard let h = wanted[offset] else { continue }
                module.branchHints.append(BranchHint(function: imported + UInt32(n), instruction: UInt32(i), likely: h.likely))
                wanted[offset] = nil
            }
        }
        for (_, h) in wanted.sorted(by: { $0.key < $1.key }) {
            report(Diagnostic(.parse, "@metadata.code.branch_hint annotation: invalid placement", at: h.at))
        }
        // The binary section lists functions, and each one's hints, in increasing order; a
        // folded `if` comes after the instructions of its condition.
        module.branchHints.sort { ($0.function, $0.instruction) < ($1.function, $1.instruction) }
        pendingBranchHints = []
    }

    private func customSection(_ a: Annotation) throws(Diagnostic) -> CustomSection {
        let body = a.body
        guard let first = body.first, first.kind == .string else {
            throw Diagnostic(.parse, "@custom annotation: missing section name", at: (body.first ?? a.start).location)
        }
        guard let name = Literals.decodeName(bytes[first.range]) else {
            throw Diagnostic(.parse, "@custom annotation: malformed UTF-8 encoding", at: first.location)
        }
        var i = 1
        var placement = CustomSection.Placement.after(0xFF)
        if i < body.count, body[i].kind == .lparen {
            if i + 2 < body.count, body[i + 1].kind == .keyword, body[i + 2].kind == .rparen,
               ["before", "after"].contains(String(decoding: bytes[body[i + 1].range], as: UTF8.self)) {
                throw Diagnostic(.parse, "@custom annotation: malformed section kind", at: body[i + 2].location)
            }
            guard i + 3 < body.count, body[i + 1].kind == .keyword, body[i + 2].kind == .keyword, body[i + 3].kind == .rparen else {
                throw Diagnostic(.parse, "@custom annotation: malformed placement", at: body[i].location)
            }
            let side = String(decoding: bytes[body[i + 1].range], as: UTF8.self)
            let section = String(decoding: bytes[body[i + 2].range], as: UTF8.self)
            guard side == "before" || side == "after" else {
                throw Diagnostic(.parse, "@custom annotation: malformed placement", at: body[i + 1].location)
            }
            let id: UInt8
            switch section {
            case "first" where side == "before": id = 0
            case "last" where side == "after": id = 0xFF
            case "type": id = 1
            case "import": id = 2
            case "func": id = 3
            case "table": id = 4
            case "memory": id = 5
            case "global": id = 6
            case "export": id = 7
            case "start": id = 8
            case "elem": id = 9
            case "code": id = 10
            case "data": id = 11
            case "datacount": id = 12
            case "tag": id = 13
            default: throw Diagnostic(.parse, "@custom annotation: malformed section kind", at: body[i + 2].location)
            }
            placement = side == "before" ? .before(id) : .after(id)
            i += 4
        }
        var data: [UInt8] = []
        while i < body.count {
            guard body[i].kind == .string, let b = Literals.decodeString(bytes[body[i].range]) else {
                throw Diagnostic(.parse, "@custom annotation: unexpected token", at: body[i].location)
            }
            data.append(contentsOf: b)
            i += 1
        }
        return CustomSection(name: name, bytes: data, placement: placement)
    }

    /// `(@producers (language|sdk|processed-by "name" "version")*)`, the tool conventions'
    /// `producers` section as wasm-tools writes it: fields in the order language, sdk,
    /// processed-by, each value in the order written; placed after everything else.
    private func producersSection(_ a: Annotation) throws(Diagnostic) -> CustomSection {
        let fieldNames = ["language", "sdk", "processed-by"]
        var fields: [[(String, String)]] = [[], [], []]
        let body = a.body
        var i = 0
        while i < body.count {
            guard i + 4 < body.count, body[i].kind == .lparen, body[i + 1].kind == .keyword,
                  let k = fieldNames.firstIndex(of: String(decoding: bytes[body[i + 1].range], as: UTF8.self)) else {
                throw Diagnostic(.parse, "@producers annotation: expected (language|sdk|processed-by \"name\" \"version\")",
                                 at: body[i].location)
            }
            guard body[i + 2].kind == .string, body[i + 3].kind == .string, body[i + 4].kind == .rparen,
                  let name = Literals.decodeName(bytes[body[i + 2].range]),
                  let version = Literals.decodeName(bytes[body[i + 3].range]) else {
                throw Diagnostic(.parse, "@producers annotation: expected a name and a version", at: body[i + 2].location)
            }
            fields[k].append((name, version))
            i += 5
        }
        var out: [UInt8] = []
        func leb(_ v: Int) {
            var v = UInt64(v)
            repeat {
                let b = UInt8(v & 0x7F)
                v >>= 7
                out.append(v == 0 ? b : b | 0x80)
            } while v != 0
        }
        func name(_ s: String) {
            leb(s.utf8.count)
            out.append(contentsOf: s.utf8)
        }
        leb(fields.filter { !$0.isEmpty }.count)
        for (k, values) in fields.enumerated() where !values.isEmpty {
            name(fieldNames[k])
            leb(values.count)
            for (n, v) in values {
                name(n)
                name(v)
            }
        }
        return CustomSection(name: "producers", bytes: out, placement: .after(0xFF))
    }

    /// The annotations starting in `lo...hi`. They are in source order, so a binary search finds
    /// them: scanning all of a script's annotations for each of its modules was quadratic
    /// (30,000 `(module (@a))` took minutes).
    private func annotations(from lo: UInt32, through hi: UInt32) -> ArraySlice<Annotation> {
        let all = s.annotations
        var first = 0
        var last = all.count
        while first < last {
            let mid = (first + last) / 2
            if all[mid].start.offset < lo { first = mid + 1 } else { last = mid }
        }
        var end = first
        while end < all.count, all[end].start.offset <= hi { end += 1 }
        return all[first..<end]
    }

    /// The `(@name "…")` right after the `$id` just parsed (it names a parameter, local, label
    /// or field in the name section instead of the id).
    mutating func takeNameAnnotation(after id: String?) -> String? {
        guard id != nil, !nameAnnotations.isEmpty else { return nil }
        return nameAnnotations.removeValue(forKey: pos)?.name
    }

    /// `name_annotation` ::= '(@name' name ')'
    mutating func collectNameAnnotations(formStart: Int, wrapped: Bool, bodyStart: Int, end: Int) {
        nameAnnotations = [:]
        guard !s.annotations.isEmpty else { return }
        let lo = wrapped ? tokens[min(formStart, end)].offset : 0
        let hi = tokens[end].offset
        for a in annotations(from: lo, through: hi) where a.start.length == 6 {
            guard String(decoding: bytes[a.start.range], as: UTF8.self) == "(@name" else { continue }
            guard a.body.count == 1, a.body[0].kind == .string, let name = Literals.decodeName(bytes[a.body[0].range]) else {
                report(Diagnostic(.parse, "@name annotation: malformed name", at: a.start.location))
                continue
            }
            if nameAnnotations[a.next] != nil {
                report(Diagnostic(.parse, a.next == bodyStart ? "@name annotation: multiple module" : "misplaced @name annotation",
                                  at: a.start.location))
                continue
            }
            nameAnnotations[a.next] = (name, a.start.location)
        }
    }

    /// The module's own `(@name …)`, and misplaced ones at field boundaries or in fields that
    /// have no name (`start`, `export`).
    mutating func placeRemainingNameAnnotations(fields: [Field], bodyStart: Int, end: Int) {
        guard !nameAnnotations.isEmpty else { return }
        if let m = nameAnnotations.removeValue(forKey: bodyStart) { module.names.module = m.name }
        var misplaced = Set(fields.map(\.start))
        misplaced.insert(end)
        for f in fields where f.kind == .start || f.kind == .export {
            for i in f.start...f.end { misplaced.insert(i) }
        }
        for (next, a) in nameAnnotations.sorted(by: { $0.key < $1.key }) where misplaced.contains(next) {
            report(Diagnostic(.parse, "misplaced @name annotation", at: a.at))
            nameAnnotations[next] = nil
        }
        // The rest name parameters, locals, labels and fields, or are ignored; the field
        // parsers take theirs, and the module clears them when its fields are parsed.
    }
}
