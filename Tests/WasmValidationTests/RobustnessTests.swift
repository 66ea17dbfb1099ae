import Testing
import WasmCore
import WasmText
import WasmValidation

/// A small deterministic generator (xorshift), so failures reproduce.
struct XorShift: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

@Suite struct RobustnessTests {
    static func randomValType(_ r: inout XorShift) -> ValType {
        switch r.next() % 8 {
        case 0: return .i32
        case 1: return .i64
        case 2: return .f32
        case 3: return .f64
        case 4: return .v128
        case 5: return .funcref
        case 6: return .ref(RefType(nullable: r.next() % 2 == 0, .concrete(UInt32(r.next() % 4))))
        default: return .ref(RefType(nullable: r.next() % 2 == 0, [.any, .eq, .i31, .extern, .exn, .none][Int(r.next() % 6)]))
        }
    }

    static func randomIndex(_ r: inout XorShift) -> UInt32 {
        r.next() % 8 == 0 ? UInt32(truncatingIfNeeded: r.next()) : UInt32(r.next() % 4)
    }

    /// An immediate of a random shape with small or wild values.
    static func randomImmediate(_ r: inout XorShift, _ e: inout Expression) -> Immediate {
        let bt: BlockType = [.empty, .value(randomValType(&r)), .typeIndex(randomIndex(&r))][Int(r.next() % 3)]
        switch r.next() % 14 {
        case 0: return .none
        case 1: return .index(randomIndex(&r))
        case 2: return .indices(randomIndex(&r), randomIndex(&r))
        case 3: return .i32(Int32(truncatingIfNeeded: r.next()))
        case 4: return .memArg(MemArg(offset: r.next() % 3 == 0 ? r.next() : 0, align: UInt8(truncatingIfNeeded: r.next() % 6 == 0 ? r.next() : r.next() % 5), memory: randomIndex(&r)))
        case 5: return .memArgLane(MemArg(align: UInt8(r.next() % 5)), UInt8(truncatingIfNeeded: r.next() % 20))
        case 6: return .lane(UInt8(truncatingIfNeeded: r.next() % 20))
        case 7: return .blockType(bt)
        case 8: return .heapType(r.next() % 2 == 0 ? .func : .concrete(randomIndex(&r)))
        case 9: return .refType(RefType(nullable: r.next() % 2 == 0, r.next() % 2 == 0 ? .any : .concrete(randomIndex(&r))))
        case 10:
            let n = Int(r.next() % 4)
            var ls: [UInt32] = []
            for _ in 0..<n { ls.append(randomIndex(&r)) }
            let range = e.addLabels(ls)
            // Sometimes a range that does not fit the pool.
            return .brTable(r.next() % 5 == 0 ? PoolRange(start: range.start &+ 3, count: UInt32(n) &+ 7) : range)
        case 11:
            let range = e.addTypes((0..<Int(r.next() % 3)).map { _ in randomValType(&r) })
            return .selectTypes(r.next() % 5 == 0 ? PoolRange(start: UInt32.max, count: 2) : range)
        case 12:
            let range = e.addCatches([Catch(kind: Catch.Kind(rawValue: UInt8(r.next() % 4)) ?? .catchAll, tag: randomIndex(&r), label: randomIndex(&r))])
            return .tryTable(bt, range)
        default:
            return .brOnCast(label: randomIndex(&r), from: .anyref, to: RefType(nullable: false, .concrete(randomIndex(&r))))
        }
    }

    /// A module with a few types, a memory, a table, a tag, a global, a data and elem segment,
    /// and one function with a random body; `wellFormed` picks matching immediate shapes.
    static func randomModule(_ r: inout XorShift) -> Module {
        var b = ModuleBuilder()
        b.type([.i32], [.i32])
        b.type([], [])
        b.subtype(SubType(isFinal: false, composite: .struct([FieldType(.val(.i32), mutable: true), FieldType(.packed(.i8), mutable: false)])))
        b.subtype(SubType(composite: .array(FieldType(.val(randomValType(&r)), mutable: r.next() % 2 == 0))))
        b.memory(1, addressType: r.next() % 2 == 0 ? .i32 : .i64)
        b.table(.funcref, 1)
        b.module.tags.append(Tag(type: TagType(typeIndex: r.next() % 3 == 0 ? 1 : 0)))
        b.global(.i32, mutable: true, [.i32(0)])
        b.module.datas.append(DataSegment(mode: .passive, bytes: [1, 2]))
        b.module.elements.append(ElementSegment(type: .funcref, mode: .declarative, items: [Expression([.idx(.refFunc, 0), .end])], usesExpressions: false))
        var e = Expression()
        let n = Int(r.next() % 40)
        var depth = 0
        for _ in 0..<n {
            let op = Opcode.allCases[Int(r.next() % UInt64(Opcode.allCases.count))]
            let imm = randomImmediate(&r, &e)
            if op == .block || op == .loop || op == .if || op == .tryTable || op == .try { depth += 1 }
            if op == .end { depth -= 1 }
            e.instructions.append(Instruction(op, imm))
        }
        for _ in 0..<max(0, depth + 1) where r.next() % 8 != 0 { e.instructions.append(.end) }
        if r.next() % 4 == 0 {
            e.instructions.append(.end)
        }
        b.function(type: UInt32(r.next() % 2), locals: [randomValType(&r)], e)
        return b.module
    }

    @Test func randomBodiesNeverCrash() {
        var r = XorShift(seed: 42)
        var rejected = 0
        let clock = ContinuousClock()
        var total = Duration.zero
        var slowest = Duration.zero
        for _ in 0..<10_000 {
            let m = RobustnessTests.randomModule(&r)
            let t = clock.measure {
                if validate(m) != nil { rejected += 1 }
            }
            total += t
            slowest = max(slowest, t)
        }
        #expect(rejected > 5_000)
        // Wall-clock bounds stay loose: other jobs share the machine.
        #expect(total / 10_000 < .milliseconds(2))
        #expect(slowest < .seconds(1))
    }

    /// Well-typed random straight-line code is accepted: a stack machine of i32/i64 ops.
    @Test func randomWellTypedCodeIsAccepted() {
        var r = XorShift(seed: 7)
        for _ in 0..<500 {
            var body: [Instruction] = []
            var stack: [ValType] = []
            for _ in 0..<Int(r.next() % 60) {
                switch r.next() % 5 {
                case 0: body.append(.i32(1)); stack.append(.i32)
                case 1: body.append(.i64(1)); stack.append(.i64)
                case 2 where stack.count >= 2 && stack[stack.count - 1] == stack[stack.count - 2]:
                    body.append(.op(stack.last == .i32 ? .i32Add : .i64Mul)); stack.removeLast()
                case 3 where stack.last == .i64:
                    body.append(.op(.i32WrapI64)); stack[stack.count - 1] = .i32
                case 4 where !stack.isEmpty:
                    body.append(.op(.drop)); stack.removeLast()
                default:
                    body.append(.op(.nop))
                }
            }
            expectValid(single([], stack, body))
        }
    }

    @Test func hugeCountsUnderPolymorphicStackAreCheap() {
        var b = ModuleBuilder()
        let a = b.subtype(SubType(composite: .array(FieldType(.val(.i32), mutable: false))))
        b.function([], [], [.op(.unreachable), Instruction(.arrayNewFixed, .indices(a, UInt32.max)), .op(.drop)])
        expectValid(b.module)
        var c = ModuleBuilder()
        let a2 = c.subtype(SubType(composite: .array(FieldType(.val(.i32), mutable: false))))
        c.function([], [], [.i32(1), Instruction(.arrayNewFixed, .indices(a2, UInt32.max)), .op(.drop)])
        expectInvalid(c.module, "type mismatch")
    }
}
