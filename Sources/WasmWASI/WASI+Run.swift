import WasmCore
import WasmValidation
import WasmInterpreter

extension WASI {
    /// How a program run ended.
    public struct Outcome: Sendable {
        /// The exit status: `proc_exit`'s code, 0 when `_start` returned, 134 after a trap (as
        /// `wasmtime run`, whose status mimics `abort`), 1 when the module could not start.
        public var exitCode: Int32
        /// The trap or link error that ended it, if any.
        public var error: Diagnostic?
        /// The wasm frames the trap unwound (empty otherwise).
        public var backtrace: Backtrace
    }

    /// The status `wasm-run` and `Outcome` give a trap.
    public static let trapExitCode: Int32 = 134

    /// Defines WASI in `store`, instantiates `module` there and runs its `_start`.
    public func run(_ module: ValidatedModule, in store: Store) -> Outcome {
        define(in: store)
        let instance: Instance
        do throws(Diagnostic) {
            instance = try store.instantiate(module)
        } catch {
            if error.phase == .exit { return Outcome(exitCode: error.exitCode ?? 0, error: nil, backtrace: Backtrace()) }
            return Outcome(exitCode: error.phase == .trap || error.phase == .exhaustion ? Self.trapExitCode : 1,
                           error: error, backtrace: store.lastBacktrace)
        }
        do throws(Diagnostic) {
            return Outcome(exitCode: try start(instance), error: nil, backtrace: Backtrace())
        } catch {
            return Outcome(exitCode: error.phase == .link ? 1 : Self.trapExitCode, error: error, backtrace: store.lastBacktrace)
        }
    }
}
