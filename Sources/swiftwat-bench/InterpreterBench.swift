// Interpreter speed: each bench program is parsed, validated and instantiated afresh per run
// (untimed), then its `run` export is called and timed alone. A wrong result fails.
import WasmCore

enum InterpreterBench {
    /// Expected `run()` results from the bench README, as unsigned bits.
    static let expected: [String: RunResult] = [
        "empty": 0,
        "fib": 3_328_160,
        "sieve": 283_146,
        "matmul": 2_000,
        "i64mix": 12_154_365_677_037_838_278,
        "alloc-stress": 763_525_656,
        "memops": 2_438_365_472,
        "callind": 4_278_166_687,
    ]

    static func run(_ options: Options) -> [Row] {
        let dir = options.resolvedBenchDir + "/programs"
        let all = Files.list(dir, suffix: ".wat")
        if all.isEmpty {
            return [Row(section: .interpreter, name: "programs",
                        status: .unavailable("no .wat in \(dir) (use --bench-dir)"))]
        }
        let programs = all.filter { options.selected($0) }
        return programs.map { measure(dir + "/" + $0, runs: options.runs(default: 5)) }
    }

    static func measure(_ path: String, runs: Int) -> Row {
        let file = Files.baseName(path)
        let name = String(file.dropLast(4))
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
        var result: RunResult = 0
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
                result = try call.call()
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
        row.fields = [("result", .string(String(result)))]
        if let want = expected[name] {
            row.fields.append(("expected", .string(String(want))))
            if result != want {
                row.status = .failed("run() returned \(result), expected \(want)")
                return row
            }
            row.detail = "result \(result) ok"
        } else {
            row.detail = "result \(result) (no expected value in the README: unchecked)"
        }
        return row
    }
}
