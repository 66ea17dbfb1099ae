import Testing
import WasmCore
import WasmInterpreter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmark programs of ../shared/bench (or $WASM_BENCH/programs): each `run()` must return
/// the value listed in the bench README. Prints the time of `run()` alone; that figure only means
/// something in a release build (see the benchmark executable), here it is a smoke check.
@Suite struct BenchProgramTests {
    static let expected: [(String, Value)] = [
        ("empty", .i32(UInt32(0))), ("fib", .i32(UInt32(3328160))), ("sieve", .i32(UInt32(283146))),
        ("matmul", .i64(UInt64(2000))), ("i64mix", .i64(UInt64(12154365677037838278))),
        ("alloc-stress", .i32(UInt32(763525656))), ("memops", .i32(UInt32(2438365472))),
        ("callind", .i32(UInt32(4278166687))),
    ]

    static func directory() -> String? {
        var candidates: [String] = []
        if let env = getenv("WASM_BENCH") { candidates.append(String(cString: env) + "/programs/") }
        // #filePath is …/Tests/WasmInterpreterTests/BenchProgramTests.swift; the package root is two up.
        let file = "\(#filePath)"
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 3 { parts.removeLast(3) }
        candidates.append(parts.joined(separator: "/") + "/../shared/bench/programs/")
        return candidates.first { access($0 + "fib.wat", R_OK) == 0 }
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

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test(arguments: expected.map(\.0))
    func programReturnsTheExpectedValue(_ name: String) throws {
        guard let dir = Self.directory(), let text = Self.read(dir + name + ".wat") else {
            print("skipped: bench programs not found (set WASM_BENCH or check out ../shared/bench)")
            return
        }
        let m = try instance(text)
        let t0 = Self.seconds()
        let result = try m.call("run")
        let t = Self.seconds() - t0
        print("bench \(name): run() \(String(Int(t * 1e6))) µs")
        #expect(result == [Self.expected.first { $0.0 == name }?.1 ?? .i32(UInt32(0))])
    }
}
