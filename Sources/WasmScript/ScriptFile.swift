// Running a `.wast` file or string on the default engine (WasmInterpreter).
import WasmCore

public enum ScriptFile {
    /// Reads, parses and runs a script file on a fresh interpreter engine.
    public static func run(path: String, options: ScriptOptions = ScriptOptions(),
                           configuration: InterpreterEngine.Configuration = InterpreterEngine.Configuration(),
                           onResult: ((CommandResult) -> Void)? = nil) -> ScriptReport {
        switch FileIO.read(path) {
        case .failure(let d):
            let r = CommandResult(index: 0, keyword: "file", line: 0, column: 0, outcome: .failed(Failure(d.message)))
            return ScriptReport(file: path, results: [r])
        case .success(let bytes):
            let script = ScriptParser.parse(bytes, name: path, options: options)
            return run(script, options: options, configuration: configuration, onResult: onResult)
        }
    }

    /// Runs a parsed script on a fresh interpreter engine.
    public static func run(_ script: Script, options: ScriptOptions = ScriptOptions(),
                           configuration: InterpreterEngine.Configuration = InterpreterEngine.Configuration(),
                           onResult: ((CommandResult) -> Void)? = nil) -> ScriptReport {
        let engine = InterpreterEngine(configuration: configuration, features: options.features)
        return ScriptRunner<InterpreterEngine>(options: options, onResult: onResult).run(script, engine: engine)
    }
}
