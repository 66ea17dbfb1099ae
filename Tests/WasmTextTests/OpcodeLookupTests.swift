// The byte-keyed opcode table the parser uses must agree with `Opcode.byName` on every name,
// and must not accept prefixes, extensions or legacy spellings of names.
import Testing
import WasmCore
@testable import WasmText

@Suite struct OpcodeLookupTests {
    @Test func everyInstructionNameIsFound() {
        for (name, op) in Opcode.byName {
            // Embedded at an offset, as a token in a source is.
            let bytes = Array("  (\(name) ".utf8)
            #expect(OpcodeLookup.shared.find(bytes, start: 3, length: name.utf8.count) == op, "\(name)")
        }
    }

    @Test func nearMissesAreNotFound() {
        for name in ["i32.ad", "i32.addx", "i32.add_", "get_local", "i32.trunc_s/f32", "module", "", "i32.trunc_sat_f32_x"] {
            let bytes = Array(name.utf8)
            #expect(OpcodeLookup.shared.find(bytes, start: 0, length: bytes.count) == nil, "\(name)")
        }
    }

    @Test func outOfRangeSpansAreRefused() {
        let bytes = Array("i32.add".utf8)
        #expect(OpcodeLookup.shared.find(bytes, start: 1, length: 7) == nil)
        #expect(OpcodeLookup.shared.find(bytes, start: -1, length: 3) == nil)
    }

    @Test func featuresAreChecked() {
        let bytes = Array("i32x4.add".utf8)
        #expect(OpcodeLookup.shared.find(bytes, start: 0, length: bytes.count, allowed: .all) == .i32x4Add)
        #expect(OpcodeLookup.shared.find(bytes, start: 0, length: bytes.count, allowed: Features(.mvp)) == nil)
    }
}
