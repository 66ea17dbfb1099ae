import Testing
import WasmCore
import WasmText
import WasmValidation

@Suite struct TextLocationTests {
    /// A validation error in text points at the failing instruction with a caret under it.
    @Test func errorPointsAtInstruction() throws {
        let text = "(module\n  (func (result i32)\n    i64.const 1\n    i32.eqz))\n"
        let source = SourceFile(name: "t.wat", text: text)
        let module = try WatParser.parse(source).module
        #expect(module.sourceKind == .text)
        let d = try #require(validate(module))
        #expect(d.message == "type mismatch: instruction requires [i32] but stack has [i64]")
        let rendered = d.rendered(file: "t.wat", source: source)
        #expect(rendered.hasPrefix("t.wat:4:5: error: type mismatch"))
        #expect(rendered.hasSuffix("    i32.eqz))\n    ^^^^^^^"))
    }

    @Test func binaryOffsetsRenderAsHex() {
        var m = single([], [], [.i64(1), .op(.i32Eqz), .op(.drop)])
        m.functions[0].body.offsets = [0x20, 0x23, 0x24, 0x25]
        m.sourceKind = .binary
        #expect(validate(m)?.rendered(file: "m.wasm") == "m.wasm:0x23: error: type mismatch: instruction requires [i32] but stack has [i64]")
    }
}
