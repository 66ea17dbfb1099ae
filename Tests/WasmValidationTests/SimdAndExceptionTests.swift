import Testing
import WasmCore
import WasmValidation

@Suite struct SimdAndExceptionTests {
    static let v128Zero = Instruction(.v128Const, .v128(.zero))

    @Test func laneIndices() {
        let z = SimdAndExceptionTests.v128Zero
        expectValid(single([], [.i32], [z, Instruction(.i8x16ExtractLaneS, .lane(15))]))
        expectInvalid(single([], [.i32], [z, Instruction(.i8x16ExtractLaneS, .lane(16))]), "invalid lane index")
        expectInvalid(single([], [.i64], [z, Instruction(.i64x2ExtractLane, .lane(2))]), "invalid lane index")
        expectValid(single([], [.v128], [z, .f32(1), Instruction(.f32x4ReplaceLane, .lane(3))]))
        expectInvalid(single([], [.v128], [z, .f32(1), Instruction(.f32x4ReplaceLane, .lane(4))]), "invalid lane index")
        expectValid(single([], [.v128], [z, z, Instruction(.i8x16Shuffle, .v128(V128(bytes: [UInt8](repeating: 31, count: 16))))]))
        expectInvalid(single([], [.v128], [z, z, Instruction(.i8x16Shuffle, .v128(V128(bytes: [UInt8](repeating: 32, count: 16))))]), "invalid lane index")
        let lane = { (l: UInt8) in Instruction(.v128Load16Lane, .memArgLane(MemArg(align: 1), l)) }
        expectValid(single([], [.v128], memory: true, [.i32(0), z, lane(7)]))
        expectInvalid(single([], [.v128], memory: true, [.i32(0), z, lane(8)]), "invalid lane index")
    }

    @Test func simdSignatures() {
        let z = SimdAndExceptionTests.v128Zero
        expectValid(single([], [.v128], [z, .i32(1), .op(.i32x4Shl)]))
        expectInvalid(single([], [.v128], [z, z, .op(.i32x4Shl)]), "type mismatch")
        expectValid(single([], [.i32], [z, .op(.v128AnyTrue)]))
        expectValid(single([], [.v128], [z, z, z, .op(.v128Bitselect)]))
        expectInvalid(single([], [.v128], [z, z, .op(.v128Bitselect)]), "type mismatch")
        expectValid(single([], [.v128], [.i64(1), .op(.i64x2Splat)]))
        expectInvalid(single([], [.v128], [.i32(1), .op(.i64x2Splat)]), "type mismatch")
        expectInvalid(single([], [.v128], memory: true, [.i32(0), .mem(.v128Load, align: 5)]), "alignment must not be larger than natural")
    }

    @Test func throwAndTags() {
        var b = ModuleBuilder()
        let t = b.type([.i32], [])
        b.module.tags.append(Tag(type: TagType(typeIndex: t)))
        b.function([], [], [.i32(1), .idx(.throw, 0)])
        expectValid(b.module)
        var c = ModuleBuilder()
        let u = c.type([.i32], [])
        c.module.tags.append(Tag(type: TagType(typeIndex: u)))
        c.function([], [], [.i64(1), .idx(.throw, 0)])
        expectInvalid(c.module, "type mismatch: instruction requires [i32] but stack has [i64]")
        var d = ModuleBuilder()
        let w = d.type([], [.i32])
        d.module.tags.append(Tag(type: TagType(typeIndex: w)))
        expectInvalid(d.module, "non-empty tag result type")
        expectInvalid(single([], [], [.idx(.throw, 0)]), "unknown tag 0")
        expectValid(single([.ref(.exnref)], [], [.idx(.localGet, 0), .op(.throwRef)]))
        expectInvalid(single([.externref], [], [.idx(.localGet, 0), .op(.throwRef)]), "type mismatch")
    }

    @Test func tryTableCatches() {
        func module(_ label: ValType?, kind: Catch.Kind) -> Module {
            var b = ModuleBuilder()
            let t = b.type([.i32], [])
            b.module.tags.append(Tag(type: TagType(typeIndex: t)))
            var e = Expression([.block(.block, label.map { .value($0) } ?? .empty)])
            let r = e.addCatches([Catch(kind: kind, tag: 0, label: 0)])
            e.instructions += [Instruction(.tryTable, .tryTable(.empty, r)), .end, .op(.unreachable), .end, .op(.drop), .end]
            b.function(type: b.type([], []), e)
            return b.module
        }
        expectValid(module(.i32, kind: .catch))
        expectInvalid(module(.i64, kind: .catch), "type mismatch")
        expectValid(module(.ref(.exnref), kind: .catchAllRef))
        expectInvalid(module(.ref(.exnref), kind: .catchAll), "type mismatch")
    }

    @Test func legacyTryCatchRethrow() {
        var b = ModuleBuilder()
        let t = b.type([.i32], [])
        b.module.tags.append(Tag(type: TagType(typeIndex: t)))
        b.function([], [], [.block(.try), .op(.nop), .idx(.catch, 0), .op(.drop), .idx(.rethrow, 0), .op(.catchAll), .idx(.rethrow, 0), .end])
        expectValid(b.module)
        var c = ModuleBuilder()
        c.function([], [], [.block(.try), .idx(.rethrow, 0), .end])
        expectInvalid(c.module, "invalid rethrow label")
        var d = ModuleBuilder()
        d.function([], [], [.block(), .block(.try), .idx(.delegate, 0), .end])
        expectValid(d.module)
    }

    @Test func disabledFeatureIsRefused() {
        var f = Features.default
        f.remove(.simd)
        expectInvalid(single([], [.v128], [SimdAndExceptionTests.v128Zero]), "v128.const requires", features: f)
    }
}
