// Interpreter speed: each bench program is parsed, validated and instantiated afresh per run
// (untimed), then its `run` export is called and timed alone. A wrong result fails.
import WasmCore

enum InterpreterBench {
    static func run(_ options: Options) -> [Row] {
        let all = BenchPrograms.all(benchDir: options.resolvedBenchDir, packageRoot: Options.packageRoot)
        if all.isEmpty {
            return [Row(section: .interpreter, name: "programs",
                        status: .unavailable("no .wat in \(options.resolvedBenchDir)/programs or bench/programs (use --bench-dir)"))]
        }
        return all.filter { options.selected($0.name) }.map { measure($0, runs: options.runs(default: 5)) }
    }

    static func measure(_ program: BenchProgram, runs: Int) -> Row {
        let path = program.path, name = program.name
        let file = Files.baseName(path)
        var row = Row(section: .interpreter, name: name)
        guard Pipeline.hasValidator, Pipeline.hasInterpreter else {
            row.status = .unavailable("validator or interpreter not in this build")
            return row
        }
        let source: SourceFile
        switch FileIO.read(path) {
        case .success(let b): source = SourceFile(name: path, bytes: b)
        case .failure(let d):
            row.status = .failed(d.message)
            return row
        }
        var times: [Double] = [], cpus: [Double] = []
        var result: RunResult = 0, isI64 = false
        for _ in 0..<runs {
            do {
                let module = try Pipeline.parse(source)
                guard let validated = try Pipeline.validate(module),
                      let call = try Pipeline.prepare(validated, export: "run") else {
                    row.status = .unavailable("validator or interpreter not in this build")
                    return row
                }
                let cpuStart = Measure.cpuNow()
                let start = Measure.now()
                (result, isI64) = try call.call()
                times.append(Measure.now() - start)
                cpus.append(Measure.cpuNow() - cpuStart)
            } catch let d as Diagnostic {
                row.status = .failed(d.rendered(file: file, source: source))
                return row
            } catch let ds as Diagnostics {
                row.status = .failed(ds.first.map { $0.rendered(file: file, source: source) } ?? "error")
                return row
            } catch {
                row.status = .failed("\(error)")
                return row
            }
        }
        row.seconds = Stats(times)
        row.cpuSeconds = Stats(cpus)
        let shown = BenchPrograms.decimal(result, isI64: isI64, signed: program.expected?.hasPrefix("-") ?? false)
        row.fields = [("result", .string(shown))]
        if let want = program.expected {
            row.fields.append(("expected", .string(want)))
            if !BenchPrograms.matches(result, isI64: isI64, want) {
                row.status = .failed("run() returned \(shown), expected \(want)")
                return row
            }
            row.detail = "result \(shown) ok"
        } else {
            row.detail = "result \(shown) (no expected value: unchecked)"
        }
        return row
    }
}
