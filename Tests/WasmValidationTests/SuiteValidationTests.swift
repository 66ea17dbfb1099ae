import Foundation
import Testing
import WasmCore
import WasmText
import WasmBinary
import WasmValidation
import WasmScript

/// Drives the official suite's validation assertions through the text parser and the
/// validator: every `assert_invalid` module must be rejected with a message starting with the
/// expected text, every module the suite expects to be valid must be accepted. Binary modules
/// go through `decodeBinary` once the decoder is wired in (see `SuiteValidation.decodeBinary`).
enum SuiteValidation {
    static var directory: String? {
        OfficialTestSuite.directory(packageRoot: OfficialTestSuite.packageRoot(ofFile: "\(#filePath)", depth: 2))
    }

    static func files() -> [String] {
        directory.map(OfficialTestSuite.wastFiles(in:)) ?? []
    }

    /// Files of issue 3's scope: the suite minus SIMD, relaxed SIMD, GC, exceptions, custom.
    static func inScope(_ f: String) -> Bool {
        let name = (f as NSString).lastPathComponent
        if f.hasPrefix("legacy/") || f.hasPrefix("custom/") { return false }
        let excludedPrefixes = ["simd_", "relaxed", "i8x16_relaxed", "i16x8_relaxed", "i32x4_relaxed", "array", "br_on_cast"]
        if excludedPrefixes.contains(where: name.hasPrefix) { return false }
        let excluded: Set<String> = ["struct.wast", "i31.wast", "ref_cast.wast", "ref_test.wast", "ref_eq.wast", "extern.wast",
                                     "binary-gc.wast", "type-subtyping.wast", "tag.wast", "try_table.wast"]
        if excluded.contains(name) || name.hasPrefix("throw") { return false }
        return true
    }

    /// The binary decoder.
    static let decodeBinary: (@Sendable ([UInt8]) throws -> Module)? = { bytes in try BinaryDecoder.decode(bytes) }

    struct Counts {
        var invalidRejected = 0
        var invalidTotal = 0
        var validAccepted = 0
        var validTotal = 0
        var skipped = 0
        var failures: [String] = []
        var passed: Int { invalidRejected + validAccepted }
        var total: Int { invalidTotal + validTotal }
    }

    /// A module of a form, or nil when it cannot be built here (binary without decoder, or a
    /// parse error, which is the parser's business and counted as skipped).
    static func module(_ stream: TokenStream, at index: Int) -> Module? {
        guard let parsed = try? WatParser.parseModuleForm(stream, at: index) else { return nil }
        switch parsed.form.source {
        case .text(let m):
            return m
        case .quote(let text):
            return try? WatParser.parse(SourceFile(name: "quote", bytes: text)).module
        case .binary(let bytes):
            guard let decode = decodeBinary else { return nil }
            return try? decode(bytes)
        }
    }

    static func run(_ file: String) -> Counts {
        var c = Counts()
        guard let dir = directory, let data = FileManager.default.contents(atPath: dir + "/" + file) else { return c }
        let stream = TokenStream(SourceFile(name: file, bytes: [UInt8](data)))
        var i = 0
        while i < stream.tokens.count, stream.tokens[i].kind == .lparen {
            guard let close = stream.matching(i) else { break }
            let keyword = stream.text(i + 1)
            let line = stream.source.lineColumn(of: Int(stream.tokens[i].offset)).line
            switch keyword {
            case "module", "assert_unlinkable", "assert_uninstantiable", "assert_trap":
                let m = keyword == "module" ? i : i + 2
                guard stream.isOpen(m, "module"), !stream.isKeyword(m + 2, "instance") else { break }
                guard let module = module(stream, at: m) else { c.skipped += 1; break }
                c.validTotal += 1
                do {
                    _ = try Validator.validate(module)
                    c.validAccepted += 1
                } catch {
                    c.failures.append("\(file):\(line): valid module rejected: \(error.message)")
                }
            case "assert_invalid":
                let m = i + 2
                guard stream.isOpen(m, "module"), let mclose = stream.matching(m),
                      let expectedBytes = Literals.decodeString(stream.slice(mclose + 1)) else { break }
                let expected = String(decoding: expectedBytes, as: UTF8.self)
                guard let module = module(stream, at: m) else { c.skipped += 1; break }
                c.invalidTotal += 1
                do {
                    _ = try Validator.validate(module)
                    c.failures.append("\(file):\(line): invalid module accepted, expected \(expected)")
                } catch {
                    if error.message.hasPrefix(expected) {
                        c.invalidRejected += 1
                    } else {
                        c.failures.append("\(file):\(line): got '\(error.message)', expected '\(expected)'")
                    }
                }
            default:
                break
            }
            i = close + 1
        }
        return c
    }
}

@Suite struct SuiteValidationTests {
    @Test func suiteValidationAssertions() {
        let files = SuiteValidation.files()
        guard !files.isEmpty else {
            print("SKIP: test suite not found (set WASM_TESTSUITE)")
            return
        }
        var scoped = SuiteValidation.Counts()
        var others = SuiteValidation.Counts()
        var report: [String] = []
        for f in files {
            let c = SuiteValidation.run(f)
            let inScope = SuiteValidation.inScope(f)
            report.append("\(inScope ? "" : "(out of scope) ")\(f): invalid \(c.invalidRejected)/\(c.invalidTotal), valid \(c.validAccepted)/\(c.validTotal), skipped \(c.skipped)")
            if inScope {
                scoped.invalidRejected += c.invalidRejected
                scoped.invalidTotal += c.invalidTotal
                scoped.validAccepted += c.validAccepted
                scoped.validTotal += c.validTotal
                scoped.skipped += c.skipped
                scoped.failures += c.failures
            } else {
                others.invalidRejected += c.invalidRejected
                others.invalidTotal += c.invalidTotal
                others.validAccepted += c.validAccepted
                others.validTotal += c.validTotal
                others.skipped += c.skipped
                others.failures += c.failures
            }
        }
        if ProcessInfo.processInfo.environment["SUITE_REPORT"] != nil {
            for r in report { print(r) }
        }
        print("suite validation (issue scope): \(scoped.passed)/\(scoped.total) (invalid \(scoped.invalidRejected)/\(scoped.invalidTotal), valid \(scoped.validAccepted)/\(scoped.validTotal), skipped \(scoped.skipped))")
        print("suite validation (other files): \(others.passed)/\(others.total) (skipped \(others.skipped))")
        for x in (scoped.failures + others.failures).prefix(60) { print("FAIL", x) }
        #expect(scoped.failures.isEmpty)
    }
}
