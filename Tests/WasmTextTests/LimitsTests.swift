// The text front end's limits: instruction nesting (TextOptions.maxNesting) and parenthesis depth
// in the lexer, which ends a stream of `(((…` early instead of making a token per byte.
import Testing
import WasmCore
import WasmText

@Suite struct TextLimitsTests {
    func messages(_ text: String, _ options: TextOptions = TextOptions()) -> [String] {
        do {
            _ = try WatParser.parse(text, options: options)
            return []
        } catch {
            return error.items.map(\.message)
        }
    }

    @Test func foldedNestingHitsTheParserLimit() {
        let folded = "(module (func " + String(repeating: "(block ", count: 30) + String(repeating: ")", count: 30) + "))"
        #expect(messages(folded, TextOptions(maxNesting: 30)) == [])
        #expect(messages(folded, TextOptions(maxNesting: 29)).first == "nesting too deep: more than 29 nested instructions")
    }

    @Test func flatNestingIsLeftToTheValidator() {
        // Flat `block … end` costs the parser no stack (labels sit in an array), so only folded
        // forms count; ValidationLimits.maxNesting bounds flat nesting.
        let flat = "(module (func " + String(repeating: "block ", count: 30_000) + String(repeating: "end ", count: 30_000) + "))"
        #expect(messages(flat, TextOptions(maxNesting: 29)) == [])
    }

    @Test func parenthesisStreamStopsAtTheLexerCap() {
        // Before the cap, 1 MB of `(` made a million tokens (and 1 GB made ~24 GB of them).
        let bytes = [UInt8](repeating: UInt8(ascii: "("), count: 1 << 20)
        let (tokens, diagnostics) = Lexer.tokenize(bytes, maxDepth: 100)
        #expect(tokens.count == 101 + 101 + 1)
        #expect(tokens.last?.kind == .eof)
        #expect(tokens.dropLast().suffix(101).allSatisfy { $0.kind == .rparen && $0.length == 0 })
        #expect(diagnostics.map(\.message) == ["nesting too deep: more than 100 nested parentheses"])
        #expect(diagnostics.first?.location == .text(offset: 100, length: 1))
        let stream = TokenStream(SourceFile(name: "deep.wat", bytes: bytes))
        #expect(stream.tokens.count == 2 * (TokenStream.defaultMaxDepth + 1) + 1)
        let m = messages(String(decoding: bytes, as: UTF8.self))
        #expect(m == ["nesting too deep: more than \(TextOptions().maxNesting + 64) nested parentheses"])
    }

    @Test func theParserMessageWinsOverTheLexerCap() {
        // 5,000 folded instructions under a cap of 100: the lexer stops at 164 parentheses, and
        // the parser's message names the instruction limit.
        let folded = "(module (func " + String(repeating: "(i32.add ", count: 5_000) + String(repeating: ")", count: 5_002)
        #expect(messages(folded, TextOptions(maxNesting: 100)) == ["nesting too deep: more than 100 nested instructions"])
        #expect(messages("(module (func (nop)))", TextOptions(maxNesting: Int.max)) == [])
    }

    @Test func closedParenthesesDoNotCount() {
        let text = String(repeating: "(a) ", count: 10_000)
        let (tokens, diagnostics) = Lexer.tokenize(Array(text.utf8), maxDepth: 2)
        #expect(diagnostics.isEmpty)
        #expect(tokens.count == 30_001)
    }

    @Test func longLineErrorShowsTheColumn() throws {
        // A minified module with an error far into its only line: the caret line shows the
        // part around the error, not the line's first 200 bytes.
        let text = "(module (func" + String(repeating: " nop", count: 1_000) + " i32.bogus))"
        let source = SourceFile(name: "long.wat", text: text)
        do {
            _ = try WatParser.parse(source)
            Issue.record("expected an error")
        } catch {
            let rendered = try #require(error.items.first).rendered(file: "long.wat", source: source)
            let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3)
            #expect(lines[1].contains("i32.bogus"))
            let caret = try #require(lines[2].firstIndex(of: "^"))
            let caretColumn = lines[2].distance(from: lines[2].startIndex, to: caret)
            #expect(Array(lines[1])[caretColumn] == "i")
        }
    }
}
