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

    /// Handlers of the numeric, data and memory groups do not count the budget; the compiler
    /// bounds every run of them, so a chain of handlers still meets a check regularly.
    @Test func uncheckedRunsAreBounded() throws {
        let body = String(repeating: "(local.set 0 (i32.add (local.get 0) (i32.const 1)))\n", count: 500)
        let m = try instance("""
            (module (memory 1)
              (func (export "run") (result i32) (local i32) \(body) (local.get 0))
              (func (export "copy") (param i32 i32)
                (loop (i64.store (local.get 0) (i64.load (local.get 1)))
                      (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 8)))))))
            """)
        var checkpoints = 0
        for name in ["run", "copy"] {
            guard case .function(let f)? = m.export(name) else { Issue.record("no \(name)"); continue }
            try m.store.ensureCompiled(f.index)
            let e = m.store.funcs[f.index]
            var run = 0
            for k in 0..<e.codeCount {
                let op = e.code[k].op
                if op == .checkpoint { checkpoints += 1 }
                run = Handlers.continuesUnchecked[Int(op.rawValue)] ? run + 1 : 0
                #expect(run <= checkpointSpacing, "\(name): \(run) unchecked instructions in a row at \(k)")
            }
        }
        #expect(checkpoints >= 500 / checkpointSpacing)
        #expect(try m.call("run") == [i32(500)])
        #expect(!Handlers.continuesUnchecked[Int(Op.br.rawValue)])
        #expect(!Handlers.continuesUnchecked[Int(Op.call.rawValue)])
        #expect(Handlers.continuesUnchecked[Int(Op.i32Add.rawValue)])
    }

    /// A `call` of a wasm function carries the callee's code once the instance is linked (also
    /// for a function imported from another instance); a host function's call does not.
    @Test func directCallsAreLinked() throws {
        let store = Store()
        let host = store.allocateFunction(type: FuncType(params: [.i32], results: [.i32])) { args in args }
        store.register(["host": .function(host)], as: "env")
        let lib = try instance("(module (func (export \"twice\") (param i32) (result i32) (i32.add (local.get 0) (local.get 0))))",
                               store: store)
        store.register(lib, as: "lib")
        let m = try instance("""
            (module
              (import "lib" "twice" (func $twice (param i32) (result i32)))
              (import "env" "host" (func $host (param i32) (result i32)))
              (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
              (func (export "run") (param i32) (result i32)
                (call $host (call $twice (call $inc (local.get 0))))))
            """, store: store)
        #expect(try m.call("run", i32(20)) == [i32(42)])
        guard case .function(let f)? = m.export("run") else { Issue.record("no run"); return }
        let e = store.funcs[f.index]
        var linked = 0, unlinked = 0
        for k in 0..<e.codeCount where e.code[k].op == .call {
            let callee = store.funcs[Int(UInt32(truncatingIfNeeded: e.code[k].imm))]  // a plain call keeps its frame size above
            let bits = UInt64(e.code[k].c) << 32 | UInt64(e.code[k].a)
            if callee.host >= 0 {
                #expect(bits == 0)
                unlinked += 1
            } else {
                #expect(bits == UInt64(UInt(bitPattern: callee.code)))
                linked += 1
            }
        }
        #expect(linked == 2 && unlinked == 1)
    }
}
