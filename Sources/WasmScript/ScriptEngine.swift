// The engine interface the runner drives, like the spec interpreter's script embedding:
// compile (validate) a module, instantiate it against registered instances, register an
// instance under a name, invoke an exported function, read an exported global. Decoding and
// text parsing stay in the runner, so any engine gets the same `Module` IR.
import WasmCore

/// Why an engine operation failed. The case decides which assertion it satisfies; the
/// diagnostic's message is matched by prefix against the script's expected text.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// The module is not valid (`assert_invalid`).
    case invalid(Diagnostic)
    /// Linking failed: unknown import or incompatible import type (`assert_unlinkable`).
    case unlinkable(Diagnostic)
    /// A trap, at run time or while instantiating (`assert_trap`).
    case trap(Diagnostic)
    /// Resource exhaustion: call stack exhausted (`assert_exhaustion`).
    case exhaustion(Diagnostic)
    /// An uncaught WebAssembly exception (`assert_exception`); the text describes it.
    case exception(String)
    /// The engine does not implement something the module or action needs.
    case unsupported(String)
    /// Any other failure: unknown export, wrong argument count or type, host limits.
    case failure(Diagnostic)

    public var message: String {
        switch self {
        case .invalid(let d), .unlinkable(let d), .trap(let d), .exhaustion(let d), .failure(let d):
            return d.message
        case .exception(let s): return s
        case .unsupported(let s): return s
        }
    }

    /// A short name of the kind of error, for reports (`validation error: type mismatch`).
    public var description: String {
        switch self {
        case .invalid(let d): return "validation error: \(d.message)"
        case .unlinkable(let d): return "link error: \(d.message)"
        case .trap(let d): return "trap: \(d.message)"
        case .exhaustion(let d): return "exhaustion: \(d.message)"
        case .exception(let s): return "uncaught exception: \(s)"
        case .unsupported(let s): return "unsupported: \(s)"
        case .failure(let d): return "error: \(d.message)"
        }
    }
}

/// An engine the script runner can drive. One engine value serves one script run; it owns
/// the store, the registry of named instances, and the `spectest` module (see `Spectest`).
public protocol ScriptEngine: AnyObject {
    /// A validated, ready-to-instantiate module.
    associatedtype CompiledModule
    /// A module instance.
    associatedtype Instance

    /// Validates a module. Throws `.invalid` for validation errors.
    func compile(_ module: Module) throws(EngineError) -> CompiledModule

    /// Resolves the module's imports against registered instances (and `spectest`) and
    /// instantiates it: `.unlinkable` for link errors, `.trap` when initialisation or the
    /// start function traps.
    func instantiate(_ module: CompiledModule) throws(EngineError) -> Instance

    /// Makes the instance's exports importable under `name`.
    func register(_ instance: Instance, as name: String) throws(EngineError)

    /// Calls the exported function `name`.
    func invoke(_ instance: Instance, _ name: String, _ arguments: [ScriptValue]) throws(EngineError) -> [ScriptValue]

    /// Reads the exported global `name`.
    func get(_ instance: Instance, _ name: String) throws(EngineError) -> ScriptValue
}
