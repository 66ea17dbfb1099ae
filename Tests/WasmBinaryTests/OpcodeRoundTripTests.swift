import Testing
import WasmBinary
import WasmCore

/// A plausible immediate for each shape, so every opcode of the table can be encoded.
private func sampleImmediate(_ shape: ImmediateShape, _ e: inout Expression) -> Immediate {
    switch shape {
    case .none, .fence: return .none
    case .local, .global, .function, .table, .memory, .type, .label, .elem, .data, .tag: return .index(3)
    case .callIndirect, .tableCopy, .tableInit, .memoryCopy, .memoryInit, .structField, .arrayNewFixed,
         .arrayCopy, .arrayData, .arrayElem:
        return .indices(2, 5)
    case .i32: return .i32(-100_000)
    case .i64: return .i64(1 << 40)
    case .f32: return .f32(0x7FA0_0000)
    case .f64: return .f64(0xFFF0_0000_0000_0001)
    case .v128, .shuffle: return .v128(V128(lo: 0x0F0E_0D0C_0B0A_0908, hi: 0x0706_0504_0302_0100))
    case .memArg: return .memArg(MemArg(offset: 1 << 35, align: 3, memory: 1))
    case .memArgLane: return .memArgLane(MemArg(offset: 7, align: 1), 1)
    case .lane: return .lane(1)
    case .blockType: return .blockType(.value(.ref(RefType(nullable: false, .concrete(7)))))
    case .heapType: return .heapType(.concrete(300))
    case .castRefType: return .refType(RefType(nullable: true, .struct))
    case .brOnCast: return .brOnCast(label: 1, from: .anyref, to: RefType(nullable: false, .concrete(2)))
    case .brTable: return .brTable(e.addLabels([4, 5, 6]))
    case .selectTypes: return .selectTypes(e.addTypes([ValType.v128]))
    case .tryTable: return .tryTable(.typeIndex(2), e.addCatches([Catch(kind: .catchRef, tag: 1, label: 0)]))
    }
}

@Suite struct OpcodeRoundTripTests {
    /// Every instruction of the table survives encode → decode unchanged, in its context.
    @Test(arguments: Opcode.allCases)
    func encodesAndDecodes(_ op: Opcode) throws {
        var e = Expression()
        let imm = sampleImmediate(op.info.immediates, &e)
        var body: [Instruction]
        switch op {
        case .block, .loop, .if, .try, .tryTable: body = [Instruction(op, imm), Instruction(.end)]
        case .else: body = [Instruction(.if, .blockType(.empty)), Instruction(op, imm), Instruction(.end)]
        case .catch, .catchAll: body = [Instruction(.try, .blockType(.empty)), Instruction(op, imm), Instruction(.end)]
        case .delegate: body = [Instruction(.try, .blockType(.empty)), Instruction(op, imm)]
        case .end: body = []
        default: body = [Instruction(op, imm)]
        }
        e.instructions = body + [Instruction(.end)]
        var m = moduleWithBody(e)
        m.hasDataCount = true
        let bytes = BinaryEncoder.encode(m)
        var options = DecodeOptions()
        options.features = .all
        let decoded = try BinaryDecoder.decode(bytes, options: options)
        var got = try #require(decoded.functions.first).body
        got.offsets = []
        #expect(got == e)
        #expect(BinaryEncoder.encode(decoded) == bytes)
    }
}
