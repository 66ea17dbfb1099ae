import Testing
import WasmBinary
import WasmCore

@Suite struct EncoderTests {
    @Test func emptyModule() {
        #expect(BinaryEncoder.encode(Module()) == preamble)
    }

    @Test func typeSectionForms() {
        var m = Module()
        m.types = [
            funcType(),
            SubType(isFinal: true, composite: .func(FuncType()), explicitSub: true),   // (sub final (func))
            SubType(isFinal: false, composite: .func(FuncType()), explicitSub: true),  // (sub (func))
            funcType(),                                                               // (rec (type (func)))
            SubType(isFinal: false, supertypes: [2], composite: .func(FuncType()), explicitSub: true),
            SubType(isFinal: true, supertypes: [2], composite: .func(FuncType()), explicitSub: true),
        ]
        m.recGroups = [RecGroup(start: 3, count: 1, explicit: true)]
        // The same bytes wasm-tools writes for these six types.
        #expect(section(1, of: BinaryEncoder.encode(m)) == [
            0x06, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00, 0x50, 0x00, 0x60, 0x00, 0x00,
            0x4E, 0x01, 0x60, 0x00, 0x00, 0x50, 0x01, 0x02, 0x60, 0x00, 0x00, 0x4F, 0x01, 0x02, 0x60, 0x00, 0x00,
        ])
    }

    @Test func structArrayAndRecGroup() {
        var m = Module()
        m.types = [
            SubType(composite: .struct([FieldType(.packed(.i8), mutable: true), FieldType(.val(.ref(RefType(nullable: true, .concrete(1)))), mutable: false)])),
            SubType(composite: .array(FieldType(.val(.i64), mutable: true))),
        ]
        m.recGroups = [RecGroup(start: 0, count: 2, explicit: true)]
        #expect(section(1, of: BinaryEncoder.encode(m)) == [
            0x01, 0x4E, 0x02, 0x5F, 0x02, 0x78, 0x01, 0x63, 0x01, 0x00, 0x5E, 0x7E, 0x01,
        ])
    }

    @Test func importsOfEveryKind() {
        var m = Module()
        m.types = [funcType()]
        m.imports = [
            Import(module: "m", name: "f", desc: .func(typeIndex: 0)),
            Import(module: "m", name: "t", desc: .table(TableType(elementType: .funcref, limits: Limits(min: 1)))),
            Import(module: "m", name: "k", desc: .memory(MemoryType(limits: Limits(min: 1, max: 2, addressType: .i64)))),
            Import(module: "m", name: "g", desc: .global(GlobalType(.i32, mutable: true))),
            Import(module: "m", name: "e", desc: .tag(TagType(typeIndex: 0))),
        ]
        #expect(section(2, of: BinaryEncoder.encode(m)) == [
            0x05,
            0x01, 0x6D, 0x01, 0x66, 0x00, 0x00,
            0x01, 0x6D, 0x01, 0x74, 0x01, 0x70, 0x00, 0x01,
            0x01, 0x6D, 0x01, 0x6B, 0x02, 0x05, 0x01, 0x02,
            0x01, 0x6D, 0x01, 0x67, 0x03, 0x7F, 0x01,
            0x01, 0x6D, 0x01, 0x65, 0x04, 0x00, 0x00,
        ])
    }

    @Test func tablesMemoriesTagsGlobals() {
        var m = Module()
        m.types = [funcType([.i32])]
        m.tables = [
            Table(type: TableType(elementType: .externref, limits: Limits(min: 0, max: 10))),
            Table(type: TableType(elementType: RefType(nullable: false, .func), limits: Limits(min: 1)),
                  initializer: expr(Instruction(.refFunc, .index(0)))),
        ]
        m.memories = [Memory(type: MemoryType(limits: Limits(min: 1, max: 2, shared: true)))]
        m.tags = [Tag(type: TagType(typeIndex: 0))]
        m.globals = [Global(type: GlobalType(.i64, mutable: false), initializer: expr(Instruction(.i64Const, .i64(-1))))]
        let bytes = BinaryEncoder.encode(m)
        #expect(section(4, of: bytes) == [0x02, 0x6F, 0x01, 0x00, 0x0A, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B])
        #expect(section(5, of: bytes) == [0x01, 0x03, 0x01, 0x02])
        #expect(section(13, of: bytes) == [0x01, 0x00, 0x00])
        #expect(section(6, of: bytes) == [0x01, 0x7E, 0x00, 0x42, 0x7F, 0x0B])
        // The tag section sits between memory and global.
        let ids = ((try? BinaryDecoder.sections(bytes)) ?? []).map(\.id)
        #expect(ids == [1, 4, 5, 13, 6])
    }

    @Test func exportsAndStart() {
        var m = moduleWithBody(expr())
        m.exports = [Export(name: "run", kind: .func, index: 0), Export(name: "mem", kind: .memory, index: 0)]
        m.start = 0
        let bytes = BinaryEncoder.encode(m)
        #expect(section(7, of: bytes) == [0x02, 0x03, 0x72, 0x75, 0x6E, 0x00, 0x00, 0x03, 0x6D, 0x65, 0x6D, 0x02, 0x00])
        #expect(section(8, of: bytes) == [0x00])
    }

    /// The segment flag wasm-tools picks for each combination.
    @Test(arguments: [
        (SegmentMode.active(index: 0, offset: expr(Instruction(.i32Const, .i32(0)))), false, false, RefType.funcref, UInt8(0)),
        (SegmentMode.passive, false, false, RefType.funcref, UInt8(1)),
        (SegmentMode.active(index: 1, offset: expr(Instruction(.i32Const, .i32(0)))), false, false, RefType.funcref, UInt8(2)),
        (SegmentMode.active(index: 0, offset: expr(Instruction(.i32Const, .i32(0)))), false, true, RefType.funcref, UInt8(2)),
        (SegmentMode.declarative, false, false, RefType.funcref, UInt8(3)),
        (SegmentMode.active(index: 0, offset: expr(Instruction(.i32Const, .i32(0)))), true, false, RefType.funcref, UInt8(4)),
        (SegmentMode.passive, true, false, RefType.funcref, UInt8(5)),
        (SegmentMode.active(index: 0, offset: expr(Instruction(.i32Const, .i32(0)))), true, false, RefType(nullable: false, .func), UInt8(6)),
        (SegmentMode.active(index: 0, offset: expr(Instruction(.i32Const, .i32(0)))), true, true, RefType.funcref, UInt8(6)),
        (SegmentMode.declarative, true, false, RefType.funcref, UInt8(7)),
    ])
    func elementSegmentFlags(mode: SegmentMode, exprs: Bool, explicitTable: Bool, type: RefType, flag: UInt8) throws {
        var m = moduleWithBody(expr())
        m.elements = [ElementSegment(type: type, mode: mode, items: [expr(Instruction(.refFunc, .index(0)))],
                                     usesExpressions: exprs, explicitTable: explicitTable)]
        let bytes = BinaryEncoder.encode(m)
        #expect(section(9, of: bytes)?.dropFirst().first == flag)
        // And the decoder gives back a segment that encodes the same way.
        let again = BinaryEncoder.encode(try BinaryDecoder.decode(bytes))
        #expect(again == bytes)
    }

    @Test func dataSegmentsAndDataCount() {
        var m = moduleWithBody(expr(Instruction(.dataDrop, .index(1))))
        m.memories = [Memory(type: MemoryType(limits: Limits(min: 1)))]
        m.datas = [
            DataSegment(mode: .active(index: 0, offset: expr(Instruction(.i32Const, .i32(8)))), bytes: [1, 2]),
            DataSegment(mode: .passive, bytes: [3]),
            DataSegment(mode: .active(index: 2, offset: expr(Instruction(.i32Const, .i32(0)))), bytes: []),
        ]
        let bytes = BinaryEncoder.encode(m)
        #expect(section(11, of: bytes) == [0x03, 0x00, 0x41, 0x08, 0x0B, 0x02, 0x01, 0x02, 0x01, 0x01, 0x03,
                                           0x02, 0x02, 0x41, 0x00, 0x0B, 0x00])
        // data.drop needs a data count section, emitted before the code section.
        #expect(section(12, of: bytes) == [0x03])
        let ids = ((try? BinaryDecoder.sections(bytes)) ?? []).map(\.id)
        #expect(ids == [1, 3, 5, 12, 10, 11])
        #expect(section(12, of: BinaryEncoder.encode(moduleWithBody(expr()))) == nil)
    }

    @Test func localsAreGroupedByRuns() {
        let m = moduleWithBody(expr(), locals: [.i32, .i32, .i64, .i32, .f32, .f32, .f32])
        #expect(section(10, of: BinaryEncoder.encode(m)) == [
            0x01, 0x0A, 0x04, 0x02, 0x7F, 0x01, 0x7E, 0x01, 0x7F, 0x03, 0x7D, 0x0B,
        ])
    }

    @Test func memArgWithMemoryIndex() {
        let b = encodedBody(moduleWithBody(expr(
            Instruction(.i32Const, .i32(0)),
            Instruction(.i32Load, .memArg(MemArg(offset: 16, align: 2, memory: 0))),
            Instruction(.i32Load, .memArg(MemArg(offset: 1 << 33, align: 0, memory: 3))),
            Instruction(.drop), Instruction(.drop))))
        #expect(b == [0x41, 0x00, 0x28, 0x02, 0x10, 0x28, 0x40, 0x03, 0x80, 0x80, 0x80, 0x80, 0x20, 0x1A, 0x1A, 0x0B])
    }

    @Test func castsAndBranchesOnCasts() {
        let b = encodedBody(moduleWithBody(expr(
            Instruction(.refTest, .refType(RefType(nullable: false, .i31))),
            Instruction(.refTest, .refType(RefType(nullable: true, .i31))),
            Instruction(.refCast, .refType(RefType(nullable: true, .concrete(0)))),
            Instruction(.brOnCast, .brOnCast(label: 0, from: .anyref, to: RefType(nullable: false, .eq))),
            Instruction(.brOnCastFail, .brOnCast(label: 1, from: RefType(nullable: false, .any), to: .eqref)))))
        #expect(b == [0xFB, 0x14, 0x6C, 0xFB, 0x15, 0x6C, 0xFB, 0x17, 0x00,
                      0xFB, 0x18, 0x01, 0x00, 0x6E, 0x6D, 0xFB, 0x19, 0x02, 0x01, 0x6E, 0x6D, 0x0B])
    }

    @Test func blockTypesHeapTypesAndConstants() {
        var e = Expression()
        e.instructions = [
            Instruction(.block, .blockType(.empty)),
            Instruction(.loop, .blockType(.value(.i32))),
            Instruction(.if, .blockType(.typeIndex(64))),
            Instruction(.refNull, .heapType(.extern)),
            Instruction(.refNull, .heapType(.concrete(200))),
            Instruction(.v128Const, .v128(V128(lo: 0x0706_0504_0302_0100, hi: 0x0F0E_0D0C_0B0A_0908))),
            Instruction(.f32Const, .f32(0x7FC0_0001)),
            Instruction(.i32Const, .i32(-64)),
            Instruction(.i64Const, .i64(64)),
        ]
        e.instructions.append(Instruction(.end))
        let b = encodedBody(moduleWithBody(e))
        #expect(b == [0x02, 0x40, 0x03, 0x7F, 0x04, 0xC0, 0x00, 0xD0, 0x6F, 0xD0, 0xC8, 0x01, 0xFD, 0x0C]
                + (0..<16).map { UInt8($0) } + [0x43, 0x01, 0x00, 0xC0, 0x7F, 0x41, 0x40, 0x42, 0xC0, 0x00, 0x0B])
    }

    @Test func poolImmediates() {
        var e = Expression()
        let labels = e.addLabels([0, 1, 2])
        let types = e.addTypes([ValType.funcref])
        let catches = e.addCatches([Catch(kind: .catch, tag: 1, label: 0), Catch(kind: .catchAllRef, label: 2)])
        e.instructions = [
            Instruction(.brTable, .brTable(labels)),
            Instruction(.selectTyped, .selectTypes(types)),
            Instruction(.tryTable, .tryTable(.empty, catches)),
            Instruction(.end), Instruction(.end),
        ]
        let b = encodedBody(moduleWithBody(e))
        #expect(b == [0x0E, 0x02, 0x00, 0x01, 0x02, 0x1C, 0x01, 0x70, 0x1F, 0x40, 0x02, 0x00, 0x01, 0x00, 0x03, 0x02, 0x0B, 0x0B])
    }

    @Test func prefixedOpcodesUseLEBCodes() {
        let b = encodedBody(moduleWithBody(expr(
            Instruction(.i32TruncSatF32S), Instruction(.tableFill, .index(1)),
            Instruction(.i32x4DotI16x8S), Instruction(.memoryCopy, .indices(1, 2)))))
        #expect(b == [0xFC, 0x00, 0xFC, 0x11, 0x01, 0xFD, 0xBA, 0x01, 0xFC, 0x0A, 0x01, 0x02, 0x0B])
    }

    @Test func customSectionPlacement() {
        var m = moduleWithBody(expr())
        m.customSections = [
            CustomSection(name: "end", bytes: [9]),
            CustomSection(name: "first", bytes: [1], placement: .before(0)),
            CustomSection(name: "aftertype", bytes: [2], placement: .after(1)),
            CustomSection(name: "beforecode", bytes: [3], placement: .before(10)),
        ]
        let list = ((try? BinaryDecoder.sections(BinaryEncoder.encode(m))) ?? []).map(\.name)
        #expect(list == ["first", "type", "aftertype", "function", "beforecode", "code", "end"])
        var o = EncodeOptions()
        o.customSections = false
        #expect(((try? BinaryDecoder.sections(BinaryEncoder.encode(m, options: o))) ?? []).count == 3)
    }

    @Test func rawNameSectionGivesWayOnlyToRealNames() {
        var m = moduleWithBody(expr())
        m.customSections = [CustomSection(name: "name", bytes: [0x01, 0x09])]
        var o = EncodeOptions()
        o.debugNames = true
        // No names to write: the raw section stays.
        #expect(section(0, of: BinaryEncoder.encode(m, options: o)) == [0x04, 0x6E, 0x61, 0x6D, 0x65, 0x01, 0x09])
        // Names to write: exactly one name section, ours.
        m.names.functions = [0: "f"]
        let list = ((try? BinaryDecoder.sections(BinaryEncoder.encode(m, options: o))) ?? []).filter { $0.id == 0 }
        #expect(list.count == 1)
    }

    @Test func nameSectionAsWasmToolsWritesIt() {
        var m = moduleWithBody(expr(Instruction(.block, .blockType(.empty)), Instruction(.end)), locals: [.i32])
        m.names.module = "m"
        m.names.functions = [0: "f"]
        m.names.locals = [0: [0: "x"]]
        m.names.labels = [0: [0: "b"]]
        m.names.types = [0: "t"]
        var o = EncodeOptions()
        o.debugNames = true
        let bytes = BinaryEncoder.encode(m, options: o)
        // Bytes from `wasm-tools parse` of the same module in text.
        let expected: [UInt8] = [0x04, 0x6E, 0x61, 0x6D, 0x65, 0x00, 0x02, 0x01, 0x6D, 0x01, 0x04, 0x01, 0x00, 0x01, 0x66,
                                 0x02, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 0x78, 0x03, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 0x62,
                                 0x04, 0x04, 0x01, 0x00, 0x01, 0x74]
        #expect(section(0, of: bytes) == expected)
        #expect(section(0, of: BinaryEncoder.encode(m)) == nil)
        // And it decodes back into the same names.
        #expect((try? BinaryDecoder.decode(bytes))?.names == m.names)
    }
}
