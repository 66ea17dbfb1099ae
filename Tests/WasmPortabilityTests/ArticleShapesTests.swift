// The three module shapes of the article the project grew from, built by hand.
import Testing
import WasmCore
@testable import WasmPortability

/// emscripten (asm.js era): memory, two globals and four functions from `env`.
func emscriptenShape() -> Module {
    var b = ModuleBuilder()
    b.importMemory("env", "memory", 256, 256)
    b.importGlobal("env", "DYNAMICTOP_PTR")
    b.importGlobal("env", "STACKTOP")
    b.importFunc("env", "enlargeMemory", [], [.i32])
    b.importFunc("env", "getTotalMemory", [], [.i32])
    b.importFunc("env", "abortOnCannotGrowMemory", [], [.i32])
    b.importFunc("env", "___setErrNo", [.i32])
    b.function([Instruction(.i32Const, .i32(0))], results: [.i32], export: "___errno_location")
    b.function([Instruction(.i32Const, .i32(0))], results: [.i32], export: "_main")
    b.function([Instruction(.localGet, .index(0))], params: [.i32], results: [.i32], export: "stackAlloc")
    return b.module
}

/// clang + musl: the kernel interface as `env.__syscallN`.
func muslShape() -> Module {
    var b = ModuleBuilder()
    for (n, arity) in [(3, 4), (2, 3), (1, 2), (6, 7), (4, 5), (0, 1)] {
        b.importFunc("env", "__syscall\(n)", Array(repeating: .i32, count: arity), [.i32])
    }
    b.memory(2)
    b.global(.i32, mutable: true, 66560)
    b.global(.i32, 66560, export: "__heap_base")
    b.export("memory", .memory, 0)
    b.function([], export: "_start")
    return b.module
}

/// rustc + wee_alloc: nothing imported, memory grown with memory.grow.
func rustShape() -> Module {
    var b = ModuleBuilder()
    b.memory(17)
    b.module.tables.append(Table(type: TableType(elementType: .funcref, limits: Limits(min: 1, max: 1))))
    b.global(.i32, mutable: true, 1_048_576)
    b.global(.i32, 1_048_576, export: "__heap_base")
    b.global(.i32, 1_048_576, export: "__data_end")
    b.export("memory", .memory, 0)
    b.export("__indirect_function_table", .table, 0)
    b.function([Instruction(.localGet, .index(0)), Instruction(.memoryGrow, .index(0))],
               params: [.i32], results: [.i32])
    b.function([Instruction(.i32Const, .i32(0))], params: [.i32, .i32], results: [.i32], export: "main")
    return b.module
}

@Suite struct ArticleShapesTests {
    @Test func emscriptenNeedsItsJavaScriptHost() {
        let r = Portability.analyze(emscriptenShape())
        #expect(r.verdict.summary == "needs host: emscripten env (7 imports); memory fixed at 256 pages; MVP")
        #expect(!r.verdict.portable)
        #expect(r.host.abis.map(\.abi) == [.emscripten])
        #expect(r.host.groups.count == 1)
        #expect(r.host.groups[0].items.allSatisfy { $0.abi == .emscripten })
        #expect(r.memory.growth == .host)
        #expect(r.memory.hostGrowthImports == ["env.enlargeMemory"])
        #expect(r.memory.memories.first?.importedFrom == "env.memory")
        #expect(r.entryPoints.kind == .program)
        #expect(r.entryPoints.conventional.map(\.name) == ["_main"])
    }

    @Test func muslNeedsSyscalls() {
        let r = Portability.analyze(muslShape())
        #expect(r.verdict.summary == "needs host: musl syscalls (6 imports); exported memory of 2 pages, grown only by the host; MVP")
        #expect(r.host.abis == [ABIUse(abi: .muslSyscalls, modules: ["env"], count: 6)])
        #expect(r.memory.heapBase?.value == 66560)
        #expect(r.memory.stackPointer?.source == .heuristic)
        #expect(r.memory.stackPointer?.globalIndex == 0)
        #expect(r.entryPoints.kind == .command)
    }

    @Test func rustIsPortable() {
        let r = Portability.analyze(rustShape())
        #expect(r.verdict.summary == "portable: no imports, grows its own memory, MVP")
        #expect(r.verdict.portable)
        #expect(r.host.isSelfContained)
        #expect(r.memory.growth == .code)
        #expect(r.memory.growSites == 1)
        #expect(r.memory.heapBase?.globalIndex == 1)
        #expect(r.memory.dataEnd?.globalIndex == 2)
        #expect(r.memory.memories.first?.exportNames == ["memory"])
        #expect(r.features.set == Features(.mvp))
    }
}
