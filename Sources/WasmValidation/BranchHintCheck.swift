import WasmCore

/// The custom-section validation of branch hints (the reference interpreter's, which
/// `assert_invalid_custom` tests): each hint must name an `if` or `br_if` of a function the
/// module defines. A failure leaves the module valid; tools report it, or ignore it as the
/// spec allows for custom sections.
public enum BranchHintCheck {
    public static func errors(_ module: Module) -> [Diagnostic] {
        let imported = UInt32(module.importedFunctionCount)
        var out: [Diagnostic] = []
        for h in module.branchHints {
            guard h.function >= imported, Int(h.function - imported) < module.functions.count else {
                out.append(Diagnostic(.validate, "@metadata.code.branch_hint annotation: invalid function"))
                continue
            }
            let body = module.functions[Int(h.function - imported)].body
            let i = Int(h.instruction)
            guard i < body.instructions.count, body.instructions[i].opcode == .if || body.instructions[i].opcode == .brIf else {
                var d = Diagnostic(.validate, "@metadata.code.branch_hint annotation: invalid target")
                if i < body.offsets.count { d.location = module.sourceKind.location(offset: body.offsets[i], length: 1) }
                out.append(d)
                continue
            }
        }
        return out
    }
}
