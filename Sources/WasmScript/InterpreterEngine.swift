// The default engine: WasmValidation + WasmInterpreter, with the suite's `spectest` module.
import WasmCore
import WasmValidation
import WasmInterpreter

public final class InterpreterEngine: ScriptEngine {
    public struct Configuration: Sendable {
        /// Fuel per action (calls and loop iterations); nil for no limit.
        public var fuel: UInt64?
        /// Total bytes of linear memory a script's store may allocate.
        public var maxMemoryBytes: UInt64?
        /// Wasm frames a call may nest before `call stack exhausted`; nil for the store's default.
        public var maxCallDepth: Int?
        /// Bytes the GC heap's objects may occupy; nil for the store's default.
        public var maxGCHeapBytes: UInt64?
        /// The least allocation volume between collections; nil for the store's default.
        public var gcTriggerBytes: Int?

        public init(fuel: UInt64? = nil, maxMemoryBytes: UInt64? = nil, maxCallDepth: Int? = nil,
                    maxGCHeapBytes: UInt64? = nil, gcTriggerBytes: Int? = nil) {
            self.fuel = fuel
            self.maxMemoryBytes = maxMemoryBytes
            self.maxCallDepth = maxCallDepth
            self.maxGCHeapBytes = maxGCHeapBytes
            self.gcTriggerBytes = gcTriggerBytes
        }
    }

    /// A host function for `defineHostModule`: its type and implementation. The two-argument
    /// form also gets the `Caller` (the store, the calling instance, its memory) for the call.
    public struct HostFunction {
        public var type: FuncType
        public var body: (Caller, [ScriptValue]) throws(EngineError) -> [ScriptValue]

        public init(type: FuncType, _ body: @escaping (Caller, [ScriptValue]) throws(EngineError) -> [ScriptValue]) {
            self.type = type
            self.body = body
        }

        public init(type: FuncType, _ body: @escaping ([ScriptValue]) throws(EngineError) -> [ScriptValue]) {
            self.type = type
            self.body = { (_: Caller, args: [ScriptValue]) throws(EngineError) -> [ScriptValue] in try body(args) }
        }
    }

    public struct CompiledModule {
        public let validated: ValidatedModule
    }

    public typealias Instance = WasmInterpreter.Instance

    public let configuration: Configuration
    public let features: Features
    /// The interpreter's store: every instance of the script lives in it.
    public let store: Store

    public init(configuration: Configuration = Configuration(), features: Features = .default) {
        self.configuration = configuration
        self.features = features
        var c = Store.Configuration()
        if let m = configuration.maxMemoryBytes { c.maxMemoryBytes = m }
        if let d = configuration.maxCallDepth { c.maxCallDepth = max(d, 1) }
        if let h = configuration.maxGCHeapBytes { c.maxGCHeapBytes = h }
        if let t = configuration.gcTriggerBytes { c.gcTriggerBytes = max(t, 0) }
        c.fuel = configuration.fuel
        store = Store(configuration: c)
        defineSpectest()
    }

    /// Makes host functions importable as `module`.`name`.
    public func defineHostModule(_ module: String, functions: [String: HostFunction]) throws(EngineError) {
        var exports: [String: ExternalValue] = [:]
        for (name, f) in functions {
            let body = f.body
            let addr = store.allocateFunction(type: f.type) { (caller: Caller, args: [Value]) throws -> [Value] in
                do throws(EngineError) {
                    var converted: [ScriptValue] = []
                    for a in args { converted.append(InterpreterEngine.scriptValue(a)) }
                    var out: [Value] = []
                    for r in try body(caller, converted) { out.append(try InterpreterEngine.value(r)) }
                    return out
                } catch {
                    throw Diagnostic(.trap, error.message)
                }
            }
            exports[name] = .function(addr)
        }
        store.register(exports, as: module)
    }

    func defineSpectest() {
        var exports: [String: ExternalValue] = [:]
        for f in Spectest.functions {
            exports[f.name] = .function(store.allocateFunction(type: f.type) { _ in [] })
        }
        for g in Spectest.globals {
            if let v = try? InterpreterEngine.value(g.value), let a = try? store.allocateGlobal(type: g.type, value: v) {
                exports[g.name] = .global(a)
            }
        }
        for t in Spectest.tables {
            if let a = try? store.allocateTable(type: t.type) { exports[t.name] = .table(a) }
        }
        for m in Spectest.memories {
            if let a = try? store.allocateMemory(type: m.type) { exports[m.name] = .memory(a) }
        }
        store.register(exports, as: Spectest.moduleName)
    }

    // MARK: ScriptEngine

    public func compile(_ module: Module) throws(EngineError) -> CompiledModule {
        do throws(Diagnostic) {
            return CompiledModule(validated: try Validator.validate(module, features: features))
        } catch {
            if error.message.hasPrefix("unsupported") { throw .unsupported(InterpreterEngine.unsupportedWhat(error.message)) }
            throw .invalid(error)
        }
    }

    public func instantiate(_ module: CompiledModule) throws(EngineError) -> Instance {
        refuel()
        do throws(Diagnostic) {
            return try store.instantiate(module.validated)
        } catch {
            throw InterpreterEngine.engineError(error)
        }
    }

    public func register(_ instance: Instance, as name: String) throws(EngineError) {
        store.register(instance, as: name)
    }

    public func invoke(_ instance: Instance, _ name: String, _ arguments: [ScriptValue]) throws(EngineError) -> [ScriptValue] {
        guard let export = instance.export(name) else {
            throw .failure(Diagnostic(.script, "unknown export \"\(name)\""))
        }
        guard case .function(let f) = export else {
            throw .failure(Diagnostic(.script, "export \"\(name)\" is not a function"))
        }
        var args: [Value] = []
        for a in arguments { args.append(try InterpreterEngine.value(a)) }
        if let type = store.type(of: f) {
            guard type.params.count == args.count else {
                throw .failure(Diagnostic(.script, "wrong number of arguments: expected \(type.params.count), got \(args.count)"))
            }
        }
        refuel()
        do throws(Diagnostic) {
            return try store.invoke(f, args).map(InterpreterEngine.scriptValue)
        } catch {
            throw InterpreterEngine.engineError(error)
        }
    }

    public func get(_ instance: Instance, _ name: String) throws(EngineError) -> ScriptValue {
        guard let export = instance.export(name) else {
            throw .failure(Diagnostic(.script, "unknown export \"\(name)\""))
        }
        guard case .global(let g) = export, let v = store.value(of: g) else {
            throw .failure(Diagnostic(.script, "export \"\(name)\" is not a global"))
        }
        return InterpreterEngine.scriptValue(v)
    }

    // MARK: Conversions

    func refuel() {
        if let fuel = configuration.fuel { store.fuel = fuel }
    }

    static func engineError(_ d: Diagnostic) -> EngineError {
        if d.message.hasPrefix("unsupported") { return .unsupported(unsupportedWhat(d.message)) }
        switch d.phase {
        case .link: return .unlinkable(d)
        case .trap:
            if d.message.hasPrefix("uncaught exception") { return .exception(d.message) }
            return .trap(d)
        case .exhaustion: return .exhaustion(d)
        case .validate: return .invalid(d)
        default: return .failure(d)
        }
    }

    /// "unsupported: X" → "X" (the runner adds the prefix once).
    static func unsupportedWhat(_ message: String) -> String {
        for prefix in ["unsupported: ", "unsupported:", "unsupported"] where message.hasPrefix(prefix) {
            let rest = message.dropFirst(prefix.count)
            return rest.isEmpty ? message : String(rest)
        }
        return message
    }

    static func value(_ v: ScriptValue) throws(EngineError) -> Value {
        switch v {
        case .i32(let x): return .i32(x)
        case .i64(let x): return .i64(x)
        case .f32(let x): return .f32(x)
        case .f64(let x): return .f64(x)
        case .v128(let x): return .v128(x)
        case .ref(let r):
            switch r {
            case .null(let t): return .ref(.null(t ?? .none))
            case .extern(let n): return .ref(.extern(n))
            case .host(let n): return .ref(.host(n))
            case .object(let kind, let externalized, let handle):
                // A reference this engine gave out (see `scriptRef`), or an i31 of any maker;
                // `externalized` says which hierarchy the reference is passed in.
                var inner: Reference
                if let i = handle.value as? I31Value {
                    inner = .i31(i.value)
                } else if let r = handle.value as? Reference {
                    inner = r
                    if case .externalized(let x) = r { inner = x }
                } else {
                    throw .unsupported("\(ScriptValue.ref(.object(kind, externalized: externalized)).description) without an engine handle as an argument")
                }
                switch inner {
                case .i31, .object: return .ref(externalized ? .externalized(inner) : inner)
                default: return .ref(inner)
                }
            }
        }
    }

    static func scriptValue(_ v: Value) -> ScriptValue {
        switch v {
        case .i32(let x): return .i32(x)
        case .i64(let x): return .i64(x)
        case .f32(let x): return .f32(x)
        case .f64(let x): return .f64(x)
        case .v128(let x): return .v128(x)
        case .ref(let r): return .ref(scriptRef(r))
        }
    }

    /// The script's view of a reference; engine objects carry the reference as their handle,
    /// so a test can pass them back.
    static func scriptRef(_ r: Reference) -> ScriptRef {
        let handle = EngineHandle(r)
        switch r {
        case .null(let t): return .null(t)
        case .function: return .object(.func, externalized: false, handle: handle)
        case .extern(let n): return .extern(n)
        case .host(let n): return .host(n)
        case .i31(let v): return .i31(v)
        case .object(let o): return .object(o.kind == .array ? .array : .struct, externalized: false, handle: handle)
        case .exception: return .object(.exn, externalized: false, handle: handle)
        case .externalized(let inner):
            if case .object(let k, _, let h) = scriptRef(inner) { return .object(k, externalized: true, handle: h) }
            return scriptRef(inner)
        }
    }
}
