import Testing
import WasmCore
import WasmValidation

@Suite struct MoreRuleTests {
    static func ref(_ x: UInt32, null: Bool = true) -> ValType { .ref(RefType(nullable: null, .concrete(x))) }

    @Test func mixedAddressTypesInCopies() {
        var b = ModuleBuilder()
        b.memory(1, addressType: .i64)
        b.memory(1, addressType: .i32)
        // memory.copy 0 1: destination i64, source i32, length the smaller (i32).
        b.function([], [], [.i64(0), .i32(0), .i32(1), Instruction(.memoryCopy, .indices(0, 1))])
        expectValid(b.module)
        b.function([], [], [.i64(0), .i32(0), .i64(1), Instruction(.memoryCopy, .indices(0, 1))])
        expectInvalid(b.module, "type mismatch")
    }

    @Test func tableGrow() {
        var b = ModuleBuilder()
        b.table(.externref)
        b.function([], [.i32], [Instruction(.refNull, .heapType(.extern)), .i32(1), .idx(.tableGrow, 0)])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.table(.externref)
        c.function([], [.i32], [Instruction(.refNull, .heapType(.func)), .i32(1), .idx(.tableGrow, 0)])
        expectInvalid(c.module, "type mismatch")
    }

    @Test func exportsOfEveryKind() {
        for (kind, message) in [(ExternKind.table, "unknown table"), (.global, "unknown global"), (.tag, "unknown tag"), (.func, "unknown function")] {
            var b = ModuleBuilder()
            b.module.exports = [Export(name: "x", kind: kind, index: 0)]
            expectInvalid(b.module, message)
        }
    }

    @Test func nonFunctionTypeUses() {
        var b = ModuleBuilder()
        let s = b.subtype(SubType(composite: .struct([])))
        b.module.functions.append(Function(typeIndex: s, body: Expression([.end])))
        expectInvalid(b.module, "non-function type")
        var c = ModuleBuilder()
        c.module.functions.append(Function(typeIndex: 0, body: Expression([.end])))
        expectInvalid(c.module, "unknown type")
    }

    @Test func structRules() {
        var b = ModuleBuilder()
        let s = b.subtype(SubType(composite: .struct([FieldType(.val(.i32), mutable: true), FieldType(.val(.f64), mutable: false)])))
        b.function([], [MoreRuleTests.ref(s, null: false)], [.i32(1), Instruction(.f64Const, .f64(0)), .idx(.structNew, s)])
        b.function([], [MoreRuleTests.ref(s, null: false)], [.idx(.structNewDefault, s)])
        b.function([MoreRuleTests.ref(s)], [], [.idx(.localGet, 0), .i32(5), Instruction(.structSet, .indices(s, 0))])
        expectValid(b.module)
        var c = b
        c.function([MoreRuleTests.ref(s)], [], [.idx(.localGet, 0), Instruction(.f64Const, .f64(0)), Instruction(.structSet, .indices(s, 1))])
        expectInvalid(c.module, "immutable field")
        var d = b
        d.function([MoreRuleTests.ref(s)], [.i32], [.idx(.localGet, 0), Instruction(.structGet, .indices(s, 2))])
        expectInvalid(d.module, "unknown field")
        var e = ModuleBuilder()
        let t = e.subtype(SubType(composite: .struct([FieldType(.val(.ref(RefType(nullable: false, .any))), mutable: false)])))
        e.function([], [], [.idx(.structNewDefault, t), .op(.drop)])
        expectInvalid(e.module, "field type is not defaultable")
    }

    @Test func arrayRules() {
        var b = ModuleBuilder()
        let a = b.subtype(SubType(composite: .array(FieldType(.packed(.i8), mutable: true))))
        let f = b.subtype(SubType(composite: .array(FieldType(.val(.f32), mutable: true))))
        b.module.datas.append(DataSegment(mode: .passive, bytes: [1]))
        b.function([], [MoreRuleTests.ref(a, null: false)], [.i32(0), .i32(1), Instruction(.arrayNewData, .indices(a, 0))])
        b.function([MoreRuleTests.ref(a)], [.i32], [.idx(.localGet, 0), .i32(0), .idx(.arrayGetU, a)])
        b.function([MoreRuleTests.ref(a)], [.i32], [.idx(.localGet, 0), .op(.arrayLen)])
        expectValid(b.module)
        var c = b
        c.function([MoreRuleTests.ref(a)], [.i32], [.idx(.localGet, 0), .i32(0), .idx(.arrayGet, a)])
        expectInvalid(c.module, "array is packed")
        var d = b
        d.function([MoreRuleTests.ref(a), MoreRuleTests.ref(f)], [],
                   [.idx(.localGet, 0), .i32(0), .idx(.localGet, 1), .i32(0), .i32(1), Instruction(.arrayCopy, .indices(a, f))])
        expectInvalid(d.module, "array types do not match")
        var e = ModuleBuilder()
        let r = e.subtype(SubType(composite: .array(FieldType(.val(.funcref), mutable: true))))
        e.module.datas.append(DataSegment(mode: .passive, bytes: [1]))
        e.function([], [], [.i32(0), .i32(1), Instruction(.arrayNewData, .indices(r, 0)), .op(.drop)])
        expectInvalid(e.module, "array type is not numeric or vector")
    }

    @Test func castsAndConversions() {
        var b = ModuleBuilder()
        let s = b.subtype(SubType(isFinal: false, composite: .struct([])))
        b.function([.ref(.anyref)], [.i32], [.idx(.localGet, 0), Instruction(.refTest, .refType(RefType(nullable: false, .concrete(s))))])
        b.function([.ref(.anyref)], [MoreRuleTests.ref(s)], [.idx(.localGet, 0), Instruction(.refCast, .refType(RefType(nullable: true, .concrete(s))))])
        b.function([.ref(.externref)], [.ref(.anyref)], [.idx(.localGet, 0), .op(.anyConvertExtern)])
        b.function([.ref(RefType(nullable: false, .any))], [.ref(RefType(nullable: false, .extern))], [.idx(.localGet, 0), .op(.externConvertAny)])
        b.function([.ref(.i31ref)], [.i32], [.idx(.localGet, 0), .op(.i31GetS)])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.function([.funcref], [.i32], [.idx(.localGet, 0), Instruction(.refTest, .refType(.anyref))])
        expectInvalid(c.module, "type mismatch")
        var d = ModuleBuilder()
        d.function([.ref(.externref)], [.ref(RefType(nullable: false, .any))], [.idx(.localGet, 0), .op(.anyConvertExtern)])
        expectInvalid(d.module, "type mismatch")
    }

    @Test func brOnCast() {
        var b = ModuleBuilder()
        let s = b.subtype(SubType(isFinal: false, composite: .struct([])))
        let target = RefType(nullable: false, .concrete(s))
        b.function([.ref(.anyref)], [.ref(.anyref)],
                   [.block(.block, .value(.ref(target))), .idx(.localGet, 0),
                    Instruction(.brOnCast, .brOnCast(label: 0, from: .anyref, to: target)), .op(.return), .end])
        expectValid(b.module)
        var c = ModuleBuilder()
        let t = c.subtype(SubType(isFinal: false, composite: .struct([])))
        c.function([.ref(.funcref)], [],
                   [.block(.block, .value(.ref(.anyref))), .idx(.localGet, 0),
                    Instruction(.brOnCast, .brOnCast(label: 0, from: .anyref, to: RefType(nullable: false, .concrete(t)))), .op(.drop), .op(.unreachable), .end, .op(.drop)])
        expectInvalid(c.module, "type mismatch")
    }

    @Test func structuralErrors() {
        expectInvalid(single([], [], [.op(.else)]), "else without matching if")
        expectInvalid(single([], [], [.end, .op(.nop)]), "operators remaining after end of function")
        expectInvalid(single([], [], [.block(.try), .idx(.delegate, 5)]), "unknown label")
    }

    @Test func memoryAndTableTypesOfImports() {
        var b = ModuleBuilder()
        b.module.imports.append(Import(module: "m", name: "mem", desc: .memory(MemoryType(limits: Limits(min: 70000)))))
        expectInvalid(b.module, "memory size must be at most 65536 pages (4GiB)")
        var c = ModuleBuilder()
        c.module.imports.append(Import(module: "m", name: "t", desc: .table(TableType(elementType: .funcref, limits: Limits(min: 2, max: 1)))))
        expectInvalid(c.module, "size minimum must not be greater than maximum")
        var d = ModuleBuilder()
        d.module.imports.append(Import(module: "m", name: "g", desc: .global(GlobalType(.ref(RefType(nullable: true, .concrete(3))), mutable: false))))
        expectInvalid(d.module, "unknown type")
    }
}
