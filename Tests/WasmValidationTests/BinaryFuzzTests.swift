import Foundation
import Testing
import WasmBinary
import WasmCore
import WasmText
import WasmValidation

/// Decoder plus validator on damaged binaries: nothing may crash or hang.
@Suite struct BinaryFuzzTests {
    /// Valid modules from the suite's text, encoded: the seeds for mutation.
    static func seeds() -> [[UInt8]] {
        var out: [[UInt8]] = []
        for f in ["block.wast", "br_table.wast", "call_indirect.wast", "local_init.wast", "memory64.wast", "table_copy.wast",
                  "ref_func.wast", "select.wast", "return_call_ref.wast", "type-rec.wast", "struct.wast", "try_table.wast", "simd_lane.wast"] {
            guard let dir = SuiteValidation.directory,
                  let data = try? String(contentsOfFile: dir + "/" + f, encoding: .utf8) else { continue }
            let stream = TokenStream(SourceFile(name: f, text: data))
            var i = 0
            while i < stream.tokens.count, stream.tokens[i].kind == .lparen, out.count < 400 {
                guard let close = stream.matching(i) else { break }
                if stream.isOpen(i, "module"), let m = SuiteValidation.module(stream, at: i),
                   (try? Validator.validate(m)) != nil {
                    out.append(BinaryEncoder.encode(m))
                }
                i = close + 1
            }
        }
        return out
    }

    @Test func mutatedModulesNeverCrash() {
        let seeds = BinaryFuzzTests.seeds()
        guard !seeds.isEmpty else {
            print("SKIP: test suite not found (set WASM_TESTSUITE)")
            return
        }
        var r = XorShift(seed: 1234)
        var decoded = 0
        var valid = 0
        for k in 0..<10_000 {
            var bytes = seeds[k % seeds.count]
            guard bytes.count > 8 else { continue }
            let at = 8 + Int(r.next() % UInt64(bytes.count - 8))
            bytes[at] = UInt8(truncatingIfNeeded: r.next())
            guard let m = try? BinaryDecoder.decode(bytes) else { continue }
            decoded += 1
            if (try? Validator.validate(m)) != nil { valid += 1 }
        }
        print("mutated binaries: \(decoded) decoded, \(valid) valid of 10000")
        #expect(decoded > 1_000)
    }

    @Test func randomBytesAfterHeaderNeverCrash() {
        var r = XorShift(seed: 99)
        for _ in 0..<10_000 {
            var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
            for _ in 0..<Int(r.next() % 64) { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
            if let m = try? BinaryDecoder.decode(bytes) { _ = try? Validator.validate(m) }
        }
    }
}
