// Whole-process benchmarks: wastrun over the official suite, and the start-up of wat2wasm and
// wastrun on an empty module. They spawn the release binaries next to this one.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

enum ProcessBench {
    static func tool(_ name: String, _ options: Options) -> String? {
        var dirs: [String] = []
        if let d = options.toolDir { dirs.append(d) } else if let d = Files.executableDirectory() { dirs.append(d) }
        if options.toolDir != nil { return Spawn.find(name, in: dirs).flatMap { $0.hasPrefix(dirs[0]) ? $0 : nil } }
        return dirs.first.flatMap { access($0 + "/" + name, X_OK) == 0 ? $0 + "/" + name : nil }
    }

    static func missing(_ name: String) -> Status {
        .unavailable("no \(name) binary next to swiftwat-bench: swift build -c release --product \(name) (or --tool-dir)")
    }

    static func temporaryDirectory() -> String {
        if let t = getenv("TMPDIR") { return String(cString: t) }
        return "/tmp"
    }

    /// The last non-empty line of a file (the runner's totals).
    static func lastLine(_ path: String) -> String {
        guard case .success(let bytes) = FileIO.read(path) else { return "" }
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        return lines.last { !$0.allSatisfy { $0 == " " || $0 == "\r" } } ?? ""
    }

    // MARK: runner

    static func runner(_ options: Options) -> [Row] {
        var row = Row(section: .runner, name: "wastrun (whole suite)")
        guard options.selected(row.name) || options.selected("wastrun") else { return [] }
        let suite = options.resolvedTestsuite
        let scripts = Files.walk(suite, suffix: ".wast")
        guard !scripts.isEmpty else {
            row.status = .unavailable("no .wast under \(suite) (set WASM_TESTSUITE or --testsuite)")
            return [row]
        }
        guard let wastrun = tool("wastrun", options) else {
            row.status = missing("wastrun")
            return [row]
        }
        let log = temporaryDirectory() + "/swiftwat-bench-runner-\(getpid()).log"
        defer { unlink(log) }
        var times: [Double] = []
        var last: ProcessResult?
        for _ in 0..<options.runs(default: 3) {
            guard let r = Spawn.run(wastrun, ["-q"] + scripts, outputPath: log) else {
                row.status = .unavailable("cannot spawn \(wastrun)")
                return [row]
            }
            if let s = r.signal {
                row.status = .failed("wastrun killed by signal \(s)")
                return [row]
            }
            times.append(r.seconds)
            last = r
        }
        let summary = lastLine(log)
        row.seconds = Stats(times)
        row.detail = "\(scripts.count) scripts, exit \(last?.exitStatus ?? -1): \(summary)"
        row.fields = [("scripts", .int(Int64(scripts.count))),
                      ("exit_status", .int(Int64(last?.exitStatus ?? -1))), ("summary", .string(summary))]
        return [row]
    }

    // MARK: start-up

    static func startup(_ options: Options) -> [Row] {
        let tmp = temporaryDirectory()
        let pid = getpid()
        let wat = tmp + "/swiftwat-bench-empty-\(pid).wat"
        let wast = tmp + "/swiftwat-bench-empty-\(pid).wast"
        let wasm = tmp + "/swiftwat-bench-empty-\(pid).wasm"
        _ = Files.write("(module)\n", to: wat)
        _ = Files.write("(module)\n", to: wast)
        defer { unlink(wat); unlink(wast); unlink(wasm) }
        var rows: [Row] = []
        for (name, args) in [("wat2wasm", [wat, "-o", wasm]), ("wastrun", [wast])] where options.selected(name) {
            var row = Row(section: .startup, name: name)
            guard let path = tool(name, options) else {
                row.status = missing(name)
                rows.append(row)
                continue
            }
            var times: [Double] = [], rss: [Double] = []
            var failure: ProcessResult?
            let scratch = tmp + "/swiftwat-bench-rss-\(pid).txt"
            for _ in 0..<options.runs(default: 20) {
                guard let r = Spawn.run(path, args) else { failure = nil; break }
                if !r.succeeded { failure = r; break }
                times.append(r.seconds)
                if let kib = Spawn.peakRSS(path, args, scratch: scratch) { rss.append(Double(kib)) }
            }
            if let f = failure {
                row.status = .failed("\(name) on an empty module: " + (f.signal.map { "signal \($0)" } ?? "exit \(f.exitStatus)"))
            } else if times.isEmpty {
                row.status = .unavailable("cannot spawn \(path)")
            } else {
                let peak: Int? = rss.isEmpty ? nil : Int(Stats(rss).median)
                row.seconds = Stats(times)
                row.detail = "peak RSS " + (peak.map { Format.mib($0) } ?? "n/a (needs \(Spawn.timeTool))")
                row.fields = [("peak_rss_kib", peak.map { .int(Int64($0)) } ?? .null)]
            }
            rows.append(row)
        }
        return rows
    }
}
