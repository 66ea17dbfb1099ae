// The engine limits behind wastrun's `--fuel N`, `--max-memory BYTES`, `--max-call-depth N`,
// `--max-gc-heap BYTES` and `--gc-trigger BYTES`, hit through scripts.
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

    /// `--max-gc-heap`: live data beyond the limit is an exhaustion (`assert_exhaustion`), an
    /// array larger than the limit is refused before anything is allocated, garbage is not
    /// counted, and the script goes on.
    @Test func maxGCHeapIsAnExhaustion() throws {
        let text = """
            (module
              (type $a (array (mut i64)))
              (type $n (struct (field (ref null $n)) (field i64)))
              (global $g (mut (ref null $n)) (ref.null $n))
              (func (export "grow") (param $k i32)
                (loop $l
                  (global.set $g (struct.new $n (global.get $g) (i64.const 0)))
                  (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
              (func (export "release") (global.set $g (ref.null $n)))
              (func (export "array") (param i32) (result i32) (array.len (array.new_default $a (local.get 0))))
              (func (export "churn") (param $k i32) (result i32)
                (loop $l
                  (drop (array.new_default $a (i32.const 1000)))
                  (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
                (i32.const 1)))
            (assert_return (invoke "churn" (i32.const 5000)) (i32.const 1))
            (assert_exhaustion (invoke "grow" (i32.const 1000000)) "out of GC heap memory")
            (assert_exhaustion (invoke "array" (i32.const -1)) "out of GC heap memory")
            (invoke "release")
            (assert_return (invoke "array" (i32.const 100)) (i32.const 100))
            """
        let limited = run(text, InterpreterEngine.Configuration(maxGCHeapBytes: 2 << 20))
        #expect(limited.failed == 0, "\(limited.description)")
        #expect(limited.passed == 6)
        // The same under a collection at every allocation (`--gc-trigger 0`; a smaller limit, as
        // each collection marks the whole list).
        let stressed = run(text, InterpreterEngine.Configuration(maxGCHeapBytes: 128 << 10, gcTriggerBytes: 0))
        #expect(stressed.failed == 0, "\(stressed.description)")
        // Without the limit the million nodes (32 MB) fit.
        let unlimited = run(text, InterpreterEngine.Configuration())
        #expect(unlimited.failed == 1)
    }
}
