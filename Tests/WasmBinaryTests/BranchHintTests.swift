import Testing
import WasmBinary
import WasmCore
import WasmText

/// `(@metadata.code.branch_hint …)` in the text becomes the `metadata.code.branch_hint` custom
/// section, placed and laid out as wasm-tools writes it (the expected bytes are wasm-tools 1.262's).
@Suite struct BranchHintTests {
    @Test func flatHintsGiveWasmToolsBytes() throws {
        let m = try WatParser.parse("""
            (module
              (func (param i32) (local i32)
                local.get 0
                (@metadata.code.branch_hint "\\01") if
                  nop
                end)
              (func (param i32)
                (block local.get 0 (@metadata.code.branch_hint "\\00") br_if 0)))
            """).module
        #expect(m.branchHints == [BranchHint(function: 0, instruction: 1, likely: true),
                                  BranchHint(function: 1, instruction: 2, likely: false)])
        #expect(BinaryEncoder.encode(m) == [
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7F, 0x00, 0x03,
            0x03, 0x02, 0x00, 0x00,
            // the hints, just before the code: 2 functions; function 0: 1 hint at byte 5 (after
            // the locals and `local.get 0`), size 1, likely; function 1: byte 5, unlikely
            0x00, 0x25, 0x19, 0x6D, 0x65, 0x74, 0x61, 0x64, 0x61, 0x74, 0x61, 0x2E, 0x63, 0x6F, 0x64,
            0x65, 0x2E, 0x62, 0x72, 0x61, 0x6E, 0x63, 0x68, 0x5F, 0x68, 0x69, 0x6E, 0x74,
            0x02, 0x00, 0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x05, 0x01, 0x00,
            0x0A, 0x16, 0x02, 0x0A, 0x01, 0x01, 0x7F, 0x20, 0x00, 0x04, 0x40, 0x01, 0x0B, 0x0B, 0x09, 0x00,
            0x02, 0x40, 0x20, 0x00, 0x0D, 0x00, 0x0B, 0x0B,
        ])
        // Decoding keeps the section as it is; encoding again gives the same bytes.
        let bytes = BinaryEncoder.encode(m)
        #expect(BinaryEncoder.encode(try BinaryDecoder.decode(bytes)) == bytes)
    }

    @Test func foldedHintsAreInInstructionOrderAfterImports() throws {
        let m = try WatParser.parse("""
            (module
              (import "m" "f" (func $imp))
              (func $dummy)
              (func (param i32 i32) (result i32)
                (@metadata.code.branch_hint "\\00")
                (if (result i32) (local.get 0)
                  (then
                    (if (local.get 1) (then (call $dummy) (block) (nop)))
                    (@metadata.code.branch_hint "\\01")
                    (if (result i32) (local.get 1)
                      (then (call $dummy) (i32.const 9))
                      (else (call $dummy) (i32.const 10))))
                  (else
                    (@metadata.code.branch_hint "\\00")
                    (if (result i32) (i32.eqz (local.get 1)) (then (i32.const 7)) (else (i32.const 8)))))))
            """).module
        // The outer `if` comes first in the code although its hint is first in the text too;
        // its condition is one instruction. Offsets 3, 0x12, 0x22 in function 2 (one import).
        let content: [UInt8] = [0x01, 0x02, 0x03, 0x03, 0x01, 0x00, 0x12, 0x01, 0x01, 0x22, 0x01, 0x00]
        #expect(customSection("metadata.code.branch_hint", of: BinaryEncoder.encode(m)) == content)
    }

    @Test func misuseIsReported() {
        func errors(_ text: String) -> [String] {
            do {
                _ = try WatParser.parse(text)
                return []
            } catch {
                return error.items.map(\.message)
            }
        }
        #expect(errors("(func (param i32) local.get 0 (@metadata.code.branch_hint \"\\02\") if end)")
                == ["@metadata.code.branch_hint annotation: invalid hint value"])
        #expect(errors("(func (param i32) local.get 0 (@metadata.code.branch_hint \"\\00\\01\") if end)")
                == ["@metadata.code.branch_hint annotation: invalid hint value"])
    }

    @Test func aHintOnAnotherInstructionIsWrittenAsWasmToolsDoes() throws {
        let m = try WatParser.parse("(func (param i32) local.get 0 (@metadata.code.branch_hint \"\\01\") drop)").module
        // The hint is written (instruction 1, at byte 3 of the body).
        #expect(customSection("metadata.code.branch_hint", of: BinaryEncoder.encode(m)) == [0x01, 0x00, 0x01, 0x03, 0x01, 0x01])
        // (BranchHintCheckTests: the custom-section check refuses it.)
    }

    /// The payload of the custom section named `name`.
    func customSection(_ name: String, of bytes: [UInt8]) -> [UInt8]? {
        guard let m = try? BinaryDecoder.decode(bytes) else { return nil }
        return m.customSections.first { $0.name == name }?.bytes
    }
}
