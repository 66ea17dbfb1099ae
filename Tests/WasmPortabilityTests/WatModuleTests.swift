// The analysis on modules written in WAT, as users write them: each recognised ABI, each
// memory shape, each feature class. Modules are parsed with every feature enabled and
// validated, through the same `Portability.load` the command uses.
import Testing
import WasmCore
import WasmText
@testable import WasmPortability

func report(_ wat: String) throws(PortabilityError) -> PortabilityReport {
    try Portability.analyze(bytes: Array(wat.utf8), file: "test.wat")
}

struct ABICase: Sendable, CustomTestStringConvertible {
    var name: String
    var wat: String
    var abis: [HostABI]
    var verdict: String
    var testDescription: String { name }
}

let abiCases: [ABICase] = [
    ABICase(name: "self-contained", wat: """
        (module (memory (export "memory") 1) (func (export "f") (result i32) (memory.grow (i32.const 1))))
        """, abis: [], verdict: "portable: no imports, grows its own memory, MVP"),
    ABICase(name: "WASI preview 1", wat: """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
          (memory (export "memory") 2)
          (func (export "_start")))
        """, abis: [.wasiPreview1],
        verdict: "needs host: WASI preview 1 (2 imports); exported memory of 2 pages, grown only by the host; MVP"),
    ABICase(name: "WASI unstable", wat: """
        (module (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32))))
        """, abis: [.wasiPreview1], verdict: "needs host: WASI preview 1 (1 import); no memory; MVP"),
    ABICase(name: "emscripten, legacy", wat: """
        (module
          (import "env" "memory" (memory 256 256))
          (import "env" "DYNAMICTOP_PTR" (global i32))
          (import "env" "STACKTOP" (global i32))
          (import "env" "enlargeMemory" (func (result i32)))
          (import "env" "getTotalMemory" (func (result i32)))
          (import "env" "abortOnCannotGrowMemory" (func (result i32)))
          (import "env" "___setErrNo" (func (param i32))))
        """, abis: [.emscripten], verdict: "needs host: emscripten env (7 imports); memory fixed at 256 pages; MVP"),
    ABICase(name: "emscripten, current", wat: """
        (module
          (import "env" "emscripten_resize_heap" (func (param i32) (result i32)))
          (import "env" "__syscall_openat" (func (param i32 i32 i32 i32) (result i32)))
          (import "env" "invoke_vi" (func (param i32 i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 256 32768))
        """, abis: [.emscripten, .wasiPreview1],
        verdict: "needs host: emscripten env (3 imports), WASI preview 1 (1 import); exported memory of 256 pages, grown only by the host through env.emscripten_resize_heap; MVP"),
    ABICase(name: "musl syscalls", wat: """
        (module
          (import "env" "__syscall0" (func (param i32) (result i32)))
          (import "env" "__syscall3" (func (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 2)
          (func (export "_start")))
        """, abis: [.muslSyscalls],
        verdict: "needs host: musl syscalls (2 imports); exported memory of 2 pages, grown only by the host; MVP"),
    ABICase(name: "wasm-bindgen", wat: """
        (module
          (import "wbg" "__wbg_log_53d1a4c0" (func (param i32 i32)))
          (import "wbg" "__wbindgen_throw" (func (param i32 i32))))
        """, abis: [.wasmBindgen], verdict: "needs host: wasm-bindgen (2 imports); no memory; MVP"),
    ABICase(name: "Go", wat: """
        (module
          (import "gojs" "runtime.wasmExit" (func (param i32)))
          (import "gojs" "syscall/js.valueGet" (func (param i32))))
        """, abis: [.go], verdict: "needs host: Go syscall/js (2 imports); no memory; MVP"),
    ABICase(name: "AssemblyScript", wat: """
        (module
          (import "env" "abort" (func (param i32 i32 i32 i32)))
          (import "env" "seed" (func (result f64)))
          (memory (export "memory") 1))
        """, abis: [.assemblyScript],
        verdict: "needs host: AssemblyScript env (2 imports); exported memory of 1 page, grown only by the host; MVP"),
    ABICase(name: "spectest", wat: """
        (module (import "spectest" "print_i32" (func (param i32))) (import "spectest" "global_i32" (global i32)))
        """, abis: [.spectest], verdict: "needs host: spectest host (2 imports); no memory; MVP"),
    ABICase(name: "unknown", wat: """
        (module (import "host" "log" (func (param i32))))
        """, abis: [.unknown], verdict: "needs host: unrecognised host.log; no memory; MVP"),
    ABICase(name: "linker memory", wat: """
        (module (import "env" "memory" (memory 2)) (func (export "f")))
        """, abis: [.linker],
        verdict: "needs host: linker-provided env.memory; imported memory of 2 pages, grown only by the host; MVP"),
]

@Suite struct WatABITests {
    @Test(arguments: abiCases)
    func recognises(_ c: ABICase) throws {
        let r = try report(c.wat)
        #expect(r.host.abis.map(\.abi) == c.abis)
        #expect(r.verdict.summary == c.verdict)
    }
}

struct MemoryCase: Sendable, CustomTestStringConvertible {
    var name: String
    var wat: String
    var growth: MemoryGrowth
    var phrase: String
    var testDescription: String { name }
}

let memoryCases: [MemoryCase] = [
    MemoryCase(name: "none", wat: "(module)", growth: .noMemory, phrase: "no memory"),
    MemoryCase(name: "defined, fixed", wat: "(module (memory 3 3))", growth: .fixed, phrase: "memory fixed at 3 pages"),
    MemoryCase(name: "defined, private, no max", wat: "(module (memory 3))", growth: .fixed, phrase: "memory fixed at 3 pages"),
    MemoryCase(name: "defined, grows", wat: """
        (module (memory 1 8) (func (drop (memory.grow (i32.const 1)))))
        """, growth: .code, phrase: "grows its own memory (1 to 8 pages)"),
    MemoryCase(name: "grows, but maximum is initial", wat: """
        (module (memory 2 2) (func (drop (memory.grow (i32.const 1)))))
        """, growth: .code, phrase: "memory fixed at 2 pages (its memory.grow can only fail)"),
    MemoryCase(name: "imported, host grows", wat: """
        (module (import "env" "memory" (memory 16)) (import "env" "enlargeMemory" (func (result i32))))
        """, growth: .host, phrase: "imported memory of 16 pages, grown only by the host through env.enlargeMemory"),
    MemoryCase(name: "imported, code grows", wat: """
        (module (import "env" "memory" (memory 1)) (func (drop (memory.grow (i32.const 1)))))
        """, growth: .code, phrase: "grows its own memory"),
    MemoryCase(name: "64-bit", wat: """
        (module (memory i64 1) (func (drop (memory.grow (i64.const 1)))))
        """, growth: .code, phrase: "grows its own memory"),
    MemoryCase(name: "shared", wat: "(module (memory 1 1 shared))", growth: .fixed, phrase: "memory fixed at 1 page"),
    MemoryCase(name: "two memories", wat: "(module (memory 1) (memory 2))", growth: .fixed,
               phrase: "memory fixed at 1 page (+1 more memory)"),
]

@Suite struct WatMemoryTests {
    @Test(arguments: memoryCases)
    func shape(_ c: MemoryCase) throws {
        let r = try report(c.wat)
        #expect(r.memory.growth == c.growth)
        #expect(Portability.memoryPhrase(r.memory) == c.phrase)
    }

    @Test func linkerSymbolsAndData() throws {
        let r = try report("""
            (module
              (memory (export "memory") 2)
              (global $__stack_pointer (mut i32) (i32.const 66576))
              (global (export "__heap_base") i32 (i32.const 66576))
              (global (export "__data_end") i32 (i32.const 1030))
              (data (i32.const 1024) "hello\\00"))
            """)
        #expect(r.memory.heapBase?.value == 66576)
        #expect(r.memory.dataEnd?.value == 1030)
        #expect(r.memory.stackPointer?.globalIndex == 0)
        #expect(r.memory.data.start == 1024)
        #expect(r.memory.data.end == 1030)
    }
}

struct FeatureCase: Sendable, CustomTestStringConvertible {
    var feature: Feature
    var wat: String
    var testDescription: String { feature.flagName }
}

let featureCases: [FeatureCase] = [
    FeatureCase(feature: .signExtension, wat: "(module (func (param i32) (result i32) (i32.extend8_s (local.get 0))))"),
    FeatureCase(feature: .saturatingFloatToInt, wat: "(module (func (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))"),
    FeatureCase(feature: .multiValue, wat: "(module (func (result i32 i32) (i32.const 1) (i32.const 2)))"),
    FeatureCase(feature: .bulkMemory, wat: "(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))))"),
    FeatureCase(feature: .referenceTypes, wat: "(module (table 1 externref))"),
    FeatureCase(feature: .simd, wat: "(module (func (result v128) (v128.const i32x4 0 0 0 0)))"),
    FeatureCase(feature: .relaxedSimd, wat: """
        (module (func (param v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 0))))
        """),
    FeatureCase(feature: .tailCall, wat: "(module (func $f (return_call $f)))"),
    FeatureCase(feature: .exceptions, wat: "(module (tag $e (param i32)) (func (throw $e (i32.const 1))))"),
    FeatureCase(feature: .legacyExceptions, wat: "(module (func (try (do) (catch_all))))"),
    FeatureCase(feature: .gc, wat: "(module (type $p (struct (field i32))) (func (result (ref $p)) (struct.new $p (i32.const 1))))"),
    FeatureCase(feature: .functionReferences, wat: """
        (module (type $t (func)) (func $f (type $t)) (elem declare func $f)
          (func (call_ref $t (ref.func $f))))
        """),
    FeatureCase(feature: .memory64, wat: "(module (memory i64 1))"),
    FeatureCase(feature: .multiMemory, wat: """
        (module (memory 1) (memory $b 1) (func (result i32) (i32.load $b (i32.const 0))))
        """),
    FeatureCase(feature: .extendedConst, wat: "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"),
    FeatureCase(feature: .threads, wat: "(module (memory 1 1 shared))"),
    FeatureCase(feature: .customDescriptors, wat: """
        (module (rec (type $a (descriptor $b) (struct)) (type $b (describes $a) (struct))))
        """),
    FeatureCase(feature: .customDescriptors, wat: "(module (type $t (struct)) (global (ref null (exact $t)) (ref.null none)))"),
    FeatureCase(feature: .customDescriptors, wat: "(module (type $f (func)) (import \"m\" \"f\" (func (exact (type $f)))))"),
    FeatureCase(feature: .customDescriptors, wat: "(module (type $t (struct)) (func (param anyref) (result i32) (ref.test (ref (exact $t)) (local.get 0))))"),
]

@Suite struct WatFeatureTests {
    @Test(arguments: featureCases)
    func detects(_ c: FeatureCase) throws {
        let r = try report(c.wat)
        #expect(r.features.set.contains(c.feature), "\(r.features.summary)")
    }

    @Test func mvpModuleUsesOnlyMVP() throws {
        let r = try report("""
            (module (memory 1) (table 1 funcref) (func $f (param i32) (result i32)
              (i32.load (local.get 0))) (elem (i32.const 0) $f))
            """)
        #expect(r.features.used.map(\.feature) == [.mvp])
    }
}

@Suite struct WatErrorTests {
    @Test func malformedTextPointsAtLineAndColumn() {
        #expect(throws: PortabilityError.self) { try report("(module\n  (func (i32.bogus)))") }
        do {
            _ = try report("(module\n  (func (i32.bogus)))")
        } catch {
            #expect(error.rendered().hasPrefix("test.wat:2:"))
        }
    }

    @Test func invalidModuleIsAnError() {
        do {
            _ = try report("(module (func (result i32) (i64.const 1)))")
            Issue.record("expected a validation error")
        } catch {
            #expect(error.diagnostics.first?.phase == .validate)
            #expect(error.rendered().hasPrefix("test.wat:1:"))
            #expect(error.rendered().contains("type mismatch"))
        }
    }

    @Test func malformedBinaryPointsAtAnOffset() {
        do {
            _ = try Portability.analyze(bytes: [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0x01, 0x05], file: "bad.wasm")
            Issue.record("expected a decode error")
        } catch {
            #expect(error.rendered().hasPrefix("bad.wasm:0x"))
        }
    }

    @Test func aWasmFileWithoutTheMagicIsABrokenBinary() {
        do {
            _ = try Portability.analyze(bytes: Array("(module)".utf8), file: "text.wasm")
            Issue.record("expected a decode error")
        } catch {
            #expect(error.rendered() == "text.wasm:0x0: error: magic header not detected")
        }
    }
}

extension WatErrorTests {
    @Test func jsonListsFailuresWithTheirLocation() {
        let good: Result<PortabilityReport, PortabilityError> = .success(Portability.analyze(Module()))
        let bad: Result<PortabilityReport, PortabilityError>
        do {
            bad = .success(try report("(module\n  (func (result i32) (i64.const 1)))"))
        } catch {
            bad = .failure(error)
        }
        let json = Portability.json([(file: "a.wasm", result: good), (file: "test.wat", result: bad)])
        #expect(json.contains(#""file": "a.wasm""#))
        #expect(json.contains(#""phase": "validate""#))
        #expect(json.contains(#""location": "test.wat:2:"#))
    }
}
