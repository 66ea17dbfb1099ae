import Foundation
import Testing
import WasmBinary
import WasmCore
import WasmText

/// The text tools as a user runs them: `wasm2wat`'s options, `wat2wasm` on `(module binary …)`,
/// `(module quote …)` and the legacy `(elem … funcref 0)`, `wastrun --dump-modules DIR --text`,
/// `wasm-validate` on valid, invalid and malformed files.
/// Each test skips (with a message) when the build has not made the executable.
@Suite struct TextToolTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func tool(_ name: String) -> String? {
        [root + "/.build/debug/" + name, root + "/.build/release/" + name]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// A fresh directory, removed by `remove()`.
    struct Scratch {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "swiftwat-text-tools-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func write(_ name: String, _ bytes: [UInt8]) { _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data(bytes)) }
        func write(_ name: String, _ text: String) { write(name, Array(text.utf8)) }
        func read(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: path + "/" + name).map { Array($0) } }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Runs the tool `name` with `args` in `dir`; nil (and a message) when it is not built.
    static func run(_ name: String, _ args: [String], in dir: Scratch, stdin: [UInt8] = []) throws -> Result? {
        guard let tool = tool(name) else {
            print("skipped: no \(name) binary under .build (swift build --product \(name))")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: Array(o), stderr: String(decoding: e, as: UTF8.self))
    }

    /// `text` assembled with its names (not validated: some tests want an invalid module).
    static func binary(_ text: String) throws -> [UInt8] {
        let m = try WatParser.parse(text, options: TextOptions(features: .all)).module
        var o = EncodeOptions()
        o.debugNames = true
        return BinaryEncoder.encode(m, options: o)
    }

    static let sample = """
    (module
      (func $add (param $a i32) (param $b i32) (result i32)
        (i32.add (local.get $a) (local.get $b)))
      (func (param i64) (local f32)
        block
          br 0
        end))
    """

    static let flat = """
    (module
      (type (;0;) (func (param i32 i32) (result i32)))
      (type (;1;) (func (param i64)))
      (func $add (;0;) (type 0) (param $a i32) (param $b i32) (result i32)
        local.get $a
        local.get $b
        i32.add
      )
      (func (;1;) (type 1) (param i64)
        (local f32)
        block ;; label = @1
          br 0 (;@1;)
        end
      )
    )

    """

    // MARK: wasm2wat

    @Test func printsToStandardOutputAndToAFile() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("m.wasm", try Self.binary(Self.sample))
        guard let r = try Self.run("wasm2wat", ["m.wasm"], in: dir) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text == Self.flat)
        guard let o = try Self.run("wasm2wat", ["m.wasm", "-o", "m.wat"], in: dir) else { return }
        #expect(o.status == 0 && o.stdout.isEmpty)
        #expect(dir.read("m.wat") == Array(Self.flat.utf8))
    }

    @Test func readsStandardInput() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        guard let r = try Self.run("wasm2wat", ["-"], in: dir, stdin: try Self.binary(Self.sample)) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.text == Self.flat)
    }

    @Test func foldsWithEverySpelling() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("m.wasm", try Self.binary(Self.sample))
        var texts: [String] = []
        for flag in ["-f", "--fold-exprs", "--fold-instructions"] {
            guard let r = try Self.run("wasm2wat", [flag, "m.wasm"], in: dir) else { return }
            #expect(r.status == 0, "\(r.stderr)")
            texts.append(r.text)
        }
        #expect(Set(texts).count == 1)
        #expect(texts[0].contains("""
              (func $add (;0;) (type 0) (param $a i32) (param $b i32) (result i32)
                (i32.add
                  (local.get $a)
                  (local.get $b))
              )
            """), "\(texts[0])")
    }

    @Test func namesOptions() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("m.wasm", try Self.binary(Self.sample))
        guard let plain = try Self.run("wasm2wat", ["--no-debug-names", "m.wasm"], in: dir),
              let generated = try Self.run("wasm2wat", ["--generate-names", "m.wasm"], in: dir) else { return }
        #expect(plain.status == 0 && generated.status == 0)
        #expect(plain.text.contains("(func (;0;) (type 0) (param i32 i32) (result i32)\n    local.get 0\n"))
        #expect(!plain.text.contains("$"))
        #expect(generated.text.contains("(func $add (;0;) (type $t0) (param $a i32) (param $b i32) (result i32)"))
        #expect(generated.text.contains("(func $f1 (;1;) (type $t1) (param $p0 i64)\n    (local $l1 f32)\n    block $B0\n      br $B0\n"))
    }

    @Test func featureFlags() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        // A shared memory: threads, which wasm-tools 1.262 (and so our default) enables.
        dir.write("m.wasm", try Self.binary("(module (memory 1 1 shared))"))
        guard let on = try Self.run("wasm2wat", ["m.wasm"], in: dir),
              let off = try Self.run("wasm2wat", ["--disable-threads", "m.wasm"], in: dir),
              let again = try Self.run("wasm2wat", ["--disable-threads", "--enable-threads", "m.wasm"], in: dir),
              let all = try Self.run("wasm2wat", ["--enable-all", "m.wasm"], in: dir),
              let bad = try Self.run("wasm2wat", ["--enable-nonsense", "m.wasm"], in: dir) else { return }
        #expect(on.status == 0 && on.text.contains("(memory (;0;) 1 1 shared)"))
        #expect(off.status == 1 && off.stdout.isEmpty)
        #expect(again.status == 0 && all.status == 0)
        #expect(bad.status == 1 && bad.stderr.contains("nonsense"))
    }

    @Test func invalidModulePrintsWithNoCheck() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("bad.wasm", try Self.binary("(module (func (result i32)))"))
        guard let checked = try Self.run("wasm2wat", ["bad.wasm"], in: dir),
              let unchecked = try Self.run("wasm2wat", ["--no-check", "bad.wasm"], in: dir) else { return }
        #expect(checked.status == 1 && checked.stdout.isEmpty)
        #expect(checked.stderr.hasPrefix("bad.wasm:"), "\(checked.stderr)")
        #expect(checked.stderr.contains("--no-check"))
        #expect(unchecked.status == 0, "\(unchecked.stderr)")
        #expect(unchecked.text == "(module\n  (type (;0;) (func (result i32)))\n  (func (;0;) (type 0) (result i32))\n)\n")
    }

    @Test func malformedBinaryIsAnErrorWithItsOffset() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        // A type section of one entry whose form byte 0x61 is no type: offset 0xb.
        dir.write("bad.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x61])
        // Cut short inside the section.
        dir.write("short.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01])
        dir.write("empty.wasm", [])
        for (file, offset) in [("bad.wasm", "0xb"), ("short.wasm", "0x9"), ("empty.wasm", "0x0")] {
            guard let r = try Self.run("wasm2wat", [file], in: dir) else { return }
            #expect(r.status == 1 && r.stdout.isEmpty, "\(file)")
            #expect(r.stderr.hasPrefix("\(file):\(offset): error: "), "\(file): \(r.stderr)")
        }
        guard let stdin = try Self.run("wasm2wat", ["-"], in: dir, stdin: [0x00, 0x61]) else { return }
        #expect(stdin.status == 1 && stdin.stderr.hasPrefix("<stdin>:0x2: error: "), "\(stdin.stderr)")
    }

    @Test func printOffsets() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("m.wasm", try Self.binary("(module (func nop))"))
        guard let r = try Self.run("wasm2wat", ["--print-offsets", "m.wasm"], in: dir),
              let short = try Self.run("wasm2wat", ["-p", "m.wasm"], in: dir) else { return }
        #expect(short.text == r.text)
        #expect(r.status == 0)
        // As wasm-tools prints it: no column on the first line, then each line at the offset of
        // its entry or instruction, the module's `)` at the binary's end.
        #expect(r.text.hasPrefix("""
            (module
            (;@b     ;)  (type (;0;) (func))
            (;@16    ;)  (func (;0;) (type 0)
            (;@17    ;)    nop
            (;@18    ;)  )

            """), "\(r.text)")
        #expect(r.text.hasSuffix(";))\n"))
    }

    @Test func helpVersionAndUsageErrors() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        guard let help = try Self.run("wasm2wat", ["--help"], in: dir),
              let version = try Self.run("wasm2wat", ["--version"], in: dir),
              let none = try Self.run("wasm2wat", [], in: dir),
              let unknown = try Self.run("wasm2wat", ["--frobnicate", "m.wasm"], in: dir),
              let missing = try Self.run("wasm2wat", ["nowhere.wasm"], in: dir) else { return }
        #expect(help.status == 0)
        for option in ["-o FILE", "--fold-exprs", "--fold-instructions", "--no-debug-names", "--generate-names",
                       "--print-offsets", "--no-check", "--enable-", "--version"] {
            #expect(help.text.contains(option), "--help lacks \(option)")
        }
        #expect(version.status == 0 && version.text.hasPrefix("wasm2wat (SwiftWAT) "))
        #expect(none.status == 1 && none.stderr.contains("usage: wasm2wat"))
        #expect(unknown.status == 1 && unknown.stderr.contains("--frobnicate"))
        #expect(missing.status == 1 && missing.stderr.contains("nowhere.wasm"))
    }

    // MARK: wat2wasm

    @Test func wat2wasmTakesBinaryAndQuotedModules() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let bytes = try Self.binary("(module (func (export \"f\") (result i32) i32.const 7))")
        let escaped = bytes.map { b in "\\" + String(b, radix: 16).leftPadded(2) }.joined()
        dir.write("binary.wat", "(module $m binary \"\(escaped.prefix(30))\" \"\(escaped.dropFirst(30))\")\n")
        dir.write("quote.wat", "(module quote \"(func (export \\\"f\\\")\" \" (result i32) i32.const 7)\")\n")
        dir.write("bad-quote.wat", "(module quote \"(func (result i32))\")\n")
        dir.write("bad-binary.wat", "(module binary \"\\00asm\\01\\00\\00\\00\\01\")\n")
        guard let b = try Self.run("wat2wasm", ["binary.wat"], in: dir),
              let q = try Self.run("wat2wasm", ["quote.wat", "-o", "q.wasm"], in: dir),
              let badQuote = try Self.run("wat2wasm", ["bad-quote.wat"], in: dir),
              let badBinary = try Self.run("wat2wasm", ["bad-binary.wat"], in: dir) else { return }
        #expect(b.status == 0, "\(b.stderr)")
        #expect(dir.read("binary.wasm") == bytes)
        #expect(q.status == 0, "\(q.stderr)")
        #expect(dir.read("q.wasm") == bytes)
        // An error in the quoted text points into that text.
        #expect(badQuote.status == 1, "\(badQuote.stderr)")
        #expect(badQuote.stderr.hasPrefix("bad-quote.wat (quoted text):1:19: error: type mismatch"), "\(badQuote.stderr)")
        #expect(badQuote.stderr.contains("\n(func (result i32))\n                  ^"), "\(badQuote.stderr)")
        #expect(badBinary.status == 1 && badBinary.stderr.hasPrefix("bad-binary.wat:"), "\(badBinary.stderr)")
    }

    @Test func wat2wasmLegacyElementIndicesWarnAndStrictRefuses() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("elem.wat", "(module (func $f) (table 1 funcref) (elem $e funcref 0) (elem (i32.const 0) funcref $f))\n")
        dir.write("spec.wat", "(module (func $f) (table 1 funcref) (elem $e func 0) (elem (i32.const 0) func $f))\n")
        guard let spec = try Self.run("wat2wasm", ["--strict", "spec.wat", "-o", "spec.wasm"], in: dir),
              let legacy = try Self.run("wat2wasm", ["elem.wat", "-o", "legacy.wasm"], in: dir),
              let strict = try Self.run("wat2wasm", ["--strict", "elem.wat", "-o", "strict.wasm"], in: dir) else { return }
        #expect(legacy.status == 0, "\(legacy.stderr)")
        #expect(legacy.stderr.contains("elem.wat:1:54: warning: function indices after 'funcref' are a legacy form"), "\(legacy.stderr)")
        // The same module as the spec's `func` form.
        #expect(spec.status == 0 && spec.stderr.isEmpty, "\(spec.stderr)")
        #expect(dir.read("legacy.wasm") != nil && dir.read("legacy.wasm") == dir.read("spec.wasm"))
        #expect(strict.status == 1 && strict.stderr.contains("elem.wat:1:54: error:"), "\(strict.stderr)")
        #expect(dir.read("strict.wasm") == nil)
    }

    // MARK: wastrun --dump-modules --text

    @Test func wastrunDumpsModulesAsText() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("s.wast", """
        (module $a (func (export "f") (result i32) (i32.const 1)))
        (assert_return (invoke "f") (i32.const 1))
        (module binary "\\00asm" "\\01\\00\\00\\00")
        (module quote "(global i32 (i32.const 2))")
        """)
        guard let r = try Self.run("wastrun", ["--dump-modules", "out", "--text", "s.wast"], in: dir) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")) ?? []).sorted()
        #expect(files == ["s.0.wasm", "s.0.wat", "s.1.wasm", "s.1.wat", "s.2.wasm", "s.2.wat"], "\(files)")
        #expect(dir.read("out/s.0.wat").map { String(decoding: $0, as: UTF8.self) } == """
        (module
          (type (;0;) (func (result i32)))
          (export "f" (func 0))
          (func (;0;) (type 0) (result i32)
            i32.const 1
          )
        )

        """)
        #expect(dir.read("out/s.1.wat") == Array("(module)\n".utf8))
        #expect(dir.read("out/s.2.wat").map { String(decoding: $0, as: UTF8.self) }?.contains("(global (;0;) i32 i32.const 2)") == true)
        // Without --text only binaries.
        guard let b = try Self.run("wastrun", ["--dump-modules", "bin", "s.wast"], in: dir) else { return }
        #expect(b.status == 0)
        let binaries = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/bin")) ?? []).sorted()
        #expect(binaries == ["s.0.wasm", "s.1.wasm", "s.2.wasm"])
    }

    // MARK: wasm-validate

    @Test func wasmValidateReportsEachFileAndExitsNonZeroOnAnyError() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        dir.write("ok.wasm", try Self.binary("(module (func (result i32) i32.const 1))"))
        dir.write("bad.wasm", try Self.binary("(module (func (result i32)))"))
        dir.write("simd.wasm", try Self.binary("(module (func (result v128) v128.const i64x2 0 0))"))
        // A type section of one entry whose form byte 0x61 is no type: offset 0xb.
        dir.write("mal.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x61])
        guard let quiet = try Self.run("wasm-validate", ["ok.wasm"], in: dir),
              let verbose = try Self.run("wasm-validate", ["-v", "--threads=3", "ok.wasm", "simd.wasm"], in: dir),
              let mixed = try Self.run("wasm-validate", ["bad.wasm", "ok.wasm", "mal.wasm"], in: dir),
              let noSIMD = try Self.run("wasm-validate", ["--disable-simd", "simd.wasm"], in: dir) else { return }
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
        #expect(verbose.status == 0 && verbose.text == "ok.wasm: valid\nsimd.wasm: valid\n", "\(verbose.text)")
        // Every file is checked: the invalid one and the malformed one each get their error, at
        // the offset of what is wrong; the valid one between them prints nothing.
        #expect(mixed.status == 1 && mixed.stdout.isEmpty)
        #expect(mixed.stderr.contains("bad.wasm:0x18: error: type mismatch"), "\(mixed.stderr)")
        #expect(mixed.stderr.contains("mal.wasm:0xb: error: "), "\(mixed.stderr)")
        #expect(!mixed.stderr.contains("ok.wasm"))
        #expect(noSIMD.status == 1 && noSIMD.stderr.hasPrefix("simd.wasm:"), "\(noSIMD.stderr)")
    }

    @Test func wasmValidateUsageErrors() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        guard let help = try Self.run("wasm-validate", ["--help"], in: dir),
              let none = try Self.run("wasm-validate", [], in: dir),
              let unknown = try Self.run("wasm-validate", ["--frobnicate", "m.wasm"], in: dir),
              let threads = try Self.run("wasm-validate", ["--threads=many", "m.wasm"], in: dir),
              let missing = try Self.run("wasm-validate", ["nowhere.wasm"], in: dir) else { return }
        #expect(help.status == 0)
        for option in ["--enable-", "--verbose", "--threads=N", "features on by default"] {
            #expect(help.text.contains(option), "--help lacks \(option)")
        }
        #expect(none.status == 1 && none.stderr.contains("usage: wasm-validate"))
        #expect(unknown.status == 1 && unknown.stderr.contains("--frobnicate"))
        #expect(threads.status == 1 && threads.stderr.contains("--threads takes a number"))
        #expect(missing.status == 1 && missing.stderr.contains("nowhere.wasm"))
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
