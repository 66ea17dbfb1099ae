// Command-line options of swiftwat-bench.
import WasmCore
import WasmScript

struct Options {
    var repeatCount: Int?
    var only: [String] = []
    var json = false
    var benchDir: String?
    var testsuite: String?
    var toolDir: String?
    var sections: Set<Section> = Set(Section.allCases)
    var extraWat: [String] = []
    var showHelp = false
}

enum Section: String, CaseIterable, Hashable {
    case assembler, interpreter, runner, startup
}

let usage = """
usage: swiftwat-bench [options] [FILE.wat ...]

Measures SwiftWAT in process: the assembler (text -> validated binary) on the bench corpus and on
any FILE.wat given, the interpreter's run() on the bench programs (a wrong result fails), the
wastrun binary over the whole official suite, and the start-up of wat2wasm and wastrun.
Build in release mode: swift run -c release swiftwat-bench

options:
  --repeat N          runs per measurement (default: 5; 3 for the suite runner; 20 for start-up)
  --only SUBSTR       only inputs whose name contains SUBSTR, or a section name
                      (assembler, interpreter, runner, startup); may be repeated
  --section NAME      only this section (may be repeated)
  --json              print the results as JSON on standard output
  --bench-dir DIR     the bench inputs (default: ../shared/bench from the package root)
  --testsuite DIR     the official suite (default: $WASM_TESTSUITE, else ../shared/testsuite)
  --tool-dir DIR      where the wat2wasm and wastrun binaries are (default: next to this binary)
  --help              show this help
"""

enum OptionError: Error { case message(String) }

func parseOptions(_ args: [String]) throws(OptionError) -> Options {
    var o = Options()
    var explicitSections: Set<Section> = []
    var i = 0
    func value(_ flag: String) throws(OptionError) -> String {
        i += 1
        guard i < args.count else { throw .message("\(flag) needs a value") }
        return args[i]
    }
    while i < args.count {
        let a = args[i]
        switch a {
        case "--repeat", "-n":
            let v = try value(a)
            guard let n = Int(v), n > 0, n <= 1_000_000 else { throw .message("--repeat wants a positive count, not \(v)") }
            o.repeatCount = n
        case "--only":
            let v = try value(a)
            if let s = Section(rawValue: v) { explicitSections.insert(s) } else { o.only.append(v) }
        case "--section":
            let v = try value(a)
            guard let s = Section(rawValue: v) else { throw .message("unknown section \(v)") }
            explicitSections.insert(s)
        case "--json": o.json = true
        case "--bench-dir": o.benchDir = try value(a)
        case "--testsuite": o.testsuite = try value(a)
        case "--tool-dir": o.toolDir = try value(a)
        case "--help", "-h": o.showHelp = true
        default:
            if a.hasPrefix("-") { throw .message("unknown option \(a)") }
            o.extraWat.append(a)
        }
        i += 1
    }
    if !explicitSections.isEmpty { o.sections = explicitSections }
    return o
}

extension Options {
    func selected(_ name: String) -> Bool {
        only.isEmpty || only.contains { name.contains($0) }
    }

    func runs(default d: Int) -> Int { repeatCount ?? d }

    var resolvedBenchDir: String { benchDir ?? Options.packageRoot + "/../shared/bench" }

    var resolvedTestsuite: String {
        testsuite ?? OfficialTestSuite.directory(packageRoot: Options.packageRoot) ?? Options.packageRoot + "/../shared/testsuite"
    }

    /// The package root: the working directory when it holds Package.swift (`swift run`), else
    /// the nearest ancestor of this executable that does (`.build/release/swiftwat-bench` run
    /// from anywhere), else the working directory.
    static let packageRoot: String = {
        if FileIO.exists("Package.swift") { return "." }
        guard var dir = Files.executableDirectory() else { return "." }
        while let slash = dir.lastIndex(of: "/"), !dir.isEmpty {
            if FileIO.exists(dir + "/Package.swift") { return dir }
            dir = String(dir[..<slash])
        }
        return "."
    }()
}
