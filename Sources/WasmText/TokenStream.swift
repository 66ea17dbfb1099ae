// A tokenized source shared by the module parser and the script parser: tokens without
// annotations (which the spec treats like whitespace), and for every `(` the index of its `)`,
// so error recovery and skipping are O(1) and nothing recurses on nesting depth.
import WasmCore

/// An annotation `(@name …)` removed from the token stream.
public struct Annotation: Sendable {
    /// The `(@name` token.
    public var start: Token
    /// The tokens between the name and the closing `)`.
    public var body: [Token]
    /// The index in `TokenStream.tokens` of the token that followed the annotation.
    public var next: Int
}

/// The tokens of one source text, annotations removed, with parenthesis matching.
public struct TokenStream: Sendable {
    public let source: SourceFile
    /// Tokens in order, `(@…)` annotations excluded; the last one is `.eof`.
    public let tokens: [Token]
    /// For each token: the index of the matching `)` if it is a `(`, else -1 (also -1 for a
    /// `(` that is never closed).
    public let closing: [Int32]
    /// The annotations that were removed, in order.
    public let annotations: [Annotation]
    /// Lexical errors and unbalanced annotations.
    public let diagnostics: [Diagnostic]

    public var bytes: [UInt8] { source.bytes }

    /// Room for the parser's default instruction nesting plus the module and script forms around it.
    public static let defaultMaxDepth = TextOptions().maxNesting + 64

    /// `maxDepth`: parentheses nested deeper end the stream with an error (see `Lexer.tokenize`).
    public init(_ source: SourceFile, maxDepth: Int = TokenStream.defaultMaxDepth) {
        self.source = source
        let (raw, lexDiagnostics) = Lexer.tokenize(source.bytes, maxDepth: maxDepth)
        var diags = lexDiagnostics
        var kept: [Token] = []
        var annotations: [Annotation] = []
        var i = 0
        // Without annotations the lexer's array is used as is (no second copy of a big file).
        if !raw.contains(where: { $0.kind == .annotation }) {
            kept = raw
            i = raw.count
        } else {
            kept.reserveCapacity(raw.count)
        }
        while i < raw.count {
            let t = raw[i]
            if t.kind == .annotation {
                if t.length == 2 || (t.length == 4 && source.bytes[Int(t.offset) + 2] == UInt8(ascii: "\"")) {
                    diags.append(Diagnostic(.lex, "empty annotation id", at: t.location))
                }
                // Skip the balanced annotation body.
                var depth = 1
                var j = i + 1
                while j < raw.count, depth > 0 {
                    switch raw[j].kind {
                    case .lparen, .annotation: depth += 1
                    case .rparen: depth -= 1
                    case .eof: break
                    default: break
                    }
                    if raw[j].kind == .eof { break }
                    j += 1
                }
                if depth > 0 {
                    diags.append(Diagnostic(.lex, "unclosed annotation", at: t.location))
                    i = raw.count - 1
                    continue
                }
                annotations.append(Annotation(start: t, body: Array(raw[(i + 1)..<(j - 1)]), next: kept.count))
                i = j
                continue
            }
            kept.append(t)
            i += 1
        }
        if kept.last?.kind != .eof {
            kept.append(Token(kind: .eof, offset: UInt32(source.bytes.count), length: 0))
        }
        var closing = [Int32](repeating: -1, count: kept.count)
        var stack: [Int32] = []
        for (k, t) in kept.enumerated() {
            if t.kind == .lparen {
                stack.append(Int32(k))
            } else if t.kind == .rparen, let open = stack.popLast() {
                closing[Int(open)] = Int32(k)
            }
        }
        self.tokens = kept
        self.closing = closing
        self.annotations = annotations
        self.diagnostics = diags
    }

    public init(name: String, text: String) {
        self.init(SourceFile(name: name, text: text))
    }

    /// The bytes of token `i`.
    @inline(__always)
    public func slice(_ i: Int) -> ArraySlice<UInt8> {
        source.bytes[tokens[i].range]
    }

    /// The text of token `i`.
    public func text(_ i: Int) -> String {
        String(decoding: slice(i), as: UTF8.self)
    }

    /// Whether token `i` is the keyword `word`.
    @inline(__always)
    public func isKeyword(_ i: Int, _ word: StaticString) -> Bool {
        guard i < tokens.count else { return false }
        let t = tokens[i]
        guard t.kind == .keyword, Int(t.length) == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        let b = source.bytes
        let o = Int(t.offset)
        for k in 0..<Int(t.length) where b[o + k] != p[k] { return false }
        return true
    }

    /// Whether tokens `i`, `i+1` are `(` and the keyword `word`.
    @inline(__always)
    public func isOpen(_ i: Int, _ word: StaticString) -> Bool {
        i + 1 < tokens.count && tokens[i].kind == .lparen && isKeyword(i + 1, word)
    }

    /// The index of the `)` matching the `(` at `i`, if it is closed.
    public func matching(_ i: Int) -> Int? {
        guard i < closing.count, closing[i] >= 0 else { return nil }
        return Int(closing[i])
    }
}
