// Each feature class, from instructions (the opcode table) and from types and sections.
import Testing
import WasmCore
@testable import WasmPortability

@Suite struct FeatureTests {
    private func features(_ build: (inout ModuleBuilder) -> Void) -> FeatureUsage {
        var b = ModuleBuilder()
        build(&b)
        return Portability.analyze(b.module).features
    }

    private func only(_ f: Feature, _ build: (inout ModuleBuilder) -> Void) -> FeatureUse? {
        let u = features(build)
        #expect(u.used.map(\.feature) == [.mvp, f], "expected exactly MVP + \(f.flagName), got \(u.summary)")
        return u.used.first(where: { $0.feature == f })
    }

    @Test func mvpOnly() {
        let u = features { b in
            b.memory(1)
            b.function([Instruction(.i32Const, .i32(0)), Instruction(.i32Load, .memArg(MemArg(align: 2))), Instruction(.drop)])
        }
        #expect(u.used.map(\.feature) == [.mvp])
        #expect(u.summary == "MVP")
    }

    @Test func signExtensionWithEvidence() {
        let use = only(.signExtension) { b in
            b.function([Instruction(.localGet, .index(0)), Instruction(.i32Extend8S)], params: [.i32], results: [.i32], export: "sx")
            b.function([Instruction(.localGet, .index(0)), Instruction(.i32Extend16S)], params: [.i32], results: [.i32])
        }
        #expect(use?.evidence == "i32.extend8_s in function 0 $sx")
        #expect(use?.count == 2)
    }

    @Test func saturatingConversions() {
        let use = only(.saturatingFloatToInt) { b in
            b.function([Instruction(.localGet, .index(0)), Instruction(.i32TruncSatF32S)], params: [.f32], results: [.i32])
        }
        #expect(use?.evidence == "i32.trunc_sat_f32_s in function 0")
    }

    @Test func multiValueFromTypesAndBlocks() {
        let fromType = only(.multiValue) { b in
            b.function([Instruction(.i32Const, .i32(1)), Instruction(.i32Const, .i32(2))], results: [.i32, .i32])
        }
        #expect(fromType?.evidence == "type 0 returns 2 values")
        let fromBlock = features { b in
            let t = b.type([.i32], [.i32])
            b.function([Instruction(.i32Const, .i32(1)), Instruction(.block, .blockType(.typeIndex(t))), Instruction(.end), Instruction(.drop)])
        }
        #expect(fromBlock.set.contains(.multiValue))
    }

    @Test func bulkMemoryFromCodeAndSections() {
        let fromCode = only(.bulkMemory) { b in
            b.memory(1)
            b.function([Instruction(.i32Const, .i32(0)), Instruction(.i32Const, .i32(0)), Instruction(.i32Const, .i32(0)),
                        Instruction(.memoryCopy, .indices(0, 0))])
        }
        #expect(fromCode?.evidence == "memory.copy in function 0")
        let fromData = only(.bulkMemory) { b in
            b.memory(1)
            b.module.datas.append(DataSegment(mode: .passive, bytes: [1]))
        }
        #expect(fromData?.evidence == "data segment 0 is passive")
    }

    @Test func referenceTypes() {
        let fromTable = only(.referenceTypes) { b in
            b.module.tables.append(Table(type: TableType(elementType: .externref, limits: Limits(min: 1))))
        }
        #expect(fromTable?.evidence == "externref in table 0")
        // A funcref table is MVP; a funcref parameter is not.
        let funcTable = features { b in
            b.module.tables.append(Table(type: TableType(elementType: .funcref, limits: Limits(min: 1))))
        }
        #expect(funcTable.used.map(\.feature) == [.mvp])
        #expect(only(.referenceTypes) { b in b.function([], params: [.funcref]) } != nil)
        #expect(only(.referenceTypes) { b in
            b.function([Instruction(.refNull, .heapType(.extern)), Instruction(.refIsNull), Instruction(.drop)])
        }?.evidence == "ref.null in function 0")
    }

    @Test func simdAndRelaxedSimd() {
        let simd = only(.simd) { b in b.function([], locals: [.v128]) }
        #expect(simd?.evidence == "v128 in a local of function 0")
        let relaxed = features { b in
            b.function([Instruction(.localGet, .index(0)), Instruction(.localGet, .index(0)), Instruction(.i8x16RelaxedSwizzle), Instruction(.drop)],
                       params: [.v128])
        }
        #expect(relaxed.used.map(\.feature) == [.mvp, .simd, .relaxedSimd])
    }

    @Test func tailCalls() {
        let use = only(.tailCall) { b in b.function([Instruction(.returnCall, .index(0))]) }
        #expect(use?.evidence == "return_call in function 0")
    }

    @Test func exceptions() {
        let tag = only(.exceptions) { b in
            let t = b.type([.i32])
            b.module.tags.append(Tag(type: TagType(typeIndex: t)))
        }
        #expect(tag?.evidence == "a tag is defined")
        let legacy = features { b in
            b.function([Instruction(.try, .blockType(.empty)), Instruction(.catchAll), Instruction(.end)])
        }
        #expect(legacy.set.contains(.legacyExceptions))
    }

    @Test func gcFromTypes() {
        let u = features { b in
            b.module.types.append(SubType(composite: .struct([FieldType(.val(.i32), mutable: true)])))
            b.module.recGroups.append(RecGroup(start: 0, count: 1, explicit: false))
        }
        #expect(u.used.map(\.feature) == [.mvp, .gc])
        #expect(u.used.last?.evidence == "type 0 is a struct")
        let anyref = features { b in b.function([], locals: [.ref(.anyref)]) }
        #expect(anyref.set.contains(.gc))
    }

    @Test func typedFunctionReferences() {
        let u = features { b in
            let t = b.type()
            b.function([], params: [.ref(RefType(nullable: false, .concrete(t)))])
        }
        #expect(u.set.contains(.functionReferences))
    }

    @Test func memory64FromATable() {
        let use = only(.memory64) { b in
            b.module.tables.append(Table(type: TableType(elementType: .funcref, limits: Limits(min: 1, addressType: .i64))))
        }
        #expect(use?.evidence == "table 0 is 64-bit")
    }

    @Test func multiMemoryFromImmediates() {
        let u = features { b in
            b.memory(1)
            b.function([Instruction(.i32Const, .i32(0)), Instruction(.i32Load, .memArg(MemArg(align: 2, memory: 1))), Instruction(.drop)])
        }
        #expect(u.used.first(where: { $0.feature == .multiMemory })?.evidence == "an access to memory 1 in function 0")
    }

    @Test func extendedConstants() {
        let use = only(.extendedConst) { b in
            b.module.globals.append(Global(type: GlobalType(.i32, mutable: false), initializer: Expression([
                Instruction(.i32Const, .i32(1)), Instruction(.i32Const, .i32(2)), Instruction(.i32Add), Instruction(.end),
            ])))
        }
        #expect(use?.evidence == "i32.add in the initialiser of global 0")
    }

    @Test func compactElementSegmentsAreMVP() {
        let u = features { b in
            b.function([])
            b.module.tables.append(Table(type: TableType(elementType: .funcref, limits: Limits(min: 1))))
            b.module.elements.append(ElementSegment(
                type: .funcref,
                mode: .active(index: 0, offset: Expression([Instruction(.i32Const, .i32(0)), Instruction(.end)])),
                items: [Expression([Instruction(.refFunc, .index(0)), Instruction(.end)])],
                usesExpressions: false))
        }
        #expect(u.used.map(\.feature) == [.mvp])
    }

    @Test func summaryFollowsFeatureOrder() {
        let u = features { b in
            b.memory(1)
            b.function([Instruction(.i32Const, .i32(0)), Instruction(.i32Const, .i32(0)), Instruction(.i32Const, .i32(0)),
                        Instruction(.memoryFill, .index(0)), Instruction(.localGet, .index(0)), Instruction(.i32Extend8S), Instruction(.drop)],
                       params: [.i32])
        }
        #expect(u.summary == "MVP + sign extension + bulk memory")
    }
}
