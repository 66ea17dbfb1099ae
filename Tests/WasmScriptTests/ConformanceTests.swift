// The official test suite, one test case per `.wast` file, against a committed ratchet of
// per-file pass counts (see ScriptCorpus; `UPDATE_RATCHET=1 swift test --filter
// ConformanceTests` rewrites it).
import Testing
import WasmScript

enum Conformance {
    static let packageRoot = OfficialTestSuite.packageRoot(ofFile: "\(#filePath)", depth: 2)

    static let suite = ScriptCorpus(
        name: "official suite", suiteName: "ConformanceTests",
        root: OfficialTestSuite.directory(packageRoot: packageRoot),
        ratchetPath: packageRoot + "/Tests/WasmScriptTests/Conformance/ratchet.txt")
}

@Suite struct ConformanceTests {
    @Test func suiteLocation() {
        Conformance.suite.announce(howToProvide: "set WASM_TESTSUITE or put it at ../shared/testsuite")
    }

    @Test("official suite file", .enabled(if: Conformance.suite.root != nil && !ScriptCorpus.updating, "official suite not found or updating the ratchet"),
          arguments: Conformance.suite.files)
    func file(_ file: String) {
        Conformance.suite.check(file)
    }

    @Test(.enabled(if: Conformance.suite.root != nil && ScriptCorpus.updating, "set UPDATE_RATCHET=1 to rewrite the ratchet"))
    func updateRatchet() throws {
        try Conformance.suite.updateRatchet(header: "# Passed commands per file of the official suite (see ConformanceTests.swift).\n")
    }
}
