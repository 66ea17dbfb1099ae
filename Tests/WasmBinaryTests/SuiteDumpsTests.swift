// Checks against the official suite as dumped by wasm-tools (scripts/binary-roundtrip.sh
// prepares the directory and sets WASM_DUMPS). Skipped, visibly, when WASM_DUMPS is not set.

import Foundation
import Testing
import WasmBinary
import WasmCore

private let dumps: String? = ProcessInfo.processInfo.environment["WASM_DUMPS"]

private func files(_ sub: String) -> [String] {
    guard let dir = dumps else { return [] }
    let path = dir + "/" + sub
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { $0.hasSuffix(".wasm") }.sorted().map { path + "/" + $0 }
}

private func read(_ path: String) -> [UInt8] {
    guard let d = FileManager.default.contents(atPath: path) else { return [] }
    return [UInt8](d)
}

/// `address.12.wasm` → `address`.
private func wastName(_ path: String) -> String {
    let base = (path as NSString).lastPathComponent
    var parts = base.split(separator: ".")
    if parts.count >= 3 { parts.removeLast(2) }
    return parts.joined(separator: ".")
}

private func report(_ title: String, _ perFile: [String: (ok: Int, total: Int)]) {
    let ok = perFile.values.reduce(0) { $0 + $1.ok }
    let total = perFile.values.reduce(0) { $0 + $1.total }
    print("\(title): \(ok)/\(total)")
    for k in perFile.keys.sorted() {
        if let v = perFile[k], v.ok != v.total { print("  \(title) \(k): \(v.ok)/\(v.total)") }
    }
}

@Suite(.enabled(if: dumps != nil, "WASM_DUMPS not set: run scripts/binary-roundtrip.sh"))
struct SuiteDumps {
    /// (a) decode → encode reproduces wasm-tools' canonical bytes exactly.
    @Test func roundTrip() {
        var perFile: [String: (ok: Int, total: Int)] = [:]
        var failures: [String] = []
        for path in files("valid") {
            let bytes = read(path)
            let name = wastName(path)
            perFile[name, default: (0, 0)].total += 1
            do {
                let m = try BinaryDecoder.decode(bytes)
                let again = BinaryEncoder.encode(m)
                if again == bytes {
                    perFile[name, default: (0, 0)].ok += 1
                } else {
                    let n = min(again.count, bytes.count)
                    var at = n
                    for i in 0..<n where again[i] != bytes[i] {
                        at = i
                        break
                    }
                    failures.append("\(path): bytes differ at 0x\(String(at, radix: 16)) (sizes \(bytes.count)/\(again.count))")
                }
            } catch {
                failures.append("\(path): \(error.rendered(file: "x.wasm"))")
            }
        }
        report("round trip", perFile)
        for f in failures.prefix(60) { print("  mismatch " + f) }
        #expect(failures.isEmpty)
    }

    /// The suite's binary modules as written (before canonicalisation): all must decode; the
    /// count re-encoding to the same bytes is informational (non-minimal LEB128 cannot).
    @Test func rawModulesDecode() {
        var failures: [String] = []
        var same = 0
        let all = files("raw-valid")
        for path in all {
            let bytes = read(path)
            do {
                if BinaryEncoder.encode(try BinaryDecoder.decode(bytes)) == bytes { same += 1 }
            } catch {
                failures.append("\(path): \(error.rendered(file: "x.wasm"))")
            }
        }
        print("raw modules decoded: \(all.count - failures.count)/\(all.count), identical after re-encoding: \(same)")
        for f in failures.prefix(30) { print("  FAIL " + f) }
        #expect(failures.isEmpty)
    }

    /// (d) `--debug-names`: modules with wasm-tools' name section (and no other custom section)
    /// decode and re-encode with names to the same bytes.
    @Test func nameSections() {
        var perFile: [String: (ok: Int, total: Int)] = [:]
        var failures: [String] = []
        var options = EncodeOptions()
        options.debugNames = true
        for path in files("named") {
            let bytes = read(path)
            guard let m = try? BinaryDecoder.decode(bytes), m.customSections.isEmpty else { continue }
            // Only modules whose original bytes are canonical can round trip exactly.
            let canonical = read(path.replacingOccurrences(of: "/named/", with: "/valid/"))
            let original = read(path.replacingOccurrences(of: "/named/", with: "/raw-valid/"))
            guard original == canonical, BinaryEncoder.encode(m) == canonical else { continue }
            let name = wastName(path)
            perFile[name, default: (0, 0)].total += 1
            if BinaryEncoder.encode(m, options: options) == bytes {
                perFile[name, default: (0, 0)].ok += 1
            } else {
                failures.append(path)
            }
        }
        report("name sections", perFile)
        for f in failures.prefix(30) { print("  mismatch " + f) }
        #expect(failures.isEmpty)
    }

    /// (b) every `assert_malformed (module binary …)` is rejected with the expected message.
    @Test func malformed() {
        guard let dir = dumps,
              let tsv = try? String(contentsOfFile: dir + "/malformed.tsv", encoding: .utf8) else {
            Issue.record("no malformed.tsv")
            return
        }
        var perFile: [String: (ok: Int, total: Int)] = [:]
        var failures: [String] = []
        for line in tsv.split(separator: "\n") {
            let cols = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard cols.count == 2 else { continue }
            let (file, expected) = (cols[0], cols[1])
            let name = wastName(file)
            perFile[name, default: (0, 0)].total += 1
            do {
                _ = try BinaryDecoder.decode(read(dir + "/malformed/" + file))
                failures.append("\(file): accepted, expected \"\(expected)\"")
            } catch {
                if error.message.hasPrefix(expected) {
                    perFile[name, default: (0, 0)].ok += 1
                } else {
                    failures.append("\(file): \"\(error.message)\", expected \"\(expected)\"")
                }
            }
        }
        report("malformed", perFile)
        for f in failures.prefix(60) { print("  FAIL " + f) }
        #expect(failures.isEmpty)
    }

    /// (c) modules the suite calls invalid are well-formed: they must decode (and re-encode to
    /// the same bytes when wasm-tools wrote them canonically).
    @Test func invalidModulesDecode() {
        var perFile: [String: (ok: Int, total: Int)] = [:]
        var failures: [String] = []
        var same = 0
        for path in files("invalid") {
            let name = wastName(path)
            perFile[name, default: (0, 0)].total += 1
            let bytes = read(path)
            do {
                let m = try BinaryDecoder.decode(bytes)
                perFile[name, default: (0, 0)].ok += 1
                if BinaryEncoder.encode(m, options: { var o = EncodeOptions(); o.debugNames = true; return o }()) == bytes
                    || BinaryEncoder.encode(m) == bytes { same += 1 }
            } catch {
                failures.append("\(path): \(error.rendered(file: "x.wasm"))")
            }
        }
        report("invalid modules decoded", perFile)
        print("invalid modules re-encoded to identical bytes: \(same)")
        for f in failures.prefix(60) { print("  FAIL " + f) }
        #expect(failures.isEmpty)
    }
}
