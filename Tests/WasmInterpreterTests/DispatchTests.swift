import Testing
import WasmCore
@testable import WasmInterpreter

@Suite struct DispatchTests {
    @Test func everyOpHasAHandler() {
        let missing = Op.allCases.filter { Handlers.lookup($0) == nil }
        #expect(missing.isEmpty, "ops without a handler: \(missing)")
        #expect(Handlers.table.count == Op.allCases.count)
    }

    /// Chains of handlers pause every `dispatchBudget` instructions; a run far longer than the
    /// budget, through calls, returns and a loop, must resume exactly where it paused.
    @Test func longRunsPauseAndResume() throws {
        let m = try instance("""
            (module
              (func $step (param i32) (result i32) (i32.add (local.get 0) (i32.const 3)))
              (func (export "run") (param $n i32) (result i32) (local $acc i32)
                (loop $l
                  (local.set $acc (call $step (local.get $acc)))
                  (local.set $acc (i32.xor (local.get $acc) (local.get $n)))
                  (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $acc)))
            """)
        var expected: UInt32 = 0
        for n in stride(from: UInt32(100_000), through: 1, by: -1) { expected = (expected &+ 3) ^ n }
        #expect(try m.call("run", i32(100_000)) == [i32(Int32(bitPattern: expected))])
        #expect(dispatchBudget < 100_000)
    }

    /// Straight-line code longer than the budget (no branch to pause at) must not grow the
    /// native stack without bound: it runs in a debug build, where no handler is a tail call.
    @Test func longStraightLineBody() throws {
        let body = String(repeating: "(local.set 0 (i32.add (local.get 0) (i32.const 1)))\n", count: 100_000)
        let m = try instance("(module (func (export \"run\") (result i32) (local i32) \(body) (local.get 0)))")
        #expect(try m.call("run") == [i32(100_000)])
    }
}
