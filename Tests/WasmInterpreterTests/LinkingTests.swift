import Testing
import WasmCore
@testable import WasmInterpreter

struct HostFailure: Error {}

@Suite struct LinkingTests {
    @Test func hostFunctionsAndReentrancy() throws {
        let store = Store()
        var log: [Int32] = []
        let print = store.allocateFunction(type: FuncType(params: [.i32])) { args in
            if case .i32(let v) = args[0] { log.append(Int32(bitPattern: v)) }
            return []
        }
        let add = store.allocateFunction(type: FuncType(params: [.i64, .i64], results: [.i64])) { args in
            guard case .i64(let a) = args[0], case .i64(let b) = args[1] else { return [] }
            return [.i64(a &+ b)]
        }
        let fail = store.allocateFunction(type: FuncType()) { _ in throw HostFailure() }
        let wrong = store.allocateFunction(type: FuncType(results: [.i32])) { _ in [.f32(Float(1))] }
        store.register(["print": .function(print), "add": .function(add), "fail": .function(fail), "wrong": .function(wrong)], as: "env")
        let m = try instance("""
            (module
              (import "env" "print" (func $print (param i32)))
              (import "env" "add" (func $add (param i64 i64) (result i64)))
              (import "env" "fail" (func $fail))
              (import "env" "wrong" (func $wrong (result i32)))
              (func (export "run") (result i64)
                (call $print (i32.const 7))
                (call $add (i64.const 40) (i64.const 2)))
              (func (export "fail") (call $fail))
              (func (export "wrong") (result i32) (call $wrong))
              (func (export "tail") (result i64) (return_call $add (i64.const 1) (i64.const 2))))
            """, store: store)
        #expect(try m.call("run") == [i64(42)])
        #expect(log == [7])
        #expect(try m.call("tail") == [i64(3)])
        #expect(m.trap("fail")?.phase == .trap)
        #expect(m.trap("wrong")?.message.hasPrefix("type mismatch") == true)
        // A host function may call back into wasm.
        let callback = try instance("(module (func (export \"sq\") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0))))", store: store)
        guard case .function(let sq)? = callback.export("sq") else { Issue.record("sq"); return }
        let outer = store.allocateFunction(type: FuncType(params: [.i32], results: [.i32])) { caller, args in
            try caller.store.invoke(sq, args)
        }
        let user = try instance("""
            (module (import "m" "outer" (func $o (param i32) (result i32)))
              (func (export "go") (result i32) (i32.add (call $o (i32.const 5)) (i32.const 1))))
            """, store: store, imports: ["m": ["outer": .function(outer)]])
        #expect(try user.call("go") == [i32(26)])
        #expect(try store.invoke(add, [i64(1), i64(1)]) == [i64(2)])
    }

    @Test func linkErrors() throws {
        let store = Store()
        let lib = try instance("""
            (module
              (func (export "f") (param i32))
              (global (export "g") i32 (i32.const 1))
              (global (export "mg") (mut i32) (i32.const 1))
              (memory (export "mem") 1 2)
              (table (export "tab") 2 funcref))
            """, store: store)
        store.register(lib, as: "lib")
        func linkError(_ imp: String) -> Diagnostic? {
            do {
                _ = try instance("(module \(imp))", store: store)
                return nil
            } catch { return error as? Diagnostic }
        }
        #expect(linkError("(import \"lib\" \"nope\" (func))")?.message.hasPrefix("unknown import") == true)
        #expect(linkError("(import \"nolib\" \"f\" (func))")?.phase == .link)
        #expect(linkError("(import \"lib\" \"f\" (func (param i64)))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"g\" (func))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"g\" (global (mut i32)))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"mg\" (global i32))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"g\" (global i64))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"mem\" (memory 2))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"mem\" (memory 1 1))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"mem\" (memory i64 1))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"tab\" (table 3 funcref))")?.message.hasPrefix("incompatible import type") == true)
        #expect(linkError("(import \"lib\" \"tab\" (table 1 externref))")?.message.hasPrefix("incompatible import type") == true)
        // Matching imports link: a larger memory max within the declared one, a smaller min.
        #expect(linkError("(import \"lib\" \"mem\" (memory 1 3))") == nil)
        #expect(linkError("(import \"lib\" \"tab\" (table 1 funcref))") == nil)
        #expect(linkError("(import \"lib\" \"g\" (global i32))") == nil)
        #expect(linkError("(import \"lib\" \"mg\" (global (mut i32)))") == nil)
    }

    @Test func sharedStateAcrossInstances() throws {
        let store = Store()
        let a = try instance("""
            (module
              (memory (export "mem") 1)
              (global (export "counter") (mut i32) (i32.const 0))
              (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1))))
              (func (export "peek") (result i32) (i32.load (i32.const 0))))
            """, store: store)
        store.register(a, as: "a")
        let b = try instance("""
            (module
              (import "a" "mem" (memory 1))
              (import "a" "counter" (global $c (mut i32)))
              (import "a" "bump" (func $bump))
              (func (export "go") (result i32)
                (i32.store (i32.const 0) (i32.const 77))
                (call $bump) (call $bump)
                (global.get $c)))
            """, store: store)
        #expect(try b.call("go") == [i32(2)])
        #expect(try a.call("peek") == [i32(77)])
    }

    @Test func startFunctionRunsAndItsTrapFailsInstantiation() throws {
        let store = Store()
        let m = try instance("""
            (module (global $g (mut i32) (i32.const 0))
              (func $start (global.set $g (i32.const 5)))
              (start $start)
              (func (export "g") (result i32) (global.get $g)))
            """, store: store)
        #expect(try m.call("g") == [i32(5)])
        #expect {
            try instance("(module (func $s (unreachable)) (start $s))", store: store)
        } throws: { ($0 as? Diagnostic)?.message == "unreachable" }
    }

    @Test func uncompilableBodiesFailWithADiagnostic() throws {
        // Every instruction executes; a body the validator would refuse (struct.new of a
        // function type) is a diagnostic, not a crash: of its first call, as bodies compile
        // then, or of instantiation when every body compiles there.
        let wat = "(module (type $f (func)) (func (export \"f\") (drop (struct.new $f))))"
        let m = try Store().instantiate(try unvalidated(wat))
        #expect(m.trap("f")?.message == "unknown struct type 0")
        var eager = Store.Configuration()
        eager.lazyCompilation = false
        #expect {
            try Store(configuration: eager).instantiate(try unvalidated(wat))
        } throws: { ($0 as? Diagnostic)?.message == "unknown struct type 0" }
    }

    @Test func exportNamesAreComparedByBytes() throws {
        // "Å" precomposed and decomposed are canonically equivalent but distinct wasm names.
        let m = try instance("""
            (module
              (func (export "\\u{C5}") (result i32) (i32.const 1))
              (func (export "A\\u{30A}") (result i32) (i32.const 2)))
            """)
        #expect(try m.call("\u{C5}") == [i32(1)])
        #expect(try m.call("A\u{30A}") == [i32(2)])
    }

    @Test func argumentTypesAreChecked() throws {
        let m = try instance("(module (func (export \"f\") (param i32) (result i32) (local.get 0)))")
        #expect(m.trap("f", i64(1))?.message.hasPrefix("type mismatch") == true)
        #expect(m.trap("f")?.message.hasPrefix("type mismatch") == true)
        #expect(m.trap("missing")?.phase == .link)
    }
}

@Suite struct RobustnessTests {
    /// Bodies that skipped validation (built through the package initialiser) must fail with a
    /// diagnostic, never crash the compiler.
    @Test(arguments: [
        "(module (func (result i32) (i32.add)))",
        "(module (func (br 3)))",
        "(module (func (result i32) (return)))",
        "(module (func (block (result i32) (nop))))",
        "(module (func (drop) (select)))",
    ])
    func illTypedBodiesAreDiagnosed(_ wat: String) throws {
        var eager = Store.Configuration()
        eager.lazyCompilation = false
        #expect(throws: Diagnostic.self) { try Store(configuration: eager).instantiate(try unvalidated(wat)) }
        // Compiled at the first call instead: the call fails with the diagnostic.
        let exported = wat.replacing("(func ", with: "(func (export \"f\") ")
        let m = try Store().instantiate(try unvalidated(exported))
        #expect(m.trap("f") != nil)
    }
}
