// Mismatches found by scripts/diff_assembler.py (our wat2wasm against `wasm-tools parse` on
// `wasm-tools smith` modules), each pinned to the bytes wasm-tools writes.
import Testing
import WasmCore
import WasmText
import WasmBinary

@Suite struct DifferentialRegressionTests {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    @Test func emptyRecGroupIsKept() throws {
        // smith seed 934: `(rec)` in a module without types. The empty group is part of the
        // module (the type section holds one group of zero types), so it is encoded.
        let bytes = BinaryEncoder.encode(try WatParser.parse("(module (rec))").module)
        #expect(bytes == Self.header + [0x01, 0x03, 0x01, 0x4E, 0x00])
        // And it survives decoding.
        #expect(BinaryEncoder.encode(try BinaryDecoder.decode(bytes)) == bytes)
    }
}
