// The engine entry points the benchmarks call, in one place. The libraries are landing one by
// one: a stage that is not in this build yet answers `nil` ("not measurable"), and the
// benchmark reports it as such instead of timing something else under its name.
import WasmCore
import WasmText
import WasmBinary
import WasmValidation
import WasmInterpreter

/// The result of `run()` as unsigned bits (i32 zero-extended), as the bench README states them.
typealias RunResult = UInt64

/// A prepared call: an instantiated module's export, ready to be timed.
struct PreparedCall {
    var call: () throws(Diagnostic) -> RunResult
}

enum Pipeline {
    /// The text parser (with name resolution): in main.
    static func parse(_ source: SourceFile) throws(Diagnostics) -> Module {
        try WatParser.parse(source, options: TextOptions()).module
    }

    /// Module validation. Nil while `Validator` is not in this build.
    static func validate(_ module: Module) throws(Diagnostic) -> ValidatedModule? {
        nil
    }

    /// Binary encoding. Nil while `BinaryEncoder` is not in this build.
    static func encode(_ module: Module) -> [UInt8]? {
        nil
    }

    /// Instantiates a validated module and returns its export `name` as a timed call.
    /// Nil while the interpreter is not in this build.
    static func prepare(_ validated: ValidatedModule, export name: String) throws(Diagnostic) -> PreparedCall? {
        nil
    }

    // Set to true with the adapter body when the library lands.
    static let hasValidator = false
    static let hasEncoder = false
    static let hasInterpreter = false

    /// Which stages this build has, for the report.
    static var stages: [(String, Bool)] {
        [("parse", true), ("validate", hasValidator), ("encode", hasEncoder), ("interpret", hasInterpreter)]
    }
}
