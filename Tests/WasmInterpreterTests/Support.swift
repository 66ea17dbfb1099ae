import Testing
import WasmCore
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Parses and validates a text module.
func validated(_ wat: String) throws -> ValidatedModule {
    try Validator.validate(try WatParser.parse(wat).module)
}

/// Parses a text module and wraps it as validated without validating it: only for tests
/// that check how the interpreter copes with bodies the validator would refuse.
func unvalidated(_ wat: String) throws -> ValidatedModule {
    let parsed = try WatParser.parse(wat)
    let meta = parsed.module.functions.map { _ in FunctionMetadata(maxStackHeight: 0) }
    return ValidatedModule(module: parsed.module, features: .default, functions: meta)
}

/// Instantiates a text module in a (fresh or given) store.
func instance(_ wat: String, store: Store = Store(), imports: [String: [String: ExternalValue]] = [:]) throws -> Instance {
    try store.instantiate(try validated(wat), imports: imports)
}

extension Instance {
    /// The compiled code of export `name` (`Store.disassemble`), "" when it is not a function.
    func disassembly(_ name: String) -> String {
        guard case .function(let f)? = export(name) else { return "" }
        return store.disassemble(f)
    }

    @discardableResult
    func call(_ name: String, _ args: Value...) throws -> [Value] {
        try store.invoke(self, name, args)
    }

    /// The trap message of a call expected to trap (nil when it returns).
    func trap(_ name: String, _ args: Value...) -> Diagnostic? {
        do {
            _ = try store.invoke(self, name, args)
            return nil
        } catch {
            return error
        }
    }
}

func i32(_ v: Int32) -> Value { .i32(v) }
func i64(_ v: Int64) -> Value { .i64(v) }
func f32(_ v: Float) -> Value { .f32(v) }
func f64(_ v: Double) -> Value { .f64(v) }

extension Value {
    var asF32: Float? { if case .f32(let b) = self { return Float(bitPattern: b) }; return nil }
    var asF64: Double? { if case .f64(let b) = self { return Double(bitPattern: b) }; return nil }
}
