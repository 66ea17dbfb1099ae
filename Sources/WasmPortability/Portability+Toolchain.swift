// The `producers` and `target_features` custom sections (tool conventions, not the core spec):
// who built the module and which features the linker recorded. Read defensively: a malformed
// custom section is not an error in WebAssembly, so a bad one is simply not reported.
import WasmCore

extension Portability {
    static func toolchain(_ module: Module) -> Toolchain {
        var t = Toolchain(producers: [], targetFeatures: [], customSections: module.customSections.map(\.name))
        for s in module.customSections {
            switch s.name {
            case "producers": t.producers = producers(s.bytes) ?? []
            case "target_features": t.targetFeatures = targetFeatures(s.bytes) ?? []
            default: break
            }
        }
        return t
    }

    private static func producers(_ bytes: [UInt8]) -> [Toolchain.ProducerField]? {
        var r = CustomSectionReader(bytes)
        var fields: [Toolchain.ProducerField] = []
        guard let count = r.u32() else { return nil }
        for _ in 0..<min(count, 64) {
            guard let field = r.name(), let n = r.u32() else { return nil }
            var values: [String] = []
            for _ in 0..<min(n, 256) {
                guard let name = r.name(), let version = r.name() else { return nil }
                values.append(version.isEmpty ? name : name + " " + version)
            }
            fields.append(Toolchain.ProducerField(field: field, values: values))
        }
        return fields
    }

    private static func targetFeatures(_ bytes: [UInt8]) -> [String]? {
        var r = CustomSectionReader(bytes)
        guard let count = r.u32() else { return nil }
        var out: [String] = []
        for _ in 0..<min(count, 256) {
            guard let prefix = r.byte(), let name = r.name() else { return nil }
            out.append(String(UnicodeScalar(prefix)) + name)
        }
        return out
    }
}

/// A bounds-checked reader for custom section payloads.
struct CustomSectionReader {
    private let bytes: [UInt8]
    private var pos = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8? {
        guard pos < bytes.count else { return nil }
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func u32() -> UInt32? {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while shift < 35 {
            guard let b = byte() else { return nil }
            result |= UInt32(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    mutating func name() -> String? {
        guard let n = u32(), Int(n) <= bytes.count - pos else { return nil }
        defer { pos += Int(n) }
        return String(decoding: bytes[pos..<(pos + Int(n))], as: UTF8.self)
    }
}
