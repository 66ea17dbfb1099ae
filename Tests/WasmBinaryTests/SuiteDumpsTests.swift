// Checks against the official suite as dumped by wasm-tools (scripts/binary-roundtrip.sh
// prepares the directory and sets WASM_DUMPS). Skipped, visibly, when WASM_DUMPS is not set.

import Foundation
import Testing
import WasmBinary
import WasmCore
import WasmText

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
    /// decode and re-encode with names to the same bytes. Name sections with subsections beyond
    /// the standard ones (wasm-tools writes a subsection 12 for parameter names of function
    /// types) are counted apart: `NameMap` has no place for them, so they are dropped.
    @Test func nameSections() {
        var perFile: [String: (ok: Int, total: Int)] = [:]
        var failures: [String] = []
        var options = EncodeOptions()
        options.debugNames = true
        var nonStandard = 0
        for path in files("named") {
            let bytes = read(path)
            guard let m = try? BinaryDecoder.decode(bytes), m.customSections.isEmpty else { continue }
            // Only modules whose original bytes are canonical can round trip exactly.
            let canonical = read(path.replacingOccurrences(of: "/named/", with: "/valid/"))
            let original = read(path.replacingOccurrences(of: "/named/", with: "/raw-valid/"))
            guard original == canonical, BinaryEncoder.encode(m) == canonical else { continue }
            if hasNonStandardNameSubsection(bytes) {
                nonStandard += 1
                continue
            }
            let name = wastName(path)
            perFile[name, default: (0, 0)].total += 1
            if BinaryEncoder.encode(m, options: options) == bytes {
                perFile[name, default: (0, 0)].ok += 1
            } else {
                failures.append(path)
            }
        }
        report("name sections", perFile)
        print("name sections with non-standard subsections (skipped): \(nonStandard)")
        for f in failures.prefix(30) { print("  mismatch " + f) }
        #expect(failures.isEmpty)
    }

    /// The assembler pipeline: `wasm-tools print` of each valid module (OUT_DIR/text/*.wat),
    /// parsed by WasmText and encoded here, gives wasm-tools' bytes. Informational until the
    /// text parser is complete: the count is printed, mismatches are listed, nothing fails.
    @Test(arguments: ["text", "text-folded"])
    func textPipeline(_ sub: String) {
        guard let dir = dumps else { return }
        let texts = ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/" + sub)) ?? [])
            .filter { $0.hasSuffix(".wat") }.sorted()
        var perFile: [String: (ok: Int, total: Int)] = [:]
        var failures: [String] = []
        var sameIR = 0
        var irDiffs: [String] = []
        for t in texts {
            let path = dir + "/" + sub + "/" + t
            let name = wastName(t.replacingOccurrences(of: ".wat", with: ".wasm"))
            perFile[name, default: (0, 0)].total += 1
            let expected = read(dir + "/valid/" + t.replacingOccurrences(of: ".wat", with: ".wasm"))
            do {
                let parsed = try WatParser.parse(SourceFile(name: t, bytes: read(path)))
                var o = EncodeOptions()
                o.customSections = false
                let got = BinaryEncoder.encode(parsed.module, options: o)
                if let decoded = try? BinaryDecoder.decode(expected) {
                    let diff = irDifference(normalized(parsed.module), normalized(decoded))
                    if let diff { irDiffs.append("\(t): \(diff)") } else { sameIR += 1 }
                }
                if got == expected {
                    perFile[name, default: (0, 0)].ok += 1
                } else {
                    let n = min(got.count, expected.count)
                    var at = n
                    for i in 0..<n where got[i] != expected[i] {
                        at = i
                        break
                    }
                    failures.append("\(t): bytes differ at 0x\(String(at, radix: 16))")
                }
            } catch {
                failures.append("\(t): \(error.first?.message ?? "error")")
            }
        }
        report("text pipeline (\(sub))", perFile)
        for f in failures.prefix(40) { print("  text mismatch " + f) }
        print("same IR from \(sub) and from binary: \(sameIR)/\(texts.count)")
        for d in irDiffs.prefix(40) { print("  IR differs " + d) }
    }

    /// Robustness over the whole suite: 8 single-byte mutations of every valid module. Nothing
    /// crashes, nothing is slow, and whatever decodes is stable under encode → decode.
    @Test func mutationsOfSuiteModules() {
        var rng = SplitMix64(state: 0x5EED_0003)
        var total = 0, rejected = 0, unstable = 0
        var slowestInput = ""
        var slowest = Duration.zero
        var o = EncodeOptions()
        o.debugNames = true
        for path in files("valid") {
            let original = read(path)
            guard !original.isEmpty else { continue }
            // Large suite modules take a while in a debug build anyway: the budget is the
            // unmutated module's time plus the fuzz budget.
            let baseline = FuzzTests.time {
                if let m = try? BinaryDecoder.decode(original) {
                    _ = try? BinaryDecoder.decode(BinaryEncoder.encode(m, options: o))
                }
            }
            for _ in 0..<8 {
                var bytes = original
                let at = rng.below(bytes.count)
                var v = rng.byte()
                if v == bytes[at] { v &+= 1 }
                bytes[at] = v
                total += 1
                var outcome = 0
                let t = FuzzTests.time {
                    do throws(Diagnostic) {
                        let m = try BinaryDecoder.decode(bytes)
                        let again = try BinaryDecoder.decode(BinaryEncoder.encode(m, options: o))
                        outcome = comparable(again) == comparable(m) ? 0 : 2
                    } catch {
                        outcome = 1
                    }
                }
                if outcome == 1 { rejected += 1 }
                if outcome == 2 { unstable += 1 }
                if t - baseline > slowest {
                    slowest = t - baseline
                    slowestInput = "\((path as NSString).lastPathComponent) byte 0x\(String(at, radix: 16)) = 0x\(String(v, radix: 16)): \(t) vs \(baseline)"
                }
            }
        }
        print("suite mutations: \(total) inputs, \(rejected) rejected, \(unstable) unstable, most time over the unmutated module \(slowest) (\(slowestInput))")
        #expect(unstable == 0)
        // Generous on purpose: this runs on loaded machines; it catches blow-ups, not jitter.
        #expect(slowest < .milliseconds(50))
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

/// A module without what legitimately differs between the text and the binary producer:
/// source offsets, names and custom sections.
private func normalized(_ m: Module) -> Module {
    var m = comparable(m)
    m.names = NameMap()
    m.customSections = []
    m.sourceKind = .none
    return m
}

/// The first field in which two modules differ, or nil.
private func irDifference(_ a: Module, _ b: Module) -> String? {
    if a.types != b.types {
        for i in 0..<min(a.types.count, b.types.count) where a.types[i] != b.types[i] {
            return "types[\(i)]: text \(a.types[i]) binary \(b.types[i])"
        }
        return "types count"
    }
    if a.recGroups != b.recGroups { return "recGroups: text \(a.recGroups) binary \(b.recGroups)" }
    if a.imports != b.imports { return "imports" }
    if a.functions != b.functions {
        for i in 0..<min(a.functions.count, b.functions.count) where a.functions[i] != b.functions[i] {
            let x = a.functions[i], y = b.functions[i]
            if x.locals != y.locals { return "functions[\(i)].locals" }
            if x.body.instructions != y.body.instructions {
                for k in 0..<min(x.body.instructions.count, y.body.instructions.count) where x.body.instructions[k] != y.body.instructions[k] {
                    return "functions[\(i)] instruction \(k): text \(x.body.instructions[k]) binary \(y.body.instructions[k])"
                }
                return "functions[\(i)] instruction count"
            }
            return "functions[\(i)] pools"
        }
        return "functions count"
    }
    if a.tables != b.tables { return "tables: text \(a.tables) binary \(b.tables)" }
    if a.memories != b.memories { return "memories" }
    if a.globals != b.globals { return "globals" }
    if a.tags != b.tags { return "tags" }
    if a.exports != b.exports { return "exports" }
    if a.start != b.start { return "start" }
    if a.elements != b.elements {
        for i in 0..<min(a.elements.count, b.elements.count) where a.elements[i] != b.elements[i] {
            let x = a.elements[i], y = b.elements[i]
            return "elements[\(i)]: text type \(x.type) exprs \(x.usesExpressions) explicit \(x.explicitTable), binary type \(y.type) exprs \(y.usesExpressions) explicit \(y.explicitTable)"
        }
        return "elements count"
    }
    if a.datas != b.datas { return "datas" }
    if a.hasDataCount != b.hasDataCount { return "hasDataCount: text \(a.hasDataCount) binary \(b.hasDataCount)" }
    return nil
}

/// Whether the module's name section has a subsection id above 11 (tag names).
private func hasNonStandardNameSubsection(_ bytes: [UInt8]) -> Bool {
    guard let list = try? BinaryDecoder.sections(bytes) else { return false }
    for s in list where s.id == 0 && s.name == "name" {
        var r = ByteReader(bytes, position: s.offset + 1)
        guard (try? r.u32()) != nil, (try? r.name()) != nil else { return false }
        let end = s.offset + 1 + ByteWriter.uleb(UInt64(s.size)).count + s.size
        while r.position < end {
            guard let id = try? r.u8(), let n = try? r.u32() else { return false }
            if id > 11 { return true }
            r.position += Int(n)
        }
    }
    return false
}
