// A small API for other packages' tests: assemble WAT, instantiate with host functions, invoke,
// run `.wast` scripts. It throws or returns reports and imports no test framework, so it works
// from Swift Testing and XCTest alike.
@_exported import WasmCore
@_exported import WasmScript
import WasmText
import WasmBinary
import WasmValidation

/// An error of assembling, validating, instantiating or invoking, rendered with its location.
public struct WasmError: Error, Sendable, CustomStringConvertible {
    /// The failing phase's messages, in the spec's wording (`type mismatch`, `unknown import` …).
    public var messages: [String]
    /// The rendered diagnostics: `file:line:col: error: …` with the source line and a caret.
    public var description: String

    init(_ diagnostics: [Diagnostic], file: String, source: SourceFile?) {
        messages = diagnostics.map(\.message)
        description = diagnostics.map { $0.rendered(file: file, source: source) }.joined(separator: "\n")
    }

    init(_ error: EngineError) {
        messages = [error.message]
        description = error.description
    }
}

/// A host function given to `Wasm.instantiate`: its type and a closure.
public typealias HostFunction = InterpreterEngine.HostFunction

/// Entry points for tests.
public enum Wasm {
    /// Assembles WebAssembly text (a `(module …)` or bare module fields) to a binary module.
    public static func assemble(_ wat: String, name: String = "input.wat",
                                features: Features = .default) throws(WasmError) -> [UInt8] {
        let module = try parse(wat, name: name, features: features)
        return encode(module)
    }

    /// Assembles and instantiates a text module. `imports` maps module name → field name →
    /// host function; the `spectest` module of the official suite is always available.
    public static func instantiate(wat: String, name: String = "input.wat",
                                   imports: [String: [String: HostFunction]] = [:],
                                   features: Features = .default) throws(WasmError) -> WasmInstance {
        let module = try parse(wat, name: name, features: features)
        return try instantiate(module, imports: imports, features: features)
    }

    /// Decodes and instantiates a binary module.
    public static func instantiate(binary: [UInt8], imports: [String: [String: HostFunction]] = [:],
                                   features: Features = .default) throws(WasmError) -> WasmInstance {
        let module: Module
        switch Frontend.decode(binary, features: features) {
        case .success(let m): module = m
        case .failure(let d): throw WasmError([d], file: "binary", source: nil)
        }
        return try instantiate(module, imports: imports, features: features)
    }

    /// Runs a `.wast` file; the report's `description` lists failures as `file:line:col: …`.
    public static func runScript(file path: String, options: ScriptOptions = ScriptOptions()) -> ScriptReport {
        ScriptFile.run(path: path, options: options)
    }

    /// Runs `.wast` text.
    public static func runScript(_ text: String, name: String = "script.wast",
                                 options: ScriptOptions = ScriptOptions()) -> ScriptReport {
        ScriptFile.run(ScriptParser.parse(text, name: name, options: options), options: options)
    }

    static func parse(_ wat: String, name: String, features: Features) throws(WasmError) -> Module {
        let source = SourceFile(name: name, text: wat)
        do throws(Diagnostics) {
            return try WatParser.parse(source, options: TextOptions(features: features)).module
        } catch {
            throw WasmError(error.items, file: name, source: source)
        }
    }

    static func encode(_ module: Module) -> [UInt8] {
        Frontend.encode(module) ?? []
    }

    static func instantiate(_ module: Module, imports: [String: [String: HostFunction]],
                            features: Features) throws(WasmError) -> WasmInstance {
        let engine = InterpreterEngine(features: features)
        do throws(EngineError) {
            for (name, functions) in imports { try engine.defineHostModule(name, functions: functions) }
            let compiled = try engine.compile(module)
            let instance = try engine.instantiate(compiled)
            return WasmInstance(engine: engine, instance: instance)
        } catch {
            throw WasmError(error)
        }
    }
}

/// An instantiated module.
public struct WasmInstance {
    let engine: InterpreterEngine
    let instance: InterpreterEngine.Instance

    /// Calls the exported function `name`.
    public func invoke(_ name: String, _ arguments: ScriptValue...) throws(WasmError) -> [ScriptValue] {
        try invoke(name, arguments: arguments)
    }

    /// Calls the exported function `name`.
    public func invoke(_ name: String, arguments: [ScriptValue]) throws(WasmError) -> [ScriptValue] {
        do throws(EngineError) {
            return try engine.invoke(instance, name, arguments)
        } catch {
            throw WasmError(error)
        }
    }

    /// Reads the exported global `name`.
    public func global(_ name: String) throws(WasmError) -> ScriptValue {
        do throws(EngineError) {
            return try engine.get(instance, name)
        } catch {
            throw WasmError(error)
        }
    }
}

/// Thrown by `ScriptReport.throwIfFailed()`: the report with at least one failure.
public struct ScriptFailures: Error, Sendable, CustomStringConvertible {
    public var report: ScriptReport
    public var description: String { report.description }
}

extension ScriptReport {
    /// Throws the report when a command failed, so a test can write
    /// `try Wasm.runScript(file: path).throwIfFailed()`.
    public func throwIfFailed() throws(ScriptFailures) {
        if failed > 0 { throw ScriptFailures(report: self) }
    }
}
