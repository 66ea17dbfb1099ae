import Testing
import WasmCore
import WasmValidation

@Suite struct IndexSpaceTests {
    @Test func locals() {
        expectValid(single([.i32], [.i32], locals: [.i64], [.idx(.localGet, 0)]))
        expectInvalid(single([.i32], [.i32], [.idx(.localGet, 1)]), "unknown local")
        expectInvalid(single([], [], [.i32(0), .idx(.localSet, 0)]), "unknown local")
        expectInvalid(single([], [], locals: [.f32], [.i32(0), .idx(.localSet, 0)]), "type mismatch")
        expectValid(single([], [.f32], locals: [.f32], [.f32(1), .idx(.localTee, 0)]))
    }

    @Test func nonDefaultableLocalsNeedInitialisation() {
        let nonNull = ValType.ref(RefType(nullable: false, .func))
        var b = ModuleBuilder()
        let f = b.function([], [], [])
        b.module.exports.append(Export(name: "f", kind: .func, index: f))
        b.function([], [], locals: [nonNull], [.idx(.localGet, 0), .op(.drop)])
        expectInvalid(b.module, "uninitialized local")

        var c = ModuleBuilder()
        let g = c.function([], [], [])
        c.module.exports.append(Export(name: "f", kind: .func, index: g))
        c.function([], [], locals: [nonNull], [.idx(.refFunc, g), .idx(.localSet, 0), .idx(.localGet, 0), .op(.drop)])
        expectValid(c.module)

        // Initialisation inside a block ends with the block.
        var d = ModuleBuilder()
        let h = d.function([], [], [])
        d.module.exports.append(Export(name: "f", kind: .func, index: h))
        d.function([], [], locals: [nonNull], [.block(), .idx(.refFunc, h), .idx(.localSet, 0), .end,
                                               .idx(.localGet, 0), .op(.drop)])
        expectInvalid(d.module, "uninitialized local")
    }

    @Test func globals() {
        var b = ModuleBuilder()
        b.global(.i32, mutable: true, [.i32(0)])
        b.function([], [], [.i32(1), .idx(.globalSet, 0)])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.global(.i32, [.i32(0)])
        c.function([], [], [.i32(1), .idx(.globalSet, 0)])
        expectInvalid(c.module, "immutable global")
        expectInvalid(single([], [.i32], [.idx(.globalGet, 0)]), "unknown global")
    }

    @Test func functionsAndCalls() {
        var b = ModuleBuilder()
        let f = b.function([.i32], [.i64], [.idx(.localGet, 0), .op(.i64ExtendI32U)])
        b.function([], [.i64], [.i32(3), .idx(.call, f)])
        expectValid(b.module)
        var c = ModuleBuilder()
        let g = c.function([.i32], [.i64], [.idx(.localGet, 0), .op(.i64ExtendI32U)])
        c.function([], [.i64], [.f32(3), .idx(.call, g)])
        expectInvalid(c.module, "type mismatch")
        expectInvalid(single([], [], [.idx(.call, 5)]), "unknown function")
    }

    @Test func callIndirect() {
        var b = ModuleBuilder()
        b.table()
        let t = b.type([], [.i32])
        b.function([], [.i32], [.i32(0), Instruction(.callIndirect, .indices(t, 0))])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.table(.externref)
        let u = c.type([], [.i32])
        c.function([], [.i32], [.i32(0), Instruction(.callIndirect, .indices(u, 0))])
        expectInvalid(c.module, "type mismatch")
        var d = ModuleBuilder()
        let w = d.type([], [.i32])
        d.function([], [.i32], [.i32(0), Instruction(.callIndirect, .indices(w, 0))])
        expectInvalid(d.module, "unknown table")
        var e = ModuleBuilder()
        e.table()
        e.function([], [], [.i32(0), Instruction(.callIndirect, .indices(9, 0))])
        expectInvalid(e.module, "unknown type")
    }

    @Test func tableInstructions() {
        var b = ModuleBuilder()
        b.table(.funcref, 1, addressType: .i64)
        b.function([], [.i64], [.idx(.tableSize, 0)])
        b.function([], [.funcref], [.i64(0), .idx(.tableGet, 0)])
        b.function([], [], [.i64(0), Instruction(.refNull, .heapType(.func)), .i64(1), .idx(.tableFill, 0)])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.table(.funcref, 1, addressType: .i64)
        c.function([], [.funcref], [.i32(0), .idx(.tableGet, 0)])
        expectInvalid(c.module, "type mismatch")
        expectInvalid(single([], [.i32], [.idx(.tableSize, 0)]), "unknown table")

        var d = ModuleBuilder()
        d.table(.funcref)
        d.table(.externref)
        d.function([], [], [.i32(0), .i32(0), .i32(0), Instruction(.tableCopy, .indices(0, 1))])
        expectInvalid(d.module, "type mismatch")
        var e = ModuleBuilder()
        e.table(.funcref)
        e.table(.funcref)
        e.function([], [], [.i32(0), .i32(0), .i32(0), Instruction(.tableCopy, .indices(0, 1))])
        expectValid(e.module)
    }

    @Test func memoryInstructions() {
        expectValid(single([], [.i32], memory: true, [.i32(0), .mem(.i32Load, align: 2)]))
        expectInvalid(single([], [.i32], [.i32(0), .mem(.i32Load, align: 2)]), "unknown memory")
        expectInvalid(single([], [.i32], memory: true, [.i32(0), .mem(.i32Load, align: 3)]), "alignment must not be larger than natural")
        expectInvalid(single([], [.i32], memory: true, [.i32(0), .mem(.i32Load8U, align: 1)]), "alignment must not be larger than natural")
        expectInvalid(single([], [.i32], memory: true, [.i32(0), .mem(.i32Load, align: 200)]), "alignment must not be larger than natural")
        expectInvalid(single([], [.i32], memory: true, [.i32(0), .mem(.i32Load, align: 2, offset: 1 << 32)]), "offset out of range")
        expectInvalid(single([], [], memory: true, [.i32(0), .mem(.i32Store, align: 2)]), "type mismatch")
        expectInvalid(single([], [.i32], memory: true, [.i32(0), .mem(.i32Load, align: 2, memory: 1)]), "unknown memory 1")

        var b = ModuleBuilder()
        b.memory(1, addressType: .i64)
        b.function([], [.i32], [.i64(0), .mem(.i32Load, align: 2, offset: 1 << 40)])
        b.function([], [.i64], [.i64(1), .idx(.memoryGrow, 0)])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.memory(1, addressType: .i64)
        c.function([], [.i32], [.i32(0), .mem(.i32Load, align: 2)])
        expectInvalid(c.module, "type mismatch")

        expectValid(single([], [.i32], memory: true, [.idx(.memorySize, 0)]))
        expectInvalid(single([], [.i32], [.idx(.memorySize, 0)]), "unknown memory")
        expectValid(single([], [], memory: true, [.i32(0), .i32(0), .i32(0), .idx(.memoryFill, 0)]))
        expectInvalid(single([], [], memory: true, [.i32(0), .i64(0), .i32(0), .idx(.memoryFill, 0)]), "type mismatch")
    }

    @Test func segments() {
        var b = ModuleBuilder()
        b.memory()
        b.module.datas.append(DataSegment(mode: .passive, bytes: [1]))
        b.function([], [], [.i32(0), .i32(0), .i32(1), Instruction(.memoryInit, .indices(0, 0)), .idx(.dataDrop, 0)])
        expectValid(b.module)
        expectInvalid(single([], [], memory: true, [.idx(.dataDrop, 1)]), "unknown data segment 1")
        expectInvalid(single([], [], [.i32(0), .i32(0), .i32(1), Instruction(.memoryInit, .indices(0, 0))]), "unknown memory 0")

        var c = ModuleBuilder()
        c.table()
        c.module.elements.append(ElementSegment(type: .funcref, mode: .passive, items: [], usesExpressions: true))
        c.function([], [], [.i32(0), .i32(0), .i32(0), Instruction(.tableInit, .indices(0, 0)), .idx(.elemDrop, 0)])
        expectValid(c.module)
        expectInvalid(single([], [], [.idx(.elemDrop, 4)]), "unknown elem segment 4")
        var d = ModuleBuilder()
        d.table(.externref)
        d.module.elements.append(ElementSegment(type: .funcref, mode: .passive, items: [], usesExpressions: true))
        d.function([], [], [.i32(0), .i32(0), .i32(0), Instruction(.tableInit, .indices(0, 0))])
        expectInvalid(d.module, "type mismatch")
    }

    @Test func blockTypeIndex() {
        expectInvalid(single([], [], [.block(.block, .typeIndex(3)), .end]), "unknown type")
        expectInvalid(single([], [], [.block(.block, .value(.ref(RefType(nullable: true, .concrete(7))))), .end]), "unknown type")
    }
}
