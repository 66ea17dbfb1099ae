// Types written the way the text format writes them, for import signatures in reports.
import WasmCore

enum TypeText {
    static func ref(_ r: RefType) -> String { r.description }

    static func val(_ t: ValType) -> String { t.description }

    static func funcType(_ f: FuncType) -> String {
        var parts: [String] = []
        if !f.params.isEmpty { parts.append("(param " + f.params.map(val).joined(separator: " ") + ")") }
        if !f.results.isEmpty { parts.append("(result " + f.results.map(val).joined(separator: " ") + ")") }
        return parts.joined(separator: " ")
    }

    static func limits(_ l: Limits) -> String {
        var s = l.addressType == .i64 ? "i64 " : ""
        s += String(l.min)
        if let m = l.max { s += " " + String(m) }
        if l.shared { s += " shared" }
        return s
    }

    /// The function type at `index`, or nil when the index is out of range or not a function.
    static func functionType(_ module: Module, _ index: UInt32) -> FuncType? {
        guard Int(index) < module.types.count else { return nil }
        return module.types[Int(index)].funcType
    }

    static func importDesc(_ module: Module, _ desc: ImportDesc) -> String {
        switch desc {
        case .func(let ti, let exact):
            guard let f = functionType(module, ti) else { return exact ? "func (exact (type \(ti)))" : "func (type \(ti))" }
            let sig = funcType(f)
            if exact { return "func (exact" + (sig.isEmpty ? "" : " " + sig) + ")" }
            return sig.isEmpty ? "func" : "func " + sig
        case .table(let t): return "table " + limits(t.limits) + " " + ref(t.elementType)
        case .memory(let m): return "memory " + limits(m.limits)
        case .global(let g): return "global " + (g.mutable ? "(mut " + val(g.valType) + ")" : val(g.valType))
        case .tag(let t):
            guard let f = functionType(module, t.typeIndex) else { return "tag (type \(t.typeIndex))" }
            let sig = funcType(f)
            return sig.isEmpty ? "tag" : "tag " + sig
        }
    }

    static func kind(_ k: ExternKind) -> String {
        switch k {
        case .func: return "func"
        case .table: return "table"
        case .memory: return "memory"
        case .global: return "global"
        case .tag: return "tag"
        }
    }

    /// A name as reports print it: control characters (which import and export names may
    /// hold, being any UTF-8) are escaped so they cannot garble a terminal.
    static func name(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isControl(u) {
                out += "\\u{" + String(u.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    private static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0)
    }
}
