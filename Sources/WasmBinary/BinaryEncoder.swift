// The encoder: `Module` → canonical binary. Canonical means what wasm-tools writes: minimal
// LEB128, empty sections left out, the shortest element/data segment form the segment allows,
// equal consecutive locals merged, and the name section last.

import WasmCore

public struct EncodeOptions: Sendable {
    /// Write the name section from `Module.names`.
    public var debugNames = false
    /// Write `Module.customSections`.
    public var customSections = true

    public init() {}
}

public enum BinaryEncoder {
    public static let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
    public static let version: [UInt8] = [0x01, 0x00, 0x00, 0x00]

    /// The order sections appear in (binary ids); the tag section sits between memory and global.
    public static let sectionOrder: [UInt8] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]

    public static func encode(_ module: Module, options: EncodeOptions = .init()) -> [UInt8] {
        var out = ByteWriter()
        out.append(contentsOf: magic)
        out.append(contentsOf: version)

        // With --debug-names the name section is written from `Module.names`; a raw one kept by
        // the decoder (malformed, so not decoded) would be a second copy.
        let names = options.debugNames ? NameSectionEncoder.encode(module.names) : []
        let customs = options.customSections
            ? module.customSections.filter { !(!names.isEmpty && $0.name == "name") }
            : []
        var placed = [Bool](repeating: false, count: customs.count)
        func emitCustoms(_ matches: (CustomSection.Placement) -> Bool) {
            for (i, c) in customs.enumerated() where !placed[i] && matches(c.placement) {
                placed[i] = true
                section(0, into: &out) { w in
                    w.name(c.name)
                    w.append(contentsOf: c.bytes)
                }
            }
        }

        emitCustoms { $0 == .before(0) || $0 == .after(0) }
        // The code section is encoded first: the branch-hint section, which goes before it,
        // holds the offsets of hinted instructions in their function bodies.
        let code = codeSection(module)
        for id in sectionOrder {
            emitCustoms { $0 == .before(id) }
            if id == 10, options.customSections, let hints = code.branchHints {
                // Where the reference interpreter and wasm-tools put it: just before the code.
                section(0, into: &out) { w in
                    w.name("metadata.code.branch_hint")
                    w.append(contentsOf: hints)
                }
            }
            if let body = id == 10 ? code.body : sectionBody(id, module) {
                section(id, into: &out) { $0.append(contentsOf: body) }
            }
            emitCustoms { $0 == .after(id) }
        }
        emitCustoms { _ in true }
        if !names.isEmpty {
            section(0, into: &out) { w in
                w.name("name")
                w.append(contentsOf: names)
            }
        }
        return out.bytes
    }

    static func section(_ id: UInt8, into out: inout ByteWriter, _ body: (inout ByteWriter) -> Void) {
        var w = ByteWriter()
        body(&w)
        out.byte(id)
        out.vector(w.bytes)
    }

    /// Whether a module needs a data count section: set explicitly, or code refers to data
    /// segments (the decoder requires it then).
    static func needsDataCount(_ m: Module) -> Bool {
        if m.hasDataCount { return true }
        for f in m.functions {
            for i in f.body.instructions {
                switch i.opcode {
                case .memoryInit, .dataDrop, .arrayNewData, .arrayInitData: return true
                default: continue
                }
            }
        }
        return false
    }

    /// The code section's body, and the `metadata.code.branch_hint` section's content when the
    /// module has branch hints: for each hinted function (in increasing index), its hints as
    /// (byte offset of the instruction from the start of the function's body, after its size;
    /// 1; 0 or 1). Hints naming no instruction of a defined function are left out; one on an
    /// instruction other than `if`/`br_if` is written, as wasm-tools does (`BranchHintCheck`
    /// reports it).
    static func codeSection(_ m: Module) -> (body: [UInt8]?, branchHints: [UInt8]?) {
        guard !m.functions.isEmpty else { return (nil, nil) }
        let imported = UInt32(m.importedFunctionCount)
        var wanted: [Int: [Int: Bool]] = [:]   // function (defined index) → instruction → likely
        for h in m.branchHints where h.function >= imported && h.function - imported < UInt32(m.functions.count) {
            let (n, i) = (Int(h.function - imported), Int(h.instruction))
            if wanted[n]?[i] == nil { wanted[n, default: [:]][i] = h.likely }
        }
        let encodings = OpcodeEncoding.table
        var w = ByteWriter()
        var hinted: [(function: UInt32, hints: [(offset: Int, likely: Bool)])] = []
        w.u32(UInt32(truncatingIfNeeded: m.functions.count))
        for (n, f) in m.functions.enumerated() {
            var body = ByteWriter()
            body.locals(f.locals)
            if let marks = wanted[n] {
                var found: [(offset: Int, likely: Bool)] = []
                for (i, inst) in f.body.instructions.enumerated() {
                    if let likely = marks[i] { found.append((body.bytes.count, likely)) }
                    body.instruction(inst, in: f.body, encodings: encodings)
                }
                if !found.isEmpty { hinted.append((imported + UInt32(n), found)) }
            } else {
                body.expression(f.body)
            }
            w.vector(body.bytes)
        }
        guard !hinted.isEmpty else { return (w.bytes, nil) }
        var h = ByteWriter()
        h.u32(UInt32(truncatingIfNeeded: hinted.count))
        for (function, hints) in hinted {
            h.u32(function)
            h.u32(UInt32(truncatingIfNeeded: hints.count))
            for hint in hints {
                h.u32(UInt32(truncatingIfNeeded: hint.offset))
                h.u32(1)
                h.byte(hint.likely ? 1 : 0)
            }
        }
        return (w.bytes, h.bytes)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func sectionBody(_ id: UInt8, _ m: Module) -> [UInt8]? {
        var w = ByteWriter()
        switch id {
        case 1:
            guard !m.types.isEmpty || !m.recGroups.isEmpty else { return nil }
            w.typeSection(m)
        case 2:
            // An empty compact group `(import "m")` still makes a section.
            guard !m.imports.isEmpty || !m.importGroups.isEmpty else { return nil }
            w.importSection(m)
        case 3:
            guard !m.functions.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.functions.count))
            for f in m.functions { w.u32(f.typeIndex) }
        case 4:
            guard !m.tables.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.tables.count))
            for t in m.tables {
                if let initializer = t.initializer {
                    w.byte(0x40)
                    w.byte(0x00)
                    w.tableType(t.type)
                    w.expression(initializer)
                } else {
                    w.tableType(t.type)
                }
            }
        case 5:
            guard !m.memories.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.memories.count))
            for mem in m.memories { w.memoryType(mem.type) }
        case 13:
            guard !m.tags.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.tags.count))
            for t in m.tags { w.tagType(t.type) }
        case 6:
            guard !m.globals.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.globals.count))
            for g in m.globals {
                w.globalType(g.type)
                w.expression(g.initializer)
            }
        case 7:
            guard !m.exports.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.exports.count))
            for e in m.exports {
                w.name(e.name)
                w.byte(e.kind.rawValue)
                w.u32(e.index)
            }
        case 8:
            guard let s = m.start else { return nil }
            w.u32(s)
        case 9:
            guard !m.elements.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.elements.count))
            for e in m.elements { w.elementSegment(e) }
        case 12:
            guard needsDataCount(m) else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.datas.count))
        case 10:
            return codeSection(m).body
        case 11:
            guard !m.datas.isEmpty else { return nil }
            w.u32(UInt32(truncatingIfNeeded: m.datas.count))
            for d in m.datas {
                switch d.mode {
                case .active(let mem, let offset):
                    if mem == 0 {
                        w.byte(0x00)
                    } else {
                        w.byte(0x02)
                        w.u32(mem)
                    }
                    w.expression(offset)
                case .passive, .declarative:
                    w.byte(0x01)
                }
                w.vector(d.bytes)
            }
        default:
            return nil
        }
        return w.bytes
    }
}

extension ByteWriter {
    mutating func typeSection(_ m: Module) {
        // Types outside any recorded group are each their own implicit group.
        var groups: [RecGroup] = []
        var next: UInt32 = 0
        let total = UInt32(truncatingIfNeeded: m.types.count)
        for g in m.recGroups.sorted(by: { $0.start < $1.start }) where g.start >= next && g.start <= total {
            while next < g.start {
                groups.append(RecGroup(start: next, count: 1, explicit: false))
                next += 1
            }
            let count = min(g.count, total - g.start)
            groups.append(RecGroup(start: g.start, count: count, explicit: g.explicit || count != 1))
            next = g.start + count
        }
        while next < total {
            groups.append(RecGroup(start: next, count: 1, explicit: false))
            next += 1
        }
        u32(UInt32(truncatingIfNeeded: groups.count))
        for g in groups {
            let range = Int(g.start)..<Int(g.start + g.count)
            if g.explicit {
                byte(TypeCode.recGroup)
                u32(g.count)
            }
            for i in range { subType(m.types[i]) }
        }
    }

    /// Locals as (count, type) runs of equal consecutive types.
    mutating func locals(_ ls: [ValType]) {
        var runs: [(UInt32, ValType)] = []
        for t in ls {
            if let last = runs.last, last.1 == t {
                runs[runs.count - 1].0 &+= 1
            } else {
                runs.append((1, t))
            }
        }
        u32(UInt32(truncatingIfNeeded: runs.count))
        for (n, t) in runs {
            u32(n)
            valType(t)
        }
    }

    /// The segment flags wasm-tools chooses: function indices when the source used them, the
    /// table index only when explicit or non-zero, and the implicit-type forms 0 and 4 only for
    /// table 0 with `funcref` elements.
    mutating func elementSegment(_ e: ElementSegment) {
        let exprBit: UInt8 = e.usesExpressions ? 0x04 : 0x00
        func items() {
            u32(UInt32(truncatingIfNeeded: e.items.count))
            for item in e.items {
                if e.usesExpressions {
                    expression(item)
                } else {
                    u32(Self.functionIndex(of: item))
                }
            }
        }
        func kind() {
            if e.usesExpressions { refType(e.type) } else { byte(0x00) }
        }
        switch e.mode {
        case .passive:
            byte(0x01 | exprBit)
            kind()
        case .declarative:
            byte(0x03 | exprBit)
            kind()
        case .active(let table, let offset):
            let implicitTable = table == 0 && !e.explicitTable
            if implicitTable && (!e.usesExpressions || e.type == .funcref) {
                byte(exprBit)
                expression(offset)
            } else {
                byte(0x02 | exprBit)
                u32(table)
                expression(offset)
                kind()
            }
        }
        items()
    }

    /// The function index of an element item `ref.func x end`.
    static func functionIndex(of e: Expression) -> UInt32 {
        for i in e.instructions where i.opcode == .refFunc {
            if case .index(let x) = i.immediate { return x }
        }
        return 0
    }
}
