// swiftwat-bench: SwiftWAT's own figures (see BENCHMARKS.md and scripts/bench_compare.py).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

let options: Options
do throws(OptionError) {
    options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
} catch {
    if case .message(let m) = error { FileIO.printError("swiftwat-bench: \(m)\n\(usage)") }
    exit(2)
}
if options.showHelp {
    FileIO.printOutput(usage + "\n")
    exit(0)
}

#if DEBUG
let buildMode = "debug"
if !options.json {
    FileIO.printError("swiftwat-bench: this is a debug build; figures mean little (swift run -c release swiftwat-bench)")
}
#else
let buildMode = "release"
#endif

let loadAtStart = Measure.loadAverage()
if !options.json, let load = loadAtStart, load > 1.5 {
    FileIO.printError("swiftwat-bench: load average \(Format.fixed(load, 1)) on this machine: wall times are inflated; compare the cpu figures")
}

var rows: [Row] = []
for section in Section.allCases where options.sections.contains(section) {
    if !options.json { FileIO.printOutput(sectionTitles[section, default: section.rawValue] + "\n") }
    let sectionRows: [Row]
    switch section {
    case .assembler: sectionRows = AssemblerBench.run(options)
    case .interpreter: sectionRows = InterpreterBench.run(options)
    case .runner: sectionRows = ProcessBench.runner(options)
    case .startup: sectionRows = ProcessBench.startup(options)
    }
    if !options.json { for r in sectionRows { FileIO.printOutput(r.textLine + "\n") } }
    rows += sectionRows
}

let failed = rows.filter { if case .failed = $0.status { return true }; return false }
if options.json {
    let doc = JSON.object([
        ("tool", .string("swiftwat-bench")),
        ("build", .string(buildMode)),
        ("cores", .int(Int64(sysconf(Int32(_SC_NPROCESSORS_ONLN))))),
        ("load_average", loadAtStart.map { .number($0) } ?? .null),
        ("stages", .object(Pipeline.stages.map { ($0.0, .bool($0.1)) })),
        ("results", .array(rows.map(\.json))),
    ])
    FileIO.printOutput(doc.rendered() + "\n")
} else if !failed.isEmpty {
    FileIO.printOutput("\(failed.count) benchmark(s) failed: \(failed.map(\.name).joined(separator: ", "))\n")
}
exit(failed.isEmpty ? 0 : 1)
