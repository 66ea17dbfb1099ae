// wasm-run: run a WebAssembly program with WASI preview 1, as `wasmtime run` does. Thin:
// arguments and printing; the work is in WasmWASI and WasmInterpreter.
import WasmBinary
import WasmCore
import WasmInterpreter
import WasmText
import WasmValidation
import WasmWASI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let version = "wasm-run 0.1.0 (SwiftWAT)"

var usage: String { """
usage: wasm-run [options] PROGRAM.wasm|.wat [ARGS…]

Run a WebAssembly program: a WASI command's _start, with ARGS as its arguments, or with
--invoke, an export called with ARGS as its parameters (its results are printed).
Options come before PROGRAM; everything after it goes to the program.

options:
  --dir HOST[::GUEST]      let the program use directory HOST (named GUEST, default HOST)
  --dir-ro HOST[::GUEST]   the same, read-only: nothing below it may be created or changed
  --env NAME=VALUE         set an environment variable (--env NAME passes the host's value)
  --invoke NAME            call export NAME with ARGS as its parameters, print its results
  --fuel N                 stop with a trap after N units of fuel (one per call and loop iteration)
  --max-memory BYTES       memory all linear memories may occupy (default 4 GiB; K, M, G suffixes)
  --stats                  print on standard error: time, fuel used, memory pages, memory.grow calls
  --argv0 NAME             the program's argv[0] (default: PROGRAM as given)
  --enable-FEATURE / --disable-FEATURE / --enable-all   change the accepted features
  --help, --version

The exit status is the program's (proc_exit); a trap prints its message and the wasm
backtrace and exits with 134, as wasmtime does; 1 when the program cannot be loaded.
""" }

func fail(_ message: String) -> Never {
    FileIO.printError("wasm-run: error: \(message)")
    exit(1)
}

/// `123`, `4K`, `16M`, `2G` (binary units).
func parseBytes(_ s: String) -> UInt64? {
    var digits = Substring(s)
    var scale: UInt64 = 1
    switch digits.last {
    case "K", "k": scale = 1 << 10
    case "M", "m": scale = 1 << 20
    case "G", "g": scale = 1 << 30
    default: break
    }
    if scale != 1 { digits = digits.dropLast() }
    guard let n = UInt64(digits) else { return nil }
    let (r, o) = n.multipliedReportingOverflow(by: scale)
    return o ? nil : r
}

func preopen(_ spec: String, readOnly: Bool) -> WASI.Preopen {
    let parts = spec.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    return WASI.Preopen(hostPath: parts[0], guestPath: parts.count > 1 ? parts[1] : parts[0], readOnly: readOnly)
}

// MARK: Arguments

var program: String?
var programArgs: [String] = []
var preopens: [WASI.Preopen] = []
var environment: [String] = []
var invoke: String?
var fuel: UInt64?
var maxMemory: UInt64?
var stats = false
var argv0: String?
var features = Features.default

var args = CommandLine.arguments.dropFirst()
while program == nil, let arg = args.popFirst() {
    func value() -> String {
        guard let v = args.popFirst() else { fail("\(arg) needs a value; see --help") }
        return v
    }
    switch arg {
    case "--help", "-h":
        FileIO.printOutput(usage)
        exit(0)
    case "--version":
        FileIO.printOutput(version + "\n")
        exit(0)
    case "--dir": preopens.append(preopen(value(), readOnly: false))
    case "--dir-ro": preopens.append(preopen(value(), readOnly: true))
    case "--env":
        let v = value()
        if v.contains("=") {
            environment.append(v)
        } else if let host = getenv(v) {
            environment.append(v + "=" + String(cString: host))
        }
    case "--invoke": invoke = value()
    case "--fuel":
        guard let n = UInt64(value()) else { fail("--fuel needs a number") }
        fuel = n
    case "--max-memory":
        guard let n = parseBytes(value()) else { fail("--max-memory needs a size in bytes (K, M, G suffixes)") }
        maxMemory = n
    case "--stats": stats = true
    case "--argv0": argv0 = value()
    case "--enable-all": features = .all
    case "--":
        guard let p = args.popFirst() else { fail("no program given; see --help") }
        program = p
    default:
        if arg.hasPrefix("--enable-") || arg.hasPrefix("--disable-") {
            let enable = arg.hasPrefix("--enable-")
            let name = String(arg.dropFirst(enable ? 9 : 10))
            guard let f = Feature.allCases.first(where: { $0.flagName == name }) else { fail("unknown feature '\(name)'") }
            if enable { features.insert(f) } else { features.remove(f) }
        } else if arg.hasPrefix("-") && arg != "-" {
            fail("unknown option '\(arg)'; see --help")
        } else {
            program = arg
        }
    }
}
guard let program else {
    FileIO.printError(usage)
    exit(1)
}
programArgs = Array(args)

// MARK: Loading

let loadStart = Clock.now()
let bytes: [UInt8]
switch FileIO.read(program) {
case .success(let b): bytes = b
case .failure(let d): fail(d.message)
}
let module: Module
if bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]) {
    var options = DecodeOptions()
    options.features = features
    do throws(Diagnostic) { module = try BinaryDecoder.decode(bytes, options: options) } catch {
        FileIO.printError(error.rendered(file: program))
        exit(1)
    }
} else {
    let source = SourceFile(name: program, bytes: bytes)
    do throws(Diagnostics) { module = try WatParser.parse(source, options: TextOptions(features: features)).module } catch {
        for d in error.items.prefix(20) { FileIO.printError(d.rendered(file: program, source: source)) }
        exit(1)
    }
}
let validated: ValidatedModule
do throws(Diagnostic) { validated = try Validator.validate(module, features: features) } catch {
    FileIO.printError(error.rendered(file: program))
    exit(1)
}

var configuration = Store.Configuration()
if let m = maxMemory { configuration.maxMemoryBytes = m }
// --stats counts fuel (calls and loop iterations) with a budget nothing reaches.
if let f = fuel { configuration.fuel = f } else if stats { configuration.fuel = UInt64(Int64.max) }
let store = Store(configuration: configuration)

let wasi: WASI
do throws(Diagnostic) {
    wasi = try WASI(configuration: WASI.Configuration(
        arguments: [argv0 ?? program] + (invoke == nil ? programArgs : []),
        environment: environment, preopens: preopens))
} catch {
    fail(error.message)
}

// MARK: Running

/// Prints a trap the way wasmtime does: the message, then the wasm frames.
func report(_ error: Diagnostic, _ backtrace: Backtrace) {
    var text = "wasm-run: error: "
    switch error.phase {
    case .trap, .exhaustion: text += "wasm trap: \(error.message)"
    default: text += error.rendered(file: program)
    }
    if !backtrace.frames.isEmpty { text += "\nwasm backtrace:\n" + backtrace.rendered }
    FileIO.printError(text)
}

let runStart = Clock.now()
var pagesAtStart: UInt64 = 0
var exitCode: Int32 = 0

if let name = invoke {
    wasi.define(in: store)
    do throws(Diagnostic) {
        let instance = try store.instantiate(validated)
        pagesAtStart = store.memoryBytes / 65_536
        try wasi.initialize(instance)
        guard case .function(let f)? = instance.export(name), let type = store.type(of: f) else {
            fail("the module exports no function \"\(name)\"")
        }
        guard type.params.count == programArgs.count else {
            fail("\"\(name)\" takes \(type.params.count) arguments, \(programArgs.count) given")
        }
        var values: [Value] = []
        for (text, t) in zip(programArgs, type.params) {
            guard let v = InvokeValues.parse(text, as: t) else { fail("cannot read '\(text)' as \(t)") }
            values.append(v)
        }
        for r in try store.invoke(f, values) { FileIO.printOutput(InvokeValues.format(r) + "\n") }
    } catch {
        if error.phase == .exit {
            exitCode = error.exitCode ?? 0
        } else {
            report(error, store.lastBacktrace)
            exitCode = error.phase == .link ? 1 : WASI.trapExitCode
        }
    }
} else {
    let outcome = wasi.run(validated, in: store)
    if let e = outcome.error { report(e, outcome.backtrace) }
    exitCode = outcome.exitCode
}

if stats {
    let end = Clock.now()
    let m = store.memoryStatistics
    var lines = ["wasm-run --stats: \(program)"]
    lines.append("  load+validate   \(Clock.milliseconds(runStart - loadStart)) ms")
    lines.append("  run             \(Clock.milliseconds(end - runStart)) ms (instantiation included)")
    if let f = configuration.fuel {
        lines.append("  fuel used       \(f &- store.fuel) (calls and loop iterations)")
    }
    let endPages = store.memoryBytes / 65_536
    if invoke == nil { pagesAtStart = endPages &- m.pagesGrown }
    lines.append("  memory pages    \(pagesAtStart) at start, \(endPages) at end (\(Stats.bytes(store.memoryBytes)) peak linear memory)")
    let sizes = m.growSizes.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }.joined(separator: " ")
    lines.append("  memory.grow     \(m.growCalls) calls, \(m.pagesGrown) pages grown, \(m.failedGrows) failed\(sizes.isEmpty ? "" : "; sizes (count×pages): " + sizes)")
    lines.append("  host peak RSS   \(Stats.bytes(Stats.peakResidentBytes()))")
    lines.append("  exit status     \(exitCode)")
    FileIO.printError(lines.joined(separator: "\n"))
}
exit(exitCode)
