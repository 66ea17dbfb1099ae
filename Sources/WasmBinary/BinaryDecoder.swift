// The decoder: binary → `Module`, the same IR the text parser produces. Malformed input is
// reported with the spec suite's message and the byte offset. Every count is checked against
// the bytes left before anything is reserved, so a short file cannot claim a huge allocation.

import WasmCore

public struct DecodeOptions: Sendable {
    public var features: Features = .default
    /// Decode the "name" custom section into `Module.names` (it is then not kept as a raw
    /// custom section). A malformed name section is kept raw and otherwise ignored.
    public var decodeNames = true
    /// Threads decoding the function bodies: 0 picks by size (a thread per
    /// `BinaryDecoder.parallelCodeSize` bytes of code, up to the cores); 1 decodes on the
    /// caller's thread alone; n > 1 uses n whatever the size. The module and any error are the same.
    public var threads = 0

    public init() {}
}

public enum BinaryDecoder {
    public static func decode(_ bytes: [UInt8], options: DecodeOptions = .init()) throws(Diagnostic) -> Module {
        var d = ModuleDecoder(bytes, options: options)
        return try d.decodeModule()
    }

    /// Decodes, and says where each entry sat in `bytes` (for `--print-offsets`).
    public static func decodeWithLayout(_ bytes: [UInt8], options: DecodeOptions = .init()) throws(Diagnostic) -> (module: Module, layout: BinaryLayout) {
        var d = ModuleDecoder(bytes, options: options)
        d.layout = BinaryLayout()
        let module = try d.decodeModule()
        var layout = d.layout ?? BinaryLayout()
        layout.end = bytes.count
        return (module, layout)
    }

    /// The sections of a module, for listings (`wat2wasm -v`): binary id, name, offset of the
    /// section's first byte (the id) and size of its contents.
    public static func sections(_ bytes: [UInt8]) throws(Diagnostic) -> [(id: UInt8, name: String, offset: Int, size: Int)] {
        var r = ByteReader(bytes)
        try ModuleDecoder.preamble(&r)
        var out: [(id: UInt8, name: String, offset: Int, size: Int)] = []
        while !r.isAtEnd {
            let offset = r.position
            let id = try r.u8()
            let size = try r.length()
            guard size <= r.remaining else { throw r.unexpectedEnd() }
            var name = sectionName(id)
            if id == 0 {
                var c = r
                if let n = try? c.name() { name = n }
            }
            out.append((id: id, name: name, offset: offset, size: size))
            r.position += size
        }
        return out
    }

    /// The spec's name of a section id.
    public static func sectionName(_ id: UInt8) -> String {
        switch id {
        case 0: return "custom"
        case 1: return "type"
        case 2: return "import"
        case 3: return "function"
        case 4: return "table"
        case 5: return "memory"
        case 6: return "global"
        case 7: return "export"
        case 8: return "start"
        case 9: return "elem"
        case 10: return "code"
        case 11: return "data"
        case 12: return "datacount"
        case 13: return "tag"
        default: return "unknown"
        }
    }
}

/// Decoding state for one module.
struct ModuleDecoder {
    var r: ByteReader
    let features: Features
    let decodeNames: Bool
    let threads: Int
    /// The size of the section being read.
    var sectionSize = 0
    var module: Module = { var m = Module(); m.sourceKind = .binary; return m }()
    var functionTypes: [UInt32] = []
    var codes: [Function] = []
    var dataCount: UInt32?
    var usesDataIndex = false
    var totalLocals = 0
    /// The number of types of the module once its type section is read (`Int.max` inside it).
    var typeCountBound = 0
    /// Inside the type section: where an exact heap type first read as `62 62` (see `heapType`).
    var repeatedExactPrefix: (offset: Int, message: String)?
    /// Recorded only when asked for (`decodeWithLayout`).
    var layout: BinaryLayout?

    /// Locals per function: the count wasm-tools accepts. The spec allows up to 2^32 - 1,
    /// but every engine caps this, and the IR expands locals, so the cap bounds memory.
    static let maxLocalsPerFunction = 50_000
    /// Expanded locals over the whole module.
    static let maxLocalsPerModule = 4_000_000

    init(_ bytes: [UInt8], options: DecodeOptions) {
        r = ByteReader(bytes)
        features = options.features
        decodeNames = options.decodeNames
        threads = options.threads
    }

    /// The position of a section id in the required order (the tag section sits between
    /// memory and global), or nil for an unknown id.
    static func rank(_ id: UInt8) -> Int? {
        switch id {
        case 1, 2, 3, 4, 5: return Int(id)
        case 13: return 6
        case 6, 7, 8, 9: return Int(id) + 1
        case 12: return 11
        case 10: return 12
        case 11: return 13
        default: return nil
        }
    }

    static func preamble(_ r: inout ByteReader) throws(Diagnostic) {
        guard r.bytes.count >= 4 else { throw r.error("unexpected end", at: r.bytes.count) }
        guard Array(r.bytes[0..<4]) == BinaryEncoder.magic else {
            throw r.error("magic header not detected", at: 0)
        }
        guard r.bytes.count >= 8 else { throw r.error("unexpected end", at: r.bytes.count) }
        guard Array(r.bytes[4..<8]) == BinaryEncoder.version else {
            throw r.error("unknown binary version", at: 4)
        }
        r.position = 8
    }

    mutating func decodeModule() throws(Diagnostic) -> Module {
        try Self.preamble(&r)
        var lastRank = 0
        var lastID: UInt8 = 0
        while !r.isAtEnd {
            let sectionStart = r.position
            let id = try r.u8()
            guard let rank = Self.rank(id) ?? (id == 0 ? 0 : nil),
                  id != 13 || features.contains(.exceptions) else {
                throw r.error("malformed section id", at: sectionStart)
            }
            let size = try r.length()
            let start = r.position
            if id == 0 {
                try customSection(size: size, after: lastID)
            } else {
                guard rank > lastRank else {
                    throw r.error("unexpected content after last section", at: sectionStart)
                }
                lastRank = rank
                lastID = id
                sectionSize = size
                try section(id)
            }
            guard r.position == start + size else {
                throw r.error("section size mismatch", at: start)
            }
        }
        let end = r.bytes.count
        guard functionTypes.count == codes.count else {
            throw r.error("function and code section have inconsistent lengths", at: end)
        }
        if let n = dataCount, Int(n) != module.datas.count {
            throw r.error("data count and data section have inconsistent lengths", at: end)
        }
        if dataCount == nil && usesDataIndex {
            throw r.error("data count section required", at: end)
        }
        for i in 0..<codes.count { codes[i].typeIndex = functionTypes[i] }
        module.functions = codes
        module.hasDataCount = dataCount != nil
        return module
    }

    mutating func customSection(size: Int, after lastID: UInt8) throws(Diagnostic) {
        let start = r.position
        let name = try r.name()
        let consumed = r.position - start
        guard consumed <= size else {
            throw r.error("unexpected end", at: r.position)
        }
        let payload = try r.bytes(size - consumed)
        if decodeNames && name == "name", let names = NameSectionDecoder.decode(payload) {
            module.names = names
            return
        }
        let placement: CustomSection.Placement = lastID == 0 ? .before(0) : .after(lastID)
        layout?.customSections.append(start)
        module.customSections.append(CustomSection(name: name, bytes: payload, placement: placement))
    }

    /// A vector length, with the element reader applied that many times.
    mutating func vector<T>(_ element: (inout ModuleDecoder) throws(Diagnostic) -> T) throws(Diagnostic) -> [T] {
        let n = try r.length()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try element(&self)) }
        return out
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func section(_ id: UInt8) throws(Diagnostic) {
        switch id {
        case 1:
            let n = try r.length()
            typeCountBound = .max
            defer { typeCountBound = module.types.count }
            for _ in 0..<n {
                layout?.recGroups.append(r.position)
                if r.peek() == TypeCode.recGroup {
                    let pos = r.position
                    r.position += 1
                    try require(.gc, "malformed rec group", at: pos)
                    let count = try r.length()
                    let start = UInt32(truncatingIfNeeded: module.types.count)
                    let first = r.position
                    for _ in 0..<count {
                        layout?.types.append(first)
                        module.types.append(try subType())
                    }
                    module.recGroups.append(RecGroup(start: start, count: UInt32(truncatingIfNeeded: count), explicit: true))
                } else {
                    let start = UInt32(truncatingIfNeeded: module.types.count)
                    layout?.types.append(r.position)
                    module.types.append(try subType())
                    module.recGroups.append(RecGroup(start: start, count: 1, explicit: false))
                }
            }
            if let p = repeatedExactPrefix, Int(TypeCode.exact) >= module.types.count {
                throw r.error(p.message, at: p.offset)
            }
        case 2:
            try importSection()
        case 3:
            functionTypes = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in try d.r.u32() }
        case 4:
            module.tables = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.tables.append(d.r.position)
                return try d.table()
            }
        case 5:
            module.memories = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.memories.append(d.r.position)
                return Memory(type: try d.memoryType())
            }
        case 13:
            module.tags = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.tags.append(d.r.position)
                return Tag(type: try d.tagType())
            }
        case 6:
            module.globals = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.globals.append(d.r.position)
                let t = try d.globalType()
                return Global(type: t, initializer: try d.expression())
            }
        case 7:
            module.exports = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.exports.append(d.r.position)
                let name = try d.r.name()
                let pos = d.r.position
                guard let kind = ExternKind(rawValue: try d.r.u8()),
                      kind != .tag || d.features.contains(.exceptions) else {
                    throw d.r.error("malformed export kind", at: pos)
                }
                return Export(name: name, kind: kind, index: try d.r.u32())
            }
        case 8:
            layout?.start = r.position
            module.start = try r.u32()
        case 9:
            module.elements = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.elements.append(d.r.position)
                return try d.elementSegment()
            }
        case 12:
            dataCount = try r.u32()
        case 10:
            codes = try codeSection()
        case 11:
            module.datas = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                d.layout?.datas.append(d.r.position)
                return try d.dataSegment()
            }
        default:
            break
        }
    }

    /// The import section: entries of one import each, and (compact import section) groups
    /// of one module name, `"" 0x7F vec(name externtype)` or `"" 0x7E externtype vec(name)`.
    /// `importGroups` stays empty unless a group appears.
    mutating func importSection() throws(Diagnostic) {
        let n = try r.length()
        var groups: [ImportGroup] = []
        groups.reserveCapacity(n)
        var compact = false
        module.imports.reserveCapacity(n)
        for _ in 0..<n {
            let entry = r.position
            layout?.imports.append(entry)
            let moduleName = try r.name()
            let name = try r.name()
            let form = r.peek()
            if name.isEmpty, form == 0x7F || form == 0x7E, features.contains(.compactImports) {
                compact = true
                r.position += 1
                if form == 0x7F {
                    let count = try r.length()
                    for _ in 0..<count {
                        layout?.importItems.append(r.position)
                        let itemName = try r.name()
                        module.imports.append(Import(module: moduleName, name: itemName, desc: try externType()))
                    }
                    groups.append(ImportGroup(.items, count: count, module: moduleName))
                } else {
                    let desc = try externType()
                    let count = try r.length()
                    for _ in 0..<count {
                        layout?.importItems.append(r.position)
                        module.imports.append(Import(module: moduleName, name: try r.name(), desc: desc))
                    }
                    groups.append(ImportGroup(.sharedType, count: count, module: moduleName))
                }
            } else {
                layout?.importItems.append(entry)
                module.imports.append(Import(module: moduleName, name: name, desc: try externType()))
                groups.append(ImportGroup(.single, count: 1, module: moduleName))
            }
        }
        module.importGroups = compact ? groups : []
    }

    mutating func externType() throws(Diagnostic) -> ImportDesc {
        let pos = r.position
        let desc: ImportDesc
        switch try r.u8() {
        case 0x00: desc = .func(typeIndex: try r.u32())
        case TypeCode.exactFuncImport where features.contains(.customDescriptors):
            desc = .func(typeIndex: try r.u32(), exact: true)
        case 0x01: desc = .table(try tableType())
        case 0x02: desc = .memory(try memoryType())
        case 0x03: desc = .global(try globalType())
        case 0x04 where features.contains(.exceptions): desc = .tag(try tagType())
        default: throw r.error("malformed import kind", at: pos)
        }
        return desc
    }

    mutating func table() throws(Diagnostic) -> Table {
        guard r.peek() == 0x40 else { return Table(type: try tableType()) }
        let pos = r.position
        r.position += 1
        try require(.functionReferences, "malformed table", at: pos)
        guard try r.u8() == 0x00 else { throw r.error("malformed table", at: pos) }
        let t = try tableType()
        return Table(type: t, initializer: try expression())
    }

    mutating func elementSegment() throws(Diagnostic) -> ElementSegment {
        let pos = r.position
        let flags = try r.u32()
        guard flags <= 7 else { throw r.error("malformed elements segment kind", at: pos) }
        if flags != 0 { try require(.bulkMemory, "malformed elements segment kind", at: pos) }
        let usesExpressions = flags & 0x04 != 0
        let mode: SegmentMode
        var explicitTable = false
        if flags & 0x01 == 0 {
            var table: UInt32 = 0
            if flags & 0x02 != 0 {
                table = try r.u32()
                explicitTable = true
            }
            mode = .active(index: table, offset: try expression())
        } else {
            mode = flags & 0x02 == 0 ? .passive : .declarative
        }
        var type = RefType.funcref
        if flags & 0x03 != 0 {
            if usesExpressions {
                type = try refType()
            } else {
                let kpos = r.position
                guard try r.u8() == 0x00 else { throw r.error("malformed element kind", at: kpos) }
            }
        }
        let items: [Expression]
        if usesExpressions {
            items = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in try d.expression() }
        } else {
            items = try vector { (d: inout ModuleDecoder) throws(Diagnostic) in
                let ipos = d.r.position
                var e = Expression()
                e.append(Instruction(.refFunc, .index(try d.r.u32())), offset: UInt32(truncatingIfNeeded: ipos))
                e.append(Instruction(.end), offset: UInt32(truncatingIfNeeded: d.r.position))
                return e
            }
        }
        return ElementSegment(type: type, mode: mode, items: items, usesExpressions: usesExpressions,
                              explicitTable: explicitTable)
    }

    mutating func dataSegment() throws(Diagnostic) -> DataSegment {
        let pos = r.position
        let flags = try r.u32()
        let mode: SegmentMode
        switch flags {
        case 0: mode = .active(index: 0, offset: try expression())
        case 1:
            try require(.bulkMemory, "malformed data segment kind", at: pos)
            mode = .passive
        case 2:
            let mem = try r.u32()
            mode = .active(index: mem, offset: try expression())
        default: throw r.error("malformed data segment kind", at: pos)
        }
        let n = try r.length()
        return DataSegment(mode: mode, bytes: try r.bytes(n))
    }
}
