// Custom section annotations (the annotations proposal's `@custom`): a module-level
// `(@custom "name" (before|after section)? "bytes"*)` becomes a custom section. Name annotations
// `(@name "…")` after `module` or a definition's keyword and id set its debug name. Branch hints
// are checked (in a function, one per instruction, before `if` or `br_if`) but not kept yet.
// Other annotations are ignored as the spec allows.
import WasmCore

extension ModuleParser {

    /// `custom_annotation` ::= '(@custom' name ('(' ('before' | 'after') section ')')? string* ')'
    mutating func parseCustomAnnotations(fields: [Field], formStart: Int, wrapped: Bool, end: Int) {
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
                } else if !isBranchHintTarget(a.next) {
                    report(Diagnostic(.parse, "@metadata.code.branch_hint annotation: invalid target", at: a.start.location))
                }
                continue
            }
            guard word == "(@custom" else { continue }
            guard boundaries.contains(a.next) else {
                report(Diagnostic(.parse, "misplaced @custom annotation", at: a.start.location))
                continue
            }
            do throws(Diagnostic) {
                module.customSections.append(try customSection(a))
            } catch {
                report(error)
            }
        }
    }

    /// Whether the instruction starting at token `i` is one a branch hint may precede: `if`
    /// or `br_if`, flat or folded.
    private func isBranchHintTarget(_ i: Int) -> Bool {
        var k = i
        if k < tokens.count, tokens[k].kind == .lparen { k += 1 }
        guard k < tokens.count, tokens[k].kind == .keyword else { return false }
        let word = bytes[tokens[k].range]
        return word.elementsEqual("if".utf8) || word.elementsEqual("br_if".utf8)
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

    /// `name_annotation` ::= '(@name' name ')'
    mutating func collectNameAnnotations(formStart: Int, wrapped: Bool, bodyStart: Int, end: Int) {
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
        }
        nameAnnotations = [:]
    }
}
