// One measured line of the report, and its text and JSON forms.
import WasmCore
enum Status: Equatable {
    case ok
    /// Measured, but wrong (a wrong `run()` result, an input that does not assemble): fails the run.
    case failed(String)
    /// Not measurable in this build or on this machine (a library not landed, a binary missing).
    case unavailable(String)
}

struct Row {
    var section: Section
    var name: String
    var status: Status = .ok
    var seconds: Stats?
    /// CPU time of the same runs (in-process measurements only).
    var cpuSeconds: Stats?
    /// Human-readable extra figures (throughput, memory, result).
    var detail: String = ""
    var fields: [(String, JSON)] = []

    var json: JSON {
        var f: [(String, JSON)] = [("section", .string(section.rawValue)), ("name", .string(name))]
        switch status {
        case .ok: f.append(("status", .string("ok")))
        case .failed(let why): f += [("status", .string("failed")), ("reason", .string(why))]
        case .unavailable(let why): f += [("status", .string("unavailable")), ("reason", .string(why))]
        }
        if let seconds { f.append(("seconds", seconds.json)) }
        if let cpuSeconds { f.append(("cpu_seconds", cpuSeconds.json)) }
        return .object(f + fields)
    }

    var textLine: String {
        let name = Format.pad(self.name, 26)
        switch status {
        case .unavailable(let why): return "  \(name) n/a: \(why)"
        case .failed(let why):
            return "  \(name) FAILED: \(why)" + (detail.isEmpty ? "" : "  (\(detail))")
        case .ok:
            guard let s = seconds else { return "  \(name) \(detail)" }
            return "  \(name) \(Format.pad(Format.seconds(s.median), 10, right: true)) "
                + "\(Format.pad(Format.percent(s.spread), 8)) n=\(s.samples.count)"
                + (cpuSeconds.map { "  cpu \(Format.seconds($0.median))" } ?? "") + "  \(detail)"
        }
    }
}

let sectionTitles: [Section: String] = [
    .assembler: "assembler: text -> validated binary, in process (wall median, ±half the max-min spread, cpu median)",
    .interpreter: "interpreter: run() alone, after instantiation",
    .runner: "runner: wastrun over the whole official suite, whole process",
    .startup: "start-up: whole process on an empty module",
]
