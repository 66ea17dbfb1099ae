import Testing
import WasmCore
@testable import WasmInterpreter

/// `Handlers.callPlain`: a direct call whose callee has no locals or constants to set up and
/// shares the caller's memory 0 skips the general frame set-up. Only such calls may take it.
@Suite struct PlainCallTests {
    @Test func plainCallsAreTakenOnlyWhereTheCalleeNeedsNoSetUp() throws {
        let m = try instance("""
            (module
              (memory 1)
              (func $fib (export "fib") (param i32) (result i32)
                (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
                  (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                                 (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
              (func $load (param i32) (result i32) (i32.load (local.get 0)))
              (func $withLocal (param i32) (result i32) (local i32)
                (local.set 1 (i32.mul (local.get 0) (i32.const 3))) (local.get 1))
              (func (export "calls") (param i32) (result i32)
                (i32.store (i32.const 8) (i32.const 40))
                (i32.add (call $load (local.get 0)) (call $withLocal (local.get 0)))))
            """)
        #expect(try m.call("fib", i32(20)) == [i32(6765)])
        #expect(try m.call("calls", i32(8)) == [i32(40 + 24)])
        let fib = m.disassembly("fib").split(separator: "\n")
        #expect(fib.contains { $0.contains(": i32AddImmCall ") && $0.hasSuffix(" plain") })
        #expect(fib.contains { $0.contains(": call ") && $0.hasSuffix(" plain") })
        // $load needs no set-up; $withLocal zeroes a local: the general call.
        let calls = m.disassembly("calls").split(separator: "\n").filter { $0.contains(": call ") || $0.contains("Call ") }
        #expect(calls.count == 2 && calls.filter { $0.hasSuffix(" plain") }.count == 1, "\(calls)")
    }

    @Test func aCallIntoAnotherInstancesMemoryIsNotPlain() throws {
        let store = Store()
        let lib = try instance("""
            (module (memory 1) (data (i32.const 0) "\\2a")
              (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """, store: store)
        guard let peek = lib.export("peek") else { Issue.record("no peek"); return }
        let user = try instance("""
            (module (import "lib" "peek" (func $peek (param i32) (result i32)))
              (memory 1) (data (i32.const 0) "\\07")
              (func (export "both") (result i32)
                (i32.add (i32.mul (call $peek (i32.const 0)) (i32.const 100)) (i32.load8_u (i32.const 0)))))
            """, store: store, imports: ["lib": ["peek": peek]])
        // The callee reads its own memory (42), the caller then its own (7).
        #expect(try user.call("both") == [i32(4207)])
        #expect(!user.disassembly("both").contains(" plain"))
    }

    @Test func plainCallsStillExhaustTheCallStack() throws {
        var config = Store.Configuration()
        config.maxCallDepth = 500
        let m = try instance("""
            (module (func $down (export "down") (param i32) (result i32)
              (if (result i32) (i32.lt_u (local.get 0) (i32.const 1)) (then (local.get 0))
                (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))
            """, store: Store(configuration: config))
        #expect(m.disassembly("down").contains(" plain"))
        #expect(try m.call("down", i32(400)) == [i32(0)])
        #expect(m.trap("down", i32(600))?.message == "call stack exhausted")
    }
}
