// Module fields other than types: imports, functions, tables, memories, globals, tags,
// exports, start, element and data segments, with the inline import/export abbreviations.
import WasmCore

extension ModuleParser {

    // MARK: - Inline abbreviations

    /// `inline_export` ::= '(' 'export' name ')' (any number)
    mutating func parseInlineExports(_ kind: ExternKind, index: UInt32) throws(Diagnostic) {
        while acceptOpen("export") {
            let name = try parseName()
            try expectRParen()
            module.exports.append(Export(name: name, kind: kind, index: index))
        }
    }

    /// `inline_import` ::= '(' 'import' name name ')'
    mutating func parseInlineImport() throws(Diagnostic) -> (String, String)? {
        guard acceptOpen("import") else { return nil }
        let m = try parseName()
        let n = try parseName()
        try expectRParen()
        return (m, n)
    }

    // MARK: - Imports and exports

    /// `import` ::= '(' 'import' name name externtype ')'
    ///            | '(' 'import' name ('(' 'item' name externtype ')')* ')'
    ///            | '(' 'import' name ('(' 'item' name ')')+ externtype ')'
    /// The last two are the compact import section's groups (one module name; one type for
    /// every item in the second), kept as `Module.importGroups` for the encoder.
    mutating func parseImportField(_ f: Field) throws(Diagnostic) {
        let m = try parseName()
        if kind == .string {
            let n = try parseName()
            module.imports.append(Import(module: m, name: n, desc: try parseExternType(allowId: true)))
            return
        }
        guard options.features.contains(.compactImports) else {
            if isOpen("item") || kind == .rparen {
                throw error("compact imports require the compact imports feature (--enable-compact-imports)", at: pos)
            }
            throw unexpected("a string")
        }
        let start = module.imports.count
        var names: [String] = []
        var typed = 0
        while acceptOpen("item") {
            let n = try parseName()
            if kind == .rparen {
                names.append(n)
            } else {
                module.imports.append(Import(module: m, name: n, desc: try parseExternType(allowId: true)))
                typed += 1
            }
            try expectRParen()
        }
        if kind == .lparen {
            // The shared-type form: items without types, then one type for all.
            guard typed == 0, !names.isEmpty else { throw unexpected("')'") }
            let desc = try parseExternType(allowId: false, count: names.count)
            for n in names { module.imports.append(Import(module: m, name: n, desc: desc)) }
            compactImports.append((start, ImportGroup(.sharedType, count: names.count, module: m)))
        } else {
            guard names.isEmpty else { throw unexpected("an import type") }
            compactImports.append((start, ImportGroup(.items, count: typed, module: m)))
        }
    }

    /// `externtype` ::= '(' ('func' id? exacttypeuse | 'table' id? tabletype | 'memory' id? memtype
    ///                   | 'global' id? globaltype | 'tag' id? typeuse) ')'
    /// `count` imports take it (a compact group's shared type, which may not name them).
    mutating func parseExternType(allowId: Bool, count: Int = 1) throws(Diagnostic) -> ImportDesc {
        try expectLParen()
        let desc: ImportDesc
        let n = UInt32(count)
        if acceptKeyword("func") {
            try skipImportId(allowId)
            desc = try parseFuncImportType()
            counts.functions += n
        } else if acceptKeyword("table") {
            try skipImportId(allowId)
            desc = .table(try parseTableType())
            counts.tables += n
        } else if acceptKeyword("memory") {
            try skipImportId(allowId)
            desc = .memory(try parseMemoryType())
            counts.memories += n
        } else if acceptKeyword("global") {
            try skipImportId(allowId)
            desc = .global(try parseGlobalType())
            counts.globals += n
        } else if acceptKeyword("tag") {
            try skipImportId(allowId)
            desc = .tag(TagType(typeIndex: try resolveTypeUse(try parseTypeUse())))
            counts.tags += n
        } else {
            throw unexpected("an import kind")
        }
        try expectRParen()
        return desc
    }

    /// An import's `$id` (defined by the name pass); a compact group's shared type has none.
    mutating func skipImportId(_ allowed: Bool) throws(Diagnostic) {
        if !allowed, kind == .id { throw error("identifier not allowed", at: pos) }
        _ = try parseOptionalId()
    }

    /// The import section's groups: the compact ones written in the text, every other import
    /// on its own; none when the text wrote no compact group.
    func importGroups(_ compact: [(start: Int, group: ImportGroup)]) -> [ImportGroup] {
        guard !compact.isEmpty else { return [] }
        var groups: [ImportGroup] = []
        var i = 0
        for (start, g) in compact {
            while i < start, i < module.imports.count {
                groups.append(ImportGroup(.single, count: 1, module: module.imports[i].module))
                i += 1
            }
            groups.append(g)
            i += g.count
        }
        while i < module.imports.count {
            groups.append(ImportGroup(.single, count: 1, module: module.imports[i].module))
            i += 1
        }
        return groups
    }

    /// The type of an imported function: `exacttypeuse` ::= '(' 'exact' typeuse ')' | typeuse
    /// (custom descriptors).
    mutating func parseFuncImportType() throws(Diagnostic) -> ImportDesc {
        if isOpen("exact") {
            try requireFeature(.customDescriptors, "exact function imports", at: pos + 1)
            pos += 2
            let tu = try parseTypeUse()
            try expectRParen()
            return .func(typeIndex: try resolveTypeUse(tu), exact: true)
        }
        return .func(typeIndex: try resolveTypeUse(try parseTypeUse()))
    }

    /// `export` ::= '(' 'export' name externidx ')'
    mutating func parseExportField(_ f: Field) throws(Diagnostic) {
        let name = try parseName()
        try expectLParen()
        let export: Export
        if acceptKeyword("func") {
            export = Export(name: name, kind: .func, index: try parseIndex(.function))
        } else if acceptKeyword("table") {
            export = Export(name: name, kind: .table, index: try parseIndex(.table))
        } else if acceptKeyword("memory") {
            export = Export(name: name, kind: .memory, index: try parseIndex(.memory))
        } else if acceptKeyword("global") {
            export = Export(name: name, kind: .global, index: try parseIndex(.global))
        } else if acceptKeyword("tag") {
            export = Export(name: name, kind: .tag, index: try parseIndex(.tag))
        } else {
            throw unexpected("an export kind")
        }
        try expectRParen()
        module.exports.append(export)
    }

    /// `start` ::= '(' 'start' funcidx ')'
    mutating func parseStartField(_ f: Field) throws(Diagnostic) {
        if sawStart { throw error("multiple start sections", at: f.start + 1) }
        sawStart = true
        module.start = try parseIndex(.function)
    }

    // MARK: - Functions

    /// `func` ::= '(' 'func' id? inline_export* inline_import? typeuse local* instr* ')'
    mutating func parseFuncField(_ f: Field) throws(Diagnostic) {
        let index = counts.functions
        counts.functions += 1
        _ = try parseOptionalId()
        try parseInlineExports(.func, index: index)
        if let (m, n) = try parseInlineImport() {
            module.imports.append(Import(module: m, name: n, desc: try parseFuncImportType()))
            return
        }
        let tu = try parseTypeUse()
        let typeIndex = try resolveTypeUse(tu)
        var scope = LocalScope()
        var localNames: [UInt32: String] = [:]
        if tu.index != nil, !tu.hasInline {
            scope.count = UInt32(funcType(at: typeIndex)?.params.count ?? 0)
        } else {
            for (k, name) in tu.paramNames.enumerated() {
                if let e = scope.define(name, at: location(tu.paramTokens[k])) { throw e }
                if let name {
                    let annotated = nameAnnotations.isEmpty ? nil : nameAnnotations.removeValue(forKey: tu.paramTokens[k] + 1)?.name
                    localNames[UInt32(k)] = annotated ?? name
                }
            }
        }
        var locals: [ValType] = []
        while acceptOpen("local") {
            if kind == .id {
                let at = pos
                let name = try parseOptionalId()
                if let e = scope.define(name, at: location(at)) { throw e }
                if let name { localNames[scope.count - 1] = takeNameAnnotation(after: name) ?? name }
                locals.append(try parseValType())
            } else {
                while kind != .rparen {
                    // `(local (@name "…") t)`: a name without an id.
                    if !nameAnnotations.isEmpty, let annotated = nameAnnotations.removeValue(forKey: pos) {
                        localNames[scope.count] = annotated.name
                    }
                    _ = scope.define(nil, at: .none)
                    locals.append(try parseValType())
                }
            }
            try expectRParen()
        }
        currentFunction = index
        var body = Expression()
        var ctx = BodyContext(locals: scope)
        try parseInstructions(into: &body, context: &ctx, limit: f.end)
        body.append(Instruction(.end), offset: tokens[f.end].offset)
        if !localNames.isEmpty { module.names.locals[index] = localNames }
        if !ctx.labelNames.isEmpty { module.names.labels[index] = ctx.labelNames }
        module.functions.append(Function(typeIndex: typeIndex, locals: locals, body: body, sourceOffset: tokens[f.start].offset))
    }

    // MARK: - Tables, memories, globals, tags

    /// `addrtype` ::= 'i32' | 'i64'  (optional; i32 when absent)
    mutating func parseAddressType() -> AddressType {
        if acceptKeyword("i64") { return .i64 }
        _ = acceptKeyword("i32")
        return .i32
    }

    /// `limits` ::= u64 u64?
    mutating func parseLimits(_ at: AddressType) throws(Diagnostic) -> Limits {
        let min = try parseU64()
        let max: UInt64? = atNumber ? try parseU64() : nil
        return Limits(min: min, max: max, addressType: at)
    }

    /// `tabletype` ::= addrtype? limits reftype
    mutating func parseTableType() throws(Diagnostic) -> TableType {
        let at = parseAddressType()
        let limits = try parseLimits(at)
        return TableType(elementType: try parseRefType(), limits: limits)
    }

    /// `memtype` ::= addrtype? limits 'shared'? pagesize?
    mutating func parseMemoryType() throws(Diagnostic) -> MemoryType {
        let at = parseAddressType()
        var limits = try parseLimits(at)
        if acceptKeyword("shared") { limits.shared = true }
        return MemoryType(limits: limits, pageSizeLog2: try parsePageSize())
    }

    /// `pagesize` ::= '(' 'pagesize' u64 ')'   (custom page sizes: a power of two, as log2)
    mutating func parsePageSize() throws(Diagnostic) -> UInt8? {
        let open = pos
        guard acceptOpen("pagesize") else { return nil }
        guard options.features.contains(.customPageSizes) else {
            throw error("(pagesize) requires the custom page sizes feature (--enable-custom-page-sizes)", at: open)
        }
        let at = pos
        let n = try parseU64()
        guard n != 0, n & (n - 1) == 0 else { throw error("invalid custom page size", at: at) }
        try expectRParen()
        return UInt8(n.trailingZeroBitCount)
    }

    /// `globaltype` ::= valtype | '(' 'mut' valtype ')'
    mutating func parseGlobalType() throws(Diagnostic) -> GlobalType {
        if acceptOpen("mut") {
            let t = try parseValType()
            try expectRParen()
            return GlobalType(t, mutable: true)
        }
        return GlobalType(try parseValType(), mutable: false)
    }

    /// `table` ::= '(' 'table' id? inline_export* inline_import? tabletype expr? ')'
    ///           | '(' 'table' id? inline_export* addrtype? reftype '(' 'elem' elemlist ')' ')'
    mutating func parseTableField(_ f: Field) throws(Diagnostic) {
        let index = counts.tables
        counts.tables += 1
        _ = try parseOptionalId()
        try parseInlineExports(.table, index: index)
        if let (m, n) = try parseInlineImport() {
            module.imports.append(Import(module: m, name: n, desc: .table(try parseTableType())))
            return
        }
        let save = pos
        let at = parseAddressType()
        if !atNumber {
            // The inline element segment form.
            let elemType = try parseRefType()
            guard acceptOpen("elem") else { throw unexpected("'(elem'") }
            counts.elems += 1
            var items: [Expression] = []
            var usesExpressions = false
            if kind == .lparen {
                usesExpressions = true
                while kind == .lparen { items.append(try parseElemExpr()) }
            } else {
                while atIndex { items.append(refFunc(try parseIndex(.function), offset: tokens[pos - 1].offset)) }
                // Indices imply funcref; any other element type needs the expression form.
                usesExpressions = elemType != .funcref
            }
            try expectRParen()
            let n = UInt64(items.count)
            module.tables.append(Table(type: TableType(elementType: elemType, limits: Limits(min: n, max: n, addressType: at))))
            let offset = constExpr(at == .i64 ? Instruction(.i64Const, .i64(0)) : Instruction(.i32Const, .i32(0)), offset: tokens[f.start].offset)
            module.elements.append(ElementSegment(type: elemType, mode: .active(index: index, offset: offset), items: items,
                                                  usesExpressions: usesExpressions, explicitTable: true))
            return
        }
        pos = save
        let type = try parseTableType()
        var initializer: Expression?
        if kind != .rparen {
            var e = Expression()
            var ctx = BodyContext()
            try parseInstructions(into: &e, context: &ctx, limit: f.end)
            e.append(Instruction(.end), offset: tokens[f.end].offset)
            initializer = e
        }
        module.tables.append(Table(type: type, initializer: initializer))
    }

    /// `memory` ::= '(' 'memory' id? inline_export* inline_import? memtype ')'
    ///            | '(' 'memory' id? inline_export* addrtype? '(' 'data' string* ')' ')'
    mutating func parseMemoryField(_ f: Field) throws(Diagnostic) {
        let index = counts.memories
        counts.memories += 1
        _ = try parseOptionalId()
        try parseInlineExports(.memory, index: index)
        if let (m, n) = try parseInlineImport() {
            module.imports.append(Import(module: m, name: n, desc: .memory(try parseMemoryType())))
            return
        }
        let save = pos
        let at = parseAddressType()
        let pageSizeLog2 = atNumber ? nil : try parsePageSize()
        if acceptOpen("data") {
            var bytes: [UInt8] = []
            while kind == .string { bytes.append(contentsOf: try parseString()) }
            try expectRParen()
            counts.datas += 1
            let pageBytes = MemoryType(limits: Limits(min: 0), pageSizeLog2: pageSizeLog2).bytesPerPage
            let pages = pageBytes == 0 ? 0 : (UInt64(bytes.count) + pageBytes - 1) / pageBytes
            module.memories.append(Memory(type: MemoryType(limits: Limits(min: pages, max: pages, addressType: at),
                                                           pageSizeLog2: pageSizeLog2)))
            let offset = constExpr(at == .i64 ? Instruction(.i64Const, .i64(0)) : Instruction(.i32Const, .i32(0)), offset: tokens[f.start].offset)
            module.datas.append(DataSegment(mode: .active(index: index, offset: offset), bytes: bytes))
            return
        }
        pos = save
        module.memories.append(Memory(type: try parseMemoryType()))
    }

    /// `global` ::= '(' 'global' id? inline_export* inline_import? globaltype expr ')'
    mutating func parseGlobalField(_ f: Field) throws(Diagnostic) {
        let index = counts.globals
        counts.globals += 1
        _ = try parseOptionalId()
        try parseInlineExports(.global, index: index)
        if let (m, n) = try parseInlineImport() {
            module.imports.append(Import(module: m, name: n, desc: .global(try parseGlobalType())))
            return
        }
        let type = try parseGlobalType()
        var e = Expression()
        var ctx = BodyContext()
        try parseInstructions(into: &e, context: &ctx, limit: f.end)
        e.append(Instruction(.end), offset: tokens[f.end].offset)
        module.globals.append(Global(type: type, initializer: e))
    }

    /// `tag` ::= '(' 'tag' id? inline_export* inline_import? typeuse ')'
    mutating func parseTagField(_ f: Field) throws(Diagnostic) {
        let index = counts.tags
        counts.tags += 1
        _ = try parseOptionalId()
        try parseInlineExports(.tag, index: index)
        if let (m, n) = try parseInlineImport() {
            module.imports.append(Import(module: m, name: n, desc: .tag(TagType(typeIndex: try resolveTypeUse(try parseTypeUse())))))
            return
        }
        module.tags.append(Tag(type: TagType(typeIndex: try resolveTypeUse(try parseTypeUse()))))
    }

    // MARK: - Segments

    func constExpr(_ i: Instruction, offset: UInt32) -> Expression {
        var e = Expression()
        e.append(i, offset: offset)
        e.append(Instruction(.end), offset: offset)
        return e
    }

    func refFunc(_ f: UInt32, offset: UInt32) -> Expression {
        constExpr(Instruction(.refFunc, .index(f)), offset: offset)
    }

    /// `elemexpr` ::= '(' 'item' expr ')' | '(' instr ')'
    mutating func parseElemExpr() throws(Diagnostic) -> Expression {
        try parseKeywordedExpr("item", expected: "'('")
    }

    /// An offset: `'(' 'offset' expr ')'` or the abbreviation `'(' instr ')'`.
    mutating func parseOffsetExpr() throws(Diagnostic) -> Expression {
        try parseKeywordedExpr("offset", expected: "an offset expression")
    }

    /// `'(' keyword expr ')'`, or one folded instruction standing for it.
    private mutating func parseKeywordedExpr(_ keyword: StaticString, expected: String) throws(Diagnostic) -> Expression {
        let open = pos
        guard kind == .lparen, let close = s.matching(open) else { throw unexpected(expected) }
        var e = Expression()
        var ctx = BodyContext()
        if acceptOpen(keyword) {
            try parseInstructions(into: &e, context: &ctx, limit: close)
            try expectRParen()
        } else {
            try parseInstructions(into: &e, context: &ctx, limit: close + 1)
        }
        e.append(Instruction(.end), offset: tokens[close].offset)
        return e
    }

    /// `elem` ::= '(' 'elem' id? ('declare' | tableuse? offset)? elemlist ')'
    /// `elemlist` ::= reftype elemexpr* | 'func'? funcidx*
    mutating func parseElemField(_ f: Field) throws(Diagnostic) {
        counts.elems += 1
        _ = try parseOptionalId()
        var mode = SegmentMode.passive
        var explicitTable = false
        if acceptKeyword("declare") {
            mode = .declarative
        } else if atNumber || (kind == .lparen && !isOpen("ref") && !isOpen("item")) || isOpen("table") {
            // Active: an optional table use, then the offset.
            var table: UInt32 = 0
            if atNumber {
                table = try parseU32()
                explicitTable = true
            } else if acceptOpen("table") {
                table = try parseIndex(.table)
                try expectRParen()
                explicitTable = true
            }
            mode = .active(index: table, offset: try parseOffsetExpr())
        }
        var type = RefType.funcref
        var items: [Expression] = []
        var usesExpressions = false
        // `func` or nothing means function indices (the MVP form `(elem (offset) $f …)`).
        let explicitType = !acceptKeyword("func") && atRefType
        if explicitType { type = try parseRefType() }
        if explicitType, !(type.heapType == .func && atIndex) {
            usesExpressions = true
            while kind == .lparen { items.append(try parseElemExpr()) }
        } else {
            if explicitType {
                // `(elem funcref 0)`: the spec's grammar has only expressions after a
                // reference type; bare indices need `func`.
                if options.strict { throw unexpected("an element expression") }
                report(Diagnostic(.parse, "function indices after 'funcref' are a legacy form; write 'func' instead",
                                  at: location(pos), severity: .warning))
            }
            while atIndex {
                let off = tokens[pos].offset
                items.append(refFunc(try parseIndex(.function), offset: off))
            }
        }
        module.elements.append(ElementSegment(type: type, mode: mode, items: items, usesExpressions: usesExpressions, explicitTable: explicitTable))
    }

    /// `data` ::= '(' 'data' id? ('(' 'memory' memidx ')'? offset)? string* ')'
    mutating func parseDataField(_ f: Field) throws(Diagnostic) {
        counts.datas += 1
        _ = try parseOptionalId()
        var mode = SegmentMode.passive
        if kind == .lparen || atIndex {
            var memory: UInt32 = 0
            if atIndex {
                memory = try parseIndex(.memory)
            } else if acceptOpen("memory") {
                memory = try parseIndex(.memory)
                try expectRParen()
            }
            mode = .active(index: memory, offset: try parseOffsetExpr())
        }
        var bytes: [UInt8] = []
        while kind == .string { bytes.append(contentsOf: try parseString()) }
        module.datas.append(DataSegment(mode: mode, bytes: bytes))
    }
}

/// Running counts of the index spaces while fields are parsed (imports included).
struct SpaceCounts {
    var functions: UInt32 = 0
    var tables: UInt32 = 0
    var memories: UInt32 = 0
    var globals: UInt32 = 0
    var tags: UInt32 = 0
    var elems: UInt32 = 0
    var datas: UInt32 = 0
}
