import Testing
@testable import WasmCore

@Suite struct OpcodeTableTests {
    @Test func namesAreUnique() {
        var seen: [String: Opcode] = [:]
        for op in Opcode.allCases where op != .selectTyped {
            #expect(seen[op.info.name] == nil, "duplicate name \(op.info.name)")
            seen[op.info.name] = op
        }
    }

    @Test func encodingsAreUnique() {
        var seen = Set<UInt64>()
        for op in Opcode.allCases {
            let key = UInt64(op.info.prefix.rawValue) << 32 | UInt64(op.info.code)
            #expect(!seen.contains(key), "duplicate encoding for \(op.info.name)")
            seen.insert(key)
        }
    }

    @Test func decoderDispatchFindsEveryOpcode() {
        for op in Opcode.allCases {
            #expect(Opcode.lookup(prefix: op.info.prefix, code: op.info.code) == op)
        }
    }

    @Test func caseNamesFollowTextNames() {
        for op in Opcode.allCases where op != .selectTyped {
            let parts = op.info.name.split(whereSeparator: { $0 == "." || $0 == "_" }).map(String.init)
            let expected = parts[0] + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            #expect(String(describing: op) == expected)
        }
    }

    /// `isAtomic` is a range test over the contiguous 0xFE cases: it must name exactly them.
    @Test func atomicOpcodesAreTheAtomicPrefix() {
        for op in Opcode.allCases {
            #expect(op.isAtomic == (op.info.prefix == .atomic), "\(op.info.name)")
            if op.isAtomic { #expect(op.info.feature == .threads) }
        }
        #expect(Opcode.allCases.filter(\.isAtomic).count == 67)
        #expect(Opcode.i32AtomicRmw8AddU.info.code == 0x20)
        #expect(Opcode.i64AtomicRmw32CmpxchgU.info.code == 0x4E)
        #expect(Opcode.i32AtomicStore16.info.signature.accessBytes == 2)
        #expect(Opcode.memoryAtomicWait64.info.signature.accessBytes == 8)
        #expect(Opcode.i64MulWideU.info.prefix == .misc && Opcode.i64MulWideU.info.code == 22)
    }

    @Test func legacyAliasesAreNotCurrentNames() {
        for (name, op) in Opcode.legacyAliases {
            #expect(Opcode.byName[name] == nil)
            #expect(Opcode.byLegacyName[name] == op)
        }
    }

    @Test func spotCheckEncodings() {
        #expect(Opcode.i32Add.info.code == 0x6A)
        #expect(Opcode.f64ReinterpretI64.info.code == 0xBF)
        #expect(Opcode.i64Extend32S.info.code == 0xC4)
        #expect(Opcode.memoryFill.info.prefix == .misc && Opcode.memoryFill.info.code == 11)
        #expect(Opcode.f64x2ConvertLowI32x4U.info.code == 255)
        #expect(Opcode.i32x4RelaxedDotI8x16I7x16AddS.info.code == 0x113)
        #expect(Opcode.i31GetU.info.prefix == .gc && Opcode.i31GetU.info.code == 30)
        #expect(Opcode.brOnCastFail.info.code == 25)
        #expect(Opcode.tryTable.info.code == 0x1F)
    }
}

@Suite struct TypeTextTests {
    @Test func heapTypeKeywordsRoundTrip() {
        for (keyword, type) in HeapType.abstractKeywords {
            #expect(HeapType(keyword: keyword) == type)
            #expect(type.description == keyword)
        }
        #expect(HeapType(keyword: "anyfunc") == nil)
    }

    @Test func referenceTypesUseTheSpecShorthands() {
        #expect(RefType.funcref.description == "funcref")
        #expect(RefType.nullref.description == "nullref")
        #expect(RefType.nullexternref.description == "nullexternref")
        #expect(RefType(nullable: false, .func).description == "(ref func)")
        #expect(RefType(nullable: true, .concrete(3)).description == "(ref null 3)")
        #expect(ValType.ref(.exnref).description == "exnref")
    }
}
