// The runner must report each kind of failure distinctly, at the right place.
import Testing
import WasmCore
@testable import WasmScript

@Suite struct RunnerTests {
    @Test func passingScript() {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
        (assert_trap (invoke "div0") "integer divide")
        (assert_exhaustion (invoke "loop") "call stack exhausted")
        (assert_exception (invoke "throw"))
        (assert_return (get "g") (i32.const 42))
        (invoke "add")
        """)
        #expect(r.passed == 7)
        #expect(r.failed == 0)
    }

    @Test func wrongValue() throws {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
        """)
        #expect(r.failed == 1)
        let f = try #require(r.failures.first)
        #expect(f.line == 2 && f.column == 1)
        #expect(f.failure?.message == "wrong return values")
        #expect(f.failure?.expected == "i32.const 4")
        #expect(f.failure?.actual == "i32.const 3")
        #expect(r.description.contains("test.wast:2:1: assertion failed: assert_return: wrong return values"))
    }

    @Test func wrongTrapMessage() throws {
        let r = runFake("""
        (module binary "m")
        (assert_trap (invoke "oob") "integer divide by zero")
        """)
        let f = try #require(r.failures.first?.failure)
        #expect(f.message == "wrong trap message")
        #expect(f.actual == "trap \"out of bounds memory access\"")
    }

    @Test func missingTrap() throws {
        let r = runFake("""
        (module binary "m")
        (assert_trap (invoke "add" (i32.const 1)) "integer divide by zero")
        """)
        let f = try #require(r.failures.first?.failure)
        #expect(f.message == "expected trap, but the action returned")
        #expect(f.actual == "i32.const 1")
    }

    @Test func invalidModuleThatIsValid() throws {
        let r = runFake("""
        (assert_invalid (module binary "fine") "type mismatch")
        (assert_invalid (module binary "invalid:type mismatch: expected i32") "type mismatch")
        (assert_invalid (module binary "invalid:unknown local") "type mismatch")
        """)
        #expect(r.results.map { $0.outcome == .passed } == [false, true, false])
        #expect(r.results[0].failure?.message == "expected validation error, but the module is valid")
        #expect(r.results[0].failure?.actual == "no error")
        #expect(r.results[2].failure?.message == "wrong validation error message")
    }

    @Test func malformedBinaryMessages() throws {
        let r = runFake("""
        (assert_malformed (module binary "malformed:unexpected end of section") "unexpected end")
        (assert_malformed (module binary "malformed:magic header not detected") "unexpected end")
        (assert_malformed (module binary "fine") "unexpected end")
        (assert_malformed (module quote "bad") "unknown operator")
        (assert_malformed (module quote "good") "unknown operator")
        """)
        #expect(r.results.map { $0.outcome == .passed } == [true, false, false, true, false])
        #expect(r.results[1].failure?.message == "wrong malformed message")
        #expect(r.results[2].failure?.message == "expected a malformed module, but it decoded")
        #expect(r.results[4].failure?.message == "expected a malformed module, but it parsed")
    }

    @Test func linkingAndInstantiation() {
        let r = runFake("""
        (assert_unlinkable (module binary "needs:env") "unknown import")
        (module $env binary "env")
        (register "env" $env)
        (module binary "needs:env")
        (assert_unlinkable (module binary "unlinkable:incompatible import type") "incompatible import")
        (assert_trap (module binary "trap:out of bounds table access") "out of bounds table access")
        (assert_trap (module binary "fine") "out of bounds")
        (assert_unlinkable (module binary "trap:x") "unknown import")
        """)
        #expect(r.results.map { $0.outcome == .passed } == [true, true, true, true, true, true, false, false])
        #expect(r.results[6].failure?.message == "expected trap, but the module instantiated")
        #expect(r.results[7].failure?.message.hasPrefix("expected link error, got trap") == true)
    }

    @Test func failedModuleMakesLaterCommandsFailCleanly() throws {
        let r = runFake("""
        (module $a binary "a")
        (module $b binary "invalid:type mismatch")
        (assert_return (invoke "add" (i32.const 1)) (i32.const 1))
        (assert_return (invoke $a "add" (i32.const 1)) (i32.const 1))
        (assert_return (invoke $b "add" (i32.const 1)) (i32.const 1))
        (assert_return (invoke $nope "add") (i32.const 1))
        """)
        #expect(r.results.map { $0.outcome == .passed } == [true, false, false, true, false, false])
        #expect(r.results[2].failure?.message.contains("not available") == true)
        #expect(r.results[5].failure?.message == "unknown module instance $nope")
    }

    @Test func unsupportedGoesOn() {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "simd") (v128.const i32x4 0 0 0 0))
        (script $s (module))
        (assert_return (invoke "add" (i32.const 2)) (i32.const 2))
        """)
        #expect(r.results[1].failure?.message == "unsupported: SIMD")
        #expect(r.results[2].failure?.message.hasPrefix("unsupported:") == true)
        #expect(r.results[3].outcome == .passed)
    }

    @Test func definitionsAndInstances() {
        let r = runFake("""
        (module definition $M binary "abc")
        (module instance $I1 $M)
        (module instance $I2 $M)
        (assert_return (invoke $I1 "tag") (i32.const 3))
        (assert_return (invoke "tag") (i32.const 3))
        (module instance $I3 $Missing)
        """)
        #expect(r.results.map { $0.outcome == .passed } == [true, true, true, true, true, false])
    }

    @Test func failFastStops() {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "add") (i32.const 1))
        (assert_return (invoke "add") (i32.const 0))
        """, options: ScriptOptions(failFast: true))
        #expect(r.results.count == 2)
        #expect(r.stoppedEarly)
    }

    @Test func malformedCommandDoesNotStopTheScript() {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "add" (i32.const 99999999999)) (i32.const 0))
        (assert_bogus)
        (assert_return (invoke "add") (i32.const 0))
        """)
        #expect(r.results.count == 4)
        #expect(r.results[1].failure?.message.contains("constant out of range") == true)
        #expect(r.results[2].failure?.message.contains("unknown command") == true)
        #expect(r.results[3].outcome == .passed)
    }

    @Test func patternsAgainstEngineValues() {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "nan") (f32.const nan:canonical))
        (assert_return (invoke "nan") (f32.const nan:arithmetic))
        (assert_return (invoke "nan64") (f64.const nan:arithmetic))
        (assert_return (invoke "nan64") (f64.const nan:0x1))
        (assert_return (invoke "extern") (ref.extern 1))
        (assert_return (invoke "extern") (ref.extern 2))
        (assert_return (invoke "extern") (ref.extern))
        (assert_return (invoke "func") (ref.func))
        (assert_return (invoke "func") (ref.any))
        (assert_return (invoke "null") (ref.null func))
        (assert_return (invoke "null") (ref.null))
        (assert_return (invoke "add" (i32.const 1)) (either (i32.const 2) (i32.const 1)))
        """)
        #expect(r.results.map { $0.outcome == .passed } ==
                [true, true, true, false, true, true, false, true, true, false, true, true, true])
    }

    @Test func jsonAndJUnitReports() {
        let r = runFake("""
        (module binary "m")
        (assert_return (invoke "add") (i32.const 1))
        """)
        let json = ReportFormat.json([r])
        #expect(json.contains("\"failed\":1"))
        #expect(json.contains("\"line\":2"))
        let xml = ReportFormat.junit([r])
        #expect(xml.contains("<failure message=\"wrong return values\">"))
        #expect(xml.contains("tests=\"2\""))
    }
}

@Suite struct RoundtripOptionTests {
    @Test func roundtripMismatchFailsTheModule() {
        let script = ScriptParser.parse("(module binary \"m\")\n(assert_return (invoke \"add\") (i32.const 0))", name: "t.wast")
        var runner = ScriptRunner<FakeEngine>(options: ScriptOptions(roundtrip: true))
        var hooks = FrontendHooks.fake
        hooks.roundtrip = { _, _ in "encodings differ at byte 0x8" }
        runner.frontend = hooks
        let r = runner.run(script, engine: FakeEngine())
        #expect(r.results.first?.failure?.message == "roundtrip: encodings differ at byte 0x8")
        #expect(r.results.last?.failure?.message.contains("roundtrip") == true)
    }
}

@Suite struct RenderingTests {
    @Test func vectorsRenderInThePatternsShape() {
        let v = ScriptValue.v128(V128(lanes: [0x3F80_0000, 0x7FC0_0000, 0, 0x8000_0000], shape: .f32x4))
        #expect(v.described(like: .v128(.f32x4, [])) == "v128.const f32x4 1.0 (0x3f800000) nan 0.0 -0.0")
        #expect(v.described(like: .v128(.i16x8, [])) == "v128.const i16x8 0 16256 0 32704 0 0 0 -32768")
        #expect(v.described(like: .i32(0)) == v.description)
    }
}

@Suite struct LegacyAssertionTests {
    @Test func oldNaNAssertions() {
        let r = runFake("""
        (module binary "m")
        (assert_return_canonical_nan (invoke "nan"))
        (assert_return_arithmetic_nan (invoke "nan64"))
        (assert_return_arithmetic_nan (invoke "add" (i32.const 1)))
        """)
        #expect(r.results.map { $0.outcome == .passed } == [true, true, false, false])
    }
}
