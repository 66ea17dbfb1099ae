// The validator's implementation limits (ValidationLimits): each one hit, with its message.
import Testing
import WasmCore
import WasmText
import WasmValidation

@Suite struct ValidationLimitsTests {
    static func module(_ wat: String) throws -> Module { try WatParser.parse(wat).module }

    @Test func nestingDepth() throws {
        // Flat (unfolded) blocks: the text parser's own cap counts folded forms, not these.
        let deep = try Self.module("(module (func " + String(repeating: "block ", count: 50) + String(repeating: "end ", count: 50) + "))")
        #expect(throws: Never.self) { try Validator.validate(deep, limits: ValidationLimits(maxNesting: 50)) }
        #expect {
            try Validator.validate(deep, limits: ValidationLimits(maxNesting: 49))
        } throws: { ($0 as? Diagnostic)?.message == "nesting too deep: more than 49 nested blocks" }
    }

    @Test func localsCount() throws {
        let m = try Self.module("(module (func (param i32 i32) (local i64 i64 i64)))")
        #expect(throws: Never.self) { try Validator.validate(m, limits: ValidationLimits(maxLocals: 5)) }
        #expect {
            try Validator.validate(m, limits: ValidationLimits(maxLocals: 4))
        } throws: { ($0 as? Diagnostic)?.message == "too many locals: more than 4" }
    }

    @Test func operandStack() throws {
        let m = try Self.module("(module (func " + String(repeating: "i32.const 1 ", count: 20) + String(repeating: "drop ", count: 20) + "))")
        #expect(throws: Never.self) { try Validator.validate(m, limits: ValidationLimits(maxOperandStack: 20)) }
        #expect {
            try Validator.validate(m, limits: ValidationLimits(maxOperandStack: 19))
        } throws: { ($0 as? Diagnostic)?.message == "operand stack too large: more than 19 values" }
    }

    @Test func defaultsAcceptLargeModules() throws {
        // 100,000 parameters and 10,000 nested blocks are within the default limits.
        let params = try Self.module("(module (func (param " + String(repeating: "i32 ", count: 100_000) + ")))")
        #expect(throws: Never.self) { try Validator.validate(params) }
        let nested = try Self.module("(module (func " + String(repeating: "block ", count: 10_000) + String(repeating: "end ", count: 10_000) + "))")
        #expect(throws: Never.self) { try Validator.validate(nested) }
    }
}
