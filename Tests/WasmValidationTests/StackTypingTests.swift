import Testing
import WasmCore
import WasmValidation

@Suite struct StackTypingTests {
    @Test func numericGenericRules() {
        expectValid(single([], [.i32], [.i32(1), .i32(2), .op(.i32Add)]))
        expectInvalid(single([], [.i32], [.i32(1), .f32(2), .op(.i32Add)]), "type mismatch")
        expectValid(single([.i64], [.i32], [.idx(.localGet, 0), .op(.i64Eqz)]))
        expectInvalid(single([.i64], [.i64], [.idx(.localGet, 0), .op(.i64Eqz)]), "type mismatch")
        expectValid(single([.f64], [.i64], [.idx(.localGet, 0), .op(.i64TruncF64S)]))
        expectInvalid(single([.f32], [.i64], [.idx(.localGet, 0), .op(.i64TruncF64S)]), "type mismatch")
    }

    @Test func messageNamesTypes() {
        let d = validate(single([], [], [.i64(1), .op(.i32Eqz), .op(.drop)]))
        #expect(d?.message == "type mismatch: instruction requires [i32] but stack has [i64]")
        let e = validate(single([], [], [.op(.i32Eqz), .op(.drop)]))
        #expect(e?.message == "type mismatch: instruction requires [i32] but stack has []")
    }

    @Test func functionResultsAndLeftovers() {
        expectInvalid(single([], [.i32], []), "type mismatch")
        expectInvalid(single([], [], [.i32(1)]), "type mismatch")
        expectValid(single([], [.i32, .i64], [.i32(1), .i64(2)]))
    }

    @Test func polymorphicStackAfterUnreachableBrReturn() {
        expectValid(single([], [.i32], [.op(.unreachable), .op(.i32Add)]))
        expectValid(single([], [.i32], [.i32(1), .idx(.br, 0), .op(.i32Add)]))
        expectInvalid(single([], [.i32], [.idx(.br, 0)]), "type mismatch")
        expectValid(single([], [.i32], [.i32(1), .op(.return), .op(.drop), .op(.f32Neg), .op(.drop), .i32(0)]))
        // The bottom stack still checks the values that are known.
        expectInvalid(single([], [.i32], [.op(.unreachable), .i64(0), .op(.i32Add)]), "type mismatch")
        // ref.as_non_null on an unknown operand yields a reference, not a number.
        expectInvalid(single([], [.i32], [.op(.unreachable), .op(.refAsNonNull), .op(.i32Eqz)]), "type mismatch")
    }

    /// An `if` without `else` whose results differ from its params is invalid even when its
    /// then branch ends unreachable: the missing else branch is reachable. (Accepted before,
    /// and the interpreter then read the result the else path never made as a reference:
    /// found by the exec fuzzer under ASan.)
    @Test func ifWithoutElseAfterAnUnreachableThenBranch() {
        expectInvalid(single([], [.i32], [.i32(1), .block(.if, .value(.i32)), .op(.unreachable), .op(.end)]), "type mismatch")
        var b = ModuleBuilder()
        let u = b.type([.i32], [.i32])
        b.function([], [.i32], [.i32(5), .i32(1), .block(.if, .typeIndex(u)), .op(.unreachable), .op(.end)])
        expectValid(b.module)
    }

    @Test func blocksWithParams() {
        var b = ModuleBuilder()
        let t = b.type([.i32], [.i64])
        b.function([], [.i64], [.i32(1), .block(.block, .typeIndex(t)), .op(.i64ExtendI32S), .end])
        expectValid(b.module)
        var c = ModuleBuilder()
        let u = c.type([.i32], [.i64])
        c.function([], [.i64], [.block(.block, .typeIndex(u)), .op(.i64ExtendI32S), .end])
        expectInvalid(c.module, "type mismatch")
        // A block cannot see its outer operands.
        expectInvalid(single([], [.i32], [.i32(1), .block(.block, .value(.i32)), .end]), "type mismatch")
    }

    @Test func multiValueFeature() {
        var f = Features.default
        f.remove(.multiValue)
        expectInvalid(single([], [.i32, .i32], [.i32(1), .i32(2)]), "invalid result arity", features: f)
        expectValid(single([], [.i32], [.i32(1)]), features: f)
        var b = ModuleBuilder()
        let t = b.type([.i32], [.i32])
        b.function([], [.i32], [.i32(1), .block(.block, .typeIndex(t)), .end])
        expectValid(b.module)
        expectInvalid(b.module, "invalid result arity", features: f)
    }

    @Test func loopLabelTakesParams() {
        var b = ModuleBuilder()
        let t = b.type([.i32], [])
        b.function([], [], [.i32(1), .block(.loop, .typeIndex(t)), .idx(.br, 0), .end])
        expectValid(b.module)
        var c = ModuleBuilder()
        let u = c.type([.i32], [])
        c.function([], [], [.i32(1), .block(.loop, .typeIndex(u)), .op(.drop), .i64(0), .idx(.br, 0), .end])
        expectInvalid(c.module, "type mismatch")
    }

    @Test func ifWithoutElse() {
        expectInvalid(single([], [.i32], [.i32(1), .block(.if, .value(.i32)), .i32(1), .end]), "type mismatch")
        expectValid(single([], [.i32], [.i32(1), .block(.if, .value(.i32)), .i32(1), .op(.else), .i32(2), .end]))
        var b = ModuleBuilder()
        let t = b.type([.i32], [.i32])
        b.function([], [.i32], [.i32(5), .i32(1), .block(.if, .typeIndex(t)), .i32(1), .op(.i32Add), .end])
        expectValid(b.module)
        expectInvalid(single([], [], [.i64(1), .block(.if), .end]), "type mismatch")
    }

    @Test func branches() {
        expectValid(single([], [.i32], [.block(.block, .value(.i32)), .i32(1), .i32(0), .idx(.brIf, 0), .end]))
        expectInvalid(single([], [], [.block(), .i64(1), .idx(.brIf, 0), .end]), "type mismatch")
        expectInvalid(single([], [], [.block(.block, .value(.i32)), .i32(0), .idx(.brIf, 0), .end, .op(.drop)]), "type mismatch")
        expectInvalid(single([], [], [.idx(.br, 1)]), "unknown label")
        expectInvalid(single([], [], [.i32(0), .idx(.brIf, 3)]), "unknown label")
        var e = Expression([.block(.block, .value(.i32)), .i32(7), .i32(0)])
        let r = e.addLabels([0, 1])
        e.instructions += [Instruction(.brTable, .brTable(r)), .end, .end]
        var b = ModuleBuilder()
        b.function(type: b.type([], [.i32]), e)
        expectValid(b.module)
        var f = Expression([.block(.block, .value(.i32)), .i32(7), .i32(0)])
        let r2 = f.addLabels([0, 1, 0])
        f.instructions += [Instruction(.brTable, .brTable(r2)), .end, .op(.drop), .end]
        var c = ModuleBuilder()
        c.function(type: c.type([], []), f)
        expectInvalid(c.module, "type mismatch")
    }

    @Test func selectRules() {
        expectValid(single([], [.i32], [.i32(1), .i32(2), .i32(0), .op(.select)]))
        expectInvalid(single([], [.i32], [.i32(1), .i64(2), .i32(0), .op(.select)]), "type mismatch")
        var b = ModuleBuilder()
        b.function([.funcref], [.funcref], [.idx(.localGet, 0), .idx(.localGet, 0), .i32(0), .op(.select)])
        expectInvalid(b.module, "type mismatch")
        var e = Expression([Instruction(.refNull, .heapType(.func)), Instruction(.refNull, .heapType(.func)), .i32(0)])
        let r = e.addTypes([.funcref])
        e.instructions += [Instruction(.selectTyped, .selectTypes(r)), .end]
        var c = ModuleBuilder()
        c.function(type: c.type([], [.funcref]), e)
        expectValid(c.module)
        var f = Expression([.i32(1), .i32(1), .i32(0)])
        let r2 = f.addTypes([.i32, .i32])
        f.instructions += [Instruction(.selectTyped, .selectTypes(r2)), .op(.drop), .end]
        var d = ModuleBuilder()
        d.function(type: d.type([], []), f)
        expectInvalid(d.module, "invalid result arity")
    }

    @Test func maxStackHeight() throws {
        var b = ModuleBuilder()
        b.function([], [.i32], [.i32(1), .i32(2), .i32(3), .op(.i32Add), .op(.i32Add)])
        b.function([], [], [])
        let v = try Validator.validate(b.module)
        #expect(v.functions.map(\.maxStackHeight) == [3, 0])
    }

    @Test func deepNestingDoesNotRecurse() {
        let depth = 100_000
        var body = [Instruction](repeating: .block(), count: depth)
        body += [Instruction](repeating: .end, count: depth)
        expectValid(single([], [], body))
        expectInvalid(single([], [], [Instruction](repeating: .block(), count: depth)), "unexpected end")
    }

    @Test func locationComesFromOffsets() {
        var m = single([], [], [.i32(1), .op(.f32Neg), .op(.drop)])
        m.functions[0].body.offsets = [10, 12, 13, 14]
        m.sourceKind = .binary
        #expect(validate(m)?.location == .binary(offset: 12))
        m.sourceKind = .text
        #expect(validate(m)?.location == .text(offset: 12, length: 7))
    }
}
