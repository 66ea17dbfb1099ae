import Testing
import WasmCore
import WasmText
import WasmValidation

/// The custom-section check of branch hints that `assert_invalid_custom` runs.
@Suite struct BranchHintCheckTests {
    @Test func onlyIfAndBrIfOfADefinedFunctionPass() throws {
        let good = try WatParser.parse("""
            (module (import "m" "f" (func))
              (func (param i32) local.get 0 (@metadata.code.branch_hint "\\01") if end
                (block local.get 0 (@metadata.code.branch_hint "\\00") br_if 0)))
            """).module
        #expect(good.branchHints.map(\.function) == [1, 1])
        #expect(BranchHintCheck.errors(good).isEmpty)
        let bad = try WatParser.parse("(func (param i32) local.get 0 (@metadata.code.branch_hint \"\\01\") drop)").module
        #expect(BranchHintCheck.errors(bad).map(\.message) == ["@metadata.code.branch_hint annotation: invalid target"])
        var imported = good
        imported.branchHints = [BranchHint(function: 0, instruction: 0, likely: true)]
        #expect(BranchHintCheck.errors(imported).map(\.message) == ["@metadata.code.branch_hint annotation: invalid function"])
    }
}
