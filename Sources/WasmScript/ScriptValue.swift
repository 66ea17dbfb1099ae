// Values as a script sees them: what actions pass in and get back. Engine-neutral, so another
// engine can be run by the same runner (see `ScriptEngine`). Floats are kept as bit patterns
// because NaN payloads and signed zeros are observable.
import WasmCore

/// A reference as a script can observe it. Engine-internal objects (functions, structs,
/// arrays, exceptions) have no identity the script can name, only a kind.
public enum ScriptRef: Sendable, Hashable {
    /// A null reference; the heap type when the engine knows it (nulls compare equal
    /// regardless of it, as in the reference interpreter).
    case null(HeapType?)
    /// `ref.host N`: a host object as an internal reference (`anyref`).
    case host(UInt32)
    /// `ref.extern N`: host object N as an external reference (`externref`).
    case extern(UInt32)
    /// An engine-internal reference, `externalized` when wrapped by `extern.convert_any`. The
    /// `handle`, when the engine gives one, lets the reference be passed back to the engine.
    case object(ObjectKind, externalized: Bool, handle: EngineHandle = .none)

    public enum ObjectKind: UInt8, Sendable, Hashable {
        case `func`, i31, `struct`, array, exn, other
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Whether both are the same reference, as the spec's `ref.eq` decides: two nulls, one
    /// host reference (`ref.host N` and `ref.extern N` of one N), i31s of one value, the same
    /// engine object. Internal and externalized views of one reference are the same (the
    /// conversions are the identity). False for engine references without a handle.
    /// (`==` compares as the script format does: by kind only.)
    public func isSameObject(as other: ScriptRef) -> Bool {
        switch (self.internalized, other.internalized) {
        case (.null, .null): return true
        case (.host(let a), .host(let b)): return a == b
        case (.object(_, _, let a), .object(_, _, let b)):
            guard let x = a.value, let y = b.value else { return false }
            return AnyHashable(x) == AnyHashable(y)
        default: return false
        }
    }

    /// An `i31ref` made by the host, as `ref.i31` makes it: the low 31 bits of `value`,
    /// read back sign-extended (`ScriptRef.i31(-1).i31Value == -1`, `i31(0x4000_0000)` is
    /// `-0x4000_0000`). `externalized`: as `extern.convert_any` would give it (an `externref`).
    public static func i31(_ value: Int32, externalized: Bool = false) -> ScriptRef {
        .object(.i31, externalized: externalized, handle: EngineHandle(I31Value(value)))
    }

    /// The value of an i31 reference (what `i31.get_s` reads), internal or externalized; nil
    /// for any other reference.
    public var i31Value: Int32? {
        guard case .object(.i31, _, let h) = self, let v = h.value as? I31Value else { return nil }
        return v.value
    }

    /// The same reference as an `externref` (what `extern.convert_any` makes of it): engine
    /// objects are marked externalized, `ref.host N` becomes `ref.extern N`.
    public var externalized: ScriptRef {
        switch self {
        case .host(let n): return .extern(n)
        case .object(let k, _, let h): return .object(k, externalized: true, handle: h)
        case .null: return .null(.noextern)
        case .extern: return self
        }
    }

    /// The same reference as an `anyref` (what `any.convert_extern` makes of it).
    public var internalized: ScriptRef {
        switch self {
        case .extern(let n): return .host(n)
        case .object(let k, _, let h): return .object(k, externalized: false, handle: h)
        case .null: return .null(HeapType.none)
        case .host: return self
        }
    }
}

/// The engine-neutral handle of an i31 reference: its value, normalised to 31 bits
/// sign-extended, so i31s of one value are the same reference whoever made them.
public struct I31Value: Sendable, Hashable {
    public let value: Int32
    public init(_ value: Int32) { self.value = (value << 1) >> 1 }
}

/// The engine's own value behind an engine-internal `ScriptRef.object`. Script values compare
/// as the script format does, by kind, so a handle takes no part in `==` and hashing; compare
/// identities with `ScriptRef.isSameObject(as:)`.
public struct EngineHandle: Sendable, Hashable {
    /// The engine's value (nil: none).
    public let value: (any Hashable & Sendable)?

    public init(_ value: (any Hashable & Sendable)?) { self.value = value }

    /// No handle: the reference cannot be passed back.
    public static let none = EngineHandle(nil)

    public static func == (_: EngineHandle, _: EngineHandle) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// A WebAssembly value passed to or returned from an action.
public enum ScriptValue: Sendable, Hashable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    /// The bits of an f32.
    case f32(UInt32)
    /// The bits of an f64.
    case f64(UInt64)
    case v128(V128)
    case ref(ScriptRef)

    /// Renders like the script syntax: `i32.const 42`, `f32.const nan:0x400000`, `ref.null`.
    public var description: String {
        switch self {
        case .i32(let v): return "i32.const \(Int32(bitPattern: v))"
        case .i64(let v): return "i64.const \(Int64(bitPattern: v))"
        case .f32(let b): return "f32.const \(FloatText.f32(b))"
        case .f64(let b): return "f64.const \(FloatText.f64(b))"
        case .v128(let v):
            let lanes = (0..<4).map { i -> String in
                let w = i < 2 ? v.lo >> UInt64(32 * i) : v.hi >> UInt64(32 * (i - 2))
                return "0x" + hex(UInt64(UInt32(truncatingIfNeeded: w)), digits: 8)
            }
            return "v128.const i32x4 " + lanes.joined(separator: " ")
        case .ref(let r):
            switch r {
            case .null(let t): return t.map { "ref.null \($0.description)" } ?? "ref.null"
            case .host(let n): return "ref.host \(n)"
            case .extern(let n): return "ref.extern \(n)"
            case .object(let k, let ext, _):
                let base: String
                switch k {
                case .func: base = "ref.func"
                case .i31: base = "ref.i31"
                case .struct: base = "ref.struct"
                case .array: base = "ref.array"
                case .exn: base = "ref.exn"
                case .other: base = "ref"
                }
                return ext ? "ref.extern (\(base))" : base
            }
        }
    }

    /// The type name of the value, used in mismatch messages.
    public var typeName: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref: return "ref"
        }
    }
}

func hex(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    return s.count >= digits ? s : String(repeating: "0", count: digits - s.count) + s
}

/// Float rendering that shows NaN payloads and keeps every bit (the hex bits follow the
/// decimal form, which may round).
enum FloatText {
    static func f32(_ bits: UInt32) -> String {
        let sign = bits >> 31 != 0 ? "-" : ""
        let exp = (bits >> 23) & 0xFF
        let frac = bits & 0x7F_FFFF
        if exp == 0xFF {
            if frac == 0 { return sign + "inf" }
            return sign + (frac == 0x40_0000 ? "nan" : "nan:0x" + String(frac, radix: 16))
        }
        let f = Float(bitPattern: bits)
        return "\(f)" + (frac == 0 && exp == 0 ? "" : " (0x" + hex(UInt64(bits), digits: 8) + ")")
    }

    static func f64(_ bits: UInt64) -> String {
        let sign = bits >> 63 != 0 ? "-" : ""
        let exp = (bits >> 52) & 0x7FF
        let frac = bits & 0xF_FFFF_FFFF_FFFF
        if exp == 0x7FF {
            if frac == 0 { return sign + "inf" }
            return sign + (frac == 0x8_0000_0000_0000 ? "nan" : "nan:0x" + String(frac, radix: 16))
        }
        let d = Double(bitPattern: bits)
        return "\(d)" + (frac == 0 && exp == 0 ? "" : " (0x" + hex(bits, digits: 16) + ")")
    }
}

extension ScriptValue {
    /// An i32 from a signed Swift integer (`.i32` takes the bit pattern).
    public static func int32(_ v: Int32) -> ScriptValue { .i32(UInt32(bitPattern: v)) }
    /// An i64 from a signed Swift integer.
    public static func int64(_ v: Int64) -> ScriptValue { .i64(UInt64(bitPattern: v)) }
    /// An f32 from a Swift `Float` (`.f32` takes the bits).
    public static func float32(_ v: Float) -> ScriptValue { .f32(v.bitPattern) }
    /// An f64 from a Swift `Double`.
    public static func float64(_ v: Double) -> ScriptValue { .f64(v.bitPattern) }

    /// The value as a signed 32-bit integer, if it is an i32.
    public var int32: Int32? { if case .i32(let v) = self { return Int32(bitPattern: v) } else { return nil } }
    /// The value as a signed 64-bit integer, if it is an i64.
    public var int64: Int64? { if case .i64(let v) = self { return Int64(bitPattern: v) } else { return nil } }
    /// The value as a `Float`, if it is an f32.
    public var float32: Float? { if case .f32(let v) = self { return Float(bitPattern: v) } else { return nil } }
    /// The value as a `Double`, if it is an f64.
    public var float64: Double? { if case .f64(let v) = self { return Double(bitPattern: v) } else { return nil } }
}

extension ScriptValue {
    /// An `i31ref` (see `ScriptRef.i31`).
    public static func i31(_ value: Int32) -> ScriptValue { .ref(.i31(value)) }

    /// The reference, if the value is one.
    public var reference: ScriptRef? { if case .ref(let r) = self { return r } else { return nil } }

    /// Whether the value matches a result pattern as `assert_return` decides: by kind for the
    /// abstract reference patterns (`ResultPattern.refStruct`, `.refArray`, `.refI31`,
    /// `.refEq`, `.refAny`, …), by number for `.refHost(N)` and `.refExtern(N)`, NaN classes.
    public func matches(_ pattern: ResultPattern) -> Bool { pattern.matches(self) }
}

extension ResultPattern {
    /// `(ref.struct)`: a non-null struct reference.
    public static let refStruct = ResultPattern.refType(.struct)
    /// `(ref.array)`: a non-null array reference.
    public static let refArray = ResultPattern.refType(.array)
    /// `(ref.i31)`: a non-null i31 reference.
    public static let refI31 = ResultPattern.refType(.i31)
    /// `(ref.eq)`: a non-null struct, array or i31 reference.
    public static let refEq = ResultPattern.refType(.eq)
    /// `(ref.any)`: anything but a function, nulls included (loose, as in the reference
    /// interpreter's `assert_ref_pat`).
    public static let refAny = ResultPattern.refType(.any)
    /// `(ref.func)`: a non-null function reference.
    public static let refFunc = ResultPattern.refType(.func)
    /// `(ref.exn)`: a non-null exception reference.
    public static let refExn = ResultPattern.refType(.exn)
}
