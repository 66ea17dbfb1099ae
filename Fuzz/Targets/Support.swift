// Shared by every fuzz target: limits that keep one input cheap, and the execution driver the
// `exec` target and the differential scripts' replay mode use.
#if canImport(Glibc)
import Glibc
#endif
import WasmCore
import WasmValidation
import WasmInterpreter

enum FuzzLimits {
    /// Fuel per exported call: enough for real work, small enough for thousands of execs/s.
    static let fuel: UInt64 = 20_000
    /// All memories of one instance together.
    static let maxMemoryBytes: UInt64 = 16 << 20
    static let maxTableElements: UInt64 = 100_000
    static let maxCallDepth = 500
    static let valueStackSlots = 1 << 16
    /// The GC heap: bounded (without a bound one `array.new_default` of 2^32 - 64 bytes fills
    /// 4 GiB, the store's default, and times the run out), and collected often (every 64 KiB of
    /// allocation), so the fuzzer meets collections with every shape of frame.
    static let maxGCHeapBytes: UInt64 = 16 << 20
    static let gcTriggerBytes = 64 << 10
}

/// Reads an environment variable without Foundation.
func environment(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}

/// Stand-ins for every import, so modules that import can still run: functions return their
/// results' default values, memories/tables/globals are fresh at their minimum.
func stubImports(_ module: Module, _ store: Store) -> [String: [String: ExternalValue]] {
    var imports: [String: [String: ExternalValue]] = [:]
    for imp in module.imports {
        var value: ExternalValue?
        switch imp.desc {
        case .func(let t, _):
            guard Int(t) < module.types.count, let ft = module.types[Int(t)].funcType else { continue }
            value = .function(store.allocateFunction(type: ft) { _ in ft.results.map { Value.defaultValue(of: $0) } })
        case .table(let t):
            guard t.elementType.nullable else { continue }
            if let a = try? store.allocateTable(type: t) { value = .table(a) }
        case .memory(let m):
            if let a = try? store.allocateMemory(type: m) { value = .memory(a) }
        case .global(let g):
            if let a = try? store.allocateGlobal(type: g, value: Value.defaultValue(of: g.valType)) { value = .global(a) }
        case .tag(let t):
            guard Int(t.typeIndex) < module.types.count, let ft = module.types[Int(t.typeIndex)].funcType else { continue }
            value = .tag(store.allocateTag(type: ft))
        }
        if let value { imports[imp.module, default: [:]][imp.name] = value }
    }
    return imports
}

/// Arguments for a call: zeros, or values taken from `seed` bytes when given.
func arguments(_ params: [ValType], seed: inout ArraySlice<UInt8>) -> [Value] {
    func word() -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<8 {
            guard let b = seed.popFirst() else { break }
            w |= UInt64(b) << (8 * UInt64(k))
        }
        return w
    }
    return params.map { t in
        switch t {
        case .i32: return .i32(UInt32(truncatingIfNeeded: word()))
        case .i64: return .i64(word())
        case .f32: return .f32(UInt32(truncatingIfNeeded: word()))
        case .f64: return .f64(word())
        case .v128: return .v128(V128(lo: word(), hi: word()))
        default: return Value.defaultValue(of: t)
        }
    }
}

/// Instantiates a validated module under fuzz limits and calls every exported function.
/// With `report`, prints one line per step (the differential scripts compare these lines).
func execute(_ validated: ValidatedModule, argSeed: ArraySlice<UInt8> = [], report: Bool = false) {
    var config = Store.Configuration()
    config.fuel = FuzzLimits.fuel
    // scripts/diff_exec_gc.py's wasmtime (`wasmtime wast`) takes no memory limit, so its
    // replay grows memories as far as a 32-bit memory goes (reserved, not committed, here).
    config.maxMemoryBytes = detailedReport ? 1 << 32 : FuzzLimits.maxMemoryBytes
    config.maxTableElements = FuzzLimits.maxTableElements
    config.maxCallDepth = FuzzLimits.maxCallDepth
    config.valueStackSlots = FuzzLimits.valueStackSlots
    config.maxGCHeapBytes = FuzzLimits.maxGCHeapBytes
    config.gcTriggerBytes = FuzzLimits.gcTriggerBytes
    let store = Store(configuration: config)
    let instance: Instance
    do {
        instance = try store.instantiate(validated, imports: stubImports(validated.module, store))
    } catch {
        if report { print("instantiate: \(error.phase.rawValue): \(error.message)") }
        return
    }
    if report { print("instantiate: ok") }
    var seed = argSeed
    // Exports are named by position in the report: names may hold any character.
    for (k, (_, value)) in instance.exports.enumerated() {
        guard case .function(let f) = value, let type = store.type(of: f) else { continue }
        store.fuel = FuzzLimits.fuel
        let args = arguments(type.params, seed: &seed)
        do {
            let results = try store.invoke(f, args)
            if report { print("call #\(k): \(results.map(show).joined(separator: " "))") }
        } catch {
            if report { print("call #\(k): \(error.phase.rawValue): \(error.message)") }
            // Out of fuel leaves the instance mid-call; the rest of the exports still run.
        }
    }
    if report {
        for (k, (_, value)) in instance.exports.enumerated() {
            switch value {
            case .global(let g):
                if let v = store.value(of: g) { print("global #\(k): \(show(v))") }
            case .memory(let m):
                let pages = store.pages(of: m) ?? 0
                // The first MiB (16 pages of 64 KiB; a memory of 1-byte pages counts bytes).
                let size = store.byteCount(of: m) ?? 0
                let bytes = (try? store.readMemory(m, at: 0, count: Int(min(size, 16 * 65536)))) ?? []
                print("memory #\(k): pages \(pages) hash \(fnv1a(bytes))")
            default: break
            }
        }
    }
}

/// `SWIFTWAT_FUZZ_REPORT=detail`: references by kind (scripts/diff_exec_gc.py turns these into
/// the script format's patterns); otherwise null or not (scripts/diff_exec.py).
let detailedReport = environment("SWIFTWAT_FUZZ_REPORT") == "detail"

func showReference(_ r: Reference) -> String {
    switch r {
    case .null: return "ref:null"
    case .function: return "ref:func"
    case .extern(let n): return "ref:extern:\(n)"
    case .host(let n): return "ref:host:\(n)"
    case .i31(let v): return "ref:i31:\(v)"
    case .object(let o): return o.kind == .array ? "ref:array" : "ref:struct"
    case .exception: return "ref:exn"
    case .externalized(let inner): return "ref:externalized:" + showReference(inner).dropFirst(4)
    }
}

func show(_ v: Value) -> String {
    if detailedReport, case .ref(let r) = v { return showReference(r) }
    switch v {
    case .i32(let x): return "i32:\(x)"
    case .i64(let x): return "i64:\(x)"
    // A NaN's bits only in detail mode: scripts/diff_exec.py compares NaNs as NaNs (engines
    // may differ in the payload of an arithmetic NaN), diff_exec_gc.py exactly (smith's
    // --canonicalize-nans makes every NaN an arithmetic instruction yields canonical, so the
    // bits that remain come from constants and bit-exact instructions).
    case .f32(let x): return isNaN32(x) ? (detailedReport ? "f32:nan:\(x)" : "f32:nan") : "f32:\(x)"
    case .f64(let x): return isNaN64(x) ? (detailedReport ? "f64:nan:\(x)" : "f64:nan") : "f64:\(x)"
    case .v128(let x): return "v128:\(x.lo):\(x.hi)"
    case .ref(let r):
        if case .null = r { return "ref:null" }
        return "ref:nonnull"
    }
}

func isNaN32(_ b: UInt32) -> Bool { b & 0x7F80_0000 == 0x7F80_0000 && b & 0x007F_FFFF != 0 }
func isNaN64(_ b: UInt64) -> Bool { b & 0x7FF0_0000_0000_0000 == 0x7FF0_0000_0000_0000 && b & 0x000F_FFFF_FFFF_FFFF != 0 }

func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}

func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}
