import Testing
import WasmCore
import WasmValidation

@Suite struct ReferenceTests {
    static let funcNonNull = ValType.ref(RefType(nullable: false, .func))

    @Test func refNullIsNullAsNonNull() {
        expectValid(single([], [.i32], [Instruction(.refNull, .heapType(.extern)), .op(.refIsNull)]))
        expectInvalid(single([], [.i32], [.i32(0), .op(.refIsNull)]), "type mismatch")
        expectValid(single([.funcref], [ReferenceTests.funcNonNull], [.idx(.localGet, 0), .op(.refAsNonNull)]))
        expectInvalid(single([.funcref], [ReferenceTests.funcNonNull], [.idx(.localGet, 0)]), "type mismatch")
        expectInvalid(single([], [], [Instruction(.refNull, .heapType(.concrete(4))), .op(.drop)]), "unknown type")
    }

    @Test func brOnNullAndNonNull() {
        expectValid(single([.funcref], [ReferenceTests.funcNonNull],
                           [.block(), .idx(.localGet, 0), .idx(.brOnNull, 0), .op(.return), .end, .op(.unreachable)]))
        expectValid(single([.funcref], [ReferenceTests.funcNonNull],
                           [.block(.block, .value(ReferenceTests.funcNonNull)), .idx(.localGet, 0), .idx(.brOnNonNull, 0),
                            .op(.unreachable), .end]))
        expectInvalid(single([.funcref], [], [.block(), .idx(.localGet, 0), .idx(.brOnNonNull, 0), .end]), "type mismatch")
        expectInvalid(single([.i32], [], [.block(), .idx(.localGet, 0), .idx(.brOnNull, 0), .op(.drop), .end]), "type mismatch")
    }

    @Test func callRefAndSubtyping() {
        var b = ModuleBuilder()
        let t = b.type([.i32], [.i32])
        let u = b.type([.i32], [.i32]) // equivalent to t: same canonical type
        let f = b.function(type: t, Expression([.idx(.localGet, 0), .end]))
        b.module.exports.append(Export(name: "f", kind: .func, index: f))
        b.function(type: b.type([], [.i32]), Expression([.i32(1), .idx(.refFunc, f), .idx(.callRef, u), .end]))
        expectValid(b.module)

        var c = ModuleBuilder()
        let v = c.type([.i32], [.i32])
        let w = c.type([.i64], [.i32])
        let g = c.function(type: v, Expression([.idx(.localGet, 0), .end]))
        c.module.exports.append(Export(name: "g", kind: .func, index: g))
        c.function(type: c.type([], [.i32]), Expression([.i64(1), .idx(.refFunc, g), .idx(.callRef, w), .end]))
        expectInvalid(c.module, "type mismatch")

        // A concrete function reference is a funcref, not an externref.
        expectValid(single([.ref(RefType(nullable: true, .concrete(0)))], [.funcref], [.idx(.localGet, 0)]))
        expectInvalid(single([.ref(RefType(nullable: true, .concrete(0)))], [.externref], [.idx(.localGet, 0)]), "type mismatch")
    }

    @Test func tailCalls() {
        var b = ModuleBuilder()
        let f = b.function([], [.i32], [.i32(1)])
        b.function([], [.i32], [.idx(.returnCall, f)])
        expectValid(b.module)
        var c = ModuleBuilder()
        let g = c.function([], [.i64], [.i64(1)])
        c.function([], [.i32], [.idx(.returnCall, g)])
        expectInvalid(c.module, "type mismatch")
        var d = ModuleBuilder()
        let h = d.function([], [ReferenceTests.funcNonNull], [.op(.unreachable)])
        d.function([], [.funcref], [.idx(.returnCall, h)])
        expectValid(d.module)
    }

    @Test func abstractHierarchy() {
        let nullFunc = Instruction(.refNull, .heapType(.nofunc))
        expectValid(single([], [.funcref], [nullFunc]))
        expectInvalid(single([], [.externref], [nullFunc]), "type mismatch")
        expectValid(single([], [.ref(.anyref)], [Instruction(.refNull, .heapType(.i31))]))
        expectValid(single([], [.ref(.eqref)], [.i32(1), .op(.refI31)]))
        expectInvalid(single([], [.ref(.structref)], [.i32(1), .op(.refI31)]), "type mismatch")
        expectValid(single([], [.ref(.exnref)], [Instruction(.refNull, .heapType(.noexn))]))
        expectValid(single([], [.i32], [Instruction(.refNull, .heapType(.eq)), Instruction(.refNull, .heapType(.none)), .op(.refEq)]))
        expectInvalid(single([], [.i32], [Instruction(.refNull, .heapType(.any)), Instruction(.refNull, .heapType(.none)), .op(.refEq)]), "type mismatch")
    }

    @Test func gcTypesAndCanonicalisation() throws {
        var b = ModuleBuilder()
        let base = b.subtype(SubType(isFinal: false, composite: .struct([FieldType(.val(.i32), mutable: false)])))
        let derived = b.subtype(SubType(isFinal: true, supertypes: [base],
                                        composite: .struct([FieldType(.val(.i32), mutable: false), FieldType(.val(.i64), mutable: true)])))
        b.function([.ref(RefType(nullable: false, .concrete(derived)))], [.ref(RefType(nullable: true, .concrete(base)))],
                   [.idx(.localGet, 0)])
        b.function([.ref(RefType(nullable: false, .concrete(derived)))], [.i64],
                   [.idx(.localGet, 0), Instruction(.structGet, .indices(derived, 1))])
        let v = try Validator.validate(b.module)
        #expect(v.types.isSubtype(concrete: derived, of: base))
        #expect(!v.types.isSubtype(concrete: base, of: derived))

        var c = ModuleBuilder()
        let sup = c.subtype(SubType(isFinal: false, composite: .struct([FieldType(.val(.i32), mutable: false)])))
        c.subtype(SubType(isFinal: true, supertypes: [sup], composite: .struct([FieldType(.val(.f32), mutable: false)])))
        expectInvalid(c.module, "sub type")
        var d = ModuleBuilder()
        let fin = d.subtype(SubType(isFinal: true, composite: .struct([])))
        d.subtype(SubType(isFinal: true, supertypes: [fin], composite: .struct([])))
        expectInvalid(d.module, "sub type")

        // Identical rec groups are the same types; a lone type differs from a group member.
        var e = ModuleBuilder()
        e.type([.i32], [])
        e.type([.i32], [])
        e.type([.i64], [])
        e.type([.i32], [])
        e.module.recGroups = [RecGroup(start: 0, count: 1, explicit: false), RecGroup(start: 1, count: 1, explicit: false),
                              RecGroup(start: 2, count: 2, explicit: true)]
        let w = try Validator.validate(e.module)
        #expect(w.types.canonical[0] == w.types.canonical[1])
        #expect(w.types.canonical[0] != w.types.canonical[3])
    }

    @Test func subtypingDepthIsCapped() {
        var b = ModuleBuilder()
        b.subtype(SubType(isFinal: false, composite: .struct([])))
        for i in 0..<63 { b.subtype(SubType(isFinal: false, supertypes: [UInt32(i)], composite: .struct([]))) }
        expectValid(b.module)
        b.subtype(SubType(isFinal: false, supertypes: [63], composite: .struct([])))
        expectInvalid(b.module, "sub type hierarchy too deep")
    }

    @Test func structAndArrayRules() {
        var b = ModuleBuilder()
        let s = b.subtype(SubType(composite: .struct([FieldType(.packed(.i8), mutable: false)])))
        b.function([.ref(RefType(nullable: true, .concrete(s)))], [.i32], [.idx(.localGet, 0), Instruction(.structGetS, .indices(s, 0))])
        expectValid(b.module)
        b.function([.ref(RefType(nullable: true, .concrete(s)))], [.i32], [.idx(.localGet, 0), Instruction(.structGet, .indices(s, 0))])
        expectInvalid(b.module, "field is packed")
        var c = ModuleBuilder()
        let a = c.subtype(SubType(composite: .array(FieldType(.val(.i32), mutable: false))))
        c.function([.ref(RefType(nullable: true, .concrete(a)))], [], [.idx(.localGet, 0), .i32(0), .i32(1), .idx(.arraySet, a)])
        expectInvalid(c.module, "immutable array")
    }
}
