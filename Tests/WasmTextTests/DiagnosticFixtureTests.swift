import Foundation
import Testing
import WasmCore
@testable import WasmText

/// Golden diagnostics: every `Fixtures/*.wat` must fail with exactly the rendered errors in
/// `Fixtures/*.wat.err`. Set `UPDATE_FIXTURES=1` to rewrite the `.err` files (then review them).
@Suite struct DiagnosticFixtureTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var fixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".wat") }.sorted()
    }

    static func render(_ name: String) -> String {
        let bytes = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path).map { [UInt8]($0) } ?? []
        let source = SourceFile(name: name, bytes: bytes)
        do {
            _ = try WatParser.parse(source)
            return "(no error)\n"
        } catch {
            return error.items.map { $0.rendered(file: name, source: source) }.joined(separator: "\n") + "\n"
        }
    }

    @Test func thereAreFixtures() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures) func fixtureRendersExactly(_ name: String) throws {
        let actual = Self.render(name)
        let errPath = Self.dir.appendingPathComponent(name + ".err").path
        if ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] != nil {
            _ = FileManager.default.createFile(atPath: errPath, contents: Data(actual.utf8))
        }
        let expected = FileManager.default.contents(atPath: errPath).map { String(decoding: $0, as: UTF8.self) }
        #expect(expected == actual)
    }
}
