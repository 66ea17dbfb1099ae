// The `producers` custom section (tool conventions): which languages, tools and SDKs made the
// module. wasm-tools prints it as `(@producers (language "C11" "") (processed-by "clang" "…"))`.

struct ProducersSection {
    struct Value {
        var name: String
        var version: String
        /// Where the value starts in the section's payload.
        var offset = 0
    }

    struct Field {
        var name: String
        var values: [Value]
    }

    static let fieldNames: Set<String> = ["language", "processed-by", "sdk"]

    /// The fields, or nil when the payload is not a well-formed producers section.
    static func decode(_ bytes: [UInt8]) -> [Field]? {
        var r = SimpleReader(bytes)
        guard let n = r.u32() else { return nil }
        var fields: [Field] = []
        for _ in 0..<n {
            guard let name = r.name(), fieldNames.contains(name), let count = r.u32() else { return nil }
            var values: [Value] = []
            for _ in 0..<count {
                let at = r.position
                guard let v = r.name(), let version = r.name() else { return nil }
                values.append(Value(name: v, version: version, offset: at))
            }
            fields.append(Field(name: name, values: values))
        }
        return r.atEnd ? fields : nil
    }
}
