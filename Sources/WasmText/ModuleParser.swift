// The module parser: token helpers, error reporting and recovery, and the passes over a module's
// fields (names, types, everything else). Each parsing function names the `grammar/wat.ebnf`
// production it implements.
import WasmCore

/// The kinds of module fields.
enum FieldKind {
    case type, rec, `import`, `func`, table, memory, global, tag, export, start, elem, data

    init?(_ s: TokenStream, _ i: Int) {
        guard s.tokens[i].kind == .keyword, s.tokens[i].length <= 6 else { return nil }
        switch s.text(i) {
        case "type": self = .type
        case "rec": self = .rec
        case "import": self = .import
        case "func": self = .func
        case "table": self = .table
        case "memory": self = .memory
        case "global": self = .global
        case "tag": self = .tag
        case "export": self = .export
        case "start": self = .start
        case "elem": self = .elem
        case "data": self = .data
        default: return nil
        }
    }
}

struct Field {
    var kind: FieldKind
    /// Index of the field's `(` and of its `)`.
    var start: Int
    var end: Int
}

struct ModuleParser {
    let s: TokenStream
    let tokens: [Token]
    let bytes: [UInt8]
    let options: TextOptions
    var pos = 0
    var diagnostics: [Diagnostic] = []
    var errorCount = 0

    // The module being built.
    var module: Module = { var m = Module(); m.sourceKind = .text; return m }()
    var resolver = Resolver()
    /// Function types written as `(type (func …))` outside `rec`, first one per signature: the
    /// targets of inline type uses.
    var funcTypeIndex: [FuncType: UInt32] = [:]
    /// Types that inline type uses append after the explicit ones.
    var appendedTypes: [FuncType] = []
    var explicitTypeCount: UInt32 = 0
    /// Index of the function being parsed (in the function index space).
    var currentFunction: UInt32 = 0
    var sawStart = false
    var counts = SpaceCounts()
    /// `(@name "…")` annotations of the module, by the index of the token that follows them.
    var nameAnnotations: [Int: (name: String, at: Location)] = [:]
    /// Branch hints by the text offset of the keyword of the instruction they precede (resolved
    /// to instructions once the functions are parsed).
    var pendingBranchHints: [(keywordOffset: UInt32, likely: Bool, at: Location)] = []
    /// The compact import groups written in the text, by the index of their first import.
    var compactImports: [(start: Int, group: ImportGroup)] = []

    init(stream: TokenStream, options: TextOptions) {
        self.s = stream
        self.tokens = stream.tokens
        self.bytes = stream.source.bytes
        self.options = options
    }

    // MARK: - Reporting

    mutating func report(_ d: Diagnostic) {
        if d.severity == .error {
            errorCount += 1
            if errorCount > options.maxErrors { return }
        }
        diagnostics.append(d)
    }

    var tooManyErrors: Bool { errorCount >= options.maxErrors }

    func location(_ i: Int) -> Location {
        i < tokens.count ? tokens[i].location : .text(offset: UInt32(bytes.count), length: 0)
    }

    /// `unexpected token` (or `unexpected end` at the end of input) at the current token.
    func unexpected(_ detail: String? = nil) -> Diagnostic {
        let t = pos < tokens.count ? tokens[pos] : Token(kind: .eof, offset: UInt32(bytes.count), length: 0)
        if t.kind == .eof {
            return Diagnostic(.parse, "unexpected end", at: t.location)
        }
        if t.kind == .invalid {
            // The lexer already said what is wrong with this span (a module form of a script is
            // parsed from the script's tokens, so its lexical errors surface here).
            let r = t.range
            if let d = s.diagnostics.first(where: { ($0.location.textOffset).map { r.contains($0) || $0 == r.lowerBound } ?? false }) {
                return d
            }
        }
        if t.kind == .reserved || t.kind == .keyword {
            let word = s.text(pos)
            if t.kind == .reserved || !Keywords.isKnown(word, strict: options.strict) {
                return Diagnostic(.parse, "unknown operator \(word)", at: t.location)
            }
        }
        let msg = detail.map { "unexpected token: expected \($0)" } ?? "unexpected token"
        return Diagnostic(.parse, msg, at: t.location)
    }

    func error(_ message: String, at i: Int, phase: Phase = .parse) -> Diagnostic {
        Diagnostic(phase, message, at: location(i))
    }

    // MARK: - Token helpers

    @inline(__always) var kind: TokenKind { tokens[pos].kind }
    @inline(__always) func kind(at i: Int) -> TokenKind { i < tokens.count ? tokens[i].kind : .eof }
    @inline(__always) func isKeyword(_ w: StaticString) -> Bool { s.isKeyword(pos, w) }
    @inline(__always) func isOpen(_ w: StaticString) -> Bool { s.isOpen(pos, w) }
    @inline(__always) func isOpen(at i: Int, _ w: StaticString) -> Bool { s.isOpen(i, w) }

    mutating func expect(_ k: TokenKind, _ what: String) throws(Diagnostic) {
        guard kind == k else { throw unexpected(what) }
        pos += 1
    }

    mutating func expectLParen() throws(Diagnostic) { try expect(.lparen, "'('") }
    mutating func expectRParen() throws(Diagnostic) { try expect(.rparen, "')'") }

    mutating func expectKeyword(_ w: StaticString) throws(Diagnostic) {
        guard isKeyword(w) else { throw unexpected("'\(w)'") }
        pos += 1
    }

    /// Consumes `(` `word` if they come next.
    mutating func acceptOpen(_ w: StaticString) -> Bool {
        guard isOpen(w) else { return false }
        pos += 2
        return true
    }

    mutating func acceptKeyword(_ w: StaticString) -> Bool {
        guard isKeyword(w) else { return false }
        pos += 1
        return true
    }

    /// An optional `$id`; returns its name.
    mutating func parseOptionalId() throws(Diagnostic) -> String? {
        guard kind == .id else { return nil }
        guard let name = Literals.decodeIdentifier(s.slice(pos)) else {
            throw error("malformed UTF-8 encoding", at: pos)
        }
        pos += 1
        return name
    }

    /// `string` ::= a string token.
    mutating func parseString() throws(Diagnostic) -> [UInt8] {
        guard kind == .string, let b = Literals.decodeString(s.slice(pos)) else { throw unexpected("a string") }
        pos += 1
        return b
    }

    /// `name` ::= a string that is valid UTF-8.
    mutating func parseName() throws(Diagnostic) -> String {
        guard kind == .string else { throw unexpected("a string") }
        guard let n = Literals.decodeName(s.slice(pos)) else { throw error("malformed UTF-8 encoding", at: pos) }
        pos += 1
        return n
    }

    /// `u32` ::= an unsigned integer token below 2^32.
    mutating func parseU32() throws(Diagnostic) -> UInt32 {
        guard kind == .number else { throw unexpected("a number") }
        guard let v = Literals.parseUnsigned(s.slice(pos), bits: 32) else {
            throw error(unsignedSyntax(s.slice(pos)) ? "constant out of range" : "unexpected token", at: pos)
        }
        pos += 1
        return UInt32(v)
    }

    /// `u64` ::= an unsigned integer token below 2^64.
    mutating func parseU64() throws(Diagnostic) -> UInt64 {
        guard kind == .number else { throw unexpected("a number") }
        guard let v = Literals.parseUnsigned(s.slice(pos), bits: 64) else {
            throw error(unsignedSyntax(s.slice(pos)) ? "constant out of range" : "unexpected token", at: pos)
        }
        pos += 1
        return v
    }

    var atNumber: Bool { kind == .number }
    var atIndex: Bool { kind == .number || kind == .id }

    /// `idx` ::= u32 | id, resolved in the index space `space`
    mutating func parseIndex(_ space: IndexSpace) throws(Diagnostic) -> UInt32 {
        if kind == .id {
            guard let name = Literals.decodeIdentifier(s.slice(pos)) else { throw error("malformed UTF-8 encoding", at: pos) }
            let i = try resolver.lookup(space, name, at: location(pos))
            pos += 1
            return i
        }
        if kind == .number { return try parseU32() }
        throw unexpected("an index")
    }

    /// Skips to just after the `)` matching the `(` at `open`, or to the end.
    mutating func skip(to open: Int, end: Int) {
        if let c = s.matching(open), c < end { pos = c + 1 } else { pos = end }
    }

    // MARK: - Module forms

    /// `module_form` ::= '(' 'module' 'definition'? id? (field* | 'binary' string* | 'quote' string*) ')'
    mutating func parseModuleForm(at index: Int) -> (ModuleForm, Int)? {
        pos = index
        guard isOpen("module") else {
            report(unexpected("'(module'"))
            return nil
        }
        let offset = tokens[index].offset
        guard let close = s.matching(index) else {
            report(Diagnostic(.parse, "unexpected end", at: location(tokens.count - 1)))
            return nil
        }
        pos = index + 2
        let isDefinition = acceptKeyword("definition")
        var name: String?
        do throws(Diagnostic) {
            name = try parseOptionalId()
        } catch {
            report(error)
            return nil
        }
        if isKeyword("binary") || isKeyword("quote") {
            let binary = isKeyword("binary")
            pos += 1
            var data: [UInt8] = []
            while pos < close {
                guard kind == .string, let b = Literals.decodeString(s.slice(pos)) else {
                    report(unexpected("a string"))
                    return nil
                }
                data.append(contentsOf: b)
                pos += 1
            }
            let src: ModuleSource = binary ? .binary(data) : .quote(data)
            return (ModuleForm(name: name, isDefinition: isDefinition, source: src, offset: offset), close + 1)
        }
        guard let m = parseTextModule(formStart: index, wrapped: true) else { return nil }
        return (ModuleForm(name: name, isDefinition: isDefinition, source: .text(m), offset: offset), close + 1)
    }

    /// `module` ::= '(' 'module' id? field* ')' | field*
    mutating func parseTextModule(formStart: Int, wrapped: Bool) -> Module? {
        var end = tokens.count - 1
        pos = formStart
        if wrapped {
            guard let close = s.matching(formStart) else {
                report(Diagnostic(.parse, "unexpected end", at: location(tokens.count - 1)))
                return nil
            }
            end = close
            pos = formStart + 2
            _ = acceptKeyword("definition")
            if kind == .id {
                module.names.module = try? parseOptionalId()
                if module.names.module == nil { pos += 1 }
            }
        }
        let bodyStart = pos
        let fields = scanFields(from: pos, end: end)
        parseCustomAnnotations(fields: fields, formStart: formStart, wrapped: wrapped, end: end)
        collectNameAnnotations(formStart: formStart, wrapped: wrapped, bodyStart: bodyStart, end: end)
        defineNames(fields)
        placeRemainingNameAnnotations(fields: fields, bodyStart: bodyStart, end: end)
        if tooManyErrors { return nil }
        for f in fields where f.kind == .type || f.kind == .rec {
            parseField(f)
            if tooManyErrors { return nil }
        }
        explicitTypeCount = UInt32(module.types.count)
        for f in fields where f.kind != .type && f.kind != .rec {
            parseField(f)
            if tooManyErrors { return nil }
        }
        for t in appendedTypes {
            module.recGroups.append(RecGroup(start: UInt32(module.types.count), count: 1, explicit: false))
            module.types.append(SubType(composite: .func(t)))
        }
        nameAnnotations = [:]
        placeBranchHints()
        module.importGroups = importGroups(compactImports)
        // As wasm-tools: a data count section whenever code refers to data segments.
        module.hasDataCount = module.functions.contains { f in
            f.body.instructions.contains {
                switch $0.opcode {
                case .memoryInit, .dataDrop, .arrayNewData, .arrayInitData: return true
                default: return false
                }
            }
        }
        return errorCount == 0 ? module : nil
    }

    /// The module's fields: each `(` keyword … `)` at the top level of `start..<end`.
    mutating func scanFields(from start: Int, end: Int) -> [Field] {
        var fields: [Field] = []
        var i = start
        while i < end {
            guard tokens[i].kind == .lparen else {
                pos = i
                report(unexpected("a module field"))
                if tooManyErrors { return fields }
                // Resynchronise at the next parenthesis.
                i += 1
                while i < end, tokens[i].kind != .lparen { i += 1 }
                continue
            }
            guard let close = s.matching(i), close <= end else {
                report(Diagnostic(.parse, "unexpected end", at: location(end)))
                return fields
            }
            guard kind(at: i + 1) == .keyword, let k = FieldKind(s, i + 1) else {
                pos = i + 1
                report(unexpected("a module field"))
                i = close + 1
                continue
            }
            fields.append(Field(kind: k, start: i, end: close))
            i = close + 1
        }
        return fields
    }

    /// Parses one field; on error reports it and resumes after the field.
    mutating func parseField(_ f: Field) {
        pos = f.start + 2
        do throws(Diagnostic) {
            switch f.kind {
            case .type: try parseTypeField(f)
            case .rec: try parseRecField(f)
            case .import: try parseImportField(f)
            case .func: try parseFuncField(f)
            case .table: try parseTableField(f)
            case .memory: try parseMemoryField(f)
            case .global: try parseGlobalField(f)
            case .tag: try parseTagField(f)
            case .export: try parseExportField(f)
            case .start: try parseStartField(f)
            case .elem: try parseElemField(f)
            case .data: try parseDataField(f)
            }
            if pos != f.end { throw unexpected("')'") }
        } catch {
            report(error)
        }
        pos = f.end + 1
    }

    // MARK: - The name pass

    /// The direct children `(` of the list opened at `open` (whose keyword is at open+1).
    func children(of open: Int, end: Int) -> [Int] {
        var out: [Int] = []
        var j = open + 2
        while j < end {
            if tokens[j].kind == .lparen {
                out.append(j)
                guard let c = s.matching(j) else { break }
                j = c + 1
            } else {
                j += 1
            }
        }
        return out
    }

    func idName(at i: Int) -> String? {
        guard kind(at: i) == .id else { return nil }
        return Literals.decodeIdentifier(s.slice(i))
    }

    /// Defines every module-level identifier, in order, and checks that imports come first.
    mutating func defineNames(_ fields: [Field]) {
        var definedKind: String?
        for f in fields {
            switch f.kind {
            case .type:
                define(.type, at: f.start + 2)
            case .rec:
                for c in children(of: f.start, end: f.end) where isOpen(at: c, "type") {
                    define(.type, at: c + 2)
                }
            case .import:
                if let d = definedKind { report(error("import after \(d)", at: f.start + 1)) }
                if kind(at: f.start + 3) == .string {
                    // (import "m" "n" (kind id? …))
                    defineImport(at: f.start + 4)
                    continue
                }
                // Compact: (import "m" (item "n" (kind id? …))*) or (import "m" (item "n")* (kind …)).
                let kids = children(of: f.start, end: f.end)
                let items = kids.filter { isOpen(at: $0, "item") }
                if let shared = kids.last(where: { !isOpen(at: $0, "item") }) {
                    for _ in items { defineImport(at: shared, named: false) }
                } else {
                    for c in items { defineImport(at: c + 3) }
                }
            case .func, .table, .memory, .global, .tag:
                let space: IndexSpace
                let word: String
                switch f.kind {
                case .func: space = .function; word = "function"
                case .table: space = .table; word = "table"
                case .memory: space = .memory; word = "memory"
                case .global: space = .global; word = "global"
                default: space = .tag; word = "tag"
                }
                let kids = children(of: f.start, end: f.end)
                let inlineImport = kids.contains { isOpen(at: $0, "import") }
                if inlineImport {
                    if let d = definedKind { report(error("import after \(d)", at: f.start + 1)) }
                } else if f.kind != .tag {
                    definedKind = definedKind ?? word
                }
                define(space, at: f.start + 2)
                if f.kind == .table, kids.contains(where: { isOpen(at: $0, "elem") }) {
                    _ = resolver.define(.elem, name: nil, at: location(f.start))
                }
                if f.kind == .memory, kids.contains(where: { isOpen(at: $0, "data") }) {
                    _ = resolver.define(.data, name: nil, at: location(f.start))
                }
            case .elem:
                define(.elem, at: f.start + 2)
            case .data:
                define(.data, at: f.start + 2)
            case .export, .start:
                break
            }
        }
    }

    /// Defines the index an import's externtype `(kind id? …)` at token `desc` adds; the
    /// shared type of a compact group defines one unnamed index per item.
    mutating func defineImport(at desc: Int, named: Bool = true) {
        guard kind(at: desc) == .lparen, kind(at: desc + 1) == .keyword, let k = FieldKind(s, desc + 1) else { return }
        let space: IndexSpace
        switch k {
        case .func: space = .function
        case .table: space = .table
        case .memory: space = .memory
        case .global: space = .global
        case .tag: space = .tag
        default: return
        }
        if named {
            define(space, at: desc + 2)
        } else {
            _ = resolver.define(space, name: nil, at: location(desc))
        }
    }

    /// Defines the next index of `space`, named by the `$id` at token `i` if there is one.
    mutating func define(_ space: IndexSpace, at i: Int) {
        let id = idName(at: i)
        let (index, err) = resolver.define(space, name: id, at: location(i))
        if let err { report(err) }
        // A `(@name "…")` right after the keyword and id names the definition instead.
        let annotated = nameAnnotations.removeValue(forKey: kind(at: i) == .id ? i + 1 : i)?.name
        guard let name = annotated ?? id, err == nil || annotated != nil else { return }
        switch space {
        case .type: module.names.types[index] = name
        case .function: module.names.functions[index] = name
        case .table: module.names.tables[index] = name
        case .memory: module.names.memories[index] = name
        case .global: module.names.globals[index] = name
        case .tag: module.names.tags[index] = name
        case .elem: module.names.elems[index] = name
        case .data: module.names.datas[index] = name
        }
    }
}
