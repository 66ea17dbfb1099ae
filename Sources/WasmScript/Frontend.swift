// The runner's use of the other phases: text parsing (WasmText), decoding and encoding
// (WasmBinary). Kept in one place so the runner reads as the spec's `run.ml`.
import WasmCore
import WasmText

enum Frontend {
    static func decode(_ bytes: [UInt8], features: Features) -> Result<Module, Diagnostic> {
        .failure(Diagnostic(.script, "unsupported: the binary decoder is not available yet"))
    }

    /// Parses the text of `(module quote …)`: either a whole `(module …)` or module fields.
    static func parseQuote(_ text: [UInt8], strict: Bool, features: Features) -> Result<Module, Diagnostics> {
        .failure(Diagnostics([Diagnostic(.script, "unsupported: the text parser is not available yet")]))
    }

    static func encode(_ module: Module) -> [UInt8]? {
        nil
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

    static func describe(_ ds: [Diagnostic]) -> String {
        guard let first = ds.first else { return "unknown error" }
        return ds.count == 1 ? first.message : "\(first.message) (and \(ds.count - 1) more)"
    }
}

extension Frontend {
    /// Parses the text module spanning `range` of the script's tokens.
    static func parseTextModule(bytes: [UInt8], tokens: [Token], range: Range<Int>, strict: Bool,
                                features: Features) -> ModuleSource {
        .textError([Diagnostic(.script, "unsupported: the text parser is not available yet",
                               at: range.lowerBound < tokens.count ? tokens[range.lowerBound].location : .none)])
    }

    /// Parses a whole text buffer holding one `(module …)`.
    static func parseModuleText(_ text: [UInt8], strict: Bool, features: Features) -> Result<Module, Diagnostics> {
        .failure(Diagnostics([Diagnostic(.script, "unsupported: the text parser is not available yet")]))
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
