import WasmCore

/// A handle to a function in a `Store`.
public struct FunctionAddress: Sendable, Hashable {
    public let index: Int
    public init(index: Int) { self.index = index }
}
/// A handle to a table in a `Store`.
public struct TableAddress: Sendable, Hashable {
    public let index: Int
    public init(index: Int) { self.index = index }
}
/// A handle to a linear memory in a `Store`.
public struct MemoryAddress: Sendable, Hashable {
    public let index: Int
    public init(index: Int) { self.index = index }
}
/// A handle to a global in a `Store`.
public struct GlobalAddress: Sendable, Hashable {
    public let index: Int
    public init(index: Int) { self.index = index }
}
/// A handle to a tag in a `Store`.
public struct TagAddress: Sendable, Hashable {
    public let index: Int
    public init(index: Int) { self.index = index }
}

/// What an export or import names: a handle of one of the five kinds.
public enum ExternalValue: Sendable, Hashable {
    case function(FunctionAddress)
    case table(TableAddress)
    case memory(MemoryAddress)
    case global(GlobalAddress)
    case tag(TagAddress)

    public var kind: ExternKind {
        switch self {
        case .function: return .func
        case .table: return .table
        case .memory: return .memory
        case .global: return .global
        case .tag: return .tag
        }
    }
}

/// A reference value at the embedding edge.
public enum Reference: Sendable, Hashable {
    /// The null reference of a heap type (its bottom type when compared).
    case null(HeapType)
    case function(FunctionAddress)
    /// A host reference as an `externref`: the script's `ref.extern N`.
    case extern(UInt32)
    /// A host reference as an `anyref` (what `any.convert_extern` makes of `ref.extern N`):
    /// the script's `ref.host N`.
    case host(UInt32)
    /// An `i31ref`: a 31-bit signed value.
    case i31(Int32)
    /// A struct or array of a store's GC heap. The object stays alive while the host holds
    /// the reference (see `ObjectReference`).
    case object(ObjectReference)
    /// An `i31` or heap object as an `externref` (what `extern.convert_any` makes of it).
    indirect case externalized(Reference)
    /// An exception (an `exnref`), an object of the store that threw it.
    case exception(ExceptionAddress)
}

extension Reference {
    /// Whether this is a non-null reference of the abstract heap type `type`, as the script
    /// format's `(ref.func)`, `(ref.extern)`, `(ref.any)`, `(ref.eq)`, `(ref.i31)`,
    /// `(ref.struct)`, `(ref.array)`, `(ref.exn)` patterns name them (but strict: a null
    /// matches none, and `.any` is only the internal references). False for concrete types,
    /// whose test needs the store's types (pass the reference to a `ref.test`).
    public func matches(_ type: HeapType) -> Bool {
        switch (type, self) {
        case (_, .null): return false
        case (.func, .function), (.exn, .exception): return true
        case (.extern, .extern), (.extern, .externalized): return true
        case (.any, .host), (.any, .i31), (.any, .object), (.eq, .i31), (.eq, .object), (.i31, .i31): return true
        case (.struct, .object(let o)): return o.kind == .struct
        case (.array, .object(let o)): return o.kind == .array
        default: return false
        }
    }
}

/// The host's handle of a struct, array or exception in a store's GC heap. While any copy of it
/// exists the object is a root: the collector keeps it and what it references. Handles of the
/// same object compare equal (the spec's `ref.eq`); a store refuses handles of other stores.
public final class ObjectReference: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case `struct`, array, exception }
    public let kind: Kind
    let bits: UInt64
    let storeID: UInt64
    /// The object's canonical type id (for exceptions: the tag's function type).
    let typeID: Int

    init(kind: Kind, bits: UInt64, storeID: UInt64, typeID: Int) {
        self.kind = kind
        self.bits = bits
        self.storeID = storeID
        self.typeID = typeID
    }

    public static func == (a: ObjectReference, b: ObjectReference) -> Bool { a.bits == b.bits && a.storeID == b.storeID }
    public func hash(into h: inout Hasher) { h.combine(bits) }
    public var description: String { "\(kind) object" }
}

/// A handle to an exception in a `Store` (what a non-null `exnref` refers to): a heap object
/// like structs and arrays, kept alive while the host holds it.
public struct ExceptionAddress: Sendable, Hashable {
    public let object: ObjectReference
    init(object: ObjectReference) { self.object = object }
}

/// A WebAssembly value at the embedding edge. Floats are kept as bits so NaN payloads survive.
public enum Value: Sendable, Hashable {
    case i32(UInt32)
    case i64(UInt64)
    case f32(UInt32)
    case f64(UInt64)
    case v128(V128)
    case ref(Reference)

    public static func i32(_ v: Int32) -> Value { .i32(UInt32(bitPattern: v)) }
    public static func i64(_ v: Int64) -> Value { .i64(UInt64(bitPattern: v)) }
    public static func f32(_ v: Float) -> Value { .f32(v.bitPattern) }
    public static func f64(_ v: Double) -> Value { .f64(v.bitPattern) }

    /// The default value of a type (zero or null).
    public static func defaultValue(of type: ValType) -> Value {
        switch type {
        case .i32: return .i32(UInt32(0))
        case .i64: return .i64(UInt64(0))
        case .f32: return .f32(UInt32(0))
        case .f64: return .f64(UInt64(0))
        case .v128: return .v128(.zero)
        case .ref(let r): return .ref(.null(r.heapType))
        }
    }
}

extension Store {
    /// The slot words of a value (v128 fills two).
    func slots(of value: Value) -> (UInt64, UInt64) {
        switch value {
        case .i32(let v): return (UInt64(v), 0)
        case .i64(let v): return (v, 0)
        case .f32(let v): return (UInt64(v), 0)
        case .f64(let v): return (v, 0)
        case .v128(let v): return (v.lo, v.hi)
        case .ref(let r): return (bits(of: r), 0)
        }
    }

    /// The slot word of a reference (0 for a handle of another store: `valueMatches` refuses it).
    func bits(of r: Reference) -> UInt64 {
        switch r {
        case .null: return 0
        case .function(let f): return RefBits.function(f.index)
        case .extern(let p), .host(let p): return RefBits.extern(p)
        case .i31(let v): return RefBits.i31(UInt32(bitPattern: v))
        case .object(let o): return o.storeID == storeID ? o.bits : 0
        case .externalized(let inner): return bits(of: inner)
        case .exception(let e): return e.object.storeID == storeID ? e.object.bits : 0
        }
    }

    /// The value of slot words read as a value of `type`.
    func value(of type: ValType, _ lo: UInt64, _ hi: UInt64) -> Value {
        switch type {
        case .i32: return .i32(UInt32(truncatingIfNeeded: lo))
        case .i64: return .i64(lo)
        case .f32: return .f32(UInt32(truncatingIfNeeded: lo))
        case .f64: return .f64(lo)
        case .v128: return .v128(V128(lo: lo, hi: hi))
        case .ref(let r): return .ref(reference(r.heapType, lo))
        }
    }

    /// The reference a slot word holds, seen as a value of a type of `heapType`'s hierarchy.
    func reference(_ heapType: HeapType, _ w: UInt64) -> Reference {
        if w == 0 { return .null(bottom(of: heapType)) }
        let externView = heapType == .extern || heapType == .noextern
        if RefBits.isFunction(w) { return .function(FunctionAddress(index: Int(w &- 1))) }
        if RefBits.isHost(w) {
            let n = UInt32(truncatingIfNeeded: w)
            return externView ? .extern(n) : .host(n)
        }
        var inner: Reference
        if RefBits.isI31(w) {
            inner = .i31(RefBits.i31Signed(w))
        } else if let o = objectReference(w) {
            if o.kind == .exception { return .exception(ExceptionAddress(object: o)) }
            inner = .object(o)
        } else {
            return .null(bottom(of: heapType))
        }
        return externView ? .externalized(inner) : inner
    }

    /// The bottom heap type of a heap type's hierarchy: what a null of it is a value of.
    func bottom(of heapType: HeapType) -> HeapType {
        switch heapType {
        case .func, .nofunc: return .nofunc
        case .extern, .noextern: return .noextern
        case .exn, .noexn: return .noexn
        case .concrete(let id), .exact(let id): return typeRegistry.layout(Int(id))?.kind == .function ? .nofunc : .none
        default: return .none
        }
    }

    /// The top heap type of a (canonical) heap type's hierarchy.
    func top(of heapType: HeapType) -> HeapType {
        switch heapType {
        case .func, .nofunc: return .func
        case .extern, .noextern: return .extern
        case .exn, .noexn: return .exn
        case .concrete(let id), .exact(let id): return typeRegistry.layout(Int(id))?.kind == .function ? .func : .any
        default: return .any
        }
    }

    /// Whether a value fits a value type whose concrete heap types are canonical ids (for
    /// arguments, host results and global writes): references must be of the type's
    /// hierarchy, of this store, alive, and of a matching type.
    func valueMatches(_ value: Value, _ type: ValType) -> Bool {
        switch (value, type) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
        case (.ref(let r), .ref(let t)):
            let hierarchy: HeapType
            switch r {
            case .null: return t.nullable
            case .function(let f):
                guard f.index >= 0 && f.index < funcCount else { return false }
                hierarchy = .func
            case .extern, .externalized: hierarchy = .extern
            case .host, .i31: hierarchy = .any
            case .object(let o):
                guard owns(o) else { return false }
                hierarchy = .any
            case .exception(let e):
                guard owns(e.object) else { return false }
                hierarchy = .exn
            }
            if case .externalized(let inner) = r {
                switch inner {
                case .i31: break
                case .object(let o): guard owns(o) else { return false }
                default: return false
                }
            }
            return top(of: t.heapType) == hierarchy
                && refMatches(bits(of: r), CastTarget.code(t.heapType), nullable: t.nullable, exact: t.heapType.isExact)
        default: return false
        }
    }
}
