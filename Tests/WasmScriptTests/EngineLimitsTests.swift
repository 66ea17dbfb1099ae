// The engine limits behind wastrun's `--fuel N`, `--max-memory BYTES` and `--max-call-depth N`,
// hit through scripts.
import Testing
import WasmCore
import WasmScript

@Suite struct EngineLimitsTests {
    func run(_ text: String, _ configuration: InterpreterEngine.Configuration) -> ScriptReport {
        let script = ScriptParser.parse(text, name: "limits.wast")
        return ScriptRunner().run(script, engine: InterpreterEngine(configuration: configuration))
    }

    @Test func fuelEndsAnEndlessLoop() throws {
        let text = """
            (module (func (export "spin") (loop (br 0))) (func (export "one") (result i32) (i32.const 1)))
            (assert_trap (invoke "spin") "out of fuel")
            (assert_return (invoke "one") (i32.const 1))
            """
        let r = run(text, InterpreterEngine.Configuration(fuel: 10_000))
        #expect(r.failed == 0, "\(r.description)")
        #expect(r.passed == 3)
        // The fuel is per action: the second action runs after the first used it all up.
    }

    @Test func maxMemoryRefusesLargeMemories() throws {
        let text = """
            (module (memory 16))
            (module (memory 1) (func (export "grow") (result i32) (memory.grow (i32.const 16))))
            (assert_return (invoke "grow") (i32.const -1))
            """
        let r = run(text, InterpreterEngine.Configuration(maxMemoryBytes: 10 * 65_536))
        #expect(r.failed == 1)
        #expect(r.failures.first?.line == 1)
        let f = try #require(r.failures.first?.failure)
        #expect("\(f.message) \(f.actual ?? "")".contains("out of memory: cannot allocate 16 pages"), "\(r.description)")
        #expect(r.passed == 2)
        let unlimited = run(text, InterpreterEngine.Configuration())
        #expect(unlimited.failed == 1)  // the grow succeeds without the limit
    }

    @Test func maxCallDepthBoundsRecursion() throws {
        let text = """
            (module
              (func $down (export "down") (param i32) (result i32)
                (if (result i32) (local.get 0)
                  (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
                  (else (i32.const 0)))))
            (assert_return (invoke "down" (i32.const 90)) (i32.const 90))
            (assert_exhaustion (invoke "down" (i32.const 150)) "call stack exhausted")
            """
        let r = run(text, InterpreterEngine.Configuration(maxCallDepth: 100))
        #expect(r.failed == 0, "\(r.description)")
        #expect(r.passed == 3)
        let unlimited = run(text, InterpreterEngine.Configuration())
        #expect(unlimited.failed == 1)  // depth 150 is fine with the default limit
    }
}
