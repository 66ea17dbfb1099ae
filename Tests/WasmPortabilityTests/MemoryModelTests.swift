// Each memory shape: none, defined fixed, defined growing, imported, 64-bit, shared, several.
import Testing
import WasmCore
@testable import WasmPortability

@Suite struct MemoryModelTests {
    private func report(_ build: (inout ModuleBuilder) -> Void) -> PortabilityReport {
        var b = ModuleBuilder()
        build(&b)
        return Portability.analyze(b.module)
    }

    private let grow = [Instruction(.i32Const, .i32(1)), Instruction(.memoryGrow, .index(0)), Instruction(.drop)]

    @Test func noMemory() {
        let r = report { _ in }
        #expect(r.memory.growth == .noMemory)
        #expect(r.memory.memories.isEmpty)
        #expect(r.text().contains("memory: none"))
    }

    @Test func definedAndNeverGrownIsFixed() {
        let r = report { b in b.memory(3) }
        #expect(r.memory.growth == .fixed)
        #expect(r.verdict.summary == "portable: no imports, memory fixed at 3 pages, MVP")
        let bounded = report { b in b.memory(4, 4); b.export("memory", .memory, 0) }
        #expect(bounded.verdict.summary == "portable: no imports, memory fixed at 4 pages, MVP")
    }

    @Test func codeThatGrowsMemory() {
        let r = report { b in
            b.memory(1, 16)
            b.function(grow)
            b.function(grow)
        }
        #expect(r.memory.growth == .code)
        #expect(r.memory.growSites == 2)
        #expect(r.verdict.summary == "portable: no imports, grows its own memory (1 to 16 pages), MVP")
        #expect(r.memory.memories[0].maxBytes == 16 * 65536)
        #expect(r.text().contains("1 page (64 KiB) initial, maximum 16 (1 MiB)"))
    }

    @Test func importedMemoryGrownByCode() {
        let r = report { b in
            b.importMemory("env", "memory", 2)
            b.function(grow)
        }
        #expect(r.memory.growth == .code)
        #expect(r.memory.memories[0].importedFrom == "env.memory")
    }

    @Test func importedMemoryLeftToTheHost() {
        let r = report { b in b.importMemory("env", "memory", 17, 100) }
        #expect(r.memory.growth == .host)
        #expect(r.verdict.summary.contains("imported memory of 17 pages, grown only by the host"))
    }

    @Test func memory64() {
        let r = report { b in b.memory(1, nil, addressType: .i64) }
        #expect(r.memory.memories[0].addressType == .i64)
        #expect(r.features.set.contains(.memory64))
        #expect(r.text().contains("64-bit"))
    }

    @Test func sharedMemoryMeansThreads() {
        let r = report { b in b.memory(1, 2, shared: true) }
        #expect(r.memory.memories[0].shared)
        #expect(r.features.used.first(where: { $0.feature == .threads })?.evidence == "memory 0 is shared")
    }

    @Test func severalMemories() {
        let r = report { b in
            b.importMemory("env", "memory", 1)
            b.memory(2)
        }
        #expect(r.memory.memories.map(\.index) == [0, 1])
        #expect(r.memory.memories.map(\.importedFrom) == ["env.memory", nil])
        #expect(r.features.set.contains(.multiMemory))
        #expect(r.verdict.summary.contains("(+1 more memory)"))
    }

    @Test func hugeLimitsDoNotOverflow() {
        let r = report { b in b.memory(UInt64.max >> 1, UInt64.max, addressType: .i64) }
        #expect(r.memory.memories[0].maxBytes == UInt64.max)
        #expect(r.text().contains("more than 16 EiB"))
    }

    @Test func linkerSymbols() {
        var b = ModuleBuilder()
        b.memory(2)
        b.global(.i32, mutable: true, 66576)
        b.global(.i32, 66576, export: "__heap_base")
        b.global(.i32, 1028, export: "__data_end")
        var r = Portability.analyze(b.module)
        #expect(r.memory.heapBase == SymbolGlobal(name: "__heap_base", globalIndex: 1, value: 66576, mutable: false, source: .export))
        #expect(r.memory.dataEnd?.value == 1028)
        #expect(r.memory.stackPointer?.source == .heuristic)

        b.module.names.globals[0] = "__stack_pointer"
        r = Portability.analyze(b.module)
        #expect(r.memory.stackPointer?.source == .nameSection)
        #expect(r.memory.stackPointer?.value == 66576)

        b.export("__stack_pointer", .global, 0)
        r = Portability.analyze(b.module)
        #expect(r.memory.stackPointer?.source == .export)
    }

    @Test func importedStackPointer() {
        var b = ModuleBuilder()
        b.importGlobal("env", "__memory_base")
        b.importGlobal("env", "__stack_pointer", mutable: true)
        let r = Portability.analyze(b.module)
        #expect(r.memory.stackPointer == SymbolGlobal(name: "__stack_pointer", globalIndex: 1, value: nil, mutable: true, source: .imported))
        #expect(r.host.abis.map(\.abi) == [.linker])
    }

    @Test func dataSpan() {
        var b = ModuleBuilder()
        b.memory(1)
        b.data(at: 1024, Array("hello".utf8))
        b.data(at: 16, [1, 2, 3])
        b.module.datas.append(DataSegment(mode: .passive, bytes: [9, 9]))
        b.module.datas.append(DataSegment(mode: .active(index: 0, offset: Expression([Instruction(.globalGet, .index(0)), Instruction(.end)])), bytes: [7]))
        let d = Portability.analyze(b.module).memory.data
        #expect(d == DataSpan(activeSegments: 3, passiveSegments: 1, relocatableSegments: 1, totalBytes: 11, start: 16, end: 1029))
    }

    @Test func negativeOffsetsReadAsUnsigned() {
        var b = ModuleBuilder()
        b.memory(1)
        b.data(at: -1, [1])
        let d = Portability.analyze(b.module).memory.data
        #expect(d.start == 0xFFFF_FFFF)
        #expect(d.end == 0x1_0000_0000)
    }
}

extension MemoryModelTests {
    @Test func aNamedGlobalIsNotGuessedToBeTheStackPointer() {
        var b = ModuleBuilder()
        b.global(.i32, mutable: true, 1024)
        b.module.names.globals[0] = "heap_top"
        #expect(Portability.analyze(b.module).memory.stackPointer == nil)
    }
}
