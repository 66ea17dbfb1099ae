// wasm-portability FILE…: how portable is this module, and why. Thin: arguments and printing;
// the analysis lives in WasmPortability.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmPortability

let usage = """
    usage: wasm-portability [--json] FILE...
      Reports what each WebAssembly module (.wasm or .wat) needs from its host: imports by
      host ABI, memory model, features used, entry points, and a one-line verdict.
      --json      print a JSON array of reports instead of text
      -h, --help  print this help
    Exit status: 0 when every file was analysed, 1 when a file is malformed, invalid or unreadable.

    """

var json = false
var files: [String] = []
var onlyFiles = false
for arg in CommandLine.arguments.dropFirst() {
    if onlyFiles || arg == "-" || !arg.hasPrefix("-") {
        files.append(arg)
    } else if arg == "--" {
        onlyFiles = true
    } else if arg == "--json" {
        json = true
    } else if arg == "-h" || arg == "--help" {
        FileIO.printOutput(usage)
        exit(0)
    } else {
        FileIO.printError("wasm-portability: unknown option \(arg)\n" + usage)
        exit(2)
    }
}
if files.isEmpty {
    FileIO.printError(usage)
    exit(2)
}

var reports: [(file: String, report: PortabilityReport)] = []
var failed = false
for file in files {
    switch FileIO.read(file) {
    case .failure(let d):
        FileIO.printError("wasm-portability: " + d.message)
        failed = true
    case .success(let bytes):
        do {
            let report = try Portability.analyze(bytes: bytes, file: file)
            if json {
                reports.append((file, report))
            } else {
                FileIO.printOutput((reports.isEmpty ? "" : "\n") + report.text(file: file))
                reports.append((file, report))
            }
        } catch {
            FileIO.printError(error.rendered())
            failed = true
        }
    }
}
if json { FileIO.printOutput(Portability.json(reports) + "\n") }
exit(failed ? 1 : 0)
