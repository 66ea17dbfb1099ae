import Foundation
import Testing

/// The `wasm-run` executable the build made, as a user runs it (skipped when absent).
@Suite struct WasmRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let tool: String? = [root + "/.build/debug/wasm-run", root + "/.build/release/wasm-run"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs wasm-run with `args` in a temporary directory holding `files`.
    static func run(_ args: [String], files: [String: String] = [:], stdin: String = "") throws -> Result? {
        guard let tool else {
            print("skipped: no wasm-run binary under .build (swift build --product wasm-run)")
            return nil
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, text) in files { try dir.write(name, text) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A command that echoes its argv (from 1 on) and environment, then exits with 3.
    static let echo = """
    (module
      (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func $print (param $p i32) (param $n i32)
        (i32.store (i32.const 0) (local.get $p)) (i32.store (i32.const 4) (local.get $n))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
      (func (export "_start")
        ;; argv strings from argv[1] on, NULs included: from argv[1]'s pointer to the end
        (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
        (drop (call $args_get (i32.const 100) (i32.const 1000)))
        (call $print (i32.load (i32.const 104))
          (i32.sub (i32.add (i32.const 1000) (i32.load (i32.const 20))) (i32.load (i32.const 104))))
        (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
        (drop (call $environ_get (i32.const 100) (i32.const 2000)))
        (call $print (i32.const 2000) (i32.load (i32.const 20)))
        (call $exit (i32.const 3))))
    """

    @Test func runsACommandWithArgumentsAndEnvironment() throws {
        guard let r = try Self.run(["--env", "K=v", "echo.wat", "a", "-b", "--dir", "x"], files: ["echo.wat": Self.echo]) else { return }
        #expect(r.status == 3)
        #expect(r.stdout == "a\u{0}-b\u{0}--dir\u{0}x\u{0}K=v\u{0}")
        #expect(r.stderr == "")
    }

    @Test func invokesAnExport() throws {
        let lib = "(module (func (export \"add\") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))))"
        guard let r = try Self.run(["--invoke", "add", "lib.wat", "-2", "44"], files: ["lib.wat": lib]) else { return }
        #expect(r.status == 0)
        #expect(r.stdout == "42\n")
        guard let bad = try Self.run(["--invoke", "nope", "lib.wat"], files: ["lib.wat": lib]) else { return }
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("exports no function \"nope\""))
    }

    @Test func aTrapPrintsItsBacktrace() throws {
        let wat = """
            (module (func $leaf (unreachable)) (func $middle (call $leaf)) (func (export "_start") (call $middle)))
            """
        guard let r = try Self.run(["trap.wat"], files: ["trap.wat": wat]) else { return }
        #expect(r.status == 134)
        #expect(r.stderr == "wasm-run: error: wasm trap: unreachable\nwasm backtrace:\n  0: leaf\n  1: middle\n  2: func[2]\n")
    }

    @Test func limitsAndStatistics() throws {
        let loop = "(module (memory 1) (func (export \"_start\") (drop (memory.grow (i32.const 3))) (loop $l (br $l))))"
        guard let r = try Self.run(["--fuel", "1000", "--stats", "loop.wat"], files: ["loop.wat": loop]) else { return }
        #expect(r.status == 134)
        #expect(r.stderr.contains("wasm trap: out of fuel"))
        #expect(r.stderr.contains("fuel used       1000"))
        #expect(r.stderr.contains("memory pages    1 at start, 4 at end"))
        #expect(r.stderr.contains("memory.grow     1 calls, 3 pages grown, 0 failed; sizes (count×pages): 1×3"))
        let grow = "(module (memory 1) (func (export \"_start\") (if (i32.ne (memory.grow (i32.const 20)) (i32.const -1)) (then unreachable))))"
        guard let g = try Self.run(["--max-memory", "1M", "grow.wat"], files: ["grow.wat": grow]) else { return }
        #expect(g.status == 0)
    }

    @Test func badUseIsExplained() throws {
        guard let missing = try Self.run(["--dir", "/no/such/directory", "x.wat"], files: ["x.wat": "(module (func (export \"_start\")))"]) else { return }
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot open directory /no/such/directory"))
        guard let invalid = try Self.run(["bad.wat"], files: ["bad.wat": "(module (func (result i32)))"]) else { return }
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("bad.wat"))
        guard let help = try Self.run(["--help"]) else { return }
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("usage: wasm-run"))
        guard let unknown = try Self.run(["--frobnicate"]) else { return }
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown option '--frobnicate'"))
    }
}
