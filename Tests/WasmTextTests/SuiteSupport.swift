import Foundation
import Testing
import WasmCore
@testable import WasmText
import WasmScript

/// Finds the official test suite: `WASM_TESTSUITE`, else `../shared/testsuite` from the package root.
enum TestSuite {
    static var directory: String? {
        OfficialTestSuite.directory(packageRoot: OfficialTestSuite.packageRoot(ofFile: "\(#filePath)", depth: 2))
    }

    /// Every `.wast` file below the suite directory, relative paths.
    static func files() -> [String] {
        directory.map(OfficialTestSuite.wastFiles(in:)) ?? []
    }

    static func read(_ rel: String) -> [UInt8] {
        guard let dir = directory, let d = FileManager.default.contents(atPath: dir + "/" + rel) else { return [] }
        return [UInt8](d)
    }

    /// The top-level forms of a script: kind keyword and token range.
    static func forms(_ stream: TokenStream) -> [(keyword: String, start: Int, end: Int)] {
        var out: [(String, Int, Int)] = []
        var i = 0
        while i < stream.tokens.count, stream.tokens[i].kind == .lparen {
            guard let close = stream.matching(i) else { break }
            out.append((stream.text(i + 1), i, close))
            i = close + 1
        }
        return out
    }

    /// Every `(module …)` form directly inside a top-level form (or the form itself).
    static func moduleForms(_ stream: TokenStream, in form: (keyword: String, start: Int, end: Int)) -> [Int] {
        if form.keyword == "module" { return [form.start] }
        var out: [Int] = []
        var j = form.start + 2
        while j < form.end {
            if stream.isOpen(j, "module") { out.append(j) }
            if stream.tokens[j].kind == .lparen, let c = stream.matching(j) { j = c + 1 } else { j += 1 }
        }
        return out
    }
}

@Suite struct SuiteTests {
    @Test func everySuiteModuleParses() throws {
        let files = TestSuite.files()
        guard !files.isEmpty else {
            print("SKIP: test suite not found (set WASM_TESTSUITE)")
            return
        }
        var total = 0
        var textCount = 0, binaryCount = 0, quoteCount = 0
        var failures: [String] = []
        for f in files {
            let stream = TokenStream(SourceFile(name: f, bytes: TestSuite.read(f)))
            #expect(stream.diagnostics.isEmpty, "\(f): \(stream.diagnostics.first?.message ?? "")")
            for form in TestSuite.forms(stream) where !form.keyword.hasPrefix("assert_malformed") {
                for m in TestSuite.moduleForms(stream, in: form) where !stream.isKeyword(m + 2, "instance") {
                    total += 1
                    do {
                        let parsed = try WatParser.parseModuleForm(stream, at: m)
                        switch parsed.form.source {
                        case .text: textCount += 1
                        case .binary: binaryCount += 1
                        case .quote(let text):
                            quoteCount += 1
                            _ = try WatParser.parse(SourceFile(name: f, bytes: text))
                        }
                    } catch {
                        let d = error.items.first
                        let (l, c) = stream.source.lineColumn(of: d?.location.textOffset ?? 0)
                        failures.append("\(f):\(l):\(c): \(d?.message ?? "?")")
                    }
                }
            }
        }
        print("suite modules parsed: \(total - failures.count)/\(total) (text \(textCount), binary \(binaryCount), quote \(quoteCount))")
        for x in failures.prefix(40) { print("FAIL", x) }
        #expect(failures.isEmpty)
    }

    @Test func everyMalformedQuoteIsRejectedInStrictMode() throws {
        let files = TestSuite.files()
        guard !files.isEmpty else {
            print("SKIP: test suite not found (set WASM_TESTSUITE)")
            return
        }
        var total = 0
        var accepted: [String] = []
        var wrongMessage = 0
        var wrong: [String] = []
        var customTotal = 0
        var customAccepted = 0
        for f in files {
            let stream = TokenStream(SourceFile(name: f, bytes: TestSuite.read(f)))
            for form in TestSuite.forms(stream) where form.keyword.hasPrefix("assert_malformed") {
                let m = form.start + 2
                guard stream.isOpen(m, "module"), let close = stream.matching(m) else { continue }
                var k = m + 2
                if stream.tokens[k].kind == .id { k += 1 }
                guard stream.isKeyword(k, "quote") else { continue }
                let custom = form.keyword != "assert_malformed"
                if custom { customTotal += 1 } else { total += 1 }
                var text: [UInt8] = []
                for t in (k + 1)..<close { text += Literals.decodeString(stream.slice(t)) ?? [] }
                let expected = Literals.decodeString(stream.slice(close + 1)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                do {
                    _ = try WatParser.parse(SourceFile(name: "quote", bytes: text), options: TextOptions(strict: true))
                    let (l, _) = stream.source.lineColumn(of: Int(stream.tokens[m].offset))
                    if custom { customAccepted += 1 } else { accepted.append("\(f):\(l): expected \(expected)") }
                } catch {
                    if !(error.items.first?.message.hasPrefix(expected) ?? false) {
                        wrongMessage += 1
                        wrong.append("\(expected) <- \(error.items.first?.message ?? "") :: \(String(decoding: text.prefix(150), as: UTF8.self))")
                    }
                }
            }
        }
        print("malformed quote modules rejected: \(total - accepted.count)/\(total) (other message: \(wrongMessage))")
        print("assert_malformed_custom quote modules rejected (optional): \(customTotal - customAccepted)/\(customTotal)")
        for x in accepted.prefix(40) { print("ACCEPTED", x) }
        var counts: [String: Int] = [:]
        for w in wrong { counts[w, default: 0] += 1 }
        for (w, c) in counts.sorted(by: { $0.value > $1.value }) { print("WRONG \(c) \(w)") }
        #expect(accepted.isEmpty)
    }
}
