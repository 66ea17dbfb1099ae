// The labels in scope while a body is parsed, with an index from name to position so that
// `br $l` resolves in constant time at any nesting depth. A linear scan from the top made a
// body of N nested blocks and N `br $outer` quadratic (30,000 of each: about a minute).

/// A stack of `LabelEntry` with the array operations the parser uses, plus a name lookup.
struct LabelStack {
    private(set) var entries: [LabelEntry] = []
    /// The positions in `entries` of the labels of each name, innermost last.
    private var positions: [String: [Int]] = [:]

    var count: Int { entries.count }
    var last: LabelEntry? { entries.last }

    mutating func append(_ entry: LabelEntry) {
        entries.append(entry)
        if let name = entry.name { positions[name, default: []].append(entries.count - 1) }
    }

    @discardableResult
    mutating func removeLast() -> LabelEntry {
        let entry = entries.removeLast()
        if let name = entry.name { forget(name, at: entries.count) }
        return entry
    }

    subscript(i: Int) -> LabelEntry {
        get { entries[i] }
        set {
            let old = entries[i].name
            entries[i] = newValue
            guard old != newValue.name else { return }
            if let old { forget(old, at: i) }
            if let name = newValue.name {
                var p = positions[name, default: []]
                p.insert(i, at: p.firstIndex(where: { $0 > i }) ?? p.count)
                positions[name] = p
            }
        }
    }

    /// The position of the innermost label named `name`.
    func innermost(named name: String) -> Int? { positions[name]?.last }

    private mutating func forget(_ name: String, at i: Int) {
        guard var p = positions[name], let k = p.lastIndex(of: i) else { return }
        p.remove(at: k)
        positions[name] = p.isEmpty ? nil : p
    }
}
