// wasm-validate: decode and validate binary modules, reporting the first error of each with its
// byte offset. Thin: the work is in WasmBinary and WasmValidation.
import WasmBinary
import WasmCore
import WasmValidation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
usage: wasm-validate [options] FILE.wasm…

Decode and validate each binary module; print nothing for a valid one.

options:
  --enable-FEATURE / --disable-FEATURE / --enable-all   change the accepted features
  -v, --verbose   print "FILE: valid" for each valid module
  --threads=N     decode and validate the function bodies on N threads (default: by size,
                  a thread per 64 KiB of code up to the cores); the result is the same
  --help          print this help

\(Features.helpText())
"""

var files: [String] = []
var features = Features.default
var verbose = false
var threads = 0
for arg in CommandLine.arguments.dropFirst() {
    switch arg {
    case "--help", "-h":
        FileIO.printOutput(usage + "\n")
        exit(0)
    case "-v", "--verbose": verbose = true
    case _ where arg.hasPrefix("--threads="):
        guard let n = Int(arg.dropFirst("--threads=".count)), n >= 0, n <= 256 else {
            FileIO.printError("wasm-validate: --threads takes a number from 0 to 256")
            exit(1)
        }
        threads = n
    default:
        switch features.apply(flag: arg) {
        case .applied: continue
        case .unknown(let message):
            FileIO.printError("wasm-validate: \(message)")
            exit(1)
        case .notAFlag: break
        }
        if arg.hasPrefix("-") && arg != "-" {
            FileIO.printError("wasm-validate: unknown option '\(arg)'; see --help")
            exit(1)
        } else {
            files.append(arg)
        }
    }
}
if files.isEmpty {
    FileIO.printError(usage)
    exit(1)
}

var failed = false
for file in files {
    let bytes: [UInt8]
    switch FileIO.read(file) {
    case .success(let b): bytes = b
    case .failure(let d):
        FileIO.printError("wasm-validate: \(d.message)")
        failed = true
        continue
    }
    do {
        var options = DecodeOptions()
        options.features = features
        options.threads = threads
        let module = try BinaryDecoder.decode(bytes, options: options)
        _ = try Validator.validate(module, features: features, limits: ValidationLimits(), threads: threads)
        if verbose { FileIO.printOutput("\(file): valid\n") }
    } catch {
        FileIO.printError(error.rendered(file: file))
        failed = true
    }
}
exit(failed ? 1 : 0)
