// The names the printer uses: the name section's (`Module.names`), made printable the way
// `wasm-tools print` does. A name that is a valid identifier prints as `$name`; one with other
// characters as `$"…"`; an empty one, one starting with `#` or a duplicate within its index space
// gets a synthetic identifier `$"#func3 name"`, and its definition carries `(@name "name")` so
// the name section reads back unchanged. `--generate-names` fills unnamed items with wabt's
// `$f0`, `$p0`, `$l1`, `$t0`, … (made unique against the existing names).

import WasmCore

/// A printable name.
struct Naming: Sendable {
    enum Kind: Sendable {
        /// `$name`
        case plain
        /// `$"name"`: the name has characters an identifier cannot hold.
        case quoted
        /// `$"#prefix name"`, with `(@name "name")` where the item is defined.
        case synthetic(String)
    }

    let name: String
    let kind: Kind

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The naming of `name` for item `index` of index space `space` (`func`, `local`, …).
    /// `used` holds the names taken so far in that space; nil where names may repeat (labels).
    init(_ name: String, index: UInt32, space: String, used: inout Set<String>?) {
        var kind = Kind.plain
        if name.utf8.contains(where: { !Naming.isIdChar($0) }) { kind = .quoted }
        if name.isEmpty || name.utf8.first == UInt8(ascii: "#") || used.map({ $0.contains(name) }) == true {
            kind = .synthetic("#\(space)\(index)")
        } else {
            used?.insert(name)
        }
        self.init(name: name, kind: kind)
    }

    /// The spec's `idchar`; bytes of non-ASCII characters are not.
    static func isIdChar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
             UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "\\"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The identifier, where the item is referred to.
    func writeIdentifier(into b: TextBuffer) {
        switch kind {
        case .plain:
            b.write("$")
            b.write(string: name)
        case .quoted:
            b.write("$\"")
            b.writeNameContents(name)
            b.write("\"")
        case .synthetic(let prefix):
            b.write("$\"")
            b.write(string: prefix)
            b.write(" ")
            b.writeNameContents(name)
            b.write("\"")
        }
    }

    /// The identifier where the item is defined: a synthetic one is followed by `(@name …)`.
    func writeDefinition(into b: TextBuffer) {
        writeIdentifier(into: b)
        if case .synthetic = kind {
            b.write(" (@name \"")
            b.writeNameContents(name)
            b.write("\")")
        }
    }
}

/// The printable names of a module, per index space.
struct NameTables: Sendable {
    var module: Naming?
    var funcs: [UInt32: Naming] = [:]
    var types: [UInt32: Naming] = [:]
    var tables: [UInt32: Naming] = [:]
    var memories: [UInt32: Naming] = [:]
    var globals: [UInt32: Naming] = [:]
    var elems: [UInt32: Naming] = [:]
    var datas: [UInt32: Naming] = [:]
    var tags: [UInt32: Naming] = [:]
    /// function → local → name
    var locals: [UInt32: [UInt32: Naming]] = [:]
    /// function → label (blocks counted in order) → name
    var labels: [UInt32: [UInt32: Naming]] = [:]
    /// type → field → name
    var fields: [UInt32: [UInt32: Naming]] = [:]

    init() {}

    init(_ n: NameMap) {
        if let m = n.module {
            var none: Set<String>? = nil
            module = Naming(m, index: 0, space: "module", used: &none)
        }
        funcs = Self.direct(n.functions, "func")
        types = Self.direct(n.types, "type")
        tables = Self.direct(n.tables, "table")
        memories = Self.direct(n.memories, "memory")
        globals = Self.direct(n.globals, "global")
        elems = Self.direct(n.elems, "elem")
        datas = Self.direct(n.datas, "data")
        tags = Self.direct(n.tags, "tag")
        locals = Self.indirect(n.locals, "local", unique: true)
        labels = Self.indirect(n.labels, "label", unique: false)
        fields = Self.indirect(n.fields, "field", unique: true)
    }

    /// In increasing index, as the name section lists them: the first of equal names keeps it.
    private static func direct(_ m: [UInt32: String], _ space: String) -> [UInt32: Naming] {
        var out: [UInt32: Naming] = [:]
        guard !m.isEmpty else { return out }
        out.reserveCapacity(m.count)
        var used: Set<String>? = []
        for k in m.keys.sorted() {
            out[k] = Naming(m[k] ?? "", index: k, space: space, used: &used)
        }
        return out
    }

    private static func indirect(_ m: [UInt32: [UInt32: String]], _ space: String, unique: Bool) -> [UInt32: [UInt32: Naming]] {
        var out: [UInt32: [UInt32: Naming]] = [:]
        for (outer, inner) in m {
            var used: Set<String>? = unique ? [] : nil
            var names: [UInt32: Naming] = [:]
            for k in inner.keys.sorted() {
                names[k] = Naming(inner[k] ?? "", index: k, space: space, used: &used)
            }
            out[outer] = names
        }
        return out
    }
}

extension NameTables {
    /// Names every unnamed item as wabt's `--generate-names` does: `$t0` types, `$f0`
    /// functions, `$p0` parameters, `$l1` other locals, `$T0` tables, `$M0` memories, `$g0`
    /// globals, `$e0` tags and element segments, `$d0` data segments, `$B0`/`$L1`/`$I2` labels
    /// (block, loop, if; numbered by label). A generated name never repeats an existing one.
    mutating func generate(for m: Module) {
        Self.fill(&types, count: m.types.count, prefix: "t")
        let functionCount = m.importedFunctionCount + m.functions.count
        Self.fill(&funcs, count: functionCount, prefix: "f")
        Self.fill(&tables, count: m.importedTableCount + m.tables.count, prefix: "T")
        Self.fill(&memories, count: m.importedMemoryCount + m.memories.count, prefix: "M")
        Self.fill(&globals, count: m.importedGlobalCount + m.globals.count, prefix: "g")
        Self.fill(&tags, count: m.importedTagCount + m.tags.count, prefix: "e")
        Self.fill(&elems, count: m.elements.count, prefix: "e")
        Self.fill(&datas, count: m.datas.count, prefix: "d")
        var typeOf: [UInt32] = []
        for i in m.imports { if case .func(let t, _) = i.desc { typeOf.append(t) } }
        for f in m.functions { typeOf.append(f.typeIndex) }
        let imported = m.importedFunctionCount
        for (n, t) in typeOf.enumerated() {
            let params = Int(t) < m.types.count ? (m.types[Int(t)].funcType?.params.count ?? 0) : 0
            let defined = n >= imported ? m.functions[n - imported] : nil
            let localCount = params + (defined?.locals.count ?? 0)
            var table = locals[UInt32(n)] ?? [:]
            var used = Set(table.values.map(\.name))
            for k in 0..<localCount where table[UInt32(k)] == nil {
                table[UInt32(k)] = Naming(name: Self.unique((k < params ? "p" : "l") + String(k), &used), kind: .plain)
            }
            if !table.isEmpty { locals[UInt32(n)] = table }
            guard let body = defined?.body else { continue }
            var labelTable = labels[UInt32(n)] ?? [:]
            var usedLabels = Set(labelTable.values.map(\.name))
            var label: UInt32 = 0
            for inst in body.instructions {
                let prefix: String
                switch inst.opcode {
                case .block, .try, .tryTable: prefix = "B"
                case .loop: prefix = "L"
                case .if: prefix = "I"
                default: continue
                }
                if labelTable[label] == nil {
                    labelTable[label] = Naming(name: Self.unique(prefix + String(label), &usedLabels), kind: .plain)
                }
                label += 1
            }
            if !labelTable.isEmpty { labels[UInt32(n)] = labelTable }
        }
    }

    private static func fill(_ table: inout [UInt32: Naming], count: Int, prefix: String) {
        var used = Set(table.values.map(\.name))
        for k in 0..<count where table[UInt32(k)] == nil {
            table[UInt32(k)] = Naming(name: unique(prefix + String(k), &used), kind: .plain)
        }
    }

    private static func unique(_ candidate: String, _ used: inout Set<String>) -> String {
        var name = candidate
        while used.contains(name) { name += "_" }
        used.insert(name)
        return name
    }
}
