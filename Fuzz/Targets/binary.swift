// Fuzz target 2: bytes as a .wasm file → decoder → validator. The bodies are decoded and
// validated on one thread and on three: a different module or error aborts (a fuzzer finding).
#if canImport(Glibc)
import Glibc
#endif
import WasmCore
import WasmBinary
import WasmValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinary(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let one = outcome(input, threads: 1)
    if case .failure(let error) = one { _ = error.rendered(file: "fuzz.wasm") }
    let three = outcome(input, threads: 3)
    if one != three {
        print("binary: one thread and three disagree: \(one) vs \(three)")
        abort()
    }
    _ = try? BinaryDecoder.sections(input)
    return 0
}

func outcome(_ input: [UInt8], threads: Int) -> Result<[FunctionMetadata], Diagnostic> {
    var options = DecodeOptions()
    options.features = .all
    options.threads = threads
    return Result { () throws(Diagnostic) in
        let module = try BinaryDecoder.decode(input, options: options)
        return try Validator.validate(module, features: .all, limits: ValidationLimits(), threads: threads).functions
    }
}
