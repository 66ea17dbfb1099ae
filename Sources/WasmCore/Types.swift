// Types of the WebAssembly 3.0 core spec (section "Types"), named as the spec names them.
// All of them are plain data: no classes, no indirect enums, so arrays of them cost no ARC.

/// A number type: `i32`, `i64`, `f32`, `f64`.
public enum NumType: UInt8, Sendable, Hashable, CaseIterable {
    case i32, i64, f32, f64
}

/// A heap type. Abstract heap types are named cases; `concrete` holds a type index
/// (into the module's type section) once names are resolved. `exact` is the custom-descriptors
/// proposal's `exact typeidx`: the type itself and none of its declared subtypes.
public enum HeapType: Sendable, Hashable {
    case `func`, nofunc, extern, noextern, any, eq, i31, `struct`, array, none, exn, noexn
    case concrete(UInt32)
    case exact(UInt32)

    /// Whether this is an abstract heap type (not a type index, exact or not).
    public var isAbstract: Bool { typeIndex == nil }

    /// The type index of a concrete or exact heap type.
    @inline(__always)
    public var typeIndex: UInt32? {
        switch self {
        case .concrete(let i), .exact(let i): return i
        default: return nil
        }
    }

    public var isExact: Bool {
        if case .exact = self { return true }
        return false
    }

    /// The same heap type with its type index replaced by `f(index)`, exactness kept.
    @inline(__always)
    public func mapIndex(_ f: (UInt32) -> UInt32) -> HeapType {
        switch self {
        case .concrete(let i): return .concrete(f(i))
        case .exact(let i): return .exact(f(i))
        default: return self
        }
    }
}

/// A reference type: a heap type and whether `null` is a value of it.
public struct RefType: Sendable, Hashable {
    public var nullable: Bool
    public var heapType: HeapType

    public init(nullable: Bool, _ heapType: HeapType) {
        self.nullable = nullable
        self.heapType = heapType
    }

    public static let funcref = RefType(nullable: true, .func)
    public static let externref = RefType(nullable: true, .extern)
    public static let anyref = RefType(nullable: true, .any)
    public static let eqref = RefType(nullable: true, .eq)
    public static let i31ref = RefType(nullable: true, .i31)
    public static let structref = RefType(nullable: true, .struct)
    public static let arrayref = RefType(nullable: true, .array)
    public static let nullref = RefType(nullable: true, .none)
    public static let nullfuncref = RefType(nullable: true, .nofunc)
    public static let nullexternref = RefType(nullable: true, .noextern)
    public static let exnref = RefType(nullable: true, .exn)
    public static let nullexnref = RefType(nullable: true, .noexn)

    /// The same reference type with its type index replaced by `f(index)`.
    @inline(__always)
    public func mapIndex(_ f: (UInt32) -> UInt32) -> RefType {
        RefType(nullable: nullable, heapType.mapIndex(f))
    }
}

/// A value type.
public enum ValType: Sendable, Hashable {
    case i32, i64, f32, f64, v128
    case ref(RefType)

    public static let funcref = ValType.ref(.funcref)
    public static let externref = ValType.ref(.externref)

    public init(_ t: NumType) {
        switch t {
        case .i32: self = .i32
        case .i64: self = .i64
        case .f32: self = .f32
        case .f64: self = .f64
        }
    }

    public var isRef: Bool {
        if case .ref = self { return true }
        return false
    }

    /// Whether a local of this type has a default value (non-nullable references do not).
    public var isDefaultable: Bool {
        if case .ref(let r) = self { return r.nullable }
        return true
    }

    /// The same value type with the type index of a reference replaced by `f(index)`.
    @inline(__always)
    public func mapIndex(_ f: (UInt32) -> UInt32) -> ValType {
        if case .ref(let r) = self, r.heapType.typeIndex != nil { return .ref(r.mapIndex(f)) }
        return self
    }
}

/// A result type: the types a block, function or instruction sequence produces.
public typealias ResultType = [ValType]

/// A function type `[params] -> [results]`.
public struct FuncType: Sendable, Hashable {
    public var params: [ValType]
    public var results: [ValType]

    public init(params: [ValType] = [], results: [ValType] = []) {
        self.params = params
        self.results = results
    }
}

/// A packed storage type of a struct field or array element.
public enum PackedType: UInt8, Sendable, Hashable {
    case i8, i16
}

/// The storage type of a field: a value type or a packed type.
public enum StorageType: Sendable, Hashable {
    case val(ValType)
    case packed(PackedType)

    /// The type a value of this storage has on the operand stack.
    public var unpacked: ValType {
        switch self {
        case .val(let t): return t
        case .packed: return .i32
        }
    }
}

/// A field type: storage type and mutability.
public struct FieldType: Sendable, Hashable {
    public var storage: StorageType
    public var mutable: Bool

    public init(_ storage: StorageType, mutable: Bool) {
        self.storage = storage
        self.mutable = mutable
    }
}

/// A composite type: the shape of a defined type.
public enum CompositeType: Sendable, Hashable {
    case `func`(FuncType)
    case `struct`([FieldType])
    case array(FieldType)
}

/// A sub type: a composite type with its declared supertypes and finality, and (custom
/// descriptors) the type it describes and the type of its descriptor.
public struct SubType: Sendable, Hashable {
    public var isFinal: Bool
    public var supertypes: [UInt32]
    public var composite: CompositeType
    /// Whether the text or binary wrote it with `sub` (kept so encoding reproduces the input's form).
    public var explicitSub: Bool
    /// `(describes x)`: the type whose values this type's values describe.
    public var describes: UInt32?
    /// `(descriptor y)`: the type of the descriptor every value of this type carries.
    public var descriptor: UInt32?

    public init(isFinal: Bool = true, supertypes: [UInt32] = [], composite: CompositeType, explicitSub: Bool = false,
                describes: UInt32? = nil, descriptor: UInt32? = nil) {
        self.isFinal = isFinal
        self.supertypes = supertypes
        self.composite = composite
        self.explicitSub = explicitSub
        self.describes = describes
        self.descriptor = descriptor
    }

    public var funcType: FuncType? {
        if case .func(let f) = composite { return f }
        return nil
    }

    public var isStruct: Bool {
        if case .struct = composite { return true }
        return false
    }
}

/// A recursion group of the type section: `count` consecutive types starting at `start`.
public struct RecGroup: Sendable, Hashable {
    public var start: UInt32
    public var count: UInt32
    /// Written as `(rec …)` / 0x4E in the source; a lone type outside `rec` is implicit.
    public var explicit: Bool

    public init(start: UInt32, count: UInt32, explicit: Bool) {
        self.start = start
        self.count = count
        self.explicit = explicit
    }
}

/// The address type of a memory or table.
public enum AddressType: UInt8, Sendable, Hashable {
    case i32, i64

    public var valType: ValType { self == .i32 ? .i32 : .i64 }
}

/// Limits of a memory or table, in pages or elements.
public struct Limits: Sendable, Hashable {
    public var min: UInt64
    public var max: UInt64?
    public var addressType: AddressType
    public var shared: Bool

    public init(min: UInt64, max: UInt64? = nil, addressType: AddressType = .i32, shared: Bool = false) {
        self.min = min
        self.max = max
        self.addressType = addressType
        self.shared = shared
    }
}

/// A memory type.
public struct MemoryType: Sendable, Hashable {
    public var limits: Limits
    /// The custom page size proposal's `(pagesize N)`, as log2 N; nil when not written (64 KiB
    /// pages). Valid values are 0 (one-byte pages) and 16.
    public var pageSizeLog2: UInt8?

    public init(limits: Limits, pageSizeLog2: UInt8? = nil) {
        self.limits = limits
        self.pageSizeLog2 = pageSizeLog2
    }

    /// The number of bytes in a default page: 64 KiB.
    public static let pageSize: UInt64 = 65_536

    /// The number of bytes in one of this memory's pages.
    public var bytesPerPage: UInt64 { pageSizeLog2.map { $0 < 64 ? 1 << UInt64($0) : 0 } ?? MemoryType.pageSize }

    /// The largest number of pages the address type allows: 2^32 or 2^64 bytes in pages, but
    /// never more than the limits' integers hold (2^32 - 1 one-byte pages of a 32-bit memory).
    public var maxPagesOfAddressType: UInt64 {
        let log2 = UInt64(pageSizeLog2 ?? 16)
        let bits: UInt64 = limits.addressType == .i64 ? 64 : 32
        guard log2 > 0, log2 < bits else { return bits == 64 ? UInt64.max : 0xFFFF_FFFF }
        return 1 << (bits - log2)
    }
}

/// A table type.
public struct TableType: Sendable, Hashable {
    public var elementType: RefType
    public var limits: Limits

    public init(elementType: RefType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

/// A global type.
public struct GlobalType: Sendable, Hashable {
    public var valType: ValType
    public var mutable: Bool

    public init(_ valType: ValType, mutable: Bool) {
        self.valType = valType
        self.mutable = mutable
    }
}

/// A tag type: the index of a function type whose params are the exception's payload.
public struct TagType: Sendable, Hashable {
    public var typeIndex: UInt32
    public init(typeIndex: UInt32) { self.typeIndex = typeIndex }
}

/// The type of a block, loop, if or try_table.
public enum BlockType: Sendable, Hashable {
    case empty
    case value(ValType)
    case typeIndex(UInt32)
}

/// The kind of an external value: what an import or export names.
public enum ExternKind: UInt8, Sendable, Hashable {
    case `func` = 0, table = 1, memory = 2, global = 3, tag = 4
}
