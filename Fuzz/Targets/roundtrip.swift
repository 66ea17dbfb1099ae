// Fuzz target 4: any input that decodes and validates must re-encode stably:
// encode(decode(encode(m))) == encode(m). A mismatch aborts (a fuzzer finding).
#if canImport(Glibc)
import Glibc
#endif
import WasmCore
import WasmBinary
import WasmValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRoundTrip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var options = DecodeOptions()
    options.features = .all
    guard let module = try? BinaryDecoder.decode(bytes(data, size), options: options),
          (try? Validator.validate(module, features: .all)) != nil else { return 0 }
    let first = BinaryEncoder.encode(module)
    let again: Module
    do {
        again = try BinaryDecoder.decode(first, options: options)
    } catch {
        print("round trip: our own encoding does not decode: \(error.message) at \(error.location)")
        abort()
    }
    if (try? Validator.validate(again, features: .all)) == nil {
        print("round trip: our own encoding does not validate")
        abort()
    }
    let second = BinaryEncoder.encode(again)
    if first != second {
        let at = (0..<min(first.count, second.count)).first { first[$0] != second[$0] } ?? min(first.count, second.count)
        print("round trip: encodings differ at byte \(at) (\(first.count) vs \(second.count) bytes)")
        abort()
    }
    return 0
}
