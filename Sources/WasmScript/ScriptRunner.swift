// Runs a script's commands against an engine and reports each. A command never stops the
// run (except with `failFast`): a module that fails leaves its name bound to the failure, so
// commands that use it later fail with that reason instead of acting on a stale module.
import WasmCore
import WasmValidation

public struct ScriptRunner<Engine: ScriptEngine> {
    public var options: ScriptOptions
    /// Called after each command (for `-v` and progress output). Runs on the calling thread.
    public var onResult: ((CommandResult) -> Void)?

    /// How modules are decoded and quoted text parsed; replaceable for tests of the runner.
    var frontend = FrontendHooks.standard

    public init(options: ScriptOptions = ScriptOptions(), onResult: ((CommandResult) -> Void)? = nil) {
        self.options = options
        self.onResult = onResult
    }

    /// Runs every command of `script` on `engine` (a fresh engine per script).
    public func run(_ script: Script, engine: Engine) -> ScriptReport {
        var state = RunState<Engine>(engine: engine, options: options, frontend: frontend, source: script.source)
        var report = ScriptReport(file: script.name)
        report.results.reserveCapacity(script.commands.count)
        for (i, command) in script.commands.enumerated() {
            let outcome = state.run(command)
            var line = 0, column = 0
            if case .text(let offset, _) = command.location {
                (line, column) = script.source.lineColumn(of: Int(offset))
            }
            var warnings: [(line: Int, column: Int, message: String)] = []
            for w in command.kind.module?.warnings ?? [] {
                guard case .text(let o, _) = w.location else { continue }
                let (l, c) = script.source.lineColumn(of: Int(o))
                warnings.append((l, c, w.message))
            }
            let result = CommandResult(index: i, keyword: command.kind.keyword, line: line, column: column,
                                       outcome: outcome, warnings: warnings)
            report.results.append(result)
            onResult?(result)
            if options.failFast, result.failure != nil {
                report.stoppedEarly = true
                break
            }
        }
        return report
    }
}

/// A name bound to something that exists, or to the reason it does not.
enum Binding<T> {
    case ok(T)
    case failed(String)
}

struct RunState<Engine: ScriptEngine> {
    let engine: Engine
    let options: ScriptOptions
    let frontend: FrontendHooks
    /// The script's text, to place parse errors of text modules.
    let source: SourceFile?
    var modules: [String: Binding<Engine.CompiledModule>] = [:]
    var lastModule: Binding<Engine.CompiledModule>?
    var instances: [String: Binding<Engine.Instance>] = [:]
    var lastInstance: Binding<Engine.Instance>?

    init(engine: Engine, options: ScriptOptions, frontend: FrontendHooks, source: SourceFile? = nil) {
        self.engine = engine
        self.options = options
        self.frontend = frontend
        self.source = source
    }

    // MARK: Names

    mutating func bindModule(_ name: String?, _ b: Binding<Engine.CompiledModule>) {
        if let name { modules[name] = b }
        lastModule = b
    }

    mutating func bindInstance(_ name: String?, _ b: Binding<Engine.Instance>) {
        if let name { instances[name] = b }
        lastInstance = b
    }

    func lookupModule(_ name: String?) -> Result<Engine.CompiledModule, Failure> {
        let b: Binding<Engine.CompiledModule>?
        if let name { b = modules[name] } else { b = lastModule }
        switch b {
        case .ok(let m)?: return .success(m)
        case .failed(let why)?:
            return .failure(Failure("module \(name.map { "$" + $0 } ?? "(current)") is not available: \(why)"))
        case nil:
            return .failure(Failure(name.map { "unknown module $\($0)" } ?? "no module defined"))
        }
    }

    func lookupInstance(_ name: String?) -> Result<Engine.Instance, Failure> {
        let b: Binding<Engine.Instance>?
        if let name { b = instances[name] } else { b = lastInstance }
        switch b {
        case .ok(let m)?: return .success(m)
        case .failed(let why)?:
            return .failure(Failure("module instance \(name.map { "$" + $0 } ?? "(current)") is not available: \(why)"))
        case nil:
            return .failure(Failure(name.map { "unknown module instance $\($0)" } ?? "no module instance defined"))
        }
    }

    // MARK: Commands

    mutating func run(_ command: Command) -> Outcome {
        switch command.kind {
        case .module(let m):
            return runModule(m)
        case .instance(let instanceName, let moduleName):
            switch lookupModule(moduleName) {
            case .failure(let f):
                bindInstance(instanceName, .failed(f.message))
                return .failed(f)
            case .success(let compiled):
                do throws(EngineError) {
                    let inst = try engine.instantiate(compiled)
                    bindInstance(instanceName, .ok(inst))
                    return .passed
                } catch {
                    bindInstance(instanceName, .failed(error.description))
                    return .failed(Failure("instantiation failed: \(error.description)"))
                }
            }
        case .register(let name, let instanceName):
            switch lookupInstance(instanceName) {
            case .failure(let f): return .failed(f)
            case .success(let inst):
                do throws(EngineError) {
                    try engine.register(inst, as: name)
                    return .passed
                } catch {
                    return .failed(Failure("register failed: \(error.description)"))
                }
            }
        case .action(let a):
            switch perform(a) {
            case .failure(let f): return .failed(f)
            case .success(.success): return .passed
            case .success(.failure(let e)): return .failed(Failure("action failed: \(e.description)"))
            }
        case .assertReturn(let a, let patterns):
            return assertReturn(a, patterns)
        case .assertTrap(let a, let msg):
            return assertActionError(a, expecting: "trap", msg) { if case .trap = $0 { return true } else { return false } }
        case .assertExhaustion(let a, let msg):
            return assertActionError(a, expecting: "exhaustion", msg) { if case .exhaustion = $0 { return true } else { return false } }
        case .assertException(let a):
            return assertActionError(a, expecting: "exception", nil) { if case .exception = $0 { return true } else { return false } }
        case .assertModuleTrap(let m, let msg), .assertUninstantiable(let m, let msg):
            return assertInstantiationError(m, expecting: "trap", msg) { if case .trap = $0 { return true } else { return false } }
        case .assertUnlinkable(let m, let msg):
            return assertInstantiationError(m, expecting: "link error", msg) { if case .unlinkable = $0 { return true } else { return false } }
        case .assertInvalid(let m, let msg):
            return assertInvalid(m, msg, custom: false)
        case .assertInvalidCustom(let m, let msg):
            return assertInvalid(m, msg, custom: true)
        case .assertMalformed(let m, let msg):
            return assertMalformed(m, msg, custom: false)
        case .assertMalformedCustom(let m, let msg):
            return assertMalformed(m, msg, custom: true)
        case .unsupported(let what):
            return .failed(Failure("unsupported: \(what)"))
        case .malformed(let ds):
            return .failed(Failure("malformed script command: " + ds.map(\.message).joined(separator: "; ")))
        }
    }

    /// Loads and compiles a module; on success binds it (and, unless it is a definition, an
    /// instance of it) under its name and as the current one.
    mutating func runModule(_ m: ScriptModule) -> Outcome {
        let module: Module
        switch load(m, strict: options.strict) {
        case .failure(let f):
            bindModule(m.name, .failed(f.message))
            if !m.isDefinition { bindInstance(m.name, .failed(f.message)) }
            return .failed(f)
        case .success(let mod):
            module = mod
        }
        if let f = roundtripFailure(module) {
            bindModule(m.name, .failed(f.message))
            if !m.isDefinition { bindInstance(m.name, .failed(f.message)) }
            return .failed(f)
        }
        let compiled: Engine.CompiledModule
        do throws(EngineError) {
            compiled = try engine.compile(module)
        } catch {
            bindModule(m.name, .failed(error.description))
            if !m.isDefinition { bindInstance(m.name, .failed(error.description)) }
            return .failed(Failure("module is not valid: \(error.description)"))
        }
        bindModule(m.name, .ok(compiled))
        if m.isDefinition { return .passed }
        do throws(EngineError) {
            let inst = try engine.instantiate(compiled)
            bindInstance(m.name, .ok(inst))
            return .passed
        } catch {
            bindInstance(m.name, .failed(error.description))
            return .failed(Failure("instantiation failed: \(error.description)"))
        }
    }

    /// Gets a module's IR from its source: parsed text, decoded binary, or parsed quote.
    func load(_ m: ScriptModule, strict: Bool) -> Result<Module, Failure> {
        switch m.source {
        case .text(let module):
            return .success(module)
        case .textError(let ds):
            return .failure(Failure("module does not parse: " + Frontend.describe(ds, source: source)))
        case .binary(let bytes):
            switch frontend.decode(bytes, features: options.features) {
            case .success(let module): return .success(module)
            case .failure(let d): return .failure(Failure("module does not decode: \(d.message)"))
            }
        case .quote(let text):
            switch frontend.parseQuote(text, strict: strict, features: options.features) {
            case .success(let module): return .success(module)
            case .failure(let ds): return .failure(Failure("quoted module does not parse: " + Frontend.describe(ds.items)))
            }
        }
    }

    func roundtripFailure(_ module: Module) -> Failure? {
        guard options.roundtrip else { return nil }
        if let why = frontend.roundtrip(module, features: options.features) {
            return Failure("roundtrip: \(why)")
        }
        return nil
    }

    // MARK: Actions

    /// Runs an action. The outer result fails when the action cannot run at all (unknown
    /// instance); the inner one carries the engine's outcome.
    func perform(_ a: Action) -> Result<Result<[ScriptValue], EngineError>, Failure> {
        let inst: Engine.Instance
        switch lookupInstance(a.instance) {
        case .failure(let f): return .failure(f)
        case .success(let i): inst = i
        }
        do throws(EngineError) {
            switch a {
            case .invoke(_, let name, let args):
                return .success(.success(try engine.invoke(inst, name, args)))
            case .get(_, let name):
                return .success(.success([try engine.get(inst, name)]))
            }
        } catch {
            return .success(.failure(error))
        }
    }

    func assertReturn(_ a: Action, _ patterns: [ResultPattern]) -> Outcome {
        let expected = patterns.map(\.description).joined(separator: ", ")
        switch perform(a) {
        case .failure(let f): return .failed(f)
        case .success(.failure(let e)):
            if case .unsupported(let what) = e { return .failed(Failure("unsupported: \(what)")) }
            return .failed(Failure("expected values, got \(e.description)", expected: expected, actual: e.description))
        case .success(.success(let values)):
            let actual = values.enumerated().map { k, v in
                k < patterns.count ? v.described(like: patterns[k]) : v.description
            }.joined(separator: ", ")
            if values.count != patterns.count {
                return .failed(Failure("wrong number of results", expected: expected, actual: actual))
            }
            for (v, p) in zip(values, patterns) where !p.matches(v) {
                return .failed(Failure("wrong return values", expected: expected, actual: actual))
            }
            return .passed
        }
    }

    func assertActionError(_ a: Action, expecting kind: String, _ message: String?,
                           _ isKind: (EngineError) -> Bool) -> Outcome {
        let expected = message.map { "\(kind) \"\($0)\"" } ?? kind
        switch perform(a) {
        case .failure(let f): return .failed(f)
        case .success(.success(let values)):
            let actual = values.isEmpty ? "no results" : values.map(\.description).joined(separator: ", ")
            return .failed(Failure("expected \(kind), but the action returned", expected: expected, actual: actual))
        case .success(.failure(let e)):
            return judge(e, kind: kind, expected: expected, message: message, isKind: isKind)
        }
    }

    /// Checks an engine error against the expected kind and message prefix.
    func judge(_ e: EngineError, kind: String, expected: String, message: String?,
               isKind: (EngineError) -> Bool) -> Outcome {
        if case .unsupported(let what) = e { return .failed(Failure("unsupported: \(what)")) }
        guard isKind(e) else {
            return .failed(Failure("expected \(kind), got \(e.description)", expected: expected, actual: e.description))
        }
        if let message, !e.message.hasPrefix(message) {
            return .failed(Failure("wrong \(kind) message", expected: expected, actual: "\(kind) \"\(e.message)\""))
        }
        return .passed
    }

    func assertInstantiationError(_ m: ScriptModule, expecting kind: String, _ message: String,
                                  _ isKind: (EngineError) -> Bool) -> Outcome {
        let expected = "\(kind) \"\(message)\""
        let module: Module
        switch load(m, strict: options.strict) {
        case .failure(let f): return .failed(f)
        case .success(let mod): module = mod
        }
        if let f = roundtripFailure(module) { return .failed(f) }
        do throws(EngineError) {
            let compiled = try engine.compile(module)
            _ = try engine.instantiate(compiled)
            return .failed(Failure("expected \(kind), but the module instantiated", expected: expected, actual: "no error"))
        } catch {
            return judge(error, kind: kind, expected: expected, message: message, isKind: isKind)
        }
    }

    func assertInvalid(_ m: ScriptModule, _ message: String, custom: Bool) -> Outcome {
        let kind = custom ? "custom validation error" : "validation error"
        let expected = "\(kind) \"\(message)\""
        let module: Module
        switch load(m, strict: options.strict) {
        case .failure(let f):
            // A custom-section error may surface while parsing the annotation.
            if custom, f.message.contains(message) { return .passed }
            return .failed(f)
        case .success(let mod): module = mod
        }
        if let f = roundtripFailure(module) { return .failed(f) }
        do throws(EngineError) {
            _ = try engine.compile(module)
            // The module is valid; a custom section's own validation may still fail.
            if custom, let d = BranchHintCheck.errors(module).first {
                return d.message.contains(message) ? .passed
                    : .failed(Failure("wrong custom validation error", expected: expected, actual: d.message))
            }
            return .failed(Failure("expected \(kind), but the module is valid", expected: expected, actual: "no error"))
        } catch {
            return judge(error, kind: "validation error", expected: expected, message: message) {
                if case .invalid = $0 { return true } else { return false }
            }
        }
    }

    func assertMalformed(_ m: ScriptModule, _ message: String, custom: Bool) -> Outcome {
        let expected = "malformed \"\(message)\""
        switch m.source {
        case .textError(let ds):
            return judgeMalformed(ds.first?.message ?? "", message, expected, checkMessage: options.checkQuoteMessages || custom)
        case .text:
            return .failed(Failure("expected a malformed module, but it parsed", expected: expected, actual: "no error"))
        case .quote(let text):
            switch frontend.parseQuote(text, strict: true, features: options.features) {
            case .success:
                return .failed(Failure("expected a malformed module, but it parsed", expected: expected, actual: "no error"))
            case .failure(let diags):
                let ds = diags.items
                // A custom annotation error can come after ordinary warnings-turned-errors.
                let msg = (custom ? ds.first { $0.message.hasPrefix(message) } : nil)?.message ?? ds.first?.message ?? ""
                return judgeMalformed(msg, message, expected, checkMessage: options.checkQuoteMessages || custom)
            }
        case .binary(let bytes):
            switch frontend.decode(bytes, features: options.features) {
            case .success:
                return .failed(Failure("expected a malformed module, but it decoded", expected: expected, actual: "no error"))
            case .failure(let d):
                return judgeMalformed(d.message, message, expected, checkMessage: true)
            }
        }
    }

    func judgeMalformed(_ actual: String, _ message: String, _ expected: String, checkMessage: Bool) -> Outcome {
        if actual.hasPrefix("unsupported:") {
            return .failed(Failure(actual))
        }
        if checkMessage, !actual.hasPrefix(message) {
            return .failed(Failure("wrong malformed message", expected: expected, actual: "malformed \"\(actual)\""))
        }
        return .passed
    }
}
