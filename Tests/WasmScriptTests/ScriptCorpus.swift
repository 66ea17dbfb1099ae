// A folder of `.wast` scripts checked against a committed ratchet of per-file pass counts: a
// drop fails; a rise fails too, asking for the ratchet to be updated (`UPDATE_RATCHET=1`).
// The official suite and the proposal scripts are two corpora with two ratchets.
import Foundation
import Testing
import WasmCore
import WasmScript

struct ScriptCorpus: Sendable {
    /// For messages: "official suite", "proposals".
    let name: String
    /// The test suite that runs it, for the "update the ratchet" hint.
    let suiteName: String
    /// Nil when the folder was not found (the cases then skip, saying so).
    let root: String?
    let ratchetPath: String
    /// How each file (by its path relative to the root) is run.
    let options: @Sendable (String) -> ScriptOptions
    /// Script files relative to the root, sorted.
    let files: [String]

    init(name: String, suiteName: String, root: String?, ratchetPath: String,
         options: @escaping @Sendable (String) -> ScriptOptions = { _ in ScriptOptions() }) {
        self.name = name
        self.suiteName = suiteName
        self.root = root
        self.ratchetPath = ratchetPath
        self.options = options
        self.files = root.map(OfficialTestSuite.wastFiles(in:)) ?? []
    }

    /// The engine limits used for the corpora: ten times the fuel the hungriest action of the
    /// suite needs (10 million covers every test), so an interpreter bug cannot loop forever.
    static let configuration = InterpreterEngine.Configuration(fuel: 100_000_000, maxMemoryBytes: 8 << 30)

    static let updating = ProcessInfo.processInfo.environment["UPDATE_RATCHET"] == "1"

    /// `file passed` lines; `#` starts a comment.
    func readRatchet() -> [String: Int] {
        guard let text = try? String(contentsOfFile: ratchetPath, encoding: .utf8) else { return [:] }
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let n = Int(parts[1]) { out[String(parts[0])] = n }
        }
        return out
    }

    func run(_ file: String) -> ScriptReport {
        guard let root else { return ScriptReport(file: file) }
        var report = ScriptFile.run(path: root + "/" + file, options: options(file), configuration: Self.configuration)
        report.file = file
        return report
    }

    /// Runs one file and records an issue when its count differs from the ratchet's.
    func check(_ file: String) {
        let report = run(file)
        let expected = readRatchet()[file] ?? 0
        if report.passed < expected {
            Issue.record("""
            \(file): \(report.passed) passed, below the ratchet's \(expected). First failures:
            \(report.failures.prefix(5).map { $0.rendered(file: file) }.joined(separator: "\n"))
            """)
        } else if report.passed > expected {
            Issue.record("\(file): \(report.passed) passed, above the ratchet's \(expected): update it with UPDATE_RATCHET=1 swift test --filter \(suiteName)")
        }
    }

    /// Runs every file and rewrites the ratchet with their counts.
    func updateRatchet(header: String) throws {
        let counts = Counts(count: files.count)
        Parallel.forEach(count: files.count, threads: Parallel.processorCount) { i in
            counts.set(i, run(files[i]).passed)
        }
        var text = header
        for (i, f) in files.enumerated() { text += "\(f) \(counts.get(i))\n" }
        try text.write(toFile: ratchetPath, atomically: true, encoding: .utf8)
    }

    /// Says where the corpus was found, or that its cases are skipped.
    func announce(howToProvide: String) {
        if let root {
            print("\(name): \(root) (\(files.count) files)")
            #expect(!files.isEmpty)
        } else {
            print("note: \(name) not found (\(howToProvide)); its conformance tests are skipped")
        }
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
