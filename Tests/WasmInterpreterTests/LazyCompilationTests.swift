import Foundation
import Testing
import WasmCore
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Bodies are compiled at their first call (Store+Compile.swift): instantiation compiles none, a
/// call compiles what it reaches, and the code is the same as compiling every body up front,
/// linked calls and plain calls included.
@Suite struct LazyCompilationTests {
    static func eagerStore() -> Store {
        var c = Store.Configuration()
        c.lazyCompilation = false
        return Store(configuration: c)
    }

    static func functionAddresses(_ m: Instance) -> [Int] {
        m.store.instances[m.index].funcs
    }

    @Test func instantiationCompilesNothingAndACallOnlyWhatItReaches() throws {
        var text = "(module (memory 1)\n"
        for k in 0..<300 {
            text += "(func $f\(k) (export \"f\(k)\") (param i32) (result i32) (i32.add (local.get 0) (i32.const \(k))))\n"
        }
        text += "(func (export \"run\") (param i32) (result i32) (call $f7 (call $f7 (local.get 0)))))"
        let m = try instance(text)
        let addrs = Self.functionAddresses(m)
        #expect(addrs.count == 301)
        #expect(addrs.filter(m.store.isCompiled).isEmpty)
        #expect(try m.call("run", i32(1)) == [i32(15)])
        #expect(addrs.filter(m.store.isCompiled) == [addrs[7], addrs[300]])
        #expect(m.store.lazyInstances[m.index]?.pending == 299)
        #expect(try m.call("f299", i32(1)) == [i32(300)])
        #expect(addrs.filter(m.store.isCompiled).count == 3)
    }

    /// Issue 18's large module (big-smith's 819 KB binary, 700 functions): instantiating it
    /// compiles no body, and a call of its export "]" (function 278, which calls nothing)
    /// compiles that one body and no other. Skipped when ../shared is absent.
    @Test func aLargeModuleInstantiatesUncompiledAndACallCompilesOnlyItsFunction() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/bench/corpus/big-smith.wat").standardized.path
        guard let data = FileManager.default.contents(atPath: path) else {
            print("skipped: \(path) not found")
            return
        }
        let module = try WatParser.parse(SourceFile(name: "big-smith.wat", bytes: [UInt8](data))).module
        var c = Store.Configuration()
        c.fuel = 1_000_000
        let store = Store(configuration: c)
        let m = try store.instantiate(try Validator.validate(module))
        let addrs = Self.functionAddresses(m)
        #expect(addrs.count == 700)
        #expect(addrs.filter(store.isCompiled).isEmpty)
        _ = m.trap("]", f32(1.5))  // returns or traps: either way it ran
        #expect(addrs.filter(store.isCompiled) == [addrs[278]])
    }

    /// The disassembly of every function after a run, with the code pointers of linked calls
    /// reduced to whether there is one (they differ between stores).
    static func code(_ m: Instance) -> [String] {
        functionAddresses(m).map { addr in
            m.store.disassemble(FunctionAddress(index: addr)).split(separator: "\n").map { line -> String in
                guard line.contains(": call ") || line.hasSuffix(" plain") else { return String(line) }
                return line.split(separator: " ").map { w in
                    w.hasPrefix("a=") || w.hasPrefix("c=") ? (w == "a=0" || w == "c=0" ? "0" : "ptr") : String(w)
                }.joined(separator: " ")
            }.joined(separator: "\n")
        }
    }

    @Test func lazyCodeIsTheEagerCodeWithTheSameLinks() throws {
        // Callers compiled before their callees (run before helper, helper before leaf): the
        // calls are linked, and plain where the callee allows it, once the callee compiles.
        let text = """
            (module (memory 1)
              (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
              (func $withLocal (param i32) (result i32) (local i32)
                (local.set 1 (call $leaf (local.get 0))) (i32.add (local.get 1) (i32.const 1)))
              (func $helper (param i32) (result i32) (call $withLocal (call $leaf (local.get 0))))
              (func (export "run") (param i32) (result i32)
                (i32.add (call $helper (local.get 0)) (call $leaf (i32.add (local.get 0) (i32.const 1))))))
            """
        let lazy = try instance(text)
        let eager = try instance(text, store: Self.eagerStore())
        #expect(try lazy.call("run", i32(2)) == [i32(28)])
        #expect(try eager.call("run", i32(2)) == [i32(28)])
        #expect(Self.code(lazy) == Self.code(eager))
        #expect(Self.code(lazy).joined().contains(" plain"))
    }

    @Test func everyWayOfCallingCompilesTheCallee() throws {
        let m = try instance("""
            (module
              (type $t (func (param i32) (result i32)))
              (table 2 funcref)
              (elem (i32.const 0) $viaTable $viaRef)
              (elem declare func $viaRef)
              (func $viaTable (param i32) (result i32) (i32.add (local.get 0) (i32.const 10)))
              (func $viaRef (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))
              (func $viaTail (param i32) (result i32) (i32.add (local.get 0) (i32.const 1000)))
              (func (export "indirect") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))
              (func (export "ref") (param i32) (result i32) (call_ref $t (local.get 0) (ref.func $viaRef)))
              (func (export "tail") (param i32) (result i32) (return_call $viaTail (local.get 0)))
              (func (export "tailIndirect") (param i32) (result i32)
                (return_call_indirect (type $t) (local.get 0) (i32.const 1))))
            """)
        #expect(try m.call("indirect", i32(1)) == [i32(11)])
        #expect(try m.call("ref", i32(1)) == [i32(101)])
        #expect(try m.call("tail", i32(1)) == [i32(1001)])
        #expect(try m.call("tailIndirect", i32(2)) == [i32(102)])
    }

    @Test func aStartFunctionAndDeepRecursionCompileOnce() throws {
        let m = try instance("""
            (module (global $g (mut i32) (i32.const 0))
              (func $down (param i32) (result i32)
                (if (result i32) (local.get 0)
                  (then (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))
                  (else (i32.const 0))))
              (func $start (global.set $g (call $down (i32.const 50))))
              (start $start)
              (func (export "g") (result i32) (global.get $g)))
            """)
        #expect(try m.call("g") == [i32(50)])
        #expect(m.store.uncompiled.isEmpty)
        #expect(m.store.pendingLinks.isEmpty)
    }
}
