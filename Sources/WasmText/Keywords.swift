// The keywords of the text and script grammars that are not instruction names. The reference
// interpreter's lexer rejects any other keyword-like token as `unknown operator`, while a known
// keyword in the wrong place is an `unexpected token`; diagnostics follow the same split.
import WasmCore

enum Keywords {
    static let grammar: Set<String> = [
        // Modules and fields.
        "module", "definition", "binary", "quote", "instance", "type", "rec", "sub", "final", "func", "struct",
        "array", "field", "param", "result", "local", "import", "export", "table", "memory", "global",
        "tag", "elem", "data", "start", "offset", "item", "declare", "mut", "shared", "pagesize", "then", "do",
        "catch_ref", "catch_all_ref",
        // Types.
        "i32", "i64", "f32", "f64", "v128", "i8", "i16", "ref", "null", "funcref", "externref",
        "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref", "nullfuncref", "nullexternref",
        "exnref", "nullexnref", "extern", "any", "eq", "i31", "none", "nofunc", "noextern", "exn", "noexn",
        "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
        // Custom descriptors.
        "exact", "descriptor", "describes",
        // Scripts.
        "register", "invoke", "get", "assert_return", "assert_trap", "assert_exhaustion",
        "assert_malformed", "assert_invalid", "assert_unlinkable", "assert_uninstantiable",
        "assert_exception", "assert_malformed_custom", "assert_invalid_custom", "either", "thread", "wait",
        "nan:canonical", "nan:arithmetic", "ref.extern", "ref.host", "ref.struct", "ref.array", "ref.eq",
        "ref.i31", "ref.any", "ref.exn", "ref.null", "ref.func", "input", "output", "script",
    ]

    /// Whether `word` is a keyword of the grammar or an instruction name (legacy names count
    /// unless `strict`).
    static func isKnown(_ word: String, strict: Bool) -> Bool {
        if grammar.contains(word) || Opcode.byName[word] != nil { return true }
        if word.hasPrefix("offset=") || word.hasPrefix("align=") { return true }
        if !strict, Opcode.byLegacyName[word] != nil || Opcode.legacyTypeAliases.contains(where: { $0.name == word }) { return true }
        return false
    }
}
