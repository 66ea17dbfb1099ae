// `wastrun --shard i/n`: the shards of a run's files are a partition (every file in exactly one
// shard, in the given order), balanced, and the shards' totals add up to the whole run's, for
// n = 1, 2 and 7, on the official suite (by its ratchet's per-file counts, which
// ConformanceTests holds every file to) and end to end through the wastrun binary.
import Foundation
import Testing
import WasmScript

@Suite struct ShardTests {
    @Test func parsing() {
        #expect(Shard(parsing: "1/1") == Shard(index: 1, count: 1))
        #expect(Shard(parsing: "7/7")?.index == 7)
        for bad in ["0/2", "3/2", "1/0", "-1/2", "a/b", "1", "1/2/3", "/2", "1/", ""] {
            #expect(Shard(parsing: bad) == nil, "\(bad) was accepted")
        }
    }

    @Test func anEmptyListAndMoreShardsThanFiles() {
        #expect(Shard(index: 1, count: 3)?.select([]) == [])
        let files = ["a.wast", "b.wast"]
        let shards = (1...5).compactMap { Shard(index: $0, count: 5)?.select(files) }
        #expect(shards.flatMap { $0 }.sorted() == files)
        #expect(shards.filter(\.isEmpty).count == 3)
    }

    @Test(.enabled(if: Conformance.suite.root != nil, "official suite not found"), arguments: [1, 2, 7])
    func theOfficialSuiteSplitsIntoShardsThatAddUp(_ n: Int) throws {
        let root = try #require(Conformance.suite.root)
        let all = ScriptFile.expand([root])
        #expect(all.count == Conformance.suite.files.count)
        let shards = (1...n).compactMap { Shard(index: $0, count: n)?.select(all) }
        #expect(shards.count == n)
        // A partition, each shard in the order of the whole list.
        #expect(shards.flatMap { $0 }.sorted() == all.sorted())
        #expect(Set(shards.flatMap { $0 }).count == all.count)
        for s in shards { #expect(s == all.filter(Set(s).contains)) }
        // The same split every time (every job of a CI matrix computes it alone).
        #expect((1...n).compactMap { Shard(index: $0, count: n)?.select(all) } == shards)
        // Balanced by size: no shard above 1.1 times the mean of bytes.
        func bytes(_ files: [String]) -> Int {
            files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        }
        let mean = Double(bytes(all)) / Double(n)
        for s in shards { #expect(Double(bytes(s)) <= 1.1 * mean) }
        // The totals add up: the ratchet's per-file pass counts summed per shard.
        let ratchet = Conformance.suite.readRatchet()
        let prefix = root.hasSuffix("/") ? root : root + "/"
        func passed(_ files: [String]) -> Int { files.reduce(0) { $0 + (ratchet[String($1.dropFirst(prefix.count))] ?? 0) } }
        #expect(shards.map(passed).reduce(0, +) == passed(all))
        #expect(passed(all) == ratchet.values.reduce(0, +))
    }

    /// The wastrun binary the test build made (skipped when absent): each shard's closing line
    /// "N passed, M failed" summed over the shards is the unsharded run's.
    @Test(arguments: [1, 2, 7])
    func wastrunShardsAddUpToTheWholeRun(_ n: Int) throws {
        let root = Conformance.packageRoot
        let candidates = [root + "/.build/debug/wastrun", root + "/.build/release/wastrun"]
        guard let wastrun = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: no wastrun binary under .build (swift build --product wastrun)")
            return
        }
        let inputs = [root + "/spectests"]
        func totals(_ extra: [String]) throws -> (passed: Int, failed: Int, files: Int) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: wastrun)
            p.arguments = extra + inputs
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            let lines = text.split(separator: "\n")
            let last = lines.last.map { $0.split(separator: " ") } ?? []
            let files = lines.filter { $0.hasSuffix(" failed") && $0.contains(".wast: ") }.count
            guard last.count >= 4, let passed = Int(last[0]), let failed = Int(last[2]) else {
                Issue.record("no closing line in: \(text.suffix(300))")
                return (0, 0, 0)
            }
            return (passed, failed, files)
        }
        let whole = try totals([])
        #expect(whole.passed > 0)
        var sum = (passed: 0, failed: 0, files: 0)
        for i in 1...n {
            let t = try totals(["--shard", "\(i)/\(n)"])
            sum = (sum.passed + t.passed, sum.failed + t.failed, sum.files + t.files)
        }
        #expect(sum.passed == whole.passed && sum.failed == whole.failed && sum.files == whole.files)
    }
}
