// The proposal scripts past WebAssembly 3.0 (`../shared/proposals`: threads, wide arithmetic,
// custom page sizes, custom descriptors), one test case per file, each folder with the default
// features plus its proposal (as wasm-tools runs them: custom-descriptors/binary.wast expects
// the custom page size flag to be malformed), against their own ratchet so the official
// suite's stays as it is
// (`UPDATE_RATCHET=1 swift test --filter ProposalConformanceTests` rewrites it).
import Testing
import WasmCore
import WasmScript

enum ProposalConformance {
    static let corpus = ScriptCorpus(
        name: "proposals", suiteName: "ProposalConformanceTests",
        root: OfficialTestSuite.proposalsDirectory(packageRoot: Conformance.packageRoot),
        ratchetPath: Conformance.packageRoot + "/Tests/WasmScriptTests/Conformance/proposals-ratchet.txt",
        options: { ScriptOptions(features: features(of: $0)) })

    /// The default features and the proposal a file's folder is named after.
    static func features(of file: String) -> Features {
        var f = Features.default
        let folder = file.split(separator: "/").first.map(String.init) ?? ""
        if let p = Feature.allCases.first(where: { $0.flagName == folder }) { f.insert(p) }
        return f
    }
}

@Suite struct ProposalConformanceTests {
    @Test func proposalsLocation() {
        ProposalConformance.corpus.announce(howToProvide: "set WASM_PROPOSALS or put them at ../shared/proposals")
    }

    @Test("proposal file", .enabled(if: ProposalConformance.corpus.root != nil && !ScriptCorpus.updating, "proposals not found or updating the ratchet"),
          arguments: ProposalConformance.corpus.files)
    func file(_ file: String) {
        ProposalConformance.corpus.check(file)
    }

    @Test(.enabled(if: ProposalConformance.corpus.root != nil && ScriptCorpus.updating, "set UPDATE_RATCHET=1 to rewrite the ratchet"))
    func updateRatchet() throws {
        try ProposalConformance.corpus.updateRatchet(header: "# Passed commands per proposal file, every feature enabled (see ProposalConformanceTests.swift).\n")
    }
}
