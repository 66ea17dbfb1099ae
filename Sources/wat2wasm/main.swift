// wat2wasm: assemble WebAssembly text into a binary module, with wabt's conventions.
// Thin: arguments and printing only; the work is in WasmText, WasmValidation and WasmBinary.
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

// Computed: top-level `let`s of main.swift run eagerly, and joining the feature names cost
// ~5 % of an empty module's start-up.
var usage: String { """
usage: wat2wasm [options] FILE.wat

Assemble a WebAssembly text module into binary. FILE may be - for standard input.

options:
  -o FILE               write the binary to FILE (- for standard output); default FILE.wasm,
                        or standard output when reading standard input
  --debug-names         write the name section (function, local, label, type, field, tag … names)
  --no-check            do not validate the module
  --strict              accept only the spec's grammar: legacy spellings such as get_local are errors
  --enable-FEATURE      accept a feature (see below); --enable-all accepts every one
  --disable-FEATURE     refuse a feature
  -v, --verbose         list the sections written and their sizes
  --help                print this help
  --version             print the version

\(Features.helpText())
""" }

func fail(_ message: String) -> Never {
    FileIO.printError("wat2wasm: \(message)")
    exit(1)
}

var input: String?
var output: String?
var options = TextOptions()
var encodeOptions = EncodeOptions()
var check = true
var verbose = false
var features = Features.default

var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--help", "-h":
        FileIO.printOutput(usage + "\n")
        exit(0)
    case "--version":
        FileIO.printOutput("wat2wasm (SwiftWAT) \(version)\n")
        exit(0)
    case "-o", "--output":
        guard let o = args.popFirst() else { fail("-o needs a file name") }
        output = o
    case "--debug-names": encodeOptions.debugNames = true
    case "--no-check": check = false
    case "--strict": options.strict = true
    case "-v", "--verbose": verbose = true
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
options.features = features

guard let input else {
    FileIO.printError(usage)
    exit(1)
}

var displayName = input == "-" ? "<stdin>" : input
let bytes: [UInt8]
switch FileIO.read(input) {
case .success(let b): bytes = b
case .failure(let d): fail(d.message)
}

var source = SourceFile(name: displayName, bytes: bytes)
// `(module quote …)`: the quoted text is the source; errors point into it.
do {
    if let quoted = try WatParser.quotedText(source, options: options) {
        displayName += " (quoted text)"
        source = SourceFile(name: displayName, bytes: quoted.bytes)
    }
} catch {
    for d in error.items { FileIO.printError(d.rendered(file: displayName, source: source)) }
    exit(1)
}
let parsedSource: ModuleSource
let warnings: [Diagnostic]
do {
    (parsedSource, warnings) = try WatParser.parseFile(source, options: options)
} catch {
    for d in error.items { FileIO.printError(d.rendered(file: displayName, source: source)) }
    exit(1)
}
for w in warnings {
    let (line, col) = source.lineColumn(of: w.location.textOffset ?? 0)
    FileIO.printError("\(displayName):\(line):\(col): warning: \(w.message)")
}

let wasm: [UInt8]
switch parsedSource {
case .text(let module):
    if check {
        do {
            _ = try Validator.validate(module, features: features)
        } catch {
            FileIO.printError(error.rendered(file: displayName, source: source))
            exit(1)
        }
    }
    wasm = BinaryEncoder.encode(module, options: encodeOptions)
case .quote:
    fail("a quoted module must hold text")
case .binary(let b):
    // `(module binary …)`: the bytes are the module, written as given once they decode.
    var decodeOptions = DecodeOptions()
    decodeOptions.features = features
    do {
        let module = try BinaryDecoder.decode(b, options: decodeOptions)
        if check { _ = try Validator.validate(module, features: features) }
    } catch {
        FileIO.printError(error.rendered(file: displayName))
        exit(1)
    }
    wasm = b
}

let outputPath: String
if let output {
    outputPath = output
} else if input == "-" {
    outputPath = "-"
} else if input.hasSuffix(".wat") || input.hasSuffix(".wast") {
    outputPath = String(input[..<(input.lastIndex(of: ".") ?? input.endIndex)]) + ".wasm"
} else {
    outputPath = input + ".wasm"
}
if let d = FileIO.write(wasm, to: outputPath) { fail(d.message) }

if verbose {
    var report = ""
    if let sections = try? BinaryDecoder.sections(wasm) {
        for s in sections {
            report += "section \(s.name) (\(s.id)): offset 0x\(String(s.offset, radix: 16)), \(s.size) bytes\n"
        }
    }
    report += "wrote \(wasm.count) bytes to \(outputPath == "-" ? "<stdout>" : outputPath)\n"
    FileIO.printError(report)
}
exit(0)
