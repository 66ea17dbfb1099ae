// The public entry points of the text format: a whole `.wat` file, or one `(module …)` form of a
// `.wast` script at a token position.
import WasmCore

/// Options of the text parser.
public struct TextOptions: Sendable, Hashable {
    /// Exactly the spec's grammar: the legacy spellings (`get_local`, `anyfunc` …) are errors.
    /// Otherwise they are accepted with one warning each.
    public var strict: Bool
    /// Instructions of features not in this set are errors.
    public var features: Features
    /// Stop after this many errors.
    public var maxErrors: Int
    /// The deepest nesting of folded instructions accepted. Folded forms are unfolded with an
    /// explicit stack (nothing recurses on input depth), so the default is generous: compilers
    /// and `wasm-tools print --fold-instructions` emit expression trees thousands deep, and
    /// wasm-tools accepts them.
    public var maxNesting: Int

    public init(strict: Bool = false, features: Features = .default, maxErrors: Int = 20, maxNesting: Int = 1_000_000) {
        self.strict = strict
        self.features = features
        self.maxErrors = maxErrors
        self.maxNesting = maxNesting
    }
}

/// A parsed text module and the warnings its parsing produced.
public struct ParsedModule: Sendable {
    public var module: Module
    public var warnings: [Diagnostic]

    public init(module: Module, warnings: [Diagnostic]) {
        self.module = module
        self.warnings = warnings
    }
}

/// What a `(module …)` form of a script holds.
public enum ModuleSource: Sendable {
    /// A text module, parsed and resolved.
    case text(Module)
    /// `(module binary "…"*)`: the concatenated bytes.
    case binary([UInt8])
    /// `(module quote "…"*)`: the concatenated text, to be parsed with `WatParser.parse`.
    case quote([UInt8])
}

/// One `(module …)` form of a script.
public struct ModuleForm: Sendable {
    /// The `$id` of the module, without `$`.
    public var name: String?
    /// `(module definition …)`: defined but not instantiated.
    public var isDefinition: Bool
    public var source: ModuleSource
    /// Byte offset of the form's `(` in the source.
    public var offset: UInt32

    public init(name: String?, isDefinition: Bool, source: ModuleSource, offset: UInt32) {
        self.name = name
        self.isDefinition = isDefinition
        self.source = source
        self.offset = offset
    }
}

/// A module form parsed from a token stream, the warnings, and the token index after the form.
public struct ParsedModuleForm: Sendable {
    public var form: ModuleForm
    public var warnings: [Diagnostic]
    /// The index of the token after the form's closing `)`.
    public var next: Int
}

/// Parsing of the WebAssembly text format.
public enum WatParser {
    /// Parses a `.wat` file: one `(module …)` or a sequence of module fields (one module).
    /// `(module binary …)` and `(module quote …)` are script forms: see `parseFile`.
    public static func parse(_ source: SourceFile, options: TextOptions = TextOptions()) throws(Diagnostics) -> ParsedModule {
        let stream = TokenStream(source, maxDepth: options.maxNesting >= Int.max - 64 ? Int.max : max(options.maxNesting, 0) + 64)
        var diags = stream.diagnostics
        // The lexer's depth cap sits above the parser's instruction cap; when both apply, the
        // parser's message (which names instructions) is the one to report.
        let lexErrors = diags.filter { $0.severity == .error }
        let depthCapped = lexErrors.contains { $0.message.hasPrefix(Lexer.nestingMessagePrefix) }
        if !lexErrors.isEmpty && !depthCapped {
            throw Diagnostics(Array(diags.prefix(options.maxErrors)))
        }
        var p = ModuleParser(stream: stream, options: options)
        let module: Module?
        if stream.isOpen(0, "module") {
            let close = stream.matching(0)
            module = p.parseTextModule(formStart: 0, wrapped: true)
            if let close, close + 1 < stream.tokens.count, stream.tokens[close + 1].kind != .eof {
                p.report(Diagnostic(.parse, "unexpected token", at: stream.tokens[close + 1].location))
            }
        } else {
            module = p.parseTextModule(formStart: 0, wrapped: false)
        }
        diags = p.diagnostics
        if depthCapped {
            let nesting = diags.filter { $0.severity == .error && $0.message.hasPrefix(Lexer.nestingMessagePrefix) && !lexErrors.contains($0) }
            throw Diagnostics(Array((nesting.isEmpty ? lexErrors : nesting).prefix(options.maxErrors)))
        }
        let errors = diags.filter { $0.severity == .error }
        guard errors.isEmpty, let module else {
            throw Diagnostics(Array(errors.prefix(options.maxErrors)))
        }
        return ParsedModule(module: module, warnings: diags.filter { $0.severity != .error })
    }

    /// Parses a `.wat` file as `wat2wasm` reads it: like `parse`, but the file may also be one
    /// `(module binary "…"*)` (its bytes, returned as `.binary` for the caller to decode) or
    /// `(module quote "…"*)` (its text, parsed as a module), as wabt and wasm-tools accept.
    public static func parseFile(_ source: SourceFile, options: TextOptions = TextOptions()) throws(Diagnostics) -> (source: ModuleSource, warnings: [Diagnostic]) {
        let stream = TokenStream(source)
        var i = 2
        if stream.isKeyword(i, "definition") { i += 1 }
        if i < stream.tokens.count, stream.tokens[i].kind == .id { i += 1 }
        guard stream.isOpen(0, "module"), stream.isKeyword(i, "binary") || stream.isKeyword(i, "quote") else {
            let m = try parse(source, options: options)
            return (.text(m.module), m.warnings)
        }
        let form = try parseModuleForm(stream, at: 0, options: options)
        if let close = stream.matching(0), close + 1 < stream.tokens.count, stream.tokens[close + 1].kind != .eof {
            throw Diagnostics([Diagnostic(.parse, "unexpected token", at: stream.tokens[close + 1].location)])
        }
        switch form.form.source {
        case .quote(let text):
            let m = try parse(SourceFile(name: source.name, bytes: text), options: options)
            return (.text(m.module), form.warnings + m.warnings)
        case let other:
            return (other, form.warnings)
        }
    }

    /// The text of a file whose module is `(module quote "…"*)`, as a source of its own (so that
    /// errors in it point into that text, which is what their offsets count); nil for any other
    /// file.
    public static func quotedText(_ source: SourceFile, options: TextOptions = TextOptions()) throws(Diagnostics) -> SourceFile? {
        let stream = TokenStream(source)
        var i = 2
        if stream.isKeyword(i, "definition") { i += 1 }
        if i < stream.tokens.count, stream.tokens[i].kind == .id { i += 1 }
        guard stream.isOpen(0, "module"), stream.isKeyword(i, "quote") else { return nil }
        let form = try parseModuleForm(stream, at: 0, options: options)
        guard case .quote(let text) = form.form.source else { return nil }
        return SourceFile(name: source.name, bytes: text)
    }

    /// Parses a string of text (a convenience for tests and tools).
    public static func parse(_ text: String, name: String = "input.wat", options: TextOptions = TextOptions()) throws(Diagnostics) -> ParsedModule {
        try parse(SourceFile(name: name, text: text), options: options)
    }

    /// Parses the `(module …)` form whose `(` is token `index` of `stream`, as a script parser
    /// needs: `(module $id? field*)`, `(module $id? binary "…"*)`, `(module $id? quote "…"*)`,
    /// `(module definition $id? …)`. On error the diagnostics are thrown; the form ends at
    /// `stream.matching(index)`.
    public static func parseModuleForm(_ stream: TokenStream, at index: Int, options: TextOptions = TextOptions()) throws(Diagnostics) -> ParsedModuleForm {
        var p = ModuleParser(stream: stream, options: options)
        let result = p.parseModuleForm(at: index)
        let errors = p.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let (form, next) = result else {
            var list = Array(errors.prefix(options.maxErrors))
            if list.isEmpty {
                list = [Diagnostic(.parse, "unexpected token", at: index < stream.tokens.count ? stream.tokens[index].location : .none)]
            }
            throw Diagnostics(list)
        }
        return ParsedModuleForm(form: form, warnings: p.diagnostics.filter { $0.severity != .error }, next: next)
    }
}
