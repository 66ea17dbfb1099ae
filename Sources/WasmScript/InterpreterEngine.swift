// The default engine: WasmValidation + WasmInterpreter.
import WasmCore
import WasmValidation
import WasmInterpreter

public final class InterpreterEngine: ScriptEngine {
    public struct Configuration: Sendable {
        /// Fuel per action (calls and loop iterations); nil for no limit.
        public var fuel: UInt64?
        /// Total bytes of linear memory a script's store may allocate.
        public var maxMemoryBytes: UInt64?

        public init(fuel: UInt64? = nil, maxMemoryBytes: UInt64? = nil) {
            self.fuel = fuel
            self.maxMemoryBytes = maxMemoryBytes
        }
    }

    public let configuration: Configuration
    public let features: Features

    public init(configuration: Configuration = Configuration(), features: Features = .default) {
        self.configuration = configuration
        self.features = features
    }

    /// A host function for `defineHostModule`: its type and implementation.
    public struct HostFunction {
        public var type: FuncType
        public var body: ([ScriptValue]) throws(EngineError) -> [ScriptValue]

        public init(type: FuncType, _ body: @escaping ([ScriptValue]) throws(EngineError) -> [ScriptValue]) {
            self.type = type
            self.body = body
        }
    }

    /// Makes host functions importable as `module`.`name`.
    public func defineHostModule(_ module: String, functions: [String: HostFunction]) throws(EngineError) {
        throw .unsupported("the interpreter is not available yet")
    }

    public struct CompiledModule {
        public let module: Module
    }

    public struct Instance {}

    public func compile(_ module: Module) throws(EngineError) -> CompiledModule {
        throw .unsupported("the validator is not available yet")
    }

    public func instantiate(_ module: CompiledModule) throws(EngineError) -> Instance {
        throw .unsupported("the interpreter is not available yet")
    }

    public func register(_ instance: Instance, as name: String) throws(EngineError) {
        throw .unsupported("the interpreter is not available yet")
    }

    public func invoke(_ instance: Instance, _ name: String, _ arguments: [ScriptValue]) throws(EngineError) -> [ScriptValue] {
        throw .unsupported("the interpreter is not available yet")
    }

    public func get(_ instance: Instance, _ name: String) throws(EngineError) -> ScriptValue {
        throw .unsupported("the interpreter is not available yet")
    }
}
