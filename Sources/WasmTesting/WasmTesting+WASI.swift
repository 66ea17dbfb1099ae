// Running a WASI program in-process from a test: arguments, environment, standard input and
// preopened directories in; standard output, standard error and the exit status out.
import WasmCore
import WasmValidation
import WasmInterpreter
import WasmWASI

/// How a WASI program run by `Wasm.runWASI` ended.
public struct WASIRun: Sendable {
    /// `proc_exit`'s status, 0 when `_start` returned, 134 after a trap (as `wasmtime run`).
    public var exitCode: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// The trap that ended the run (with its wasm backtrace in `backtrace`), if any.
    public var trap: String?
    /// The trap's wasm frames, innermost first: function names from the name section.
    public var backtrace: [String]

    /// Standard output as UTF-8 text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
}

/// A directory a WASI program may use: `hostPath`, seen by the program as `guestPath`.
public typealias WASIPreopen = WASI.Preopen

extension Wasm {
    /// Runs a WASI command module (binary or text) in-process: its `_start` with `arguments`
    /// as `argv[1…]` (`argv[0]` is `programName`), `environment` as `KEY=VALUE` pairs, `stdin`
    /// as standard input, and only `preopens` of the host file system reachable. Standard
    /// output and error are captured. Throws when the module cannot be loaded or linked; a
    /// trap is a result (`trap`, exit status 134).
    public static func runWASI(binary: [UInt8], arguments: [String] = [], environment: [String: String] = [:],
                               stdin: [UInt8] = [], preopens: [WASIPreopen] = [], programName: String = "program.wasm",
                               fuel: UInt64? = nil, features: Features = .default) throws(WasmError) -> WASIRun {
        let module: Module
        if binary.starts(with: [0x00, 0x61, 0x73, 0x6D]) {
            switch Frontend.decode(binary, features: features) {
            case .success(let m): module = m
            case .failure(let d): throw WasmError([d], file: programName, source: nil)
            }
        } else {
            module = try parse(String(decoding: binary, as: UTF8.self), name: programName, features: features)
        }
        let validated: ValidatedModule
        do throws(Diagnostic) { validated = try Validator.validate(module, features: features) } catch {
            throw WasmError([error], file: programName, source: nil)
        }
        var store = Store.Configuration()
        store.fuel = fuel
        let wasi: WASI
        do throws(Diagnostic) {
            wasi = try WASI(configuration: WASI.Configuration(
                arguments: [programName] + arguments,
                environment: environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                preopens: preopens, stdin: .bytes(stdin), stdout: .capture, stderr: .capture))
        } catch {
            throw WasmError([error], file: programName, source: nil)
        }
        let outcome = wasi.run(validated, in: Store(configuration: store))
        if let e = outcome.error, e.phase == .link || e.phase == .instantiate {
            throw WasmError([e], file: programName, source: nil)
        }
        return WASIRun(exitCode: outcome.exitCode, stdout: wasi.capturedStdout, stderr: wasi.capturedStderr,
                       trap: outcome.error?.message, backtrace: outcome.backtrace.frames.map(\.description))
    }

    /// Runs a WASI command module given as WebAssembly text.
    public static func runWASI(wat: String, arguments: [String] = [], environment: [String: String] = [:],
                               stdin: [UInt8] = [], preopens: [WASIPreopen] = [],
                               fuel: UInt64? = nil, features: Features = .default) throws(WasmError) -> WASIRun {
        try runWASI(binary: Array(wat.utf8), arguments: arguments, environment: environment, stdin: stdin,
                    preopens: preopens, programName: "program.wat", fuel: fuel, features: features)
    }
}
