import Testing
import WasmCore
import WasmInterpreter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmark programs, ../shared/bench/programs (or $WASM_BENCH/programs) and the project's
/// own bench/programs: each `run()` must return its expected value, the program's first line
/// `;; expected: VALUE`, or for a shared program without one its entry in the shared README's
/// "Expected results:" (the same rule as swiftwat-bench and scripts/bench_compare.py). Prints the
/// time of `run()` alone; that figure only means something in a release build (see the benchmark
/// executable), here it is a smoke check.
@Suite struct BenchProgramTests {
    /// The package root: #filePath is …/Tests/WasmInterpreterTests/BenchProgramTests.swift.
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 3 { parts.removeLast(3) }
        return parts.joined(separator: "/")
    }()

    static let sharedDirectory: String? = {
        var candidates: [String] = []
        if let env = getenv("WASM_BENCH") { candidates.append(String(cString: env)) }
        candidates.append(root + "/../shared/bench")
        return candidates.first { access($0 + "/programs/fib.wat", R_OK) == 0 }
    }()

    /// Every program's path, by name (the project's own hides a shared one of the same name).
    static let programs: [String: String] = {
        var out: [String: String] = [:]
        for dir in [sharedDirectory.map { $0 + "/programs" }, root + "/bench/programs"].compactMap({ $0 }) {
            for name in list(dir) { out[String(name.dropLast(4))] = dir + "/" + name }
        }
        return out
    }()

    static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(".wat") { names.append(name) }
        }
        return names
    }

    static func read(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The expected value of a program's text: its first line, else the shared README's list.
    static func expected(_ name: String, text: String) -> String? {
        let first = text.prefix { $0 != "\n" }
        if first.hasPrefix(";; expected:") {
            return first.dropFirst(";; expected:".count).split(separator: " ").first.map(String.init)
        }
        guard let dir = sharedDirectory, let readme = read(dir + "/README.md"),
              let start = readme.firstRange(of: "Expected results:") else { return nil }
        let rest = readme[start.upperBound...]
        let list = rest[..<(rest.firstRange(of: "\n- ")?.lowerBound ?? rest.endIndex)]
        for item in list.split(separator: ",") {
            let words = item.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "." })
            if words.count >= 2, words[0] == name { return String(words[1]) }
        }
        return nil
    }

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test func theProjectsOwnProgramsAreThere() {
        if Self.sharedDirectory == nil {
            print("skipped: the shared bench programs (set WASM_BENCH or check out ../shared/bench)")
        }
        let own = Self.list(Self.root + "/bench/programs")
        #expect(own.count >= 8, "bench/programs holds \(own.count) programs")
        for name in own {
            let text = Self.read(Self.root + "/bench/programs/" + name) ?? ""
            #expect(text.hasPrefix(";; expected: "), "\(name) does not start with ;; expected: VALUE")
        }
    }

    @Test(arguments: programs.keys.sorted())
    func programReturnsTheExpectedValue(_ name: String) throws {
        guard let path = Self.programs[name], let text = Self.read(path) else {
            Issue.record("cannot read the program \(name)")
            return
        }
        let want = try #require(Self.expected(name, text: text), "\(name) states no expected value")
        let m = try instance(text)
        #if DEBUG
        // A program whose second line is `;; heavy: …` runs for seconds in a release build
        // (the GC programs: binary-trees of depth 18, ten million arrays) and minutes here:
        // a debug build only instantiates it (`swift test -c release` runs it).
        if text.split(separator: "\n", maxSplits: 2).dropFirst().first?.hasPrefix(";; heavy") == true {
            print("bench \(name): instantiated; run() skipped in a debug build (heavy)")
            return
        }
        #endif
        let t0 = Self.seconds()
        let result = try m.call("run")
        let t = Self.seconds() - t0
        print("bench \(name): run() \(String(Int(t * 1e6))) µs")
        switch result.first {
        case .i32(let v)?:
            let w = Int64(want).map { UInt32(truncatingIfNeeded: $0) } ?? UInt64(want).map { UInt32(truncatingIfNeeded: $0) }
            #expect(result.count == 1 && v == w, "\(name): run() returned \(result), expected \(want)")
        case .i64(let v)?:
            let w = Int64(want).map { UInt64(bitPattern: $0) } ?? UInt64(want)
            #expect(result.count == 1 && v == w, "\(name): run() returned \(result), expected \(want)")
        default:
            Issue.record("\(name): run() returned \(result), not one i32 or i64")
        }
    }
}
