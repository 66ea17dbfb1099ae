// The script parser: every command form of the suite, values and patterns, locations, and
// robustness on broken input.
import Testing
import WasmCore
@testable import WasmScript

@Suite struct ScriptParserTests {
    func parse(_ text: String) -> Script { ScriptParser.parse(text, name: "t.wast") }

    @Test func moduleForms() throws {
        let s = parse("""
        (module $m1 (func))
        (module binary "\\00asm" "\\01\\00\\00\\00")
        (module $q quote "(func)")
        (module definition $M (func))
        (module instance $I $M)
        (module instance)
        (register "name" $m1)
        (register "cur")
        """)
        #expect(s.commands.count == 8)
        guard case .module(let m1) = s.commands[0].kind, case .text = m1.source else { Issue.record("text module"); return }
        #expect(m1.name == "m1")
        guard case .module(let b) = s.commands[1].kind, case .binary(let bytes) = b.source else { Issue.record("binary"); return }
        #expect(bytes == [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])
        guard case .module(let q) = s.commands[2].kind, case .quote(let text) = q.source else { Issue.record("quote"); return }
        #expect(q.name == "q" && text == Array("(func)".utf8))
        guard case .module(let d) = s.commands[3].kind else { Issue.record("definition"); return }
        #expect(d.isDefinition && d.name == "M")
        guard case .instance(let i, let m) = s.commands[4].kind else { Issue.record("instance"); return }
        #expect(i == "I" && m == "M")
        guard case .instance(nil, nil) = s.commands[5].kind else { Issue.record("bare instance"); return }
        guard case .register("name", "m1") = s.commands[6].kind else { Issue.record("register"); return }
        guard case .register("cur", nil) = s.commands[7].kind else { Issue.record("register current"); return }
    }

    @Test func assertions() {
        let s = parse("""
        (assert_return (invoke $m "f" (i32.const -1) (i64.const 0xffff_ffff_ffff_ffff)) (i32.const 4294967295))
        (assert_return (get "g"))
        (assert_trap (invoke "f") "unreachable")
        (assert_trap (module (func)) "out of bounds")
        (assert_exhaustion (invoke "f") "call stack exhausted")
        (assert_exception (invoke "f"))
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_malformed (module quote "(func") "unexpected end")
        (assert_malformed (module binary "") "unexpected end")
        (assert_unlinkable (module (import "a" "b" (func))) "unknown import")
        (assert_uninstantiable (module (func)) "x")
        (assert_malformed_custom (module quote "(@custom)") "@custom annotation")
        (assert_invalid_custom (module quote "(@custom \\"x\\" (after data) \\"\\")") "x")
        (invoke "f")
        (get $m "g")
        """)
        let kinds = s.commands.map(\.kind.keyword)
        #expect(kinds == ["assert_return", "assert_return", "assert_trap", "assert_trap", "assert_exhaustion",
                          "assert_exception", "assert_invalid", "assert_malformed", "assert_malformed",
                          "assert_unlinkable", "assert_uninstantiable", "assert_malformed_custom",
                          "assert_invalid_custom", "invoke", "get"])
        guard case .assertReturn(.invoke("m", "f", let args), let results) = s.commands[0].kind else {
            Issue.record("assert_return shape"); return
        }
        #expect(args == [.i32(0xFFFF_FFFF), .i64(.max)])
        #expect(results == [.i32(0xFFFF_FFFF)])
        guard case .assertModuleTrap = s.commands[3].kind else { Issue.record("assert_trap module"); return }
    }

    @Test func resultPatterns() {
        let s = parse("""
        (assert_return (invoke "f")
          (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const -0x1p-149) (f64.const -nan)
          (v128.const i8x16 -1 0 1 2 3 4 5 6 7 8 9 10 11 12 13 255)
          (v128.const f32x4 nan:canonical 1.0 nan:arithmetic -inf)
          (v128.const i64x2 -1 0x8000000000000000)
          (ref.null func) (ref.null) (ref.extern 7) (ref.extern) (ref.func) (ref.host 3)
          (ref.i31) (ref.struct) (ref.array) (ref.eq) (ref.any) (ref.null $t)
          (either (i32.const 1) (v128.const i16x8 0 1 2 3 4 5 6 -32768)))
        """)
        guard case .assertReturn(_, let r) = s.commands.first?.kind else { Issue.record("shape"); return }
        #expect(r.count == 20)
        #expect(r[0] == .f32(.canonicalNaN))
        #expect(r[1] == .f64(.arithmeticNaN))
        #expect(r[2] == .f32(.bits(0x8000_0001)))
        #expect(r[3] == .f64(.bits(0xFFF8_0000_0000_0000)))
        #expect(r[4] == .v128(.i8x16, [0xFF, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0xFF].map { .bits($0) }))
        #expect(r[5] == .v128(.f32x4, [.canonicalNaN, .bits(0x3F80_0000), .arithmeticNaN, .bits(0xFF80_0000)]))
        #expect(r[6] == .v128(.i64x2, [.bits(.max), .bits(1 << 63)]))
        #expect(r[7] == .refNull(.func))
        #expect(r[8] == .refNull(nil))
        #expect(r[9] == .refExtern(7))
        #expect(r[10] == .refType(.extern))
        #expect(r[11] == .refType(.func))
        #expect(r[12] == .refHost(3))
        #expect(r[13] == .refType(.i31))
        #expect(r[16] == .refType(.eq))
        #expect(r[17] == .refType(.any))
        #expect(r[18] == .refNull(nil))
        guard case .either(let alts) = r[19] else { Issue.record("either"); return }
        #expect(alts.count == 2)
    }

    @Test func vectorArguments() {
        let s = parse("(invoke \"f\" (v128.const i32x4 1 2 3 -1) (v128.const f64x2 1 -0) (ref.null extern) (ref.extern 2) (ref.host 1))")
        guard case .action(.invoke(nil, "f", let args)) = s.commands.first?.kind else { Issue.record("shape"); return }
        #expect(args == [
            .v128(V128(lo: 0x0000_0002_0000_0001, hi: 0xFFFF_FFFF_0000_0003)),
            .v128(V128(lo: 0x3FF0_0000_0000_0000, hi: 0x8000_0000_0000_0000)),
            .ref(.null(.extern)), .ref(.extern(2)), .ref(.host(1)),
        ])
    }

    @Test func locations() {
        let s = parse("""
        ;; comment
        (module)

          (assert_return (invoke "f"))
        """)
        guard s.commands.count == 2, case .text(let offset, _) = s.commands[1].location else {
            Issue.record("two commands with text locations"); return
        }
        let (line, col) = s.source.lineColumn(of: Int(offset))
        #expect(line == 4 && col == 3)
    }

    @Test func bareModuleFields() {
        let s = parse("(func) (memory 0) (func (export \"f\"))")
        #expect(s.commands.count == 1)
        guard case .module(let m) = s.commands.first?.kind, case .text(let module) = m.source else {
            Issue.record("one text module"); return
        }
        #expect(module.functions.count == 2 && module.memories.count == 1)
    }

    @Test func annotationsAreIgnored() {
        let s = parse("((@a) module (@a) $m (@b x) (func)) (@c) (assert_return (@x) (invoke \"f\"))")
        #expect(s.commands.count == 2)
        guard case .module(let m) = s.commands.first?.kind else { Issue.record("module"); return }
        #expect(m.name == "m")
    }

    @Test func legacySpellingsOnlyOutsideAssertMalformed() {
        let s = parse("""
        (module (func (local i32) (set_local 0 (get_local 0))))
        (assert_malformed (module quote "(func (local i32) (set_local 0 (get_local 0)))") "unknown operator")
        """)
        guard case .module(let m) = s.commands[0].kind, case .text = m.source else { Issue.record("legacy accepted"); return }
        #expect(!m.warnings.isEmpty)
        let strict = ScriptParser.parse("(module (func (drop (get_local 0))))", options: ScriptOptions(strict: true))
        guard case .module(let sm) = strict.commands[0].kind, case .textError = sm.source else {
            Issue.record("--strict rejects legacy spellings"); return
        }
    }

    @Test func brokenInputNeverCrashes() {
        let inputs = [
            "(", ")", "(module", "(assert_return", "(assert_return (invoke", "((((((", "))))", "\"unclosed",
            "(assert_return (invoke \"f\") (either))", "(register)", "(module instance $a $b $c)",
            "(assert_return (invoke \"f\") (v128.const i8x16 1 2))", "(invoke \"f\" (i32.const))",
            "(module binary \"\\zz\")", "abc (module) def", "(assert_invalid (module) )", "(assert_trap (invoke \"f\"))",
            String(repeating: "(either ", count: 500) + String(repeating: ")", count: 500),
            "(assert_return (invoke \"f\") " + String(repeating: "(either ", count: 5000) + "(i32.const 0)" + String(repeating: ")", count: 5001),
        ]
        for text in inputs {
            let s = parse(text)
            _ = runFake(text)
            #expect(s.commands.count < 10_000)
        }
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("()\"$ ;abcdefmoduleinvokeassert_return0123456789.x\n".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<120, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            _ = ScriptParser.parse(bytes, name: "fuzz")
        }
    }

    /// Each module collects only its own `@custom` annotations, found by binary search: a
    /// scan of the script's annotations per module made 30,000 annotated modules take minutes.
    @Test func annotationsOfManyModulesAreFoundPerModule() {
        let n = 20_000
        var text = ""
        for k in 0..<n { text += "(module (@custom \"c\" \"\\\(String(k % 10, radix: 16))0\"))\n" }
        text += "(@x) (@y)"
        let clock = ContinuousClock()
        var s = Script(name: "", source: SourceFile(name: "", text: ""), commands: [])
        let elapsed = clock.measure { s = ScriptParser.parse(text, name: "many.wast") }
        #expect(s.commands.count == n)
        var ok = 0
        for (k, c) in s.commands.enumerated() {
            guard case .module(let m) = c.kind, case .text(let module) = m.source else { continue }
            if module.customSections.count == 1, module.customSections[0].bytes == [UInt8(k % 10) << 4] { ok += 1 }
        }
        #expect(ok == n)
        #expect(elapsed < .seconds(60))
    }
}

@Suite struct ScriptLexicalErrorTests {
    @Test func lexicalErrorBetweenCommandsIsReported() {
        var bytes = Array("(module)\n;; bad ".utf8)
        bytes.append(0xFF)
        bytes += Array(" utf8\n(module)\n".utf8)
        let s = ScriptParser.parse(bytes, name: "lex.wast")
        #expect(s.commands.count == 3)
        guard case .malformed(let ds) = s.commands.last?.kind else { Issue.record("malformed command"); return }
        #expect(ds.first?.message == "malformed UTF-8 encoding")
    }
}

import Foundation

@Suite struct ExpandTests {
    @Test func directoriesExpandToTheirWastFilesSorted() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("wastexpand-\(getpid())").path
        try? fm.removeItem(atPath: dir)
        try fm.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        for f in ["b.wast", "a.wast", "notes.txt", "sub/c.wast"] {
            try "(module)".write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
        defer { try? fm.removeItem(atPath: dir) }
        #expect(ScriptFile.expand([dir, "x.wast"]) == [dir + "/a.wast", dir + "/b.wast", dir + "/sub/c.wast", "x.wast"])
    }
}
