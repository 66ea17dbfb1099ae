// Assembler throughput: text -> module -> validated -> binary, each stage timed, per input.
import WasmCore

enum AssemblerBench {
    static func inputs(_ options: Options) -> [String] {
        let dir = options.resolvedBenchDir + "/corpus"
        let corpus = Files.list(dir, suffix: ".wat").map { dir + "/" + $0 }
        return (corpus + options.extraWat).filter { options.selected(Files.baseName($0)) }
    }

    static func run(_ options: Options) -> [Row] {
        let inputs = inputs(options)
        if inputs.isEmpty && options.only.isEmpty {
            return [Row(section: .assembler, name: "corpus",
                        status: .unavailable("no .wat in \(options.resolvedBenchDir)/corpus (use --bench-dir)"))]
        }
        return inputs.map { measure($0, runs: options.runs(default: 5)) }
    }

    static func measure(_ path: String, runs: Int) -> Row {
        let name = Files.baseName(path)
        var row = Row(section: .assembler, name: name)
        let bytes: [UInt8]
        switch FileIO.read(path) {
        case .success(let b): bytes = b
        case .failure(let d):
            row.status = .failed(d.message)
            return row
        }
        let source = SourceFile(name: path, bytes: bytes)
        var totals: [Double] = [], cpus: [Double] = [], parses: [Double] = [], validates: [Double] = [], encodes: [Double] = []
        var peakKiB = 0
        var peakIsPerRun = true
        var binarySize: Int?
        for _ in 0..<runs {
            peakIsPerRun = Measure.resetPeakRSS() && peakIsPerRun
            let cpuStart = Measure.cpuNow()
            let start = Measure.now()
            let module: Module
            do throws(Diagnostics) {
                module = try Pipeline.parse(source)
            } catch {
                row.status = .failed(error.first.map { $0.rendered(file: name, source: source) } ?? "parse error")
                return row
            }
            let parsed = Measure.now()
            do throws(Diagnostic) {
                _ = try Pipeline.validate(module)
            } catch {
                row.status = .failed(error.rendered(file: name, source: source))
                return row
            }
            let validated = Measure.now()
            let binary = Pipeline.encode(module)
            let encoded = Measure.now()
            cpus.append(Measure.cpuNow() - cpuStart)
            binarySize = binary?.count
            totals.append(encoded - start)
            parses.append(parsed - start)
            validates.append(validated - parsed)
            encodes.append(encoded - validated)
            peakKiB = max(peakKiB, Measure.peakRSSKiB() ?? 0)
            // Keep the module alive until the peak is read, as a whole-process tool would.
            withExtendedLifetime(module) {}
        }
        let total = Stats(totals)
        let mbps = Double(bytes.count) / total.median / 1e6
        let cpuMBps = Double(bytes.count) / Stats(cpus).median / 1e6
        let stages = ["parse"] + (Pipeline.hasValidator ? ["validate"] : []) + (Pipeline.hasEncoder ? ["encode"] : [])
        row.seconds = total
        row.cpuSeconds = Stats(cpus)
        row.detail = "\(Format.fixed(mbps, 1)) MB/s (cpu \(Format.fixed(cpuMBps, 1)))  peak \(Format.mib(peakKiB))\(peakIsPerRun ? "" : " (cumulative)")"
            + "  [\(stages.joined(separator: "+"))"
            + (stages.count < 3 ? "; validate/encode not in this build]" : "]")
            + "  parse \(Format.seconds(Stats(parses).median))"
            + (Pipeline.hasValidator ? " validate \(Format.seconds(Stats(validates).median))" : "")
            + (Pipeline.hasEncoder ? " encode \(Format.seconds(Stats(encodes).median))" : "")
        row.fields = [
            ("bytes", .int(Int64(bytes.count))),
            ("mb_per_s", .number(mbps)),
            ("cpu_mb_per_s", .number(cpuMBps)),
            ("peak_rss_kib", .int(Int64(peakKiB))),
            ("peak_rss_per_run", .bool(peakIsPerRun)),
            ("stages", .array(stages.map { .string($0) })),
            ("parse", Stats(parses).json),
            ("validate", Pipeline.hasValidator ? Stats(validates).json : .null),
            ("encode", Pipeline.hasEncoder ? Stats(encodes).json : .null),
            ("binary_bytes", binarySize.map { .int(Int64($0)) } ?? .null),
        ]
        return row
    }
}
