// The module fields other than code: types, imports, tables, memories, tags, globals, exports,
// start, element and data segments, and custom sections as `(@custom …)` annotations.

import WasmCore

extension ModuleWriter {
    mutating func printTypes() {
        for (n, g) in module.recGroups.enumerated() {
            out.newline(context.offset(\.recGroups, n))
            if g.explicit {
                out.startGroup("rec")
                for k in 0..<g.count {
                    out.newline(context.offset(\.types, Int(g.start &+ k)))
                    printType(g.start &+ k)
                }
                out.endGroup()
            } else {
                printType(g.start)
            }
        }
    }

    mutating func printType(_ index: UInt32) {
        guard let t = context.subType(index) else { return }
        out.startGroup("type ")
        writeName(names.types, index)
        out.line.write(" ")
        let writesSub = !t.isFinal || !t.supertypes.isEmpty
        if writesSub {
            out.line.write("(sub ")
            if t.isFinal { out.line.write("final ") }
            for s in t.supertypes {
                context.writeIndex(names.types, s, into: out.line)
                out.line.write(" ")
            }
        }
        if let d = t.describes {
            out.line.write("(describes ")
            context.writeIndex(names.types, d, into: out.line)
            out.line.write(") ")
        }
        if let d = t.descriptor {
            out.line.write("(descriptor ")
            context.writeIndex(names.types, d, into: out.line)
            out.line.write(") ")
        }
        switch t.composite {
        case .func(let f):
            out.line.write("(func")
            context.writeFuncType(f, namesFor: nil, into: out.line)
            out.line.write(")")
        case .struct(let fields):
            out.line.write("(struct")
            let fieldNames = names.fields[index]
            for (k, field) in fields.enumerated() {
                out.line.write(" (field ")
                if let n = fieldNames?[UInt32(k)] {
                    // With `(@name …)` after a synthetic identifier (wasm-tools leaves it out,
                    // and its text then reads back another name: docs/printer.md).
                    n.writeDefinition(into: out.line)
                    out.line.write(" ")
                }
                context.writeFieldType(field, into: out.line)
                out.line.write(")")
            }
            out.line.write(")")
        case .array(let field):
            out.line.write("(array ")
            context.writeFieldType(field, into: out.line)
            out.line.write(")")
        }
        if writesSub { out.line.write(")") }
        out.endGroup()
    }

    /// `$name (;N;)` or `(;N;)` where an item is defined.
    mutating func writeName(_ table: [UInt32: Naming], _ index: UInt32) {
        if let n = table[index] {
            n.writeDefinition(into: out.line)
            out.line.write(" ")
        }
        out.line.write("(;")
        out.line.writeDecimal(index)
        out.line.write(";)")
    }

    /// Imports one per line, or in the groups of the compact import section:
    /// `(import "m" (item "a" (func …)) …)` and `(import "m" (item "a") (item "b") (func …))`.
    mutating func printImports() {
        var counts = ImportCounts()
        let groups = module.importGroups
        guard !groups.isEmpty, module.importGroupsDescribeImports else {
            for (n, i) in module.imports.enumerated() {
                out.newline(context.offset(\.importItems, n))
                out.startGroup("import ")
                out.line.writeQuotedName(i.module)
                out.line.write(" ")
                out.line.writeQuotedName(i.name)
                out.line.write(" ")
                writeImportType(i.desc, counts: &counts, named: true)
                out.endGroup()
            }
            return
        }
        var next = 0
        for (n, g) in groups.enumerated() {
            let imports = module.imports[next..<(next + g.count)]
            next += g.count
            out.newline(context.offset(\.imports, n))
            out.startGroup("import ")
            out.line.writeQuotedName(g.module)
            switch g.form {
            case .single:
                for i in imports {
                    out.line.write(" ")
                    out.line.writeQuotedName(i.name)
                    out.line.write(" ")
                    writeImportType(i.desc, counts: &counts, named: true)
                }
            case .items:
                for (k, i) in zip(imports.indices, imports) {
                    out.newline(context.offset(\.importItems, k))
                    out.startGroup("item ")
                    out.line.writeQuotedName(i.name)
                    out.line.write(" ")
                    writeImportType(i.desc, counts: &counts, named: true)
                    out.endGroup()
                }
            case .sharedType:
                for (k, i) in zip(imports.indices, imports) {
                    out.newline(context.offset(\.importItems, k))
                    out.startGroup("item ")
                    out.line.writeQuotedName(i.name)
                    out.endGroup()
                }
                if let first = imports.first {
                    // wasm-tools places the shared type at the group's offset.
                    out.newline(context.offset(\.imports, n))
                    writeImportType(first.desc, counts: &counts, named: false)
                    for i in imports.dropFirst() { counts.count(i.desc) }
                }
            }
            out.endGroup()
        }
    }

    /// `(func $f (;0;) (type 0) …)`, `(memory (;0;) 1)`, …; without name and index when not
    /// `named` (the shared type of a compact group). Counts the import.
    mutating func writeImportType(_ desc: ImportDesc, counts: inout ImportCounts, named: Bool) {
        switch desc {
        case .func(let t, let exact):
            out.startGroup("func ")
            if named {
                writeName(names.funcs, counts.funcs)
                out.line.write(" ")
            }
            if exact {
                // As wasm-tools: the whole type use, params and results too, inside `(exact …)`.
                out.line.write("(exact ")
                context.writeTypeUse(t, namesFor: named ? counts.funcs : nil, into: out.line)
                out.line.write(")")
            } else {
                context.writeTypeUse(t, namesFor: named ? counts.funcs : nil, into: out.line)
            }
        case .table(let t):
            writeTableType(t, index: named ? counts.tables : nil)
        case .memory(let m):
            writeMemoryType(m, index: named ? counts.memories : nil)
        case .global(let g):
            writeGlobalType(g, index: named ? counts.globals : nil)
        case .tag(let t):
            writeTagType(t, index: named ? counts.tags : nil)
        }
        counts.count(desc)
        out.endGroup()
    }

    /// Opens `(table …` with the type; the caller closes it.
    mutating func writeTableType(_ t: TableType, index: UInt32?) {
        out.startGroup("table ")
        if let index {
            writeName(names.tables, index)
            out.line.write(" ")
        }
        if t.limits.shared { out.line.write("shared ") }
        if t.limits.addressType == .i64 { out.line.write("i64 ") }
        writeLimits(t.limits)
        out.line.write(" ")
        context.writeRefType(t.elementType, into: out.line)
    }

    mutating func writeMemoryType(_ m: MemoryType, index: UInt32?) {
        out.startGroup("memory ")
        if let index {
            writeName(names.memories, index)
            out.line.write(" ")
        }
        if m.limits.addressType == .i64 { out.line.write("i64 ") }
        writeLimits(m.limits)
        if m.limits.shared { out.line.write(" shared") }
        if let p = m.pageSizeLog2 {
            out.line.write(" (pagesize 0x")
            out.line.writeHex(p < 64 ? 1 << UInt64(p) : 0)
            out.line.write(")")
        }
    }

    mutating func writeLimits(_ l: Limits) {
        out.line.writeDecimal(l.min)
        if let max = l.max {
            out.line.write(" ")
            out.line.writeDecimal(max)
        }
    }

    mutating func writeGlobalType(_ g: GlobalType, index: UInt32?) {
        out.startGroup("global ")
        if let index {
            writeName(names.globals, index)
            out.line.write(" ")
        }
        if g.mutable {
            out.line.write("(mut ")
            context.writeValType(g.valType, into: out.line)
            out.line.write(")")
        } else {
            context.writeValType(g.valType, into: out.line)
        }
    }

    mutating func writeTagType(_ t: TagType, index: UInt32?) {
        out.startGroup("tag ")
        if let index {
            writeName(names.tags, index)
            out.line.write(" ")
        }
        context.writeTypeUse(t.typeIndex, namesFor: nil, into: out.line)
    }

    mutating func printTables() {
        var index = UInt32(module.importedTableCount)
        for (n, t) in module.tables.enumerated() {
            out.newline(context.offset(\.tables, n))
            writeTableType(t.type, index: index)
            if let e = t.initializer {
                out.line.write(" ")
                printConstExpression(e, folded: context.options.foldInstructions)
            }
            out.endGroup()
            index += 1
        }
    }

    mutating func printMemories() {
        var index = UInt32(module.importedMemoryCount)
        for (n, m) in module.memories.enumerated() {
            out.newline(context.offset(\.memories, n))
            writeMemoryType(m.type, index: index)
            out.endGroup()
            index += 1
        }
    }

    mutating func printTags() {
        var index = UInt32(module.importedTagCount)
        for (n, t) in module.tags.enumerated() {
            out.newline(context.offset(\.tags, n))
            writeTagType(t.type, index: index)
            out.endGroup()
            index += 1
        }
    }

    mutating func printGlobals() {
        var index = UInt32(module.importedGlobalCount)
        for (n, g) in module.globals.enumerated() {
            out.newline(context.offset(\.globals, n))
            writeGlobalType(g.type, index: index)
            out.line.write(" ")
            printConstExpression(g.initializer, folded: context.options.foldInstructions)
            out.endGroup()
            index += 1
        }
    }

    mutating func printExports() {
        for (n, e) in module.exports.enumerated() {
            out.newline(context.offset(\.exports, n))
            out.startGroup("export ")
            out.line.writeQuotedName(e.name)
            out.line.write(" ")
            switch e.kind {
            case .func:
                out.startGroup("func ")
                context.writeIndex(names.funcs, e.index, into: out.line)
            case .table:
                out.startGroup("table ")
                context.writeIndex(names.tables, e.index, into: out.line)
            case .memory:
                out.startGroup("memory ")
                context.writeIndex(names.memories, e.index, into: out.line)
            case .global:
                out.startGroup("global ")
                context.writeIndex(names.globals, e.index, into: out.line)
            case .tag:
                // wasm-tools prints a tag export's index, never its name.
                out.startGroup("tag ")
                out.line.writeDecimal(e.index)
            }
            out.endGroup()
            out.endGroup()
        }
    }

    mutating func printStart() {
        guard let s = module.start else { return }
        out.newline(context.layout?.start)
        out.startGroup("start ")
        context.writeIndex(names.funcs, s, into: out.line)
        out.endGroup()
    }

    mutating func printElements() {
        for (n, e) in module.elements.enumerated() {
            let index = UInt32(truncatingIfNeeded: n)
            out.newline(context.offset(\.elements, n))
            out.startGroup("elem ")
            writeName(names.elems, index)
            switch e.mode {
            case .passive: break
            case .declarative: out.line.write(" declare")
            case .active(let table, let offset):
                if e.explicitTable || table != 0 {
                    out.line.write(" (table ")
                    context.writeIndex(names.tables, table, into: out.line)
                    out.line.write(")")
                }
                out.line.write(" ")
                printConstExpressionSugar(offset, keyword: "offset")
            }
            out.line.write(" ")
            if e.usesExpressions {
                context.writeRefType(e.type, into: out.line)
                for item in e.items {
                    out.line.write(" ")
                    printConstExpressionSugar(item, keyword: "item")
                }
            } else {
                out.line.write("func")
                for item in e.items {
                    out.line.write(" ")
                    if let first = item.instructions.first, case .index(let f) = first.immediate {
                        context.writeIndex(names.funcs, f, into: out.line)
                    }
                }
            }
            out.endGroup()
        }
    }

    mutating func printData() {
        for (n, d) in module.datas.enumerated() {
            let index = UInt32(truncatingIfNeeded: n)
            out.newline(context.offset(\.datas, n))
            out.startGroup("data ")
            writeName(names.datas, index)
            out.line.write(" ")
            if case .active(let memory, let offset) = d.mode {
                if memory != 0 {
                    out.line.write("(memory ")
                    context.writeIndex(names.memories, memory, into: out.line)
                    out.line.write(") ")
                }
                printConstExpressionSugar(offset, keyword: "offset")
                out.line.write(" ")
            }
            out.line.writeQuotedBytes(d.bytes)
            out.endGroup()
        }
    }

    /// `(instr)` for a one-instruction expression, else `(keyword instr…)`.
    mutating func printConstExpressionSugar(_ e: Expression, keyword: StaticString) {
        out.line.write("(")
        if e.instructions.count != 2 {
            out.line.write(keyword)
            out.line.write(" ")
            printConstExpression(e, folded: context.options.foldInstructions)
        } else {
            printConstExpression(e, folded: false)
        }
        out.line.write(")")
    }

    // MARK: - Custom sections

    /// The custom sections placed before the first section, before or after section `id`, or
    /// (`id` 0xFF) all those left.
    mutating func printCustoms(_ placer: inout CustomSectionPlacer, before id: UInt8) {
        let taken = id == 0 ? placer.take { $0 == .before(0) || $0 == .after(0) } : placer.take { $0 == .before(id) }
        for (n, c) in taken { printCustom(c, place: placer.place(before: id, in: module), offset: context.offset(\.customSections, n)) }
    }

    mutating func printCustoms(_ placer: inout CustomSectionPlacer, after id: UInt8) {
        let taken = id == 0xFF ? placer.take { _ in true } : placer.take { $0 == .after(id) }
        for (n, c) in taken { printCustom(c, place: placer.place(after: id, in: module), offset: context.offset(\.customSections, n)) }
    }

    /// `offset`: where the section's contents (its name) start in the binary.
    mutating func printCustom(_ c: CustomSection, place: StaticString, offset: Int?) {
        switch c.name {
        case "name", "metadata.code.branch_hint":
            // Printed as the names and hints they hold.
            return
        case "producers":
            if let fields = ProducersSection.decode(c.bytes) {
                // The payload follows the name (its length, then its bytes).
                let payload = offset.map { $0 + unsignedLEB128Size(c.name.utf8.count) + c.name.utf8.count }
                printProducers(fields, offset: offset, payload: payload)
                return
            }
        default:
            break
        }
        out.newline(offset)
        out.startGroup("@custom ")
        out.line.writeQuotedName(c.name)
        out.line.write(" (")
        out.line.write(place)
        out.line.write(") ")
        out.line.writeQuotedBytes(c.bytes)
        out.endGroup()
    }

    mutating func printProducers(_ fields: [ProducersSection.Field], offset: Int?, payload: Int?) {
        out.newline(offset)
        out.startGroup("@producers")
        for f in fields {
            for v in f.values {
                out.newline(payload.map { $0 + v.offset })
                out.line.write("(")
                out.line.write(string: f.name)
                out.nesting += 1
                out.groupLines.append(out.lineCount)
                out.line.write(" ")
                out.line.writeQuotedName(v.name)
                out.line.write(" ")
                out.line.writeQuotedName(v.version)
                out.endGroup()
            }
        }
        out.endGroup()
    }
}

/// The index of the next import of each kind.
struct ImportCounts {
    var funcs: UInt32 = 0, tables: UInt32 = 0, memories: UInt32 = 0, globals: UInt32 = 0, tags: UInt32 = 0

    mutating func count(_ d: ImportDesc) {
        switch d {
        case .func: funcs += 1
        case .table: tables += 1
        case .memory: memories += 1
        case .global: globals += 1
        case .tag: tags += 1
        }
    }
}

/// Hands out the custom sections in the order they are printed, and says where each one is:
/// `before first` or `after` the last non-empty section before it, as wasm-tools names it.
struct CustomSectionPlacer {
    /// The sections not printed yet, with their index in `Module.customSections`.
    var pending: [(Int, CustomSection)]

    init(_ module: Module) { pending = Array(module.customSections.enumerated()) }

    mutating func take(_ matches: (CustomSection.Placement) -> Bool) -> [(Int, CustomSection)] {
        guard !pending.isEmpty else { return [] }
        var taken: [(Int, CustomSection)] = []
        var kept: [(Int, CustomSection)] = []
        for c in pending {
            if matches(c.1.placement) { taken.append(c) } else { kept.append(c) }
        }
        pending = kept
        return taken
    }

    /// The place of a custom section printed after section `id`.
    func place(after id: UInt8, in m: Module) -> StaticString {
        guard let k = BinarySectionOrder.ids.firstIndex(of: id) else { return Self.lastPlace(m) }
        // Right after the data count section and before code: wasm-tools would say `after`
        // the section before data count and so read it back before data count.
        if id == 12, m.hasDataCount || Self.needsDataCount(m) {
            if !m.functions.isEmpty { return "before code" }
            if !m.datas.isEmpty { return "before data" }
        }
        for j in stride(from: k, through: 0, by: -1) {
            if let p = Self.placeName(BinarySectionOrder.ids[j], m) { return p }
        }
        return "before first"
    }

    func place(before id: UInt8, in m: Module) -> StaticString {
        guard let k = BinarySectionOrder.ids.firstIndex(of: id), k > 0 else { return "before first" }
        return place(after: BinarySectionOrder.ids[k - 1], in: m)
    }

    static func lastPlace(_ m: Module) -> StaticString {
        for id in BinarySectionOrder.ids.reversed() {
            if let p = placeName(id, m) { return p }
        }
        return "before first"
    }

    static func needsDataCount(_ m: Module) -> Bool {
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

    /// `after X` when section X is present and not empty.
    static func placeName(_ id: UInt8, _ m: Module) -> StaticString? {
        switch id {
        case 1: return m.types.isEmpty ? nil : "after type"
        case 2: return m.imports.isEmpty ? nil : "after import"
        case 3: return m.functions.isEmpty ? nil : "after func"
        case 4: return m.tables.isEmpty ? nil : "after table"
        case 5: return m.memories.isEmpty ? nil : "after memory"
        case 13: return m.tags.isEmpty ? nil : "after tag"
        case 6: return m.globals.isEmpty ? nil : "after global"
        case 7: return m.exports.isEmpty ? nil : "after export"
        case 8: return m.start == nil ? nil : "after start"
        case 9: return m.elements.isEmpty ? nil : "after elem"
        case 10: return m.functions.isEmpty ? nil : "after code"
        case 11: return m.datas.isEmpty ? nil : "after data"
        default: return nil
        }
    }
}

/// The bytes of `n` as an unsigned LEB128 (a custom section's name length, before its payload).
func unsignedLEB128Size(_ n: Int) -> Int {
    var size = 1
    var v = n >> 7
    while v > 0 {
        size += 1
        v >>= 7
    }
    return size
}
