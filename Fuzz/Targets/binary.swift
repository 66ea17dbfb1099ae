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
    switch one {
    case .malformed(let error), .invalid(_, let error): _ = error.rendered(file: "fuzz.wasm")
    case .valid: break
    }
    let three = outcome(input, threads: 3)
    if one != three {
        print("binary: one thread and three disagree: \(one.summary) vs \(three.summary)")
        abort()
    }
    _ = try? BinaryDecoder.sections(input)
    return 0
}

enum Outcome: Equatable {
    case malformed(Diagnostic)
    case invalid(Module, Diagnostic)
    case valid(Module, [FunctionMetadata])

    var summary: String {
        switch self {
        case .malformed(let e): return "malformed: \(e.message) at \(e.location)"
        case .invalid(let m, let e): return "invalid (\(m.functions.count) functions): \(e.message) at \(e.location)"
        case .valid(let m, _): return "valid (\(m.functions.count) functions)"
        }
    }
}

func outcome(_ input: [UInt8], threads: Int) -> Outcome {
    var options = DecodeOptions()
    options.features = .all
    options.threads = threads
    let module: Module
    do throws(Diagnostic) { module = try BinaryDecoder.decode(input, options: options) } catch { return .malformed(error) }
    do throws(Diagnostic) {
        let v = try Validator.validate(module, features: .all, limits: ValidationLimits(), threads: threads)
        return .valid(module, v.functions)
    } catch {
        return .invalid(module, error)
    }
}
