// Every module of a script as a file, numbered like `wasm-tools json-from-wast` / wabt's
// `wast2json`: `<base>.<N>.wasm`, one N per command that carries a module, in order. Text
// modules are encoded; binary modules are written as given; the quoted text of
// `assert_malformed (module quote …)` is written as `<base>.<N>.wat`.
import WasmBinary
import WasmCore
import WasmText

public enum ModuleDump {
    public struct File: Sendable {
        public var name: String
        /// Nil when the module could not be produced (it did not parse or encode); the number
        /// is still used, so the others keep their names.
        public var bytes: [UInt8]?
        public var reason: String?
    }

    public static func files(of script: Script, baseName: String, options: ScriptOptions = ScriptOptions()) -> [File] {
        var out: [File] = []
        var n = 0
        for command in script.commands {
            guard let m = command.kind.module else { continue }
            let isMalformed: Bool
            switch command.kind {
            case .assertMalformed, .assertMalformedCustom: isMalformed = true
            default: isMalformed = false
            }
            let stem = "\(baseName).\(n)"
            n += 1
            switch m.source {
            case .binary(let bytes):
                out.append(File(name: stem + ".wasm", bytes: bytes))
            case .quote(let text) where isMalformed:
                out.append(File(name: stem + ".wat", bytes: text))
            case .quote(let text):
                switch Frontend.parseQuote(text, strict: options.strict, features: options.features) {
                case .success(let module): out.append(encoded(stem, module))
                case .failure(let ds): out.append(File(name: stem + ".wasm", bytes: nil, reason: Frontend.describe(ds.items)))
                }
            case .text(let module):
                out.append(encoded(stem, module))
            case .textError(let ds):
                out.append(File(name: stem + ".wasm", bytes: nil, reason: Frontend.describe(ds)))
            }
        }
        return out
    }

    static func encoded(_ stem: String, _ module: Module) -> File {
        guard let bytes = Frontend.encode(module) else {
            return File(name: stem + ".wasm", bytes: nil, reason: "the encoder is not available")
        }
        return File(name: stem + ".wasm", bytes: bytes)
    }

    /// A binary module as `wasm2wat` prints it, or nil when it does not decode.
    public static func text(of bytes: [UInt8], features: Features) -> [UInt8]? {
        var o = DecodeOptions()
        o.features = features
        guard let m = try? BinaryDecoder.decode(bytes, options: o) else { return nil }
        return ModulePrinter(m).bytes()
    }
}
