// Fuzz target 3: bytes as a .wasm file; when it decodes and validates, instantiate it (imports
// stubbed) and call every exported function under fuel, memory, table and call-depth limits.
// Arguments: zeros on the first pass; with SWIFTWAT_FUZZ_REPORT set, one line per result is
// printed (the replay mode of scripts/diff_exec.py, which runs `fuzz-exec FILE...`).
import WasmCore
import WasmBinary
import WasmValidation
import WasmInterpreter

let reportMode = environment("SWIFTWAT_FUZZ_REPORT") != nil

/// The default features and custom page sizes (scripts/diff_exec.py --proposals runs them),
/// and custom descriptors (their execution is otherwise unfuzzed) except in replay mode, whose
/// reports `scripts/diff_exec.py` compares with wasmtime (which has none).
let execFeatures: Features = {
    var f = Features.default
    f.insert(.customPageSizes)
    if !reportMode { f.insert(.customDescriptors) }
    return f
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExec(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    var options = DecodeOptions()
    options.features = execFeatures
    guard let module = try? BinaryDecoder.decode(input, options: options) else {
        if reportMode { print("decode: error") }
        return 0
    }
    do {
        let validated = try Validator.validate(module, features: execFeatures)
        execute(validated, argSeed: [], report: reportMode)
        // A second pass with argument bits taken from the input, so the fuzzer steers values.
        if !reportMode { execute(validated, argSeed: input.suffix(64)[...], report: false) }
    } catch {
        if reportMode { print("validate: \(error.message)") }
    }
    if reportMode { print("end") }
    return 0
}
