// Fuzz target 1: bytes as a .wat file → lexer → parser → resolver → encoder (and, when it
// validates, the validator), in both the default and the strict grammar.
import WasmCore
import WasmText
import WasmBinary
import WasmValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(name: "fuzz.wat", bytes: bytes(data, size))
    for strict in [false, true] {
        do {
            let parsed = try WatParser.parse(source, options: TextOptions(strict: strict, features: .all))
            let encoded = BinaryEncoder.encode(parsed.module)
            _ = try? Validator.validate(parsed.module, features: .all)
            _ = try? BinaryDecoder.decode(encoded)
        } catch {
            // Every error must render (the caret code reads the source around the offset).
            for d in error.items { _ = d.rendered(file: "fuzz.wat", source: source) }
        }
    }
    return 0
}
