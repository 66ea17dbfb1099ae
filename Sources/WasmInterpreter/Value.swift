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

/// A reference value.
public enum Reference: Sendable, Hashable {
    /// The null reference of a heap type (its bottom type when compared).
    case null(HeapType)
    case function(FunctionAddress)
    /// A host reference, the script's `ref.extern N`.
    case extern(UInt32)
    /// An exception (an `exnref`), owned by the store that threw it.
    case exception(ExceptionAddress)
}

/// A handle to an exception record in a `Store` (what a non-null `exnref` refers to).
public struct ExceptionAddress: Sendable, Hashable {
    public let index: Int
    init(index: Int) { self.index = index }
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

// Slot encoding of references: 0 is null; a function is its address + 1; a host (extern)
// reference carries the tag bit 62 so that `ref.extern 0` is not null.
enum RefBits {
    static let externTag: UInt64 = 1 << 62
    static let payloadMask: UInt64 = (1 << 62) - 1

    @inline(__always) static func function(_ addr: Int) -> UInt64 { UInt64(addr) &+ 1 }
    @inline(__always) static func extern(_ payload: UInt32) -> UInt64 { externTag | UInt64(payload) }
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
        case .ref(let r):
            switch r {
            case .null: return (0, 0)
            case .function(let f): return (RefBits.function(f.index), 0)
            case .extern(let p): return (RefBits.extern(p), 0)
            case .exception(let e): return (UInt64(e.index) &+ 1, 0)
            }
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
        case .ref(let r):
            if lo == 0 { return .ref(.null(bottom(of: r.heapType))) }
            if r.heapType == .exn { return .ref(.exception(ExceptionAddress(index: Int(lo &- 1)))) }
            if lo & RefBits.externTag != 0 {
                return .ref(.extern(UInt32(truncatingIfNeeded: lo & RefBits.payloadMask)))
            }
            return .ref(.function(FunctionAddress(index: Int(lo &- 1))))
        }
    }

    /// The bottom heap type of a heap type's hierarchy: what a null of it is a value of.
    func bottom(of heapType: HeapType) -> HeapType {
        switch heapType {
        case .func, .nofunc: return .nofunc
        case .extern, .noextern: return .noextern
        case .exn, .noexn: return .noexn
        // Struct and array types come with GC; until then a concrete heap type is a function type.
        case .concrete, .exact: return .nofunc
        default: return .none
        }
    }

    /// Whether a value fits a value type (for host results and global writes).
    func valueMatches(_ value: Value, _ type: ValType) -> Bool {
        switch (value, type) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
        case (.ref(let r), .ref(let t)):
            switch r {
            case .null: return t.nullable
            case .function: return isFunctionHeap(t.heapType)
            case .extern: return t.heapType == .extern || t.heapType == .any
            case .exception(let e): return t.heapType == .exn && e.index >= 0 && e.index < exceptionState.records.count
            }
        default: return false
        }
    }

    private func isFunctionHeap(_ h: HeapType) -> Bool {
        switch h {
        case .func: return true
        case .concrete, .exact: return true
        default: return false
        }
    }
}
