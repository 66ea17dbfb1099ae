// A scripted engine for testing the runner on its own: a module's behaviour is spelled in the
// bytes of `(module binary "…")`, which the fake frontend turns into a custom section name.
import WasmCore
@testable import WasmScript

final class FakeEngine: ScriptEngine {
    struct CompiledModule { var tag: String }
    struct Instance { var tag: String }
    var registered: [String: String] = [:]

    func compile(_ module: Module) throws(EngineError) -> CompiledModule {
        let tag = module.customSections.first?.name ?? ""
        if tag.hasPrefix("invalid:") { throw .invalid(Diagnostic(.validate, String(tag.dropFirst(8)))) }
        return CompiledModule(tag: tag)
    }

    func instantiate(_ module: CompiledModule) throws(EngineError) -> Instance {
        if module.tag.hasPrefix("trap:") { throw .trap(Diagnostic(.trap, String(module.tag.dropFirst(5)))) }
        if module.tag.hasPrefix("unlinkable:") { throw .unlinkable(Diagnostic(.link, String(module.tag.dropFirst(11)))) }
        if module.tag.hasPrefix("needs:") {
            let name = String(module.tag.dropFirst(6))
            guard registered[name] != nil else { throw .unlinkable(Diagnostic(.link, "unknown import")) }
        }
        return Instance(tag: module.tag)
    }

    func register(_ instance: Instance, as name: String) throws(EngineError) {
        registered[name] = instance.tag
    }

    func invoke(_ instance: Instance, _ name: String, _ arguments: [ScriptValue]) throws(EngineError) -> [ScriptValue] {
        switch name {
        case "add":
            var sum: UInt32 = 0
            for case .i32(let v) in arguments { sum &+= v }
            return [.i32(sum)]
        case "id": return arguments
        case "tag": return [.i32(UInt32(instance.tag.utf8.count))]
        case "div0": throw .trap(Diagnostic(.trap, "integer divide by zero"))
        case "oob": throw .trap(Diagnostic(.trap, "out of bounds memory access"))
        case "loop": throw .exhaustion(Diagnostic(.exhaustion, "call stack exhausted"))
        case "throw": throw .exception("tag 0")
        case "simd": throw .unsupported("SIMD")
        case "nan": return [.f32(0x7FC0_0000)]
        case "nan64": return [.f64(0x7FF0_0000_0000_0001)]
        case "extern": return [.ref(.extern(1))]
        case "func": return [.ref(.object(.func, externalized: false))]
        case "null": return [.ref(.null(.func))]
        default: throw .failure(Diagnostic(.script, "unknown export \"\(name)\""))
        }
    }

    func get(_ instance: Instance, _ name: String) throws(EngineError) -> ScriptValue {
        guard name == "g" else { throw .failure(Diagnostic(.script, "unknown export \"\(name)\"")) }
        return .i32(42)
    }
}

extension FrontendHooks {
    /// Decodes `(module binary "tag")` to a module whose only custom section is named `tag`;
    /// a tag starting with `malformed:` is a decode error with the rest as message.
    static let fake = FrontendHooks(
        decode: { bytes, _ in
            let tag = String(decoding: bytes, as: UTF8.self)
            if tag.hasPrefix("malformed:") { return .failure(Diagnostic(.decode, String(tag.dropFirst(10)))) }
            var m = Module()
            m.customSections = [CustomSection(name: tag, bytes: [])]
            return .success(m)
        },
        parseQuote: { text, _, _ in
            let s = String(decoding: text, as: UTF8.self)
            if s.contains("bad") { return .failure(Diagnostics([Diagnostic(.parse, "unexpected token")])) }
            return .success(Module())
        },
        roundtrip: { _, _ in nil })
}

/// Runs a script on the fake engine.
func runFake(_ text: String, options: ScriptOptions = ScriptOptions()) -> ScriptReport {
    let script = ScriptParser.parse(text, name: "test.wast", options: options)
    var runner = ScriptRunner<FakeEngine>(options: options)
    runner.frontend = .fake
    return runner.run(script, engine: FakeEngine())
}
