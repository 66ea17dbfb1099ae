// Types as the text format spells them: the one place that maps heap, reference and value types
// to and from their keywords, for the parser, messages, script values and reports.

extension HeapType: CustomStringConvertible {
    /// Abstract heap types and their keywords, in the order of their binary encoding.
    public static let abstractKeywords: [(keyword: String, type: HeapType)] = [
        ("nofunc", .nofunc), ("noextern", .noextern), ("none", .none), ("func", .func), ("extern", .extern),
        ("any", .any), ("eq", .eq), ("i31", .i31), ("struct", .struct), ("array", .array),
        ("exn", .exn), ("noexn", .noexn),
    ]

    /// The abstract heap type a keyword names (`func`, `extern`, `any`, …), if any.
    public init?(keyword: String) {
        guard let t = HeapType.abstractKeywords.first(where: { $0.keyword == keyword })?.type else { return nil }
        self = t
    }

    /// The keyword of an abstract heap type, or the index of a concrete one.
    public var description: String {
        switch self {
        case .func: return "func"
        case .nofunc: return "nofunc"
        case .extern: return "extern"
        case .noextern: return "noextern"
        case .any: return "any"
        case .eq: return "eq"
        case .i31: return "i31"
        case .struct: return "struct"
        case .array: return "array"
        case .none: return "none"
        case .exn: return "exn"
        case .noexn: return "noexn"
        case .concrete(let i): return String(i)
        case .exact(let i): return "(exact " + String(i) + ")"
        }
    }
}

extension RefType: CustomStringConvertible {
    /// The shorthand (`funcref`, `nullref`, …) for nullable abstract types, else `(ref null? ht)`.
    public var description: String {
        if nullable {
            switch heapType {
            case .none: return "nullref"
            case .nofunc: return "nullfuncref"
            case .noextern: return "nullexternref"
            case .noexn: return "nullexnref"
            case .concrete, .exact: break
            default: return heapType.description + "ref"
            }
        }
        return "(ref " + (nullable ? "null " : "") + heapType.description + ")"
    }
}

extension ValType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref(let r): return r.description
        }
    }
}
