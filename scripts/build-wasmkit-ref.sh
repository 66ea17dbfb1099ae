#!/usr/bin/env bash
# Builds a reference WasmKit 0.4.2 outside the repository, for scripts/bench_compare.py.
# Nothing of WasmKit is committed: this script writes a throwaway package that depends on it
# and builds three release binaries:
#   wk-run       FILE.wat|FILE.wasm [EXPORT] [REPEAT]  instantiate, time the export's call alone
#   wk-wat2wasm  FILE.wat [REPEAT]                     time WasmKit's wat2wasm in process
#   wasmkit-cli  (WasmKit's own CLI: `wasmkit-cli wast DIR` runs spec scripts,
#                 `wasmkit-cli wat2wasm` assembles; used for whole-process timings)
# Each timing tool prints one JSON line: {"tool":..., "seconds":[...], "result":...}.
# Usage: scripts/build-wasmkit-ref.sh [DIR]   (default: ../wasmkit-ref next to the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$here/../wasmkit-ref}"
mkdir -p "$dir/Sources/wk-run" "$dir/Sources/wk-wat2wasm"
dir="$(cd "$dir" && pwd)"

cat > "$dir/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wasmkit-ref",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        .executableTarget(name: "wk-run", dependencies: [
            .product(name: "WasmKit", package: "WasmKit"),
            .product(name: "WAT", package: "WasmKit"),
        ]),
        .executableTarget(name: "wk-wat2wasm", dependencies: [
            .product(name: "WAT", package: "WasmKit"),
        ]),
    ],
    // Swift 5 mode: these two throwaway tools use the C library's stdio globals freely.
    swiftLanguageModes: [.v5]
)
SWIFT

# Clocks and file reading shared by both tools: written once, copied into each.
for tool in wk-run wk-wat2wasm; do
cat > "$dir/Sources/$tool/Common.swift" <<'SWIFT'
import Glibc

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func readBytes(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fputs("cannot open \(path)\n", stderr); exit(2) }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    return out
}
SWIFT
done

cat > "$dir/Sources/wk-run/main.swift" <<'SWIFT'
import Glibc
import WAT
import WasmKit

let args = CommandLine.arguments
guard args.count >= 2 else { fputs("usage: wk-run FILE [EXPORT] [REPEAT]\n", stderr); exit(2) }
let path = args[1]
let export = args.count > 2 ? args[2] : "run"
let repeatCount = args.count > 3 ? Int(args[3]) ?? 5 : 5
var bytes = readBytes(path)
if path.hasSuffix(".wat") { bytes = try wat2wasm(String(decoding: bytes, as: UTF8.self)) }
let module = try parseWasm(bytes: bytes)
var times: [Double] = []
var cpus: [Double] = []
var result = ""
for _ in 0..<repeatCount {
    let engine = Engine()
    let store = Store(engine: engine)
    let instance = try module.instantiate(store: store)
    guard let function = instance.exports[function: export] else {
        fputs("no exported function \(export)\n", stderr); exit(2)
    }
    let cpuStart = cpuNow()
    let start = now()
    let values = try function()
    times.append(now() - start)
    cpus.append(cpuNow() - cpuStart)
    switch values.first {
    case .i32(let v)?: result = String(v)
    case .i64(let v)?: result = String(v)
    default: result = "\(values)"
    }
}
print("{\"tool\":\"wasmkit-0.4.2\",\"file\":\"\(path)\",\"seconds\":\(times),\"cpu_seconds\":\(cpus),\"result\":\"\(result)\"}")
SWIFT

cat > "$dir/Sources/wk-wat2wasm/main.swift" <<'SWIFT'
import Glibc
import WAT

let args = CommandLine.arguments
guard args.count >= 2 else { fputs("usage: wk-wat2wasm FILE [REPEAT]\n", stderr); exit(2) }
let path = args[1]
let repeatCount = args.count > 2 ? Int(args[2]) ?? 3 : 3
let text = readBytes(path)
var times: [Double] = []
var cpus: [Double] = []
var size = 0
for _ in 0..<repeatCount {
    let cpuStart = cpuNow()
    let start = now()
    // The String conversion is part of WasmKit's text path, so it is timed.
    let wasm = try wat2wasm(String(decoding: text, as: UTF8.self))
    times.append(now() - start)
    cpus.append(cpuNow() - cpuStart)
    size = wasm.count
}
print("{\"tool\":\"wasmkit-0.4.2\",\"file\":\"\(path)\",\"bytes\":\(text.count),\"seconds\":\(times),\"cpu_seconds\":\(cpus),\"result\":\"\(size)\"}")
SWIFT

cd "$dir"
swift build -c release --product wk-run
swift build -c release --product wk-wat2wasm
swift build -c release --product wasmkit-cli
echo "built in $dir/.build/release: wk-run wk-wat2wasm wasmkit-cli"
