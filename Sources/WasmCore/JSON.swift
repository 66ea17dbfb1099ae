// The one JSON writer of the tools' `--json` reports (wastrun, wasm-portability, the benchmark):
// no Foundation. Reports have a fixed shape a few levels deep, so recursion here is bounded by
// the report's structure, not by input.

public enum JSON: Sendable {
    case null
    case bool(Bool)
    case unsigned(UInt64)
    case int(Int64)
    /// A non-finite number is written as `null`.
    case number(Double)
    case string(String)
    indirect case array([JSON])
    indirect case object([(String, JSON)])

    public static func optional(_ v: UInt64?) -> JSON { v.map { .unsigned($0) } ?? .null }
    public static func optional(_ v: String?) -> JSON { v.map { .string($0) } ?? .null }
    public static func strings(_ v: [String]) -> JSON { .array(v.map { .string($0) }) }

    /// Pretty-printed with two-space indentation; arrays of scalars stay on one line.
    public func rendered(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// A scalar or an array of scalars.
    private var isInline: Bool {
        if case .array(let items) = self { return items.allSatisfy(\.isScalar) }
        return isScalar
    }

    private func write(to out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .unsigned(let n): out += String(n)
        case .int(let n): out += String(n)
        case .number(let d): out += d.isFinite ? String(d) : "null"
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (i, v) in items.enumerated() {
                    if i > 0 { out += ", " }
                    v.write(to: &out, indent: indent)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, v) in items.enumerated() {
                out += pad
                v.write(to: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            // Small flat objects (an import, an export) read best on one line.
            if fields.count <= 6, fields.allSatisfy({ $0.1.isInline }) {
                var line = "{"
                for (i, (k, v)) in fields.enumerated() {
                    if i > 0 { line += ", " }
                    JSON.quote(k, into: &line)
                    line += ": "
                    v.write(to: &line, indent: indent)
                }
                line += "}"
                if line.utf8.count + indent * 2 <= 100 {
                    out += line
                    return
                }
            }
            out += "{\n"
            for (i, (k, v)) in fields.enumerated() {
                out += pad
                JSON.quote(k, into: &out)
                out += ": "
                v.write(to: &out, indent: indent + 1)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    /// RFC 8259 string escaping; import names are arbitrary UTF-8, so control characters matter.
    /// A string as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
