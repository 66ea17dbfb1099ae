// Command-line options of wastrun.
import WasmCore
import WasmScript

struct Options {
    var files: [String] = []
    var jobs = Parallel.processorCount
    var jsonPath: String?
    var junitPath: String?
    var quiet = false
    var verbose = false
    var failFast = false
    var script = ScriptOptions()
    var engine = InterpreterEngine.Configuration()
    var dumpDirectory: String?
    var shard: Shard?
    var dumpText = false
    var showHelp = false
    var showVersion = false
}

let usage = """
usage: wastrun [options] FILE|DIR...

Runs WebAssembly spec test scripts (.wast; a directory means the .wast files under it)
and reports every failed command.

options:
  -j N                  run N files in parallel (default: the number of cores)
  --json FILE           write a JSON report to FILE
  --junit FILE          write a JUnit XML report to FILE
  -q, --quiet           print only the final totals (and failures)
  -v, --verbose         print each command as it runs
  --fail-fast           stop at the first failure
  --shard I/N           run only the I-th of N slices of the files (1 <= I <= N), for a CI
                        matrix: the N shards' totals add up to the whole run's
  --enable-FEATURE      enable a feature (e.g. --enable-threads)
  --disable-FEATURE     disable a feature (e.g. --disable-simd)
  --strict              parse every module with the spec's strict grammar (no legacy names)
  --fuel N              limit each action to N units of fuel (calls and loop iterations)
  --max-memory BYTES    limit the linear memory a script may allocate
  --max-call-depth N    nest at most N wasm calls (default 20000) before `call stack exhausted`
  --max-gc-heap BYTES   limit the GC heap's objects (default 4 GiB); beyond it allocation
                        traps with `out of GC heap memory` (an exhaustion)
  --gc-trigger BYTES    collect after every BYTES of allocation at least (default 4 MiB;
                        0 collects at every allocation, to stress the collector)
  --dump-modules DIR    write every module as DIR/<file>.<N>.wasm (like wast2json)
  --text                with --dump-modules, also print each module as DIR/<file>.<N>.wat
  --roundtrip           encode, decode and re-encode every module and compare
  --check-text-messages also require the expected message of assert_malformed (module quote)
  --help                show this help
  --version             show the version

\(Features.helpText())

exit status: 0 when every command passed, 1 when one failed, 2 on a usage error or when a
report or dump file could not be written
"""

enum OptionError: Error {
    case message(String)
}

func parseOptions(_ rawArgs: [String]) throws(OptionError) -> Options {
    var o = Options()
    // `--json=FILE` is `--json FILE`.
    var args: [String] = []
    for a in rawArgs {
        if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
            args.append(String(a[..<eq]))
            args.append(String(a[a.index(after: eq)...]))
        } else {
            args.append(a)
        }
    }
    var k = 0
    func value(_ flag: String) throws(OptionError) -> String {
        k += 1
        guard k < args.count else { throw .message("option \(flag) needs a value") }
        return args[k]
    }
    func number(_ flag: String) throws(OptionError) -> UInt64 {
        let v = try value(flag)
        guard let n = UInt64(v.replacingUnderscores()) else { throw .message("option \(flag): not a number: \(v)") }
        return n
    }
    var onlyFiles = false
    while k < args.count {
        let a = args[k]
        if onlyFiles || !a.hasPrefix("-") || a == "-" {
            o.files.append(a)
            k += 1
            continue
        }
        switch a {
        case "--": onlyFiles = true
        case "-j", "--jobs":
            let n = try number(a)
            guard n >= 1, n <= 1024 else { throw .message("option -j: expected 1…1024") }
            o.jobs = Int(n)
        case "--json": o.jsonPath = try value(a)
        case "--junit": o.junitPath = try value(a)
        case "-q", "--quiet": o.quiet = true
        case "-v", "--verbose": o.verbose = true
        case "--fail-fast": o.failFast = true
        case "--strict": o.script.strict = true
        case "--roundtrip": o.script.roundtrip = true
        case "--check-text-messages": o.script.checkQuoteMessages = true
        case "--fuel": o.engine.fuel = try number(a)
        case "--max-memory": o.engine.maxMemoryBytes = try number(a)
        case "--max-call-depth":
            let n = try number(a)
            // Each level reserves a 24-byte frame record up front.
            guard n >= 1, n <= 10_000_000 else { throw .message("option --max-call-depth: expected 1…10000000") }
            o.engine.maxCallDepth = Int(n)
        case "--max-gc-heap": o.engine.maxGCHeapBytes = try number(a)
        case "--gc-trigger": o.engine.gcTriggerBytes = Int(clamping: try number(a))
        case "--dump-modules": o.dumpDirectory = try value(a)
        case "--shard":
            let v = try value(a)
            guard let shard = Shard(parsing: v) else { throw .message("option --shard: expected I/N with 1 <= I <= N, not \(v)") }
            o.shard = shard
        case "--text": o.dumpText = true
        case "-h", "--help": o.showHelp = true
        case "--version": o.showVersion = true
        default:
            if a.hasPrefix("-j"), let n = Int(a.dropFirst(2)), n >= 1, n <= 1024 {
                o.jobs = n
            } else if a == "--disable-all" {
                o.script.features = Features(.mvp)
            } else if case let r = o.script.features.apply(flag: a), r != .notAFlag {
                if case .unknown(let message) = r { throw .message(message) }
            } else {
                throw .message("unknown option \(a)")
            }
        }
        k += 1
    }
    o.script.failFast = o.failFast
    return o
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
