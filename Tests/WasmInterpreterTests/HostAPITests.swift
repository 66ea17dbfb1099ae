import Testing
import WasmCore
@testable import WasmInterpreter

/// Counts live instances of itself: a host closure that captures one shows whether the
/// closure (and so the store holding it) was freed.
final class LifeToken {
    nonisolated(unsafe) static var live = 0
    init() { LifeToken.live += 1 }
    deinit { LifeToken.live -= 1 }
}

@Suite(.serialized) struct HostAPITests {
    /// A host function that calls back into wasm and reads the caller's memory through its
    /// `Caller` keeps no reference to the store: once the embedder lets go of it, the store,
    /// its host closures and what they captured are freed.
    @Test func storeIsFreedWithItsHostFunctions() throws {
        weak var weakStore: Store?
        let before = LifeToken.live
        do {
            let store = Store()
            weakStore = store
            let token = LifeToken()
            let sum = store.allocateFunction(type: FuncType(params: [.i32, .i32], results: [.i32])) { caller, args in
                _ = token
                guard case .i32(let p) = args[0], case .i32(let n) = args[1] else { return [] }
                guard case .function(let square)? = caller.instance?.export("square") else { return [] }
                var total: UInt32 = 0
                for k in 0..<n {
                    let byte = try caller.read(UInt8.self, at: UInt64(p &+ k))
                    guard case .i32(let sq) = try caller.store.invoke(square, [.i32(UInt32(byte))]).first else { return [] }
                    total &+= sq
                }
                return [.i32(total)]
            }
            store.register(["sum": .function(sum)], as: "env")
            let m = try instance("""
                (module
                  (import "env" "sum" (func $sum (param i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 8) "\\01\\02\\03")
                  (func (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
                  (func (export "run") (result i32) (call $sum (i32.const 8) (i32.const 3))))
                """, store: store)
            #expect(try m.call("run") == [i32(14)])
            #expect(LifeToken.live == before + 1)
        }
        #expect(weakStore == nil)
        #expect(LifeToken.live == before)
    }

    /// The caller's instance and memory 0; an invoke from the host has neither.
    @Test func callerSeesTheCallingInstanceAndItsMemory() throws {
        let store = Store()
        var seen: [Int?] = []
        var sizes: [UInt64] = []
        let probe = store.allocateFunction(type: FuncType(params: [.i32])) { caller, args in
            seen.append(caller.instance?.index)
            sizes.append(caller.memoryByteCount)
            if case .i32(let a) = args[0], caller.memory != nil {
                try caller.write(UInt32(0xDEAD_BEEF), at: UInt64(a))
                try caller.writeBytes([1, 2], at: UInt64(a) + 4)
            }
            return []
        }
        store.register(["probe": .function(probe)], as: "env")
        let a = try instance("""
            (module (import "env" "probe" (func $p (param i32))) (memory (export "memory") 2)
              (func (export "run") (param i32) (result i32) (call $p (local.get 0)) (i32.load (local.get 0)))
              (func (export "tail") (param i32) (return_call $p (local.get 0))))
            """, store: store)
        let b = try instance("""
            (module (import "env" "probe" (func $p (param i32)))
              (func (export "run") (call $p (i32.const 0))))
            """, store: store)
        #expect(try a.call("run", i32(16)) == [i32(Int32(bitPattern: 0xDEAD_BEEF))])
        try b.call("run")
        try a.call("tail", i32(32))
        _ = try store.invoke(probe, [i32(0)])
        #expect(seen == [a.index, b.index, a.index, nil])
        #expect(sizes == [2 * 65_536, 0, 2 * 65_536, 0])
        guard case .memory(let mem)? = a.export("memory") else { Issue.record("memory"); return }
        #expect(try store.readMemory(mem, at: 16, count: 6) == [0xEF, 0xBE, 0xAD, 0xDE, 1, 2])
        #expect(try store.readMemory(mem, at: 32, count: 4) == [0xEF, 0xBE, 0xAD, 0xDE])
        // Out of bounds is a trap, not a crash.
        #expect(a.trap("run", i32(2 * 65_536 - 2))?.message == "out of bounds memory access")
    }

    /// `Diagnostic.exit` thrown by a host function ends the run through every frame, also
    /// across a nested invoke, and arrives as it was thrown.
    @Test func exitUnwindsEveryFrame() throws {
        let store = Store()
        let exit = store.allocateFunction(type: FuncType(params: [.i32])) { args in
            guard case .i32(let c) = args[0] else { return [] }
            throw Diagnostic.exit(Int32(bitPattern: c))
        }
        store.register(["exit": .function(exit)], as: "env")
        let inner = try instance("""
            (module (import "env" "exit" (func $exit (param i32)))
              (func $deep (param i32) (if (local.get 0) (then (call $deep (i32.sub (local.get 0) (i32.const 1)))) (else (call $exit (i32.const 3)))))
              (func (export "run") (call $deep (i32.const 50)) unreachable))
            """, store: store)
        guard case .function(let run)? = inner.export("run") else { Issue.record("run"); return }
        let nested = store.allocateFunction(type: FuncType()) { caller, _ in try caller.store.invoke(run, []) }
        let outer = try instance("""
            (module (import "env" "nested" (func $n)) (func (export "go") (call $n) unreachable))
            """, store: store, imports: ["env": ["nested": .function(nested)]])
        for d in [inner.trap("run"), outer.trap("go")] {
            #expect(d?.phase == .exit)
            #expect(d?.exitCode == 3)
        }
        // The store is usable afterwards.
        #expect(try instance("(module (func (export \"one\") (result i32) (i32.const 1)))", store: store).call("one") == [i32(1)])
    }
}
