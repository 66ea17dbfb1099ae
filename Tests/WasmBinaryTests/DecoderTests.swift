import Testing
import WasmBinary
import WasmCore

/// One type `[] -> []`, one function, and a code section holding `body` (locals included).
private func withCode(_ body: [UInt8]) -> [UInt8] {
    wasm((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, [0x01] + ByteWriter.uleb(UInt64(body.count)) + body))
}

@Suite struct DecoderErrorTests {
    /// Each malformation with its message and the offset it must be reported at.
    @Test(arguments: [
        ([UInt8](), "unexpected end", 0),
        ([0x00, 0x61, 0x73], "unexpected end", 3),
        ([0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00], "magic header not detected", 0),
        ([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00], "unexpected end", 6),
        ([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version", 4),
        (preamble + [0x0E, 0x00], "malformed section id", 8),
        (preamble + [0x01, 0x05, 0x01, 0x60, 0x00], "length out of bounds", 9),
        (preamble + [0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x01, 0x01, 0x00], "unexpected content after last section", 14),
        (preamble + [0x0A, 0x01, 0x00, 0x03, 0x01, 0x00], "unexpected content after last section", 11),
        (preamble + [0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00], "section size mismatch", 10),
        (preamble + [0x01, 0x03, 0x01, 0x60, 0x00], "unexpected end of section or function", 13),
        (preamble + [0x03, 0x02, 0x01, 0x00], "function and code section have inconsistent lengths", 12),
        (preamble + [0x0C, 0x01, 0x01], "data count and data section have inconsistent lengths", 11),
        (preamble + [0x02, 0x06, 0x01, 0x00, 0x00, 0x05, 0x00, 0x00], "malformed import kind", 13),
        (preamble + [0x02, 0x05, 0x01, 0x01, 0xFF, 0x00, 0x00], "malformed UTF-8 encoding", 11),
        (preamble + [0x06, 0x04, 0x01, 0x7F, 0x02, 0x0B], "malformed mutability", 12),
        (preamble + [0x05, 0x03, 0x01, 0x08, 0x00], "malformed limits flags", 11),
        (preamble + [0x04, 0x04, 0x01, 0x70, 0x02, 0x00], "malformed limits flags", 12),
        (preamble + [0x04, 0x04, 0x01, 0x7F, 0x00, 0x00], "malformed reference type", 11),
        (preamble + [0x01, 0x04, 0x01, 0x60, 0x01, 0x55], "malformed value type", 13),
        (preamble + [0x01, 0x04, 0x01, 0x61, 0x00, 0x00], "malformed definition type", 11),
        (preamble + [0x07, 0x05, 0x01, 0x01, 0x61, 0x05, 0x00], "malformed export kind", 13),
        (preamble + [0x0B, 0x03, 0x01, 0x03, 0x00], "malformed data segment kind", 11),
        (preamble + [0x09, 0x03, 0x01, 0x08, 0x00], "malformed elements segment kind", 11),
        (preamble + [0x09, 0x04, 0x01, 0x01, 0x01, 0x00], "malformed element kind", 12),
        (preamble + [0x05, 0x0C, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70], "integer too large", 21),
        (preamble + [0x03, 0x07, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], "integer representation too long", 16),
        (withCode([0x00, 0x00]), "unexpected end of section or function", 24),
        (withCode([0x00, 0x41, 0x01, 0x1A, 0x05]), "END opcode expected", 26),
        (withCode([0x00, 0x05, 0x0B]), "END opcode expected", 23),
        (withCode([0x00, 0xFF, 0x0B]), "illegal opcode ff", 23),
        (withCode([0x00, 0xFC, 0x63, 0x0B]), "illegal opcode fc 63", 23),
        (withCode([0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A, 0x0B]), "malformed memop flags", 26),
        (withCode([0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B]), "too many locals", 22),
        (withCode([0x01, 0x80, 0xE1, 0x03, 0x7F, 0x0B]), "too many locals", 22),
        (withCode([0x00, 0xFC, 0x09, 0x00, 0x0B]), "data count section required", 27),
        (withCode([0x00, 0x0B, 0x01]) , "section size mismatch", 22),
        (preamble + [0x00, 0x00], "unexpected end of section or function", 10),
        (preamble + [0x00, 0x01, 0x05], "length out of bounds", 10),
    ] as [([UInt8], String, Int)])
    func malformed(bytes: [UInt8], message: String, offset: Int) {
        let e = decodeError(bytes)
        #expect(e?.message == message)
        #expect(e?.location == .binary(offset: UInt32(offset)))
        #expect(e?.phase == .decode)
    }

    @Test func renderedWithHexOffset() {
        let e = decodeError(preamble + [0x0E, 0x00])
        #expect(e?.rendered(file: "bad.wasm") == "bad.wasm:0x8: error: malformed section id")
    }

    @Test func hugeCountsFailWithoutAllocating() {
        // A 20-byte file claiming 4 billion functions, types, locals, data bytes.
        let claims: [[UInt8]] = [
            preamble + [0x03, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            preamble + [0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            preamble + [0x0B, 0x08, 0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            preamble + [0x01, 0x0A, 0x01, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            withCode([0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B]),
            withCode([0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B]),
        ]
        for c in claims {
            let clock = ContinuousClock()
            let t = clock.measure { #expect(decodeError(c) != nil) }
            #expect(t < .milliseconds(50))
        }
    }

    @Test func deepNestingDoesNotRecurse() {
        let depth = 200_000
        let body = [UInt8(0x00)] + [UInt8](repeating: 0x02, count: depth * 2).enumerated().map { $0.offset % 2 == 0 ? 0x02 : 0x40 }
            + [UInt8](repeating: 0x0B, count: depth + 1)
        let m = try? BinaryDecoder.decode(withCode(body))
        #expect(m?.functions.first?.body.instructions.count == depth * 2 + 1)
    }

    @Test func featuresGateWhatIsAccepted() {
        let simd = withCode([0x00, 0xFD, 0x0C] + [UInt8](repeating: 0, count: 16) + [0x1A, 0x0B])
        #expect(decodeError(simd) == nil)
        var noSimd = Features.default
        noSimd.remove(.simd)
        #expect(decodeError(simd, features: noSimd)?.message == "illegal opcode fd 0c")

        let mem64 = preamble + [0x05, 0x03, 0x01, 0x04, 0x01]
        #expect(decodeError(mem64) == nil)
        var no64 = Features.default
        no64.remove(.memory64)
        #expect(decodeError(mem64, features: no64)?.message == "malformed limits flags")

        // Threads are on by default (as in wasm-tools); without them a shared memory is malformed.
        let shared = preamble + [0x05, 0x04, 0x01, 0x03, 0x01, 0x01]
        #expect(decodeError(shared) == nil)
        #expect(decodeError(shared, features: .wasm3)?.message == "malformed limits flags")

        // Custom page sizes are off by default: flag 0x08 is malformed until they are enabled.
        let pageSize = preamble + [0x05, 0x04, 0x01, 0x08, 0x01, 0x00]
        #expect(decodeError(pageSize)?.message == "malformed limits flags")
        #expect(decodeError(pageSize, features: .all) == nil)
        #expect(decodeError(preamble + [0x05, 0x04, 0x01, 0x08, 0x01, 0x41], features: .all)?.message == "invalid custom page size")

        let tags = wasm((1, [0x01, 0x60, 0x00, 0x00]), (13, [0x01, 0x00, 0x00]))
        #expect(decodeError(tags) == nil)
        var noEH = Features.default
        noEH.remove(.exceptions)
        #expect(decodeError(tags, features: noEH)?.message == "malformed section id")

        var mvp = Features()
        mvp.insert(.mvp)
        let multiMemory = withCode([0x00, 0x3F, 0x01, 0x1A, 0x0B])
        #expect(decodeError(multiMemory) == nil)
        #expect(decodeError(multiMemory, features: mvp)?.message == "zero byte expected")
    }
}

@Suite struct DecoderTests {
    @Test func recordsInstructionAndFunctionOffsets() throws {
        let bytes = withCode([0x00, 0x41, 0x05, 0x1A, 0x0B])
        let m = try BinaryDecoder.decode(bytes)
        let f = try #require(m.functions.first)
        #expect(f.sourceOffset == 22)
        #expect(f.body.offsets == [23, 25, 26])
        #expect(f.body.instructions == [Instruction(.i32Const, .i32(5)), Instruction(.drop), Instruction(.end)])
    }

    @Test func everyImmediateShapeRoundTrips() throws {
        var e = Expression()
        let labels = e.addLabels([0, 0])
        let types = e.addTypes([ValType.i32])
        let catches = e.addCatches([Catch(kind: .catchRef, tag: 0, label: 0), Catch(kind: .catchAll, label: 0)])
        e.instructions = [
            Instruction(.block, .blockType(.value(.ref(RefType(nullable: false, .concrete(0)))))),
            Instruction(.brTable, .brTable(labels)),
            Instruction(.end),
            Instruction(.tryTable, .tryTable(.typeIndex(0), catches)), Instruction(.end),
            Instruction(.i32Const, .i32(1)), Instruction(.i32Const, .i32(2)), Instruction(.i32Const, .i32(0)),
            Instruction(.selectTyped, .selectTypes(types)), Instruction(.drop),
            Instruction(.callIndirect, .indices(0, 1)),
            Instruction(.v128Load8Lane, .memArgLane(MemArg(offset: 3, align: 0, memory: 1), 7)),
            Instruction(.i8x16Shuffle, .v128(V128(lo: 0x0102_0304_0506_0708, hi: 0x1112_1314_1516_1718))),
            Instruction(.i8x16ExtractLaneU, .lane(15)),
            Instruction(.structGet, .indices(1, 2)), Instruction(.arrayNewFixed, .indices(2, 3)),
            Instruction(.refNull, .heapType(.noexn)), Instruction(.refCast, .refType(.nullfuncref)),
            Instruction(.brOnCast, .brOnCast(label: 0, from: .anyref, to: RefType(nullable: false, .concrete(1)))),
            Instruction(.f64Const, .f64(0x7FF8_0000_0000_0001)), Instruction(.i64Const, .i64(Int64.min)),
            Instruction(.memoryInit, .indices(0, 1)), Instruction(.tableInit, .indices(2, 3)),
            Instruction(.end),
        ]
        var m = moduleWithBody(e)
        m.hasDataCount = true
        m.datas = [DataSegment(mode: .passive, bytes: [])]
        let bytes = BinaryEncoder.encode(m)
        let decoded = try BinaryDecoder.decode(bytes)
        var got = try #require(decoded.functions.first).body
        #expect(got.offsets.count == got.instructions.count)
        got.offsets = []
        #expect(got == e)
        #expect(BinaryEncoder.encode(decoded) == bytes)
    }

    @Test func customSectionsKeepTheirPlace() throws {
        let bytes = preamble + [0x00, 0x03, 0x01, 0x61, 0x07] + [0x01, 0x04, 0x01, 0x60, 0x00, 0x00] + [0x00, 0x02, 0x01, 0x62]
        let m = try BinaryDecoder.decode(bytes)
        #expect(m.customSections == [CustomSection(name: "a", bytes: [7], placement: .before(0)),
                                     CustomSection(name: "b", bytes: [], placement: .after(1))])
        #expect(BinaryEncoder.encode(m) == bytes)
    }

    @Test func malformedNameSectionIsKeptRawAndIgnored() throws {
        let bad: [UInt8] = [0x00, 0x07, 0x04, 0x6E, 0x61, 0x6D, 0x65, 0x01, 0x09]
        let m = try BinaryDecoder.decode(preamble + bad)
        #expect(m.names == NameMap())
        #expect(m.customSections.first?.name == "name")
    }

    @Test func nameSectionDecodes() throws {
        var src = moduleWithBody(expr())
        src.names.functions = [0: "main"]
        src.names.globals = [3: "g"]
        src.names.fields = [0: [1: "x"]]
        src.names.tags = [0: "e"]
        var o = EncodeOptions()
        o.debugNames = true
        let m = try BinaryDecoder.decode(BinaryEncoder.encode(src, options: o))
        #expect(m.names == src.names)
        #expect(m.customSections.isEmpty)
    }

    @Test func elementIndexSegmentsBecomeRefFuncExpressions() throws {
        let bytes = wasm((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x02, 0x00, 0x00]),
                         (9, [0x01, 0x01, 0x00, 0x02, 0x00, 0x01]),
                         (10, [0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B]))
        let m = try BinaryDecoder.decode(bytes)
        let seg = try #require(m.elements.first)
        #expect(seg.mode == .passive)
        #expect(seg.type == .funcref)
        #expect(!seg.usesExpressions)
        #expect(seg.items.map(\.instructions) == [[Instruction(.refFunc, .index(0)), Instruction(.end)],
                                                   [Instruction(.refFunc, .index(1)), Instruction(.end)]])
        #expect(BinaryEncoder.encode(m) == bytes)
    }

    @Test func sectionListing() throws {
        let bytes = withCode([0x00, 0x0B])
        let list = try BinaryDecoder.sections(bytes)
        #expect(list.map(\.id) == [1, 3, 10])
        #expect(list.map(\.name) == ["type", "function", "code"])
        #expect(list.map(\.offset) == [8, 14, 18])
        #expect(list.map(\.size) == [4, 2, 4])
    }
}
