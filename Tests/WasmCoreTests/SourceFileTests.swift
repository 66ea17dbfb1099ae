import Testing
import WasmCore

/// `SourceFile.withoutText()`: the line index a script runner keeps once the text is parsed.
@Suite struct SourceFileTests {
    @Test func withoutTextMapsOffsetsAsTheTextDid() {
        let text = "(module)\n\n  (assert_return (invoke \"f\"))\r\nlast line without newline"
        let file = SourceFile(name: "a.wast", text: text)
        let slim = file.withoutText()
        #expect(slim.name == "a.wast")
        #expect(slim.bytes.isEmpty)
        for offset in [0, 5, 8, 9, 10, 12, 40, 45, text.utf8.count - 1, text.utf8.count, text.utf8.count + 10] {
            #expect(slim.lineColumn(of: offset) == file.lineColumn(of: offset), "offset \(offset)")
        }
        #expect(file.lineText(3) == "  (assert_return (invoke \"f\"))")
        #expect(slim.lineText(3) == "")
        #expect(slim.lineText(99) == "")
    }
}
