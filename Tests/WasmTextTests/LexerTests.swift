import Testing
import WasmCore
@testable import WasmText

@Suite struct LexerTests {
    func kinds(_ s: String) -> [TokenKind] {
        Lexer.tokenize(Array(s.utf8)).tokens.map(\.kind)
    }

    func texts(_ s: String) -> [String] {
        let bytes = Array(s.utf8)
        return Lexer.tokenize(bytes).tokens.dropLast().map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    func errors(_ s: String) -> [String] {
        Lexer.tokenize(Array(s.utf8)).diagnostics.map(\.message)
    }

    @Test func basicTokens() {
        #expect(kinds("(module $m (func))") == [.lparen, .keyword, .id, .lparen, .keyword, .rparen, .rparen, .eof])
        #expect(texts("(i32.const -0x1_0)") == ["(", "i32.const", "-0x1_0", ")"])
        #expect(kinds("\"a\\n\" 1.5e3 nan:0x1 inf offset=4") == [.string, .number, .number, .number, .keyword, .eof])
    }

    @Test func commentsAreSkipped() {
        #expect(texts("a ;; c (\n b (; x (; nested ;) y ;) c") == ["a", "b", "c"])
        #expect(texts("a(;c;)b") == ["a", "b"])
        #expect(texts("x;;c") == ["x"])
    }

    @Test func lineCommentsEndAtAnyNewline() {
        // The spec's newline is LF, CR, or CR LF (comments.wast "Newline recognition").
        #expect(texts("a ;; c\rb") == ["a", "b"])
        #expect(texts("a ;; c\r\nb") == ["a", "b"])
        #expect(texts("a ;; c\nb") == ["a", "b"])
    }

    @Test func identifiers() {
        #expect(kinds("$x $\"a b\" $ $\"\"") == [.id, .id, .invalid, .invalid, .eof])
        #expect(errors("$\"\"") == ["empty identifier"])
        #expect(kinds("$\"a\"x") == [.reserved, .eof])
    }

    @Test func reservedTokens() {
        #expect(kinds("0x 1x 01_ 1__0 \"a\"\"b\" a,b Abc") == [.reserved, .reserved, .reserved, .reserved, .reserved, .reserved, .reserved, .eof])
        #expect(kinds("nan:canonical") == [.keyword, .eof])
    }

    @Test func annotations() {
        #expect(kinds("(@name x) (@\"q\" y)") == [.annotation, .keyword, .rparen, .annotation, .keyword, .rparen, .eof])
        #expect(errors("(@ x)").isEmpty)
        #expect(TokenStream(name: "a", text: "(@ x)").diagnostics.map(\.message) == ["empty annotation id"])
        #expect(TokenStream(name: "a", text: "(@a (@) x)").diagnostics.isEmpty)
        #expect(TokenStream(name: "a", text: "(@a (x) y").diagnostics.map(\.message) == ["unclosed annotation"])
    }

    @Test func lexicalErrors() {
        #expect(errors("\"abc") == ["unclosed string literal"])
        #expect(errors("\"a\nb\"").first == "unclosed string literal")
        #expect(errors("\"\\q\"") == ["illegal escape"])
        #expect(errors("\"\\u{D800}\"") == ["illegal escape"])
        #expect(errors("(; open") == ["unclosed comment"])
        #expect(errors("\u{7}") == ["illegal character"])
        let badString: [UInt8] = [0x22, 0xC0, 0x80, 0x22]
        #expect(Lexer.tokenize(badString).diagnostics.map(\.message) == ["malformed UTF-8 encoding"])
        let badComment: [UInt8] = Array(";; ".utf8) + [0xFF, 0x0A]
        #expect(Lexer.tokenize(badComment).diagnostics.map(\.message) == ["malformed UTF-8 encoding"])
        let badBlock: [UInt8] = Array("(; ".utf8) + [0xED, 0xA0, 0x80] + Array(" ;)".utf8)
        #expect(Lexer.tokenize(badBlock).diagnostics.map(\.message) == ["malformed UTF-8 encoding"])
        #expect(Lexer.tokenize([0xE2, 0x82]).diagnostics.map(\.message) == ["malformed UTF-8 encoding"])
    }

    @Test func offsetsAndLengths() {
        let r = Lexer.tokenize(Array("  (foo $bar)".utf8))
        #expect(r.tokens[1] == Token(kind: .keyword, offset: 3, length: 3))
        #expect(r.tokens[2] == Token(kind: .id, offset: 7, length: 4))
        #expect(r.tokens.last == Token(kind: .eof, offset: 12, length: 0))
    }

    @Test func deepNestingIsLinear() {
        let s = [UInt8](repeating: UInt8(ascii: "("), count: 100_000)
        let r = Lexer.tokenize(s)
        #expect(r.tokens.count == 100_001)
        let big = [UInt8(ascii: "$")] + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
        #expect(Lexer.tokenize(big).tokens.first?.kind == .id)
    }
}
