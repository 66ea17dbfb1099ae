// The module IR (spec section "Modules"): what the text resolver and the binary decoder
// produce, and what the encoder, validator and interpreter consume. Indices are resolved.

public enum ImportDesc: Sendable, Hashable {
    /// A function of type `typeIndex`; `exact` (custom descriptors, binary 0x20) requires the
    /// provided function's type to be that type itself, not a subtype.
    case `func`(typeIndex: UInt32, exact: Bool = false)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    case tag(TagType)

    public var kind: ExternKind {
        switch self {
        case .func: return .func
        case .table: return .table
        case .memory: return .memory
        case .global: return .global
        case .tag: return .tag
        }
    }
}

public struct Import: Sendable, Hashable {
    public var module: String
    public var name: String
    public var desc: ImportDesc

    public init(module: String, name: String, desc: ImportDesc) {
        self.module = module
        self.name = name
        self.desc = desc
    }
}

/// How a run of consecutive imports is written in the import section. The compact import
/// section proposal lets imports of one module name share it, and optionally their type:
/// `(import "m" (item "a" (func)) (item "b" (func)))` and `(import "m" (item "a") (item "b") (func))`.
public struct ImportGroup: Sendable, Hashable {
    public enum Form: UInt8, Sendable, Hashable {
        /// One import, `module name externtype` (the only form before the proposal).
        case single
        /// `module "" 0x7F vec(name externtype)`: one module name, each item with its type.
        case items
        /// `module "" 0x7E externtype vec(name)`: one module name and one type for all items.
        case sharedType
    }

    public var form: Form
    /// The number of imports of `Module.imports` the group covers (1 for `single`; a compact
    /// group may be empty).
    public var count: Int
    /// The module name the group's imports share (kept here too for an empty group).
    public var module: String

    public init(_ form: Form, count: Int, module: String) {
        self.form = form
        self.count = count
        self.module = module
    }
}

public struct Export: Sendable, Hashable {
    public var name: String
    public var kind: ExternKind
    public var index: UInt32

    public init(name: String, kind: ExternKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

/// A function defined in the module: its type, its declared locals (params excluded) and body.
public struct Function: Sendable, Hashable {
    public var typeIndex: UInt32
    public var locals: [ValType]
    public var body: Expression
    /// Offset of the function in its source (text byte offset or binary offset of the body).
    public var sourceOffset: UInt32

    public init(typeIndex: UInt32, locals: [ValType] = [], body: Expression = Expression(), sourceOffset: UInt32 = 0) {
        self.typeIndex = typeIndex
        self.locals = locals
        self.body = body
        self.sourceOffset = sourceOffset
    }
}

public struct Table: Sendable, Hashable {
    public var type: TableType
    /// The initialiser expression of a table with a non-defaultable or explicit init (3.0).
    public var initializer: Expression?

    public init(type: TableType, initializer: Expression? = nil) {
        self.type = type
        self.initializer = initializer
    }
}

public struct Memory: Sendable, Hashable {
    public var type: MemoryType
    public init(type: MemoryType) { self.type = type }
}

public struct Global: Sendable, Hashable {
    public var type: GlobalType
    public var initializer: Expression

    public init(type: GlobalType, initializer: Expression) {
        self.type = type
        self.initializer = initializer
    }
}

public struct Tag: Sendable, Hashable {
    public var type: TagType
    public init(type: TagType) { self.type = type }
}

public enum SegmentMode: Sendable, Hashable {
    case passive
    case active(index: UInt32, offset: Expression)
    case declarative
}

/// An element segment. Its items are either function indices (the compact MVP form) or
/// expressions; `usesExpressions` keeps which, so the encoder reproduces the input's form.
public struct ElementSegment: Sendable, Hashable {
    public var type: RefType
    public var mode: SegmentMode
    public var items: [Expression]
    public var usesExpressions: Bool
    /// Whether an active segment for table 0 was written with an explicit table index.
    public var explicitTable: Bool

    public init(type: RefType, mode: SegmentMode, items: [Expression], usesExpressions: Bool, explicitTable: Bool = false) {
        self.type = type
        self.mode = mode
        self.items = items
        self.usesExpressions = usesExpressions
        self.explicitTable = explicitTable
    }
}

public struct DataSegment: Sendable, Hashable {
    public var mode: SegmentMode
    public var bytes: [UInt8]

    public init(mode: SegmentMode, bytes: [UInt8]) {
        self.mode = mode
        self.bytes = bytes
    }
}

/// A branch hint (the `metadata.code.branch_hint` custom section): whether the `if` or `br_if`
/// at `instruction` (an index into the body's instructions) of function `function` (an index
/// in the function space, imports first) is likely taken.
public struct BranchHint: Sendable, Hashable {
    public var function: UInt32
    public var instruction: UInt32
    public var likely: Bool

    public init(function: UInt32, instruction: UInt32, likely: Bool) {
        self.function = function
        self.instruction = instruction
        self.likely = likely
    }
}

public struct CustomSection: Sendable, Hashable {
    public enum Placement: Sendable, Hashable {
        /// Before or after the section with this binary id (0 = before everything).
        case before(UInt8)
        case after(UInt8)
    }
    public var name: String
    public var bytes: [UInt8]
    public var placement: Placement

    public init(name: String, bytes: [UInt8], placement: Placement = .after(0xFF)) {
        self.name = name
        self.bytes = bytes
        self.placement = placement
    }
}

/// Names for the name section (`--debug-names`) and for diagnostics. Maps are sparse.
public struct NameMap: Sendable, Hashable {
    public var module: String?
    public var functions: [UInt32: String] = [:]
    public var locals: [UInt32: [UInt32: String]] = [:]
    public var labels: [UInt32: [UInt32: String]] = [:]
    public var types: [UInt32: String] = [:]
    public var tables: [UInt32: String] = [:]
    public var memories: [UInt32: String] = [:]
    public var globals: [UInt32: String] = [:]
    public var elems: [UInt32: String] = [:]
    public var datas: [UInt32: String] = [:]
    public var fields: [UInt32: [UInt32: String]] = [:]
    public var tags: [UInt32: String] = [:]

    public init() {}
}

/// A WebAssembly module.
public struct Module: Sendable, Hashable {
    public var types: [SubType] = []
    public var recGroups: [RecGroup] = []
    public var imports: [Import] = []
    /// How `imports` are grouped in the import section, in order; empty when every import is
    /// written on its own (the form of every module before the compact import proposal). A
    /// grouping whose counts do not add up to `imports.count` is ignored by the encoder.
    public var importGroups: [ImportGroup] = []
    public var functions: [Function] = []
    public var tables: [Table] = []
    public var memories: [Memory] = []
    public var globals: [Global] = []
    public var tags: [Tag] = []
    public var exports: [Export] = []
    public var start: UInt32?
    public var elements: [ElementSegment] = []
    public var datas: [DataSegment] = []
    /// Whether a data count section is written/was present (required when code uses
    /// `memory.init` or `data.drop`; the encoder emits it then, or when this is set).
    public var hasDataCount: Bool = false
    public var customSections: [CustomSection] = []
    /// Branch hints from the text format's `(@metadata.code.branch_hint …)`; the encoder writes
    /// them as their custom section before the code section. (A decoded binary keeps that
    /// section among `customSections`, byte for byte.)
    public var branchHints: [BranchHint] = []
    public var names = NameMap()
    /// What the source offsets in this module count (text or binary bytes); set by the producer.
    public var sourceKind: SourceKind = .none

    public init() {}

    // Index spaces: imports come first, then definitions.

    public var importedFunctionCount: Int { imports.reduce(0) { $0 + ($1.desc.kind == .func ? 1 : 0) } }
    public var importedTableCount: Int { imports.reduce(0) { $0 + ($1.desc.kind == .table ? 1 : 0) } }
    public var importedMemoryCount: Int { imports.reduce(0) { $0 + ($1.desc.kind == .memory ? 1 : 0) } }
    public var importedGlobalCount: Int { imports.reduce(0) { $0 + ($1.desc.kind == .global ? 1 : 0) } }
    public var importedTagCount: Int { imports.reduce(0) { $0 + ($1.desc.kind == .tag ? 1 : 0) } }

    /// Whether `importGroups` describe `imports` exactly (what the encoder and the printer
    /// require before writing groups): counts adding up, one import per single entry, the
    /// group's module name on each of its imports, one type per shared-type group (which
    /// cannot be empty).
    public var importGroupsDescribeImports: Bool {
        var i = 0
        for g in importGroups {
            guard g.count >= 0, g.count <= imports.count - i else { return false }
            let run = imports[i..<(i + g.count)]
            i += g.count
            switch g.form {
            case .single: if g.count != 1 { return false }
            case .items: break
            case .sharedType: if run.first.map({ f in run.contains { $0.desc != f.desc } }) ?? true { return false }
            }
            if run.contains(where: { $0.module != g.module }) { return false }
        }
        return i == imports.count
    }
}
