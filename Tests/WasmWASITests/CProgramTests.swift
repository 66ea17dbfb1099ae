import Foundation
import Testing
import WasmCore
import WasmTesting

/// The C programs of examples/c, built with clang against wasi-libc when the sysroot is
/// installed (`apt-get install wasi-libc libclang-rt-dev-wasm32`; `.ci/run` does), run
/// in-process, with the standard output, error and exit status wasmtime gives them
/// (examples/c/expected, written by `scripts/diff_wasi.py --write-expected`).
@Suite(.serialized) struct CProgramTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let examples = root + "/examples/c"

    /// The programs and how to run them (examples/c/programs.json).
    nonisolated(unsafe) static let programs: [String: [String: Any]] = {
        guard let data = FileManager.default.contents(atPath: examples + "/programs.json"),
              let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return doc.filter { !$0.key.hasPrefix("_") }.compactMapValues { $0 as? [String: Any] }
    }()

    /// Builds every program once, at -O2, into a temporary directory: its path, or why not.
    static let built: Result<String, BuildSkipped> = {
        let out = NSTemporaryDirectory() + "swiftwat-c-\(getpid())"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: examples + "/build.sh")
        p.arguments = [out, "-O2"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return .failure(BuildSkipped(why: "cannot run build.sh: \(error)")) }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if p.terminationStatus == 2 { return .failure(BuildSkipped(why: message)) }
        if p.terminationStatus != 0 { return .failure(BuildSkipped(why: "build failed: " + message, failed: true)) }
        return .success(out)
    }()

    struct BuildSkipped: Error {
        var why: String
        var failed = false
    }

    static var sysrootPresent: Bool {
        FileManager.default.fileExists(atPath: "/usr/include/wasm32-wasi/stdio.h")
            || ProcessInfo.processInfo.environment["WASI_INCLUDE"] != nil
    }

    @Test func sysrootIsReported() {
        if !Self.sysrootPresent {
            print("note: CProgramTests skipped: no wasm32-wasi sysroot (apt-get install wasi-libc libclang-rt-dev-wasm32)")
        }
    }

    @Test(.enabled(if: sysrootPresent, "needs the wasm32-wasi sysroot: apt-get install wasi-libc libclang-rt-dev-wasm32"),
          arguments: programs.keys.sorted())
    func runsLikeWasmtime(_ name: String) throws {
        let dir: String
        switch Self.built {
        case .success(let d): dir = d
        case .failure(let skipped):
            if skipped.failed { Issue.record(Comment(rawValue: skipped.why)) } else { print("note: \(skipped.why)") }
            return
        }
        let spec = Self.programs[name] ?? [:]
        let binary = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/\(name).wasm")))
        let work = try TemporaryDirectory()
        defer { work.remove() }
        var preopens: [WASIPreopen] = []
        switch spec["layout"] as? String {
        case "out":
            try work.mkdir("out")
            preopens.append(WASIPreopen(hostPath: work.path + "/out", guestPath: "out"))
        case "sandbox":
            try work.write("secret.txt", "top secret\n")
            try work.mkdir("sandbox/sub")
            try work.write("sandbox/inside.txt", "inside the sandbox\n")
            for (link, target) in [("host_escape", "../secret.txt"), ("host_abs", "/etc/passwd"), ("sub/up", "../../secret.txt"),
                                   ("sublink", "sub"), ("inlink", "inside.txt"), ("loop1", "loop2"), ("loop2", "loop1")] {
                try work.symlink("sandbox/" + link, to: target)
            }
            preopens.append(WASIPreopen(hostPath: work.path + "/sandbox", guestPath: "sandbox"))
        default: break
        }
        var stdin: [UInt8] = []
        if let file = spec["stdin"] as? String { stdin = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.examples + "/" + file))) }
        let run = try Wasm.runWASI(binary: binary, arguments: spec["args"] as? [String] ?? [],
                                   environment: spec["env"] as? [String: String] ?? [:], stdin: stdin,
                                   preopens: preopens, programName: dir + "/\(name).wasm")
        func expected(_ ext: String) -> String? {
            try? String(contentsOfFile: Self.examples + "/expected/\(name).\(ext)", encoding: .utf8)
        }
        #expect(run.output == expected("stdout"))
        #expect(Int32(expected("exit")?.split(separator: "\n").first ?? "0") == run.exitCode)
        if spec["stderr"] as? String == "trap" {
            #expect(run.trap == "unreachable")
            #expect(run.backtrace.prefix(2) == ["checked_divide", "average"])
        } else {
            #expect(run.errorOutput == (expected("stderr") ?? ""))
        }
        if name == "sandbox" {
            #expect(work.contents("secret.txt") == "top secret\n")
            #expect(work.tree().filter { !$0.hasPrefix("sandbox") } == ["secret.txt"])
        }
        if name == "files" {
            #expect(work.contents("out/summary.txt") == "lines=101 sum=338350\n")
        }
    }
}
