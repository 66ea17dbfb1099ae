// Running a `.wast` file or string on the default engine (WasmInterpreter).
import WasmCore

public enum ScriptFile {
    /// Reads, parses and runs a script file on a fresh interpreter engine.
    public static func run(path: String, options: ScriptOptions = ScriptOptions(),
                           configuration: InterpreterEngine.Configuration = InterpreterEngine.Configuration(),
                           onResult: ((CommandResult) -> Void)? = nil) -> ScriptReport {
        switch parseForRun(path: path, options: options) {
        case .failure(let d):
            let r = CommandResult(index: 0, keyword: "file", line: 0, column: 0, outcome: .failed(Failure(d.message)))
            return ScriptReport(file: path, results: [r])
        case .success(let script):
            return run(script, options: options, configuration: configuration, onResult: onResult)
        }
    }

    /// Reads and parses a script for running it: the script keeps its line index but not its
    /// text (the runner needs only locations), so the text is freed before any module is
    /// decoded: on a .wast holding an 819 KB binary, 2.5 MB less at the peak.
    public static func parseForRun(path: String, options: ScriptOptions = ScriptOptions()) -> Result<Script, Diagnostic> {
        switch FileIO.read(path) {
        case .failure(let d):
            return .failure(d)
        case .success(let bytes):
            var script = ScriptParser.parse(bytes, name: path, options: options)
            script.source = script.source.withoutText()
            return .success(script)
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ScriptFile {
    /// Expands directories to the `.wast` files under them (sorted, recursively); other paths
    /// are kept as given.
    public static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            if isDirectory(p) {
                out.append(contentsOf: wastFiles(under: p, depth: 0))
            } else {
                out.append(p)
            }
        }
        return out
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let d = opendir(path) else { return false }
        closedir(d)
        return true
    }

    /// A depth cap keeps symlink loops from recursing forever.
    static func wastFiles(under dir: String, depth: Int) -> [String] {
        guard depth < 16, let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        var files: [String] = []
        var subdirs: [String] = []
        let base = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        for name in names.sorted() {
            let path = base + "/" + name
            if name.hasSuffix(".wast") {
                files.append(path)
            } else if isDirectory(path) {
                subdirs.append(path)
            }
        }
        for s in subdirs { files.append(contentsOf: wastFiles(under: s, depth: depth + 1)) }
        return files
    }
}
