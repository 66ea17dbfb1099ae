// The name section (custom section "name"): subsections module 0, function 1, local 2,
// label 3, type 4, table 5, memory 6, global 7, elem 8, data 9, field 10, tag 11. Written as
// wasm-tools writes it (subsections in id order, maps sorted by index, empty ones left out);
// read leniently: a malformed name section is ignored, never an error.

import WasmCore

enum NameSectionEncoder {
    static func encode(_ names: NameMap) -> [UInt8] {
        var out = ByteWriter()
        func sub(_ id: UInt8, _ body: (inout ByteWriter) -> Void) {
            var w = ByteWriter()
            body(&w)
            out.byte(id)
            out.vector(w.bytes)
        }
        func map(_ m: [UInt32: String], into w: inout ByteWriter) {
            w.u32(UInt32(truncatingIfNeeded: m.count))
            for k in m.keys.sorted() {
                w.u32(k)
                w.name(m[k] ?? "")
            }
        }
        func direct(_ id: UInt8, _ m: [UInt32: String]) {
            guard !m.isEmpty else { return }
            sub(id) { map(m, into: &$0) }
        }
        func indirect(_ id: UInt8, _ m: [UInt32: [UInt32: String]]) {
            let outer = m.filter { !$0.value.isEmpty }
            guard !outer.isEmpty else { return }
            sub(id) { w in
                w.u32(UInt32(truncatingIfNeeded: outer.count))
                for k in outer.keys.sorted() {
                    w.u32(k)
                    map(outer[k] ?? [:], into: &w)
                }
            }
        }
        if let m = names.module { sub(0) { $0.name(m) } }
        direct(1, names.functions)
        indirect(2, names.locals)
        indirect(3, names.labels)
        direct(4, names.types)
        direct(5, names.tables)
        direct(6, names.memories)
        direct(7, names.globals)
        direct(8, names.elems)
        direct(9, names.datas)
        indirect(10, names.fields)
        direct(11, names.tags)
        return out.bytes
    }
}

enum NameSectionDecoder {
    /// The names of a name section's payload (after the section name), or nil when malformed.
    static func decode(_ bytes: [UInt8]) -> NameMap? {
        var r = ByteReader(bytes)
        var names = NameMap()
        var lastID = -1
        do {
            while !r.isAtEnd {
                let id = try r.u8()
                let size = try r.length()
                let end = r.position + size
                guard Int(id) > lastID else { return nil }
                lastID = Int(id)
                switch id {
                case 0: names.module = try r.name()
                case 1: names.functions = try map(&r)
                case 2: names.locals = try indirectMap(&r)
                case 3: names.labels = try indirectMap(&r)
                case 4: names.types = try map(&r)
                case 5: names.tables = try map(&r)
                case 6: names.memories = try map(&r)
                case 7: names.globals = try map(&r)
                case 8: names.elems = try map(&r)
                case 9: names.datas = try map(&r)
                case 10: names.fields = try indirectMap(&r)
                case 11: names.tags = try map(&r)
                default: r.position = end
                }
                guard r.position == end else { return nil }
            }
        } catch {
            return nil
        }
        return names
    }

    static func map(_ r: inout ByteReader) throws(Diagnostic) -> [UInt32: String] {
        let n = try r.length()
        var m: [UInt32: String] = [:]
        m.reserveCapacity(min(n, r.remaining))
        var last: Int64 = -1
        for _ in 0..<n {
            let k = try r.u32()
            // Indices must increase strictly; anything else makes the section malformed.
            guard Int64(k) > last else { throw r.error("malformed name map", at: r.position) }
            last = Int64(k)
            m[k] = try r.name()
        }
        return m
    }

    static func indirectMap(_ r: inout ByteReader) throws(Diagnostic) -> [UInt32: [UInt32: String]] {
        let n = try r.length()
        var m: [UInt32: [UInt32: String]] = [:]
        var last: Int64 = -1
        for _ in 0..<n {
            let k = try r.u32()
            guard Int64(k) > last else { throw r.error("malformed name map", at: r.position) }
            last = Int64(k)
            m[k] = try map(&r)
        }
        return m
    }
}
