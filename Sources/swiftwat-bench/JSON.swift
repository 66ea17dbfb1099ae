// A minimal JSON writer for `--json` (no Foundation).
enum JSON {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    // Keys and values in parallel arrays: a `[(String, JSON)]` payload makes the compiler
    // report a circular reference.
    case fields(keys: [String], values: [JSON])

    static func object(_ fields: [(String, JSON)]) -> JSON {
        .fields(keys: fields.map(\.0), values: fields.map(\.1))
    }

    var text: String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .string(let s): out += JSON.quote(s)
        case .number(let d): out += d.isFinite ? String(d) : "null"
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy({ if case .number = $0 { return true }; return false }) {
                out += "[" + items.map(\.text).joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.write(to: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .fields(let keys, let values):
            if keys.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in zip(keys, values).enumerated() {
                out += String(repeating: "  ", count: indent + 1) + JSON.quote(key) + ": "
                value.write(to: &out, indent: indent + 1)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

extension Stats {
    var json: JSON {
        .object([
            ("median", .number(median)), ("min", .number(min)), ("max", .number(max)),
            ("samples", .array(samples.map { .number($0) })),
        ])
    }
}
