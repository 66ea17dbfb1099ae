// The official test suite, one test case per `.wast` file, against a committed ratchet of
// per-file pass counts: a drop fails; a rise fails too, asking for the ratchet to be updated
// (`UPDATE_RATCHET=1 swift test --filter ConformanceTests` rewrites it).
import Foundation
import Testing
import WasmScript

enum Conformance {
    static let packageRoot = OfficialTestSuite.packageRoot(ofFile: "\(#filePath)", depth: 2)

    static let suiteRoot: String? = OfficialTestSuite.directory(packageRoot: packageRoot)

    /// Suite files relative to the suite root, sorted.
    static let files: [String] = suiteRoot.map(OfficialTestSuite.wastFiles(in:)) ?? []

    static let ratchetPath = packageRoot + "/Tests/WasmScriptTests/Conformance/ratchet.txt"

    /// `file passed` lines; `#` starts a comment.
    static func readRatchet() -> [String: Int] {
        guard let text = try? String(contentsOfFile: ratchetPath, encoding: .utf8) else { return [:] }
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let n = Int(parts[1]) { out[String(parts[0])] = n }
        }
        return out
    }

    static let updating = ProcessInfo.processInfo.environment["UPDATE_RATCHET"] == "1"

    /// The engine limits used for the suite: ten times the fuel the hungriest action needs
    /// (10 million covers every test), so an interpreter bug cannot loop forever.
    static let configuration = InterpreterEngine.Configuration(fuel: 100_000_000, maxMemoryBytes: 8 << 30)

    static func run(_ file: String) -> ScriptReport {
        guard let root = suiteRoot else { return ScriptReport(file: file) }
        var report = ScriptFile.run(path: root + "/" + file, configuration: configuration)
        report.file = file
        return report
    }
}

@Suite struct ConformanceTests {
    /// Says where the suite was found, or that the conformance cases are skipped.
    @Test func suiteLocation() {
        if let root = Conformance.suiteRoot {
            print("official test suite: \(root) (\(Conformance.files.count) files)")
            #expect(!Conformance.files.isEmpty)
        } else {
            print("note: official test suite not found (set WASM_TESTSUITE or put it at ../shared/testsuite); conformance tests skipped")
        }
    }

    @Test("official suite file", .enabled(if: Conformance.suiteRoot != nil && !Conformance.updating, "official suite not found or updating the ratchet"),
          arguments: Conformance.files)
    func file(_ file: String) {
        let report = Conformance.run(file)
        let expected = Conformance.readRatchet()[file] ?? 0
        if report.passed < expected {
            Issue.record("""
            \(file): \(report.passed) passed, below the ratchet's \(expected). First failures:
            \(report.failures.prefix(5).map { $0.rendered(file: file) }.joined(separator: "\n"))
            """)
        } else if report.passed > expected {
            Issue.record("\(file): \(report.passed) passed, above the ratchet's \(expected): update it with UPDATE_RATCHET=1 swift test --filter ConformanceTests")
        }
    }

    @Test(.enabled(if: Conformance.suiteRoot != nil && Conformance.updating, "set UPDATE_RATCHET=1 to rewrite the ratchet"))
    func updateRatchet() throws {
        let files = Conformance.files
        let counts = Counts(count: files.count)
        Parallel.forEach(count: files.count, threads: Parallel.processorCount) { i in
            counts.set(i, Conformance.run(files[i]).passed)
        }
        var text = "# Passed commands per file of the official suite (see ConformanceTests.swift).\n"
        for (i, f) in files.enumerated() { text += "\(f) \(counts.get(i))\n" }
        try text.write(toFile: Conformance.ratchetPath, atomically: true, encoding: .utf8)
    }
}

/// Thread-safe counts for the parallel ratchet update.
final class Counts: @unchecked Sendable {
    private var values: [Int]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: 0, count: count) }
    func set(_ i: Int, _ v: Int) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> Int { lock.lock(); defer { lock.unlock() }; return values[i] }
}
