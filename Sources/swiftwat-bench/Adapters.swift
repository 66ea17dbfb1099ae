// The engine entry points the benchmarks call, in one place, so that the figures measure
// exactly what the tools do (wat2wasm: parse, validate, encode; wastrun: validate, instantiate,
// invoke) and a change of library API is fixed here only.
import WasmCore
import WasmText
import WasmBinary
import WasmValidation
import WasmInterpreter

/// The result of `run()` as unsigned bits (i32 zero-extended), as the bench README states them.
typealias RunResult = UInt64

/// A prepared call: an instantiated module's export, ready to be timed. It answers the result's
/// bits and whether it is an i64.
struct PreparedCall {
    var call: () throws(Diagnostic) -> (RunResult, isI64: Bool)
}

enum Pipeline {
    /// The text parser with name resolution, with wat2wasm's default options.
    static func parse(_ source: SourceFile) throws(Diagnostics) -> Module {
        try WatParser.parse(source, options: TextOptions()).module
    }

    /// Module validation, as wat2wasm does it by default.
    static func validate(_ module: Module) throws(Diagnostic) -> ValidatedModule? {
        try Validator.validate(module, features: .default)
    }

    /// Binary encoding, as wat2wasm writes it by default.
    static func encode(_ module: Module) -> [UInt8]? {
        BinaryEncoder.encode(module, options: EncodeOptions())
    }

    /// Instantiates a validated module in a fresh store and returns its export `name` as a
    /// timed call. The export is looked up here, outside the timed call.
    static func prepare(_ validated: ValidatedModule, export name: String) throws(Diagnostic) -> PreparedCall? {
        let store = Store()
        let instance = try store.instantiate(validated)
        guard case .function(let function)? = instance.export(name) else {
            throw Diagnostic(.link, "no exported function \"\(name)\"")
        }
        return PreparedCall { () throws(Diagnostic) -> (RunResult, isI64: Bool) in
            let results = try store.invoke(function, [])
            if Measure.disassembleAfterRun { Measure.printDisassembly(store) }
            switch results.first {
            case .i32(let v)?: return (RunResult(v), false)
            case .i64(let v)?: return (v, true)
            default: throw Diagnostic(.script, "run() returned \(results), not one i32 or i64")
            }
        }
    }

    // Each is true once its library's adapter above calls it.
    static let hasValidator = true
    static let hasEncoder = true
    static let hasInterpreter = true

    /// Which stages this build has, for the report.
    static var stages: [(String, Bool)] {
        [("parse", true), ("validate", hasValidator), ("encode", hasEncoder), ("interpret", hasInterpreter)]
    }
}
