// wastrun: runs .wast scripts. Argument parsing and printing only; the work is WasmScript's.
import WasmCore
import WasmScript
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

let version = "wastrun 0.1.0 (SwiftWAT)"

let options: Options
do throws(OptionError) {
    options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
} catch {
    if case .message(let m) = error { FileIO.printError("wastrun: \(m)\n\(usage)") }
    exit(2)
}
if options.showHelp {
    FileIO.printOutput(usage + "\n")
    exit(0)
}
if options.showVersion {
    FileIO.printOutput(version + "\n")
    exit(0)
}
if options.files.isEmpty {
    FileIO.printError("wastrun: no input files\n\(usage)")
    exit(2)
}
if let dir = options.dumpDirectory { _ = mkdir(dir, 0o755) }

/// Collects reports as files finish and prints them in command-line order.
final class Printer: @unchecked Sendable {
    struct State {
        var reports: [ScriptReport?]
        var printed = 0
        var finished = 0
        var passed = 0
        var failed = 0
        var stop = false
        /// A dump or report file could not be written.
        var writeFailed = false
    }
    private let lock = Lock()
    private var state: State
    let progress: Bool
    let quiet: Bool
    /// Failures were already printed as their commands ran (`-v`).
    let verbose: Bool

    init(count: Int, progress: Bool, quiet: Bool, verbose: Bool) {
        state = State(reports: Array(repeating: nil, count: count))
        self.progress = progress
        self.quiet = quiet
        self.verbose = verbose
    }

    var shouldStop: Bool { lock.withLock { state.stop } }

    /// Reports a file that could not be written; the exit status then says so.
    func writeFailed(_ message: String) {
        lock.withLock {
            state.writeFailed = true
            FileIO.printError("wastrun: \(message)")
        }
    }

    var anyWriteFailed: Bool { lock.withLock { state.writeFailed } }

    func finish(_ index: Int, _ report: ScriptReport, failFast: Bool) {
        lock.withLock {
            state.reports[index] = report
            state.finished += 1
            state.passed += report.passed
            state.failed += report.failed
            if failFast, report.failed > 0 { state.stop = true }
            var text = ""
            while state.printed < state.reports.count, let r = state.reports[state.printed] {
                if !quiet {
                    for c in r.results where !c.warnings.isEmpty {
                        for w in c.renderedWarnings(file: r.file) { text += w + "\n" }
                    }
                }
                for f in r.failures where !verbose || f.line == 0 { text += f.rendered(file: r.file) + "\n" }
                // Files not run after a --fail-fast stop print nothing.
                if !quiet, !(r.stoppedEarly && r.results.isEmpty) { text += r.summary + "\n" }
                state.printed += 1
            }
            if progress { writeStderr("\r\u{1B}[K") }
            if !text.isEmpty { FileIO.printOutput(text) }
            if progress, state.finished < state.reports.count {
                writeStderr("[\(state.finished)/\(state.reports.count)] \(state.passed) passed, \(state.failed) failed")
            }
        }
    }

    func line(_ text: String) {
        lock.withLock { FileIO.printOutput(text + "\n") }
    }

    var reports: [ScriptReport] { lock.withLock { state.reports.compactMap { $0 } } }
}

/// File stems for `--dump-modules`: the base name, prefixed by the folder when two inputs
/// share a base name.
func dumpStems(_ files: [String]) -> [String] {
    func base(_ p: String) -> String {
        let last = p.split(separator: "/").last.map(String.init) ?? p
        return last.hasSuffix(".wast") ? String(last.dropLast(5)) : last
    }
    let bases = files.map(base)
    var counts: [String: Int] = [:]
    for b in bases { counts[b, default: 0] += 1 }
    return zip(files, bases).map { f, b in
        guard counts[b, default: 0] > 1 else { return b }
        let parts = f.split(separator: "/")
        return parts.count >= 2 ? "\(parts[parts.count - 2])-\(b)" : b
    }
}

let allFiles = ScriptFile.expand(options.files)
let files = options.shard.map { $0.select(allFiles) } ?? allFiles
if let shard = options.shard, !options.quiet {
    FileIO.printOutput("shard \(shard.index)/\(shard.count): \(files.count) of \(allFiles.count) files\n")
}
let showProgress = !options.verbose && !options.quiet && files.count > 1 && FileIO.isTerminal(2)
let printer = Printer(count: files.count, progress: showProgress, quiet: options.quiet, verbose: options.verbose)
// Only for --dump-modules (indexed only under it): not worth its start-up otherwise.
let stems = options.dumpDirectory == nil ? [] : dumpStems(files)
let opts = options

Parallel.forEach(count: files.count, threads: opts.jobs) { i in
    let path = files[i]
    if printer.shouldStop {
        printer.finish(i, ScriptReport(file: path, stoppedEarly: true), failFast: false)
        return
    }
    let report: ScriptReport
    switch ScriptFile.parseForRun(path: path, options: opts.script) {
    case .failure(let d):
        report = ScriptReport(file: path, results: [
            CommandResult(index: 0, keyword: "file", line: 0, column: 0, outcome: .failed(Failure(d.message))),
        ])
    case .success(let script):
        if let dir = opts.dumpDirectory {
            for f in ModuleDump.files(of: script, baseName: stems[i], options: opts.script) {
                if let b = f.bytes {
                    if let d = FileIO.write(b, to: dir + "/" + f.name) { printer.writeFailed(d.message) }
                    if opts.dumpText, f.name.hasSuffix(".wasm"), let text = ModuleDump.text(of: b, features: opts.script.features) {
                        let name = dir + "/" + f.name.dropLast(5) + ".wat"
                        if let d = FileIO.write(text, to: name) { printer.writeFailed(d.message) }
                    }
                } else if opts.verbose {
                    printer.line("\(path): not dumped: \(f.name): \(f.reason ?? "")")
                }
            }
        }
        let onResult: ((CommandResult) -> Void)? = opts.verbose ? { r in printer.line(r.rendered(file: path)) } : nil
        report = ScriptFile.run(script, options: opts.script, configuration: opts.engine, onResult: onResult)
    }
    printer.finish(i, report, failFast: opts.failFast)
}

let reports = printer.reports
let passed = reports.reduce(0) { $0 + $1.passed }
let failed = reports.reduce(0) { $0 + $1.failed }
let skipped = reports.reduce(0) { $0 + $1.skipped }
if let p = opts.jsonPath, let d = FileIO.write(Array(ReportFormat.json(reports).utf8), to: p) {
    printer.writeFailed(d.message)
}
if let p = opts.junitPath, let d = FileIO.write(Array(ReportFormat.junit(reports).utf8), to: p) {
    printer.writeFailed(d.message)
}
FileIO.printOutput("\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "") + "\n")
// A report or dump that was asked for and not written must not look like success to CI.
exit(failed > 0 ? 1 : printer.anyWriteFailed ? 2 : 0)

/// Writes to standard error without adding a newline (for the progress line).
func writeStderr(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
