// wasm2wat: print a binary module as WebAssembly text, with wabt's conventions and the layout
// of `wasm-tools print`. Thin: arguments only; the work is in WasmBinary, WasmValidation and
// WasmText's `ModulePrinter`.
import WasmBinary
import WasmCore
import WasmText
import WasmValidation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let version = "0.1.0"

var usage: String { """
usage: wasm2wat [options] FILE.wasm

Print a WebAssembly binary module as text. FILE may be - for standard input.

options:
  -o FILE                       write the text to FILE (default: standard output)
  -f, --fold-exprs, --fold-instructions
                                print instructions folded (s-expressions)
  --no-debug-names              ignore the name section
  --generate-names              give unnamed items names ($f0, $p0, $l1, $t0, $g0, …)
  -p, --print-offsets           prefix each line with the binary offset it came from
  --no-check                    do not validate: print an invalid (but well-formed) module
  --enable-FEATURE              accept a feature (see below); --enable-all accepts every one
  --disable-FEATURE             refuse a feature
  --help                        print this help
  --version                     print the version

\(Features.helpText())
""" }

func fail(_ message: String) -> Never {
    FileIO.printError("wasm2wat: \(message)")
    exit(1)
}

var input: String?
var output: String?
var printOptions = PrintOptions()
var check = true
var features = Features.default

var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--help", "-h":
        FileIO.printOutput(usage + "\n")
        exit(0)
    case "--version":
        FileIO.printOutput("wasm2wat (SwiftWAT) \(version)\n")
        exit(0)
    case "-o", "--output":
        guard let o = args.popFirst() else { fail("-o needs a file name") }
        output = o
    case "-f", "--fold-exprs", "--fold-instructions": printOptions.foldInstructions = true
    case "--no-debug-names": printOptions.debugNames = false
    case "--generate-names": printOptions.generateNames = true
    case "-p", "--print-offsets": printOptions.printOffsets = true
    case "--no-check": check = false
    default:
        switch features.apply(flag: arg) {
        case .applied: continue
        case .unknown(let message): fail(message)
        case .notAFlag: break
        }
        if arg.hasPrefix("-o") && arg.count > 2 {
            output = String(arg.dropFirst(2))
        } else if arg.hasPrefix("-") && arg != "-" {
            fail("unknown option '\(arg)'; see --help")
        } else {
            if input != nil { fail("only one input file is accepted") }
            input = arg
        }
    }
}

guard let input else {
    FileIO.printError(usage)
    exit(1)
}

let displayName = input == "-" ? "<stdin>" : input
let bytes: [UInt8]
switch FileIO.read(input) {
case .success(let b): bytes = b
case .failure(let d): fail(d.message)
}

var decodeOptions = DecodeOptions()
decodeOptions.features = features
decodeOptions.decodeNames = printOptions.debugNames
let module: Module
var layout: BinaryLayout?
do {
    if printOptions.printOffsets {
        let decoded = try BinaryDecoder.decodeWithLayout(bytes, options: decodeOptions)
        module = decoded.module
        layout = decoded.layout
    } else {
        module = try BinaryDecoder.decode(bytes, options: decodeOptions)
    }
} catch {
    FileIO.printError(error.rendered(file: displayName))
    exit(1)
}

if check {
    do {
        _ = try Validator.validate(module, features: features)
    } catch {
        FileIO.printError(error.rendered(file: displayName))
        FileIO.printError("wasm2wat: the module is invalid; --no-check prints it anyway")
        exit(1)
    }
}

let printer = ModulePrinter(module, options: printOptions, layout: layout)
let fd: Int32
if let output, output != "-" {
    fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { fail("cannot open \(output) for writing: \(String(cString: strerror(errno)))") }
} else {
    fd = 1
}
guard printer.write(toDescriptor: fd) else { fail("cannot write \(output ?? "standard output")") }
if fd != 1 { close(fd) }
exit(0)
