// The analysis takes any `Module`, valid or not: out-of-range indices must not crash it.
import Testing
import WasmCore
@testable import WasmPortability

@Suite struct RobustnessTests {
    @Test func outOfRangeIndicesAreTolerated() {
        var m = Module()
        m.imports = [
            Import(module: "env", name: "f", desc: .func(typeIndex: 99)),
            Import(module: "env", name: "t", desc: .tag(TagType(typeIndex: 7))),
        ]
        var body = Expression([
            Instruction(.block, .blockType(.typeIndex(42))),
            Instruction(.end),
            Instruction(.selectTyped, .selectTypes(PoolRange(start: 5, count: 3))),
            Instruction(.memoryGrow, .index(9)),
            Instruction(.end),
        ])
        body.typePool = [.i32]
        m.functions = [Function(typeIndex: 1234, body: body)]
        m.exports = [
            Export(name: "memory", kind: .memory, index: 99),
            Export(name: "__heap_base", kind: .global, index: 99),
            Export(name: "__data_end", kind: .global, index: UInt32.max),
            Export(name: "_start", kind: .func, index: UInt32.max),
        ]
        m.start = UInt32.max
        m.names.globals[UInt32.max] = "__stack_pointer"
        let r = Portability.analyze(m)
        #expect(r.host.groups.first?.items.map(\.type) == ["func (type 99)", "tag (type 7)"])
        #expect(r.memory.heapBase == nil)
        #expect(r.memory.stackPointer == nil)
        #expect(r.memory.memories.isEmpty)
        #expect(r.features.set.contains(.multiMemory))
        #expect(r.entryPoints.kind == .command)
        #expect(!r.text().isEmpty)
        #expect(!r.json().isEmpty)
    }
}
