// The interpreter's bench programs: ../shared/bench/programs (the shared inputs) and
// bench/programs (the project's own), each `NAME.wat` exporting `run: [] -> [i32|i64]`.
// A program's expected result is its first line, `;; expected: VALUE` (decimal, signed or
// unsigned); the shared programs, which have no such line, take theirs from the shared README's
// "Expected results:" list. scripts/bench_compare.py and BenchProgramTests read the same two.
import WasmCore

struct BenchProgram {
    var name: String
    var path: String
    /// The expected result as a decimal, as written; nil when none is stated.
    var expected: String?
}

enum BenchPrograms {
    /// Both folders' programs, sorted by name; a name in bench/programs hides the shared one.
    static func all(benchDir: String, packageRoot: String) -> [BenchProgram] {
        let shared = benchDir + "/programs"
        let own = packageRoot + "/bench/programs"
        let readme = readmeExpected(benchDir + "/README.md")
        var byName: [String: BenchProgram] = [:]
        for (dir, isOwn) in [(shared, false), (own, true)] {
            for file in Files.list(dir, suffix: ".wat") {
                let name = String(file.dropLast(4))
                let path = dir + "/" + file
                byName[name] = BenchProgram(name: name, path: path,
                                            expected: firstLineExpected(path) ?? (isOwn ? nil : readme[name]))
            }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// VALUE of a first line `;; expected: VALUE`.
    static func firstLineExpected(_ path: String) -> String? {
        guard case .success(let bytes) = FileIO.read(path) else { return nil }
        let line = String(decoding: bytes.prefix { $0 != 10 }, as: UTF8.self)
        let prefix = ";; expected:"
        guard line.hasPrefix(prefix) else { return nil }
        let value = line.dropFirst(prefix.count).split(separator: " ").first.map(String.init)
        return value.flatMap { Int64($0) != nil || UInt64($0) != nil ? $0 : nil }
    }

    /// "Expected results: empty 0, fib 3328160, matmul 2000 (i64), ..." up to the next item.
    static func readmeExpected(_ path: String) -> [String: String] {
        guard case .success(let bytes) = FileIO.read(path) else { return [:] }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.firstRange(of: "Expected results:") else { return [:] }
        let rest = text[start.upperBound...]
        let end = rest.firstRange(of: "\n- ")?.lowerBound ?? rest.endIndex
        var out: [String: String] = [:]
        for item in rest[..<end].split(separator: ",") {
            let words = item.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "." })
            if words.count >= 2, UInt64(words[1]) != nil { out[String(words[0])] = String(words[1]) }
        }
        return out
    }

    /// Whether `result` (run()'s bits; an i32 zero-extended) is the decimal `expected`.
    static func matches(_ result: RunResult, isI64: Bool, _ expected: String) -> Bool {
        let bits: UInt64
        if let v = Int64(expected) { bits = UInt64(bitPattern: v) } else if let v = UInt64(expected) { bits = v } else { return false }
        return isI64 ? result == bits : result == UInt64(UInt32(truncatingIfNeeded: bits))
    }

    /// The result as a decimal, signed when the expected value is written signed.
    static func decimal(_ result: RunResult, isI64: Bool, signed: Bool) -> String {
        guard signed else { return String(result) }
        return isI64 ? String(Int64(bitPattern: result)) : String(Int32(truncatingIfNeeded: result))
    }
}
