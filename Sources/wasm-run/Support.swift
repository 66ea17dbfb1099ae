import WasmCore
import WasmInterpreter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The monotonic clock in nanoseconds.
enum Clock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Nanoseconds as milliseconds with two decimals.
    static func milliseconds(_ ns: UInt64) -> String {
        let hundredths = ns / 10_000
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}

enum Stats {
    /// `1.5 MiB`, `64 KiB`, `512 B`.
    static func bytes(_ n: UInt64) -> String {
        if n >= 1 << 30 { return tenths(n, 1 << 30) + " GiB" }
        if n >= 1 << 20 { return tenths(n, 1 << 20) + " MiB" }
        if n >= 1 << 10 { return tenths(n, 1 << 10) + " KiB" }
        return "\(n) B"
    }

    static func tenths(_ n: UInt64, _ unit: UInt64) -> String {
        let t = n * 10 / unit
        return "\(t / 10).\(t % 10)"
    }

    /// The process's peak resident set (Linux reports `ru_maxrss` in KiB, Darwin in bytes).
    static func peakResidentBytes() -> UInt64 {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return UInt64(usage.ru_maxrss) * 1024
        #else
        return UInt64(usage.ru_maxrss)
        #endif
    }
}

/// `--invoke` arguments and results as text, as `wasmtime run --invoke` reads and prints them.
enum InvokeValues {
    static func parse(_ text: String, as type: ValType) -> Value? {
        switch type {
        case .i32:
            if let v = Int32(text) { return .i32(v) }
            if let v = UInt32(text) { return .i32(v) }
            if text.hasPrefix("0x"), let v = UInt32(text.dropFirst(2), radix: 16) { return .i32(v) }
            return nil
        case .i64:
            if let v = Int64(text) { return .i64(v) }
            if let v = UInt64(text) { return .i64(v) }
            if text.hasPrefix("0x"), let v = UInt64(text.dropFirst(2), radix: 16) { return .i64(v) }
            return nil
        case .f32: return Float(text).map { Value.f32($0) }
        case .f64: return Double(text).map { Value.f64($0) }
        default: return nil
        }
    }

    static func format(_ v: Value) -> String {
        switch v {
        case .i32(let x): return String(Int32(bitPattern: x))
        case .i64(let x): return String(Int64(bitPattern: x))
        case .f32(let b): return String(Float(bitPattern: b))
        case .f64(let b): return String(Double(bitPattern: b))
        case .v128(let x): return "v128 0x" + String(x.hi, radix: 16) + String(x.lo, radix: 16)
        case .ref(let r): return "\(r)"
        }
    }
}
