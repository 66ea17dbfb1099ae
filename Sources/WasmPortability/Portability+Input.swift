// From a file's bytes to a report: decode `.wasm` or parse `.wat`, validate, analyse. Every
// failure comes back as diagnostics with a location, never as a crash.
import WasmCore
import WasmText
import WasmBinary
import WasmValidation

/// Why a file could not be analysed: it is malformed (decode/parse) or invalid (validation).
public struct PortabilityError: Error, Sendable {
    public var file: String
    public var diagnostics: [Diagnostic]
    /// The text source, for `file:line:col` and a caret; nil for binary input.
    public var source: SourceFile?

    public init(file: String, diagnostics: [Diagnostic], source: SourceFile?) {
        self.file = file
        self.diagnostics = diagnostics
        self.source = source
    }

    /// Each diagnostic as `file:line:col: error: …` (text) or `file:0x1f: error: …` (binary).
    public func rendered() -> String {
        diagnostics.map { $0.rendered(file: file, source: source) }.joined(separator: "\n")
    }
}

extension Portability {
    /// Every feature is accepted when reading: the report says which ones a module uses, so
    /// refusing them up front would hide the answer.
    public static let readFeatures = Features.all

    /// Whether the bytes start with the binary magic `\0asm`.
    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x00 && bytes[1] == 0x61 && bytes[2] == 0x73 && bytes[3] == 0x6D
    }

    /// Reads a module from `.wasm` bytes (recognised by the magic or the `.wasm` name) or
    /// `.wat` text, validates it, and returns it. Validation errors point into the source
    /// (`file:line:col` or `file:0xOFF`) as far as the producer recorded offsets.
    /// `features` are those accepted (every one unless the caller refuses some).
    public static func load(bytes: [UInt8], file: String, features: Features = readFeatures) throws(PortabilityError) -> Module {
        var module: Module
        var source: SourceFile?
        // A `.wasm` without the magic is a broken binary, not text: let the decoder say so.
        if isBinary(bytes) || file.hasSuffix(".wasm") {
            var options = DecodeOptions()
            options.features = features
            do {
                module = try BinaryDecoder.decode(bytes, options: options)
                if module.sourceKind == .none { module.sourceKind = .binary }
            } catch {
                throw PortabilityError(file: file, diagnostics: [error], source: nil)
            }
        } else {
            let text = SourceFile(name: file, bytes: bytes)
            source = text
            do {
                module = try WatParser.parse(text, options: TextOptions(features: features)).module
                if module.sourceKind == .none { module.sourceKind = .text }
            } catch {
                throw PortabilityError(file: file, diagnostics: error.items, source: text)
            }
        }
        do {
            _ = try Validator.validate(module, features: features)
        } catch {
            throw PortabilityError(file: file, diagnostics: [error], source: source)
        }
        return module
    }

    /// `load` then `analyze`.
    public static func analyze(bytes: [UInt8], file: String, features: Features = readFeatures) throws(PortabilityError) -> PortabilityReport {
        analyze(try load(bytes: bytes, file: file, features: features))
    }
}
