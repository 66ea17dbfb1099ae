// Clocks, peak memory and statistics. Glibc only: Foundation would add to the start-up and
// peak-RSS figures this tool reports.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

import WasmInterpreter

enum Measure {
    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU seconds (user + system) this process has used. The benchmarks run on one thread, so
    /// on a machine shared with other work this is the steadier figure: wall time counts the
    /// time slices other processes take, CPU time does not.
    static func cpuNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// The load average over the last minute, nil where unknown.
    static func loadAverage() -> Double? {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) >= 1 ? loads[0] : nil
    }

    /// A field of /proc/self/status in KiB (VmHWM = peak RSS, VmRSS = current RSS), nil off Linux.
    static func statusKiB(_ field: String) -> Int? {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 512)
        let prefix = field + ":"
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix(prefix) else { continue }
            let digits = text.dropFirst(prefix.count).filter { $0.isNumber }
            return Int(digits)
        }
        return nil
    }

    static func peakRSSKiB() -> Int? { statusKiB("VmHWM") }

    /// Resets the kernel's peak-RSS mark to the current RSS (Linux ≥ 4.0: "5" to clear_refs), so
    /// that the peak of one input is not the peak of an earlier, larger one. Returns false where
    /// the kernel refuses, in which case peaks are cumulative and reported as such.
    static func resetPeakRSS() -> Bool {
        guard let f = fopen("/proc/self/clear_refs", "w") else { return false }
        let ok = fputs("5", f) >= 0
        return fclose(f) == 0 && ok
    }
}

/// Median and spread of repeated measurements.
struct Stats: Sendable {
    var samples: [Double]

    init(_ samples: [Double]) { self.samples = samples.sorted() }

    var median: Double {
        guard !samples.isEmpty else { return .nan }
        let n = samples.count
        return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2
    }
    var min: Double { samples.first ?? .nan }
    var max: Double { samples.last ?? .nan }
    /// (max − min) / median: the spread as a fraction of the median.
    var spread: Double { median > 0 ? (max - min) / median : 0 }
}

enum Format {
    /// A number with `digits` decimals, without Foundation's `String(format:)`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let negative = value < 0
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = UInt64(scaled)
        let s = UInt64(scale)
        var text = String(whole / s)
        if digits > 0 {
            var frac = String(whole % s)
            while frac.count < digits { frac = "0" + frac }
            text += "." + frac
        }
        return negative && whole != 0 ? "-" + text : text
    }

    static func seconds(_ s: Double) -> String {
        if s < 0.001 { return fixed(s * 1e6, 1) + " µs" }
        if s < 1 { return fixed(s * 1e3, 2) + " ms" }
        return fixed(s, 3) + " s"
    }

    static func mib(_ kib: Int?) -> String {
        guard let kib else { return "?" }
        return fixed(Double(kib) / 1024, 1) + " MiB"
    }

    static func percent(_ fraction: Double) -> String { "±" + fixed(fraction * 50, 1) + "%" }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }
}

extension Measure {
    /// `SWIFTWAT_BENCH_DISASSEMBLE=1`: after each run, the compiled code of every function the
    /// run compiled goes to standard error (for profiling: what the compiler made of a program).
    static let disassembleAfterRun = getenv("SWIFTWAT_BENCH_DISASSEMBLE") != nil

    static func printDisassembly(_ store: Store) {
        var index = 0
        while true {
            let text = store.disassemble(FunctionAddress(index: index))
            if text.isEmpty { break }
            let line = "function \(index): \(text)"
            _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
            index += 1
        }
    }
}
