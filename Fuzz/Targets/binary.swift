// Fuzz target 2: bytes as a .wasm file → decoder → validator.
import WasmCore
import WasmBinary
import WasmValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinary(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    var options = DecodeOptions()
    options.features = .all
    do {
        let module = try BinaryDecoder.decode(input, options: options)
        _ = try Validator.validate(module, features: .all)
    } catch {
        _ = error.rendered(file: "fuzz.wasm")
    }
    _ = try? BinaryDecoder.sections(input)
    return 0
}
