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

var usage: String { """
    usage: wasm-portability [--json] [--disable-FEATURE...] FILE...
      Reports what each WebAssembly module (.wasm or .wat) needs from its host: imports by
      host ABI, memory model, features used, entry points, and a one-line verdict.
      A file is read as binary when it starts with \\0asm or is named *.wasm, else as text;
      - reads standard input.
      --json      print a JSON array of reports instead of text
      --disable-FEATURE, --enable-FEATURE
                  refuse (accept) a feature: every feature is accepted by default, since the
                  report says which ones a module uses
      -h, --help  print this help
    Exit status: 0 when every file was analysed, 1 when a file is malformed, invalid or unreadable.
    features: \(Feature.allCases.filter { $0 != .mvp }.map(\.flagName).joined(separator: ", "))

    """ }

var json = false
var features = Portability.readFeatures
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
    } else if case let r = features.apply(flag: arg), r != .notAFlag {
        if case .unknown(let message) = r {
            FileIO.printError("wasm-portability: \(message)")
            exit(2)
        }
    } else {
        FileIO.printError("wasm-portability: unknown option \(arg)\n" + usage)
        exit(2)
    }
}
if files.isEmpty {
    FileIO.printError(usage)
    exit(2)
}

var results: [(file: String, result: Result<PortabilityReport, PortabilityError>)] = []
var failed = false
for file in files {
    let result: Result<PortabilityReport, PortabilityError>
    switch FileIO.read(file) {
    case .failure(let d):
        result = .failure(PortabilityError(file: file, diagnostics: [d], source: nil))
    case .success(let bytes):
        do {
            result = .success(try Portability.analyze(bytes: bytes, file: file, features: features))
        } catch {
            result = .failure(error)
        }
    }
    if case .failure(let error) = result {
        failed = true
        FileIO.printError(error.rendered())
    } else if case .success(let report) = result, !json {
        FileIO.printOutput((results.isEmpty ? "" : "\n") + report.text(file: file))
    }
    results.append((file, result))
}
// In JSON mode failures are in the array too (and on standard error, for people).
if json { FileIO.printOutput(Portability.json(results) + "\n") }
exit(failed ? 1 : 0)
