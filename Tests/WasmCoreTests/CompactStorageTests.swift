import Testing
@testable import WasmCore

/// `InstructionList` and `OffsetList` store instructions and offsets compactly; every value must
/// come back exactly as it went in, whichever way it is stored (inline in the word or pooled).
@Suite struct CompactStorageTests {
    static let immediates: [Immediate] = [
        .none, .index(0), .index(.max), .indices(3, 0), .indices(1 << 20, 7), .indices(.max, .max),
        .i32(0), .i32(.min), .i32(.max), .i64(0), .i64(-1), .i64(1 << 39 - 1), .i64(-(1 << 39)),
        .i64(1 << 39), .i64(.min), .i64(.max), .f32(0x7FC0_0001), .f32(.max),
        .f64(0x3FF0_0000_0000_0000), .f64(0x4009_21FB_5444_2D18), .f64(0x7FF8_0000_0000_0001), .f64(.max),
        .v128(V128(lo: 1, hi: .max)),
        .memArg(MemArg(offset: 0, align: 2)), .memArg(MemArg(offset: 0xFFFF_FFFF, align: 63, memory: 3)),
        .memArg(MemArg(offset: 1 << 32, align: 3)), .memArg(MemArg(offset: 8, align: 64)),
        .memArg(MemArg(offset: 8, align: 2, memory: 4)), .memArgLane(MemArg(offset: 4, align: 1), 15),
        .lane(0), .lane(255),
        .blockType(.empty), .blockType(.value(.i32)), .blockType(.value(.v128)), .blockType(.value(.funcref)),
        .blockType(.value(.ref(RefType(nullable: false, .concrete(.max))))), .blockType(.typeIndex(.max)),
        .heapType(.func), .heapType(.noexn), .heapType(.concrete(0)), .heapType(.exact(.max)),
        .refType(.externref), .refType(RefType(nullable: false, .exact(12))),
        .brOnCast(label: 2, from: .anyref, to: RefType(nullable: false, .i31)),
        .brTable(PoolRange(start: 0, count: 1)), .brTable(PoolRange(start: 1 << 24, count: 2)),
        .brTable(PoolRange(start: 5, count: 1 << 16)), .selectTypes(PoolRange(start: 7, count: 1)),
        .tryTable(.value(.i64), PoolRange(start: 1, count: 2)),
    ]

    static let instructions: [Instruction] = immediates.enumerated().map { k, imm in
        Instruction(Opcode.allCases[(k * 37) % Opcode.allCases.count], imm)
    }

    @Test func everyImmediateComesBack() {
        let list = InstructionList(Self.instructions)
        #expect(list.count == Self.instructions.count)
        #expect(Array(list) == Self.instructions)
        for (k, i) in Self.instructions.enumerated() {
            #expect(list[k] == i)
            #expect(list.opcode(at: k) == i.opcode)
        }
        // Every opcode survives the word.
        let ops = InstructionList(Opcode.allCases.map { Instruction($0) })
        #expect(ops.map(\.opcode) == Opcode.allCases)
    }

    @Test func mutationsAndEquality() {
        var list: InstructionList = [Instruction(.nop), Instruction(.i64Const, .i64(.min)), Instruction(.end)]
        list[1] = Instruction(.f64Const, .f64(0x4009_21FB_5444_2D18))
        #expect(list[1] == Instruction(.f64Const, .f64(0x4009_21FB_5444_2D18)))
        list.replaceSubrange(0..<1, with: [Instruction(.v128Const, .v128(V128(lo: 9, hi: 9))), Instruction(.drop)])
        #expect(list.count == 4)
        #expect(list[0] == Instruction(.v128Const, .v128(V128(lo: 9, hi: 9))))
        list += [Instruction(.br, .index(3))]
        #expect(list.last == Instruction(.br, .index(3)))
        // The same instructions are equal and hash alike however their pools were filled.
        let rebuilt = InstructionList(Array(list))
        #expect(rebuilt == list)
        #expect(rebuilt.hashValue == list.hashValue)
        var other = list
        other[2] = Instruction(.end)
        #expect(other != list)
    }

    @Test func offsetsComeBackWithLargeAndNegativeSteps() {
        var values: [UInt32] = []
        var v: UInt32 = 1000
        for k in 0..<1000 {
            // Small steps, steps of ±127/±128, jumps back (folded text) and far jumps.
            let step: Int64 = [1, 3, 127, 128, -127, -128, -40, 70_000, -65_000, 0][k % 10]
            v = UInt32(clamping: Int64(v) + step)
            values.append(v)
        }
        values.append(.max)
        values.append(0)
        let list = OffsetList(values)
        #expect(list.count == values.count)
        #expect(Array(list) == values)
        for k in values.indices { #expect(list[k] == values[k]) }
        #expect(list == OffsetList(values))
        var appended = OffsetList()
        for x in values { appended.append(x) }
        #expect(appended == list && appended.hashValue == list.hashValue)
        var edited = list
        edited.replaceSubrange(5..<7, with: [42])
        var expected = values
        expected.replaceSubrange(5..<7, with: [42])
        #expect(Array(edited) == expected)
        var shrunk = list
        shrunk.shrinkToFit()
        #expect(shrunk == list)
        let empty: OffsetList = []
        #expect(empty.isEmpty && empty.first == nil)
    }
}
