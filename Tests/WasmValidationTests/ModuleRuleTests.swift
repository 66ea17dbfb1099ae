import Testing
import WasmCore
import WasmValidation

@Suite struct ModuleRuleTests {
    @Test func constantExpressions() {
        var b = ModuleBuilder()
        b.global(.i32, [.i32(1), .i32(2), .op(.i32Add)])
        b.global(.i32, [.idx(.globalGet, 0)])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.global(.i32, [.i32(1), .op(.i32Ctz)])
        expectInvalid(c.module, "constant expression required")
        var d = ModuleBuilder()
        d.global(.i32, mutable: true, [.i32(1)])
        d.global(.i32, [.idx(.globalGet, 0)])
        expectInvalid(d.module, "constant expression required")
        var e = ModuleBuilder()
        e.global(.i32, [.idx(.globalGet, 1)])
        e.global(.i32, [.i32(1)])
        expectInvalid(e.module, "unknown global")
        var f = ModuleBuilder()
        f.global(.i32, [.i64(1)])
        expectInvalid(f.module, "type mismatch")
        var g = ModuleBuilder()
        g.global(.i32, [.i32(1), .i32(2), .op(.i32Add)])
        expectInvalid(g.module, "constant expression required", features: Features.default.subtracting(Features(.extendedConst)))
    }

    @Test func limits() {
        var b = ModuleBuilder()
        b.memory(65536, 65536)
        expectValid(b.module)
        var c = ModuleBuilder()
        c.memory(65537)
        expectInvalid(c.module, "memory size must be at most 65536 pages (4GiB)")
        var d = ModuleBuilder()
        d.memory(2, 1)
        expectInvalid(d.module, "size minimum must not be greater than maximum")
        var e = ModuleBuilder()
        e.memory(65537, addressType: .i64)
        expectValid(e.module)
        var f = ModuleBuilder()
        f.memory(1 << 49, addressType: .i64)
        expectInvalid(f.module, "memory size")
        var g = ModuleBuilder()
        g.table(.funcref, 1 << 32)
        expectInvalid(g.module, "table size must be at most 2^32-1")
        var h = ModuleBuilder()
        h.table(.funcref, 1 << 32, addressType: .i64)
        expectValid(h.module)
        var i = ModuleBuilder()
        i.table(.funcref, 5, 4)
        expectInvalid(i.module, "size minimum must not be greater than maximum")
    }

    @Test func exports() {
        var b = ModuleBuilder()
        let f = b.function([], [], [])
        b.module.exports = [Export(name: "a", kind: .func, index: f), Export(name: "b", kind: .func, index: f)]
        expectValid(b.module)
        b.module.exports.append(Export(name: "a", kind: .func, index: f))
        expectInvalid(b.module, "duplicate export name")
        // Canonically equivalent but different bytes: distinct names.
        b.module.exports = [Export(name: "\u{00C5}", kind: .func, index: f), Export(name: "A\u{030A}", kind: .func, index: f)]
        expectValid(b.module)
        b.module.exports = [Export(name: "m", kind: .memory, index: 0)]
        expectInvalid(b.module, "unknown memory 0")
    }

    @Test func multipleMemories() {
        var b = ModuleBuilder()
        b.memory()
        b.memory()
        expectValid(b.module)
        expectInvalid(b.module, "multiple memories", features: Features.default.subtracting(Features(.multiMemory)))
    }

    @Test func startFunction() {
        var b = ModuleBuilder()
        b.module.start = b.function([], [], [])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.module.start = c.function([.i32], [], [])
        expectInvalid(c.module, "start function")
        var d = ModuleBuilder()
        d.module.start = 3
        expectInvalid(d.module, "unknown function")
    }

    @Test func undeclaredFunctionReference() {
        var b = ModuleBuilder()
        let f = b.function([], [], [])
        b.function([], [], [.idx(.refFunc, f), .op(.drop)])
        expectInvalid(b.module, "undeclared function reference")
        b.module.elements.append(ElementSegment(type: .funcref, mode: .declarative,
                                                items: [Expression([.idx(.refFunc, f), .end])], usesExpressions: false))
        expectValid(b.module)
        var c = ModuleBuilder()
        let g = c.function([], [], [])
        c.function([], [], [.idx(.refFunc, g), .op(.drop)])
        c.global(.funcref, [.idx(.refFunc, g)])
        expectValid(c.module)
    }

    @Test func elementSegments() {
        var b = ModuleBuilder()
        b.table()
        let f = b.function([], [], [])
        b.module.elements.append(ElementSegment(type: .funcref, mode: .active(index: 0, offset: Expression([.i32(0), .end])),
                                                items: [Expression([.idx(.refFunc, f), .end])], usesExpressions: false))
        expectValid(b.module)
        b.module.elements[0].mode = .active(index: 1, offset: Expression([.i32(0), .end]))
        expectInvalid(b.module, "unknown table 1")
        b.module.elements[0].mode = .active(index: 0, offset: Expression([.i64(0), .end]))
        expectInvalid(b.module, "type mismatch")
        var c = ModuleBuilder()
        c.table(.externref)
        c.module.elements.append(ElementSegment(type: .funcref, mode: .active(index: 0, offset: Expression([.i32(0), .end])),
                                                items: [], usesExpressions: true))
        expectInvalid(c.module, "type mismatch")
        var d = ModuleBuilder()
        d.module.datas.append(DataSegment(mode: .active(index: 0, offset: Expression([.i32(0), .end])), bytes: []))
        expectInvalid(d.module, "unknown memory 0")
    }

    @Test func tableInitialiser() {
        var b = ModuleBuilder()
        b.table(RefType(nullable: false, .func))
        expectInvalid(b.module, "type mismatch")
        let f = b.function([], [], [])
        b.module.tables[0].initializer = Expression([.idx(.refFunc, f), .end])
        expectValid(b.module)
    }

    @Test func importedTypes() {
        var b = ModuleBuilder()
        b.module.imports.append(Import(module: "m", name: "f", desc: .func(typeIndex: 0)))
        expectInvalid(b.module, "unknown type")
        b.type()
        expectValid(b.module)
        b.module.imports.append(Import(module: "m", name: "g", desc: .global(GlobalType(.i32, mutable: true))))
        b.global(.i32, [.idx(.globalGet, 0)])
        expectInvalid(b.module, "constant expression required")
    }
}
