// Fuzz target 5: the printer's round trip. Any input that decodes and validates must print
// (flat and folded) to text that parses back to the same module: print → parse → encode gives
// encode(m), names and custom sections included, and printing that binary again gives the same
// text. A difference aborts (a fuzzer finding).
#if canImport(Glibc)
import Glibc
#endif
import WasmCore
import WasmBinary
import WasmText
import WasmValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var decode = DecodeOptions()
    decode.features = .all
    guard let module = try? BinaryDecoder.decode(bytes(data, size), options: decode),
          (try? Validator.validate(module, features: .all)) != nil else { return 0 }
    var encode = EncodeOptions()
    encode.debugNames = true
    // The canonical form of the input: what the text must read back to.
    let expected = BinaryEncoder.encode(module, options: encode)
    for folded in [false, true] {
        let kind = folded ? "folded" : "flat"
        let options = PrintOptions(foldInstructions: folded)
        let text = ModulePrinter(module, options: options).text()
        let parsed: Module
        do {
            parsed = try WatParser.parse(text, name: "printed.wat", options: TextOptions(features: .all)).module
        } catch {
            print("print (\(kind)): our text does not parse: \(error.items.first?.message ?? "?")")
            print(text)
            abort()
        }
        let again = BinaryEncoder.encode(parsed, options: encode)
        if again != expected {
            let at = (0..<min(again.count, expected.count)).first { again[$0] != expected[$0] } ?? min(again.count, expected.count)
            print("print (\(kind)): the text assembles to other bytes, first difference at byte \(at) (\(again.count) vs \(expected.count) bytes)")
            print(text)
            abort()
        }
        guard let reread = try? BinaryDecoder.decode(again, options: decode) else {
            print("print (\(kind)): the reassembled binary does not decode")
            abort()
        }
        if ModulePrinter(reread, options: options).text() != text {
            print("print (\(kind)): printing the reassembled binary gives other text")
            abort()
        }
    }
    return 0
}
