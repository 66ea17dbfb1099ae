// The runner's use of the other phases: text parsing (WasmText), decoding and encoding
// (WasmBinary). Kept in one place so the runner reads as the spec's `run.ml`.
import WasmCore
import WasmText
import WasmBinary

package enum Frontend {
    package static func decode(_ bytes: [UInt8], features: Features) -> Result<Module, Diagnostic> {
        var options = DecodeOptions()
        options.features = features
        do throws(Diagnostic) {
            return .success(try BinaryDecoder.decode(bytes, options: options))
        } catch {
            return .failure(error)
        }
    }

    /// Parses the text of `(module quote …)`: either a whole `(module …)` or module fields.
    static func parseQuote(_ text: [UInt8], strict: Bool, features: Features) -> Result<Module, Diagnostics> {
        parseModuleText(text, strict: strict, features: features).map(\.module)
    }

    package static func encode(_ module: Module) -> [UInt8]? {
        BinaryEncoder.encode(module)
    }

    /// Encodes, decodes and re-encodes; nil when both encodings agree, else why not.
    static func roundtrip(_ module: Module, features: Features) -> String? {
        guard let first = encode(module) else { return "unsupported: the encoder is not available yet" }
        let decoded: Module
        switch decode(first, features: features) {
        case .success(let m): decoded = m
        case .failure(let d): return "the encoded module does not decode: \(d.message)"
        }
        guard let second = encode(decoded) else { return "re-encoding failed" }
        if first == second { return nil }
        var i = 0
        while i < first.count, i < second.count, first[i] == second[i] { i += 1 }
        return "encodings differ at byte 0x\(String(i, radix: 16)) (\(first.count) vs \(second.count) bytes)"
    }

    /// The first message, placed at its line:column when the source is known.
    static func describe(_ ds: [Diagnostic], source: SourceFile? = nil) -> String {
        guard let first = ds.first else { return "unknown error" }
        var s = first.message
        if let source, case .text(let o, _) = first.location {
            let (l, c) = source.lineColumn(of: Int(o))
            s += " (at \(l):\(c))"
        }
        return ds.count == 1 ? s : "\(s) (and \(ds.count - 1) more)"
    }
}

extension Frontend {
    static func textOptions(strict: Bool, features: Features) -> TextOptions {
        TextOptions(strict: strict, features: features)
    }

    /// Parses the text module whose `(` is token `index` of the script's stream.
    static func parseTextModule(_ stream: TokenStream, at index: Int, strict: Bool,
                                features: Features) -> (ScriptModule.Source, [Diagnostic]) {
        do throws(Diagnostics) {
            let parsed = try WatParser.parseModuleForm(stream, at: index, options: textOptions(strict: strict, features: features))
            switch parsed.form.source {
            case .text(let m): return (.text(m), parsed.warnings)
            case .binary(let b): return (.binary(b), parsed.warnings)
            case .quote(let q): return (.quote(q), parsed.warnings)
            }
        } catch {
            return (.textError(error.items), [])
        }
    }

    /// Parses a whole text buffer: one `(module …)` or module fields.
    static func parseModuleText(_ text: [UInt8], strict: Bool, features: Features) -> Result<ParsedModule, Diagnostics> {
        do throws(Diagnostics) {
            return .success(try WatParser.parse(SourceFile(name: "module", bytes: text), options: textOptions(strict: strict, features: features)))
        } catch {
            return .failure(error)
        }
    }
}

/// The frontend functions the runner calls, as values so tests can drive the runner without
/// the real decoder and parser.
struct FrontendHooks: Sendable {
    var decode: @Sendable ([UInt8], Features) -> Result<Module, Diagnostic>
    var parseQuote: @Sendable ([UInt8], Bool, Features) -> Result<Module, Diagnostics>
    var roundtrip: @Sendable (Module, Features) -> String?

    static let standard = FrontendHooks(
        decode: { Frontend.decode($0, features: $1) },
        parseQuote: { Frontend.parseQuote($0, strict: $1, features: $2) },
        roundtrip: { Frontend.roundtrip($0, features: $1) })

    func decode(_ bytes: [UInt8], features: Features) -> Result<Module, Diagnostic> { decode(bytes, features) }
    func parseQuote(_ text: [UInt8], strict: Bool, features: Features) -> Result<Module, Diagnostics> {
        parseQuote(text, strict, features)
    }
    func roundtrip(_ module: Module, features: Features) -> String? { roundtrip(module, features) }
}
