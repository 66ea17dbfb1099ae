// The `.wast` script parser, on WasmText's lexer (one lexer for modules and scripts). It
// finds each top-level form by matching parentheses, so a command it cannot read becomes a
// `.malformed` command and the rest of the script still runs. Text modules are handed to
// WasmText's module parser at their token position.
import WasmCore
import WasmText

public enum ScriptParser {
    /// Parses a script. Never throws: unreadable commands become `.malformed` commands.
    public static func parse(_ bytes: [UInt8], name: String, options: ScriptOptions = ScriptOptions()) -> Script {
        let source = SourceFile(name: name, bytes: bytes)
        let stream = TokenStream(source)
        var p = FormParser(stream: stream, options: options)
        return Script(name: name, source: source, commands: p.commands())
    }

    /// Parses a script given as text.
    public static func parse(_ text: String, name: String = "<string>", options: ScriptOptions = ScriptOptions()) -> Script {
        parse(Array(text.utf8), name: name, options: options)
    }
}

/// The spec's module field keywords: a script that starts with one is a module's body.
let moduleFieldKeywords: Set<String> = [
    "type", "rec", "import", "func", "table", "memory", "global", "tag", "export", "start", "elem", "data",
]

struct FormParser {
    let stream: TokenStream
    let bytes: [UInt8]
    /// The script's tokens, annotations removed (the spec treats them as whitespace).
    let tokens: [Token]
    let lexDiagnostics: [Diagnostic]
    let options: ScriptOptions
    /// Current token index.
    var i = 0
    /// Index of the token after the current command's closing parenthesis.
    var end = 0

    init(stream: TokenStream, options: ScriptOptions) {
        self.stream = stream
        self.bytes = stream.bytes
        self.tokens = stream.tokens
        self.lexDiagnostics = stream.diagnostics.filter { $0.severity == .error }
        self.options = options
    }

    // MARK: Top level

    mutating func commands() -> [Command] {
        var out: [Command] = []
        var k = 0
        while k < tokens.count, tokens[k].kind != .eof {
            let start = k
            let t = tokens[k]
            guard t.kind == .lparen else {
                // Skip to the next top-level parenthesis, reporting the stray tokens once.
                var j = k
                while j < tokens.count, tokens[j].kind != .lparen, tokens[j].kind != .eof { j += 1 }
                let d = Diagnostic(.parse, "unexpected token at top level", at: t.location)
                out.append(Command(.malformed([d]), at: t.location))
                k = j
                continue
            }
            let close = matchingEnd(from: k)
            let keyword = k + 1 < tokens.count && tokens[k + 1].kind == .keyword ? text(tokens[k + 1]) : ""
            if moduleFieldKeywords.contains(keyword) {
                // Bare module fields: this form and the following field forms make one module.
                var j = close
                while j < tokens.count, tokens[j].kind == .lparen, j + 1 < tokens.count,
                      tokens[j + 1].kind == .keyword, moduleFieldKeywords.contains(text(tokens[j + 1])) {
                    j = matchingEnd(from: j)
                }
                out.append(bareModule(from: start, to: j))
                k = j
                continue
            }
            i = start
            end = close
            let location = span(start, close)
            if let bad = lexErrors(in: start, close) {
                out.append(Command(.malformed(bad), at: location))
            } else {
                do throws(Diagnostic) {
                    out.append(Command(try command(), at: location))
                } catch {
                    out.append(Command(.malformed([error]), at: location))
                }
            }
            k = close
        }
        // Lexical errors outside every command (in comments between them) still make the
        // script malformed: report them as commands of their own.
        for d in lexDiagnostics {
            guard case .text(let o, _) = d.location else { continue }
            let inside = out.contains { c in
                guard case .text(let lo, let len) = c.location else { return false }
                return o >= lo && o < lo &+ max(len, 1)
            }
            if !inside { out.append(Command(.malformed([d]), at: d.location)) }
        }
        return out
    }

    /// The token index after the form opening at `k`. An unclosed form runs to the end.
    func matchingEnd(from k: Int) -> Int {
        if let close = stream.matching(k) { return close + 1 }
        return max(k + 1, tokens.count - 1)
    }

    func span(_ a: Int, _ b: Int) -> Location {
        guard a < tokens.count else { return .none }
        let start = tokens[a].offset
        let last = tokens[max(a, min(b, tokens.count) - 1)]
        let stop = last.offset &+ last.length
        return .text(offset: start, length: stop >= start ? stop - start : 0)
    }

    func lexErrors(in a: Int, _ b: Int) -> [Diagnostic]? {
        guard !lexDiagnostics.isEmpty, a < tokens.count else { return nil }
        let lo = tokens[a].offset
        let hi = tokens[max(a, min(b, tokens.count) - 1)].offset &+ tokens[max(a, min(b, tokens.count) - 1)].length
        let found = lexDiagnostics.filter { d in
            guard case .text(let o, _) = d.location else { return false }
            return o >= lo && o < hi
        }
        return found.isEmpty ? nil : found
    }

    // MARK: Token helpers

    func text(_ t: Token) -> String {
        guard t.range.upperBound <= bytes.count else { return "" }
        return String(decoding: bytes[t.range], as: UTF8.self)
    }

    var current: Token { i < end && i < tokens.count ? tokens[i] : Token(kind: .eof, offset: eofOffset, length: 0) }

    var eofOffset: UInt32 {
        guard end > 0, end - 1 < tokens.count else { return UInt32(bytes.count) }
        return tokens[end - 1].offset
    }

    func peek(_ n: Int = 0) -> Token {
        let j = i + n
        return j < end && j < tokens.count ? tokens[j] : Token(kind: .eof, offset: eofOffset, length: 0)
    }

    func error(_ message: String, _ t: Token) -> Diagnostic {
        Diagnostic(.parse, message, at: t.location)
    }

    mutating func expect(_ kind: TokenKind, _ what: String) throws(Diagnostic) -> Token {
        let t = current
        guard t.kind == kind else { throw error("unexpected token, expected \(what)", t) }
        i += 1
        return t
    }

    mutating func keyword() throws(Diagnostic) -> String {
        text(try expect(.keyword, "a keyword"))
    }

    mutating func isKeyword(_ k: String) -> Bool {
        current.kind == .keyword && text(current) == k
    }

    mutating func optionalID() -> String? {
        guard current.kind == .id else { return nil }
        let t = current
        i += 1
        return Literals.decodeIdentifier(bytes[t.range]) ?? text(t)
    }

    mutating func string() throws(Diagnostic) -> [UInt8] {
        let t = try expect(.string, "a string")
        guard let b = Literals.decodeString(bytes[t.range]) else { throw error("malformed string", t) }
        return b
    }

    mutating func name() throws(Diagnostic) -> String {
        let t = try expect(.string, "a name")
        guard let s = Literals.decodeName(bytes[t.range]) else { throw error("malformed UTF-8 encoding", t) }
        return s
    }

    mutating func closeParen() throws(Diagnostic) {
        _ = try expect(.rparen, "`)`")
    }

    /// The rest of the command must be only the closing parenthesis.
    mutating func finish() throws(Diagnostic) {
        try closeParen()
        if i < end { throw error("unexpected token after command", current) }
    }

    // MARK: Commands

    mutating func command() throws(Diagnostic) -> CommandKind {
        let start = i
        _ = try expect(.lparen, "`(`")
        let head = current
        let k = try keyword()
        switch k {
        case "module":
            i = start
            return try moduleCommand()
        case "register":
            let n = try name()
            let inst = optionalID()
            try finish()
            return .register(name: n, instance: inst)
        case "invoke", "get":
            i = start
            let a = try action()
            if i < end { throw error("unexpected token after action", current) }
            return .action(a)
        case "assert_return":
            let a = try action()
            var results: [ResultPattern] = []
            while current.kind == .lparen { results.append(try result(depth: 0)) }
            try finish()
            return .assertReturn(a, results)
        case "assert_trap":
            if peek(0).kind == .lparen, peek(1).kind == .keyword, text(peek(1)) == "module" {
                let m = try scriptModule(strict: options.strict)
                let msg = try failureText()
                try finish()
                return .assertModuleTrap(m, msg)
            }
            let a = try action()
            let msg = try failureText()
            try finish()
            return .assertTrap(a, msg)
        case "assert_exhaustion":
            let a = try action()
            let msg = try failureText()
            try finish()
            return .assertExhaustion(a, msg)
        case "assert_exception":
            let a = try action()
            try finish()
            return .assertException(a)
        case "assert_invalid", "assert_invalid_custom":
            let m = try scriptModule(strict: options.strict)
            let msg = try failureText()
            try finish()
            return k == "assert_invalid" ? .assertInvalid(m, msg) : .assertInvalidCustom(m, msg)
        case "assert_malformed", "assert_malformed_custom":
            // The spec's grammar judges malformedness: legacy spellings are errors here.
            let m = try scriptModule(strict: true)
            let msg = try failureText()
            try finish()
            return k == "assert_malformed" ? .assertMalformed(m, msg) : .assertMalformedCustom(m, msg)
        case "assert_unlinkable":
            let m = try scriptModule(strict: options.strict)
            let msg = try failureText()
            try finish()
            return .assertUnlinkable(m, msg)
        case "assert_uninstantiable":
            let m = try scriptModule(strict: options.strict)
            let msg = try failureText()
            try finish()
            return .assertUninstantiable(m, msg)
        case "assert_return_canonical_nan", "assert_return_arithmetic_nan":
            // The pre-1.0 spelling of a NaN result, still in older scripts: one float result.
            let a = try action()
            try finish()
            let nan: NumPattern = k == "assert_return_canonical_nan" ? .canonicalNaN : .arithmeticNaN
            return .assertReturn(a, [.either([.f32(nan), .f64(nan)])])
        case "script", "input", "output":
            return .unsupported("`\(k)` command")
        default:
            throw error("unknown command `\(k)`", head)
        }
    }

    mutating func failureText() throws(Diagnostic) -> String {
        String(decoding: try string(), as: UTF8.self)
    }

    // MARK: Modules

    /// `(module …)` as a command: a module, or `(module instance $I? $M?)`.
    mutating func moduleCommand() throws(Diagnostic) -> CommandKind {
        let start = i
        i += 1
        i += 1
        if isKeyword("instance") {
            i += 1
            let inst = optionalID()
            let mod = optionalID()
            try finish()
            return .instance(instance: inst, module: mod)
        }
        i = start
        let m = try scriptModule(strict: options.strict)
        if i < end { throw error("unexpected token after module", current) }
        return .module(m)
    }

    /// `(module $id? definition? (binary|quote) "…"*)` or a text module, ending after its `)`.
    mutating func scriptModule(strict: Bool) throws(Diagnostic) -> ScriptModule {
        let open = current
        let formStart = i
        let formEnd = matchingEnd(from: i)
        guard formEnd <= end else { throw error("unclosed module", open) }
        _ = try expect(.lparen, "`(module`")
        guard isKeyword("module") else { throw error("unexpected token, expected `module`", current) }
        i += 1
        var name: String?
        var isDefinition = false
        // Both `(module $m definition …)` and `(module definition $m …)` occur.
        for _ in 0..<2 {
            if let id = optionalID(), name == nil { name = id }
            if isKeyword("definition") {
                isDefinition = true
                i += 1
            }
        }
        let location = span(formStart, formEnd)
        if isKeyword("binary") || isKeyword("quote") {
            let isBinary = isKeyword("binary")
            i += 1
            // Reserved for the strings' lengths (a bound of their decoded bytes): a big binary
            // is not regrown and copied string by string, and pages never written cost nothing.
            var bound = 0, k = i
            while k < end, k < tokens.count, tokens[k].kind == .string {
                bound += Int(tokens[k].length)
                k += 1
            }
            var data: [UInt8] = []
            data.reserveCapacity(bound)
            while current.kind == .string {
                let t = try expect(.string, "a string")
                guard Literals.appendString(bytes[t.range], to: &data) else { throw error("malformed string", t) }
            }
            try closeParen()
            return ScriptModule(name: name, isDefinition: isDefinition,
                                source: isBinary ? .binary(data) : .quote(data), location: location)
        }
        let (source, warnings) = Frontend.parseTextModule(stream, at: formStart, strict: strict, features: options.features)
        i = formEnd
        return ScriptModule(name: name, isDefinition: isDefinition, source: source, location: location, warnings: warnings)
    }

    /// Module fields written at the top level: wrapped as `(module …)` and parsed as one.
    func bareModule(from a: Int, to b: Int) -> Command {
        let location = span(a, b)
        guard case .text(let offset, let length) = location else {
            return Command(.malformed([Diagnostic(.parse, "empty module")]), at: location)
        }
        let lo = Int(offset)
        let hi = min(bytes.count, lo + Int(length))
        // Spaces keep the fields at their original offsets, so diagnostics point into the file.
        var wrapped = Array("(module".utf8)
        wrapped.append(contentsOf: [UInt8](repeating: 0x20, count: max(0, lo - wrapped.count)))
        let shift = wrapped.count - lo
        wrapped.append(contentsOf: bytes[lo..<hi])
        wrapped.append(UInt8(ascii: ")"))
        let source: ScriptModule.Source
        var warnings: [Diagnostic] = []
        switch Frontend.parseModuleText(wrapped, strict: options.strict, features: options.features) {
        case .success(let parsed):
            source = .text(parsed.module)
            warnings = parsed.warnings
        case .failure(let ds):
            source = .textError(ds.items.map { d in
                var d = d
                if shift != 0, case .text(let o, let l) = d.location {
                    d.location = .text(offset: UInt32(max(0, Int(o) - shift)), length: l)
                }
                return d
            })
        }
        return Command(.module(ScriptModule(name: nil, isDefinition: false, source: source, location: location,
                                            warnings: warnings)), at: location)
    }

    // MARK: Actions

    mutating func action() throws(Diagnostic) -> Action {
        _ = try expect(.lparen, "an action")
        let head = current
        let k = try keyword()
        let inst = optionalID()
        let n = try name()
        switch k {
        case "invoke":
            var args: [ScriptValue] = []
            while current.kind == .lparen { args.append(try constant()) }
            try closeParen()
            return .invoke(instance: inst, name: n, arguments: args)
        case "get":
            try closeParen()
            return .get(instance: inst, name: n)
        default:
            throw error("unexpected token, expected `invoke` or `get`", head)
        }
    }
}
