// Every recognised host ABI, and what is not recognised.
import Foundation
import Testing
import WasmCore
@testable import WasmPortability

@Suite struct HostABITests {
    private func abis(_ build: (inout ModuleBuilder) -> Void) -> PortabilityReport {
        var b = ModuleBuilder()
        build(&b)
        return Portability.analyze(b.module)
    }

    @Test func wasiPreview1AndItsOlderName() {
        let r = abis { b in
            b.importFunc("wasi_snapshot_preview1", "fd_write", [.i32, .i32, .i32, .i32], [.i32])
            b.importFunc("wasi_snapshot_preview1", "proc_exit", [.i32])
            b.importFunc("wasi_unstable", "args_get", [.i32, .i32], [.i32])
        }
        #expect(r.host.abis == [ABIUse(abi: .wasiPreview1, modules: ["wasi_snapshot_preview1", "wasi_unstable"], count: 3)])
        #expect(r.host.groups.map(\.module) == ["wasi_snapshot_preview1", "wasi_unstable"])
        #expect(r.verdict.summary.hasPrefix("needs host: WASI preview 1 (3 imports); no memory"))
    }

    /// WASI's own interface: which capabilities the imported functions need, and names that
    /// are under a WASI module name but not in preview 1; emscripten's WASI-named imports and
    /// musl's syscalls stay apart from it.
    @Test func wasiCapabilities() {
        let r = abis { b in
            b.importFunc("wasi_snapshot_preview1", "clock_time_get", [.i32, .i64, .i32], [.i32])
            b.importFunc("wasi_snapshot_preview1", "random_get", [.i32, .i32], [.i32])
            b.importFunc("wasi_snapshot_preview1", "path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32], [.i32])
            b.importFunc("wasi_snapshot_preview1", "fd_write", [.i32, .i32, .i32, .i32], [.i32])
            b.importFunc("wasi_snapshot_preview1", "thread_spawn", [.i32], [.i32])
            b.importFunc("env", "__syscall3", [.i32, .i32, .i32, .i32], [.i32])
        }
        #expect(r.host.wasi?.capabilities == [.streams, .fileSystem, .clocks, .random])
        #expect(r.host.wasi?.functions == ["clock_time_get", "random_get", "path_open", "fd_write"])
        #expect(r.host.wasi?.unknown == ["thread_spawn"])
        #expect(r.host.abis.map(\.abi) == [.wasiPreview1, .muslSyscalls])
        #expect(r.text().contains("WASI preview 1 capabilities: streams, files (needs preopened directories), clocks, random"))
        #expect(r.text().contains("not in WASI preview 1 (no preview 1 host links them): thread_spawn"))
        #expect(r.json().replacingOccurrences(of: " ", with: "").contains("\"capabilities\":[\"streams\",\"filesystem\",\"clocks\",\"random\"]"))
        let none = abis { b in b.importFunc("env", "__syscall1", [.i32, .i32], [.i32]) }
        #expect(none.host.wasi == nil)
    }

    @Test func currentEmscriptenFamilies() {
        let r = abis { b in
            b.importFunc("env", "emscripten_memcpy_js", [.i32, .i32, .i32])
            b.importFunc("env", "__syscall_openat", [.i32, .i32, .i32, .i32], [.i32])
            b.importFunc("env", "invoke_vii", [.i32, .i32, .i32])
            b.importFunc("env", "_tzset_js", [.i32, .i32, .i32])
            b.importFunc("env", "emscripten_resize_heap", [.i32], [.i32])
            b.importFunc("wasi_snapshot_preview1", "fd_close", [.i32], [.i32])
        }
        #expect(r.host.abis.map(\.abi) == [.emscripten, .wasiPreview1])
        #expect(r.host.abis.first?.count == 5)
        #expect(r.memory.hostGrowthImports == ["env.emscripten_resize_heap"])
    }

    @Test func muslSyscallsNeedDigits() {
        let r = abis { b in
            b.importFunc("env", "__syscall3", [.i32, .i32, .i32, .i32], [.i32])
            b.importFunc("env", "__syscall_getpid", [], [.i32])
            b.importFunc("env", "__syscall", [.i32], [.i32])
        }
        #expect(r.host.groups[0].items.map(\.abi) == [.muslSyscalls, .emscripten, .unknown])
        #expect(r.host.groups[0].abis == [.muslSyscalls, .emscripten, .unknown])
    }

    @Test func wasmBindgenUnderAnyModuleName() {
        let r = abis { b in
            b.importFunc("wbg", "__wbg_log_1d3ae0e3", [.i32, .i32])
            b.importFunc("./pkg_bg.js", "__wbindgen_throw", [.i32, .i32])
            b.importFunc("__wbindgen_placeholder__", "describe", [.i32])
        }
        #expect(r.host.abis == [ABIUse(abi: .wasmBindgen, modules: ["wbg", "./pkg_bg.js", "__wbindgen_placeholder__"], count: 3)])
    }

    @Test func goHosts() {
        let r = abis { b in
            b.importFunc("gojs", "runtime.wasmExit", [.i32])
            b.importFunc("go", "debug", [.i32])
        }
        #expect(r.host.abis.map(\.abi) == [.go])
        #expect(r.host.abis.first?.count == 2)
    }

    @Test func assemblyScriptAbortNeedsItsSignature() {
        let r = abis { b in
            b.importFunc("env", "abort", [.i32, .i32, .i32, .i32])
            b.importFunc("env", "seed", [], [.f64])
            b.importMemory("env", "memory", 1)
        }
        #expect(r.host.abis == [ABIUse(abi: .assemblyScript, modules: ["env"], count: 3)])
        let emscripten = abis { b in b.importFunc("env", "abort", [.i32]) }
        #expect(emscripten.host.abis.map(\.abi) == [.emscripten])
    }

    @Test func spectestHost() {
        let r = abis { b in
            b.importFunc("spectest", "print_i32", [.i32])
            b.importGlobal("spectest", "global_i32")
            b.importMemory("spectest", "memory", 1, 2)
        }
        #expect(r.host.abis == [ABIUse(abi: .spectest, modules: ["spectest"], count: 3)])
        #expect(r.verdict.summary == "needs host: spectest host (3 imports); imported memory of 1 page, grown only by the host; MVP")
    }

    @Test func unknownImportsAreListedByName() {
        let r = abis { b in
            b.importFunc("env", "host_log", [.i32, .i32], [.i32])
            b.importFunc("console", "log", [.i32])
        }
        #expect(r.host.abis == [ABIUse(abi: .unknown, modules: ["env", "console"], count: 2)])
        #expect(r.verdict.summary == "needs host: unrecognised env.host_log, console.log; no memory; MVP")
        let many = abis { b in for i in 0..<5 { b.importFunc("m", "f\(i)") } }
        #expect(many.verdict.summary.hasPrefix("needs host: unrecognised m.f0, m.f1, m.f2 and 2 more;"))
    }

    @Test func linkerImportsAloneOrAdopted() {
        let alone = abis { b in b.importMemory("env", "memory", 2) }
        #expect(alone.host.abis.map(\.abi) == [.linker])
        #expect(alone.verdict.summary == "needs host: linker-provided env.memory; imported memory of 2 pages, grown only by the host; MVP")
        // Next to an unknown function the memory stays the linker's: unknown functions own nothing.
        let mixed = abis { b in
            b.importMemory("env", "memory", 2)
            b.importFunc("env", "host_log", [.i32, .i32], [.i32])
        }
        #expect(mixed.host.groups[0].items.map(\.abi) == [.linker, .unknown])
    }

    @Test func noImportsIsSelfContained() {
        let r = abis { b in b.function([]) }
        #expect(r.host.isSelfContained)
        #expect(r.host.importCount == 0)
        #expect(r.verdict.summary == "portable: no imports, no memory, MVP")
    }

    @Test func importTypesAreWrittenAsText() {
        let r = abis { b in
            b.importFunc("env", "f", [.i64, .funcref], [.f32, .f64])
            b.importGlobal("env", "g", .externref, mutable: true)
            b.importMemory("env", "m", 1, 10, shared: true)
        }
        #expect(r.host.groups[0].items.map(\.type) == [
            "func (param i64 funcref) (result f32 f64)", "global (mut externref)", "memory 1 10 shared",
        ])
    }
}

extension HostABITests {
    @Test func muslLeavesTheMemoryToTheLinker() {
        var b = ModuleBuilder()
        b.importFunc("env", "__syscall1", [.i32, .i32], [.i32])
        b.importMemory("env", "memory", 2, 6)
        let r = Portability.analyze(b.module)
        #expect(r.host.abis == [ABIUse(abi: .muslSyscalls, modules: ["env"], count: 1), ABIUse(abi: .linker, modules: ["env"], count: 1)])
        #expect(r.verdict.summary.hasPrefix("needs host: musl syscalls (1 import), linker-provided env.memory; "))
    }
}
