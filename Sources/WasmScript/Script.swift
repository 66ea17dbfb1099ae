// The `.wast` script AST, following the spec's script format (interpreter/script/script.ml):
// commands are module definitions and instances, `register`, actions and assertions.
import WasmCore

/// A parsed `.wast` script.
public struct Script: Sendable {
    /// The file name used in reports.
    public var name: String
    /// The script's text, for line:column of locations.
    public var source: SourceFile
    public var commands: [Command]

    public init(name: String, source: SourceFile, commands: [Command]) {
        self.name = name
        self.source = source
        self.commands = commands
    }
}

/// One top-level command and where it is in the script.
public struct Command: Sendable {
    public var kind: CommandKind
    /// The command's opening parenthesis (length: the whole command).
    public var location: Location

    public init(_ kind: CommandKind, at location: Location) {
        self.kind = kind
        self.location = location
    }
}

public enum CommandKind: Sendable {
    /// `(module …)`: defines a module and, unless it is `(module definition …)`, instantiates it.
    case module(ScriptModule)
    /// `(module instance $I $M)`: instantiates a defined module.
    case instance(instance: String?, module: String?)
    /// `(register "name" $I?)`
    case register(name: String, instance: String?)
    case action(Action)
    case assertReturn(Action, [ResultPattern])
    /// `assert_trap` of an action.
    case assertTrap(Action, String)
    /// `assert_trap (module …) "msg"`: instantiation traps (formerly `assert_uninstantiable`).
    case assertModuleTrap(ScriptModule, String)
    case assertUninstantiable(ScriptModule, String)
    case assertExhaustion(Action, String)
    case assertException(Action)
    case assertInvalid(ScriptModule, String)
    case assertMalformed(ScriptModule, String)
    case assertUnlinkable(ScriptModule, String)
    case assertMalformedCustom(ScriptModule, String)
    case assertInvalidCustom(ScriptModule, String)
    /// A command this runner does not implement (`script`, `input`, `output` meta commands…).
    case unsupported(String)
    /// A command the script parser could not read; running it fails with these diagnostics.
    case malformed([Diagnostic])

    /// The command's keyword, for reports.
    public var keyword: String {
        switch self {
        case .module: return "module"
        case .instance: return "module instance"
        case .register: return "register"
        case .action(let a): return a.keyword
        case .assertReturn: return "assert_return"
        case .assertTrap, .assertModuleTrap: return "assert_trap"
        case .assertUninstantiable: return "assert_uninstantiable"
        case .assertExhaustion: return "assert_exhaustion"
        case .assertException: return "assert_exception"
        case .assertInvalid: return "assert_invalid"
        case .assertMalformed: return "assert_malformed"
        case .assertUnlinkable: return "assert_unlinkable"
        case .assertMalformedCustom: return "assert_malformed_custom"
        case .assertInvalidCustom: return "assert_invalid_custom"
        case .unsupported: return "unsupported"
        case .malformed: return "malformed command"
        }
    }

    /// The module a command carries, if any.
    public var module: ScriptModule? {
        switch self {
        case .module(let m), .assertModuleTrap(let m, _), .assertUninstantiable(let m, _),
             .assertInvalid(let m, _), .assertMalformed(let m, _), .assertUnlinkable(let m, _),
             .assertMalformedCustom(let m, _), .assertInvalidCustom(let m, _):
            return m
        default:
            return nil
        }
    }
}

/// A module written in a script: `(module $m? definition? …)`.
public struct ScriptModule: Sendable {
    /// `$m` without the `$`.
    public var name: String?
    /// `(module definition …)`: defined but not instantiated.
    public var isDefinition: Bool
    public var source: Source
    public var location: Location
    /// Warnings of the text parser (legacy spellings).
    public var warnings: [Diagnostic]

    public init(name: String?, isDefinition: Bool, source: Source, location: Location, warnings: [Diagnostic] = []) {
        self.name = name
        self.isDefinition = isDefinition
        self.source = source
        self.location = location
        self.warnings = warnings
    }

    /// How a script module is written.
    public enum Source: Sendable {
        /// A text module, already parsed (legacy or strict grammar per the parse options).
        case text(Module)
        /// A text module that did not parse; the diagnostics say why.
        case textError([Diagnostic])
        /// `(module binary "…"*)`: the concatenated bytes.
        case binary([UInt8])
        /// `(module quote "…"*)`: the concatenated text, parsed when the command runs (strictly
        /// inside `assert_malformed`).
        case quote([UInt8])
    }
}

/// `(invoke $I? "name" const*)` or `(get $I? "name")`.
public enum Action: Sendable, Hashable {
    case invoke(instance: String?, name: String, arguments: [ScriptValue])
    case get(instance: String?, name: String)

    public var keyword: String {
        switch self {
        case .invoke: return "invoke"
        case .get: return "get"
        }
    }

    public var exportName: String {
        switch self {
        case .invoke(_, let n, _), .get(_, let n): return n
        }
    }

    public var instance: String? {
        switch self {
        case .invoke(let i, _, _), .get(let i, _): return i
        }
    }
}

/// A number pattern: exact bits, or one of the NaN classes.
public enum NumPattern: Sendable, Hashable {
    /// Exact bits (integers are masked to their width).
    case bits(UInt64)
    /// `nan:canonical`: a NaN with only the top payload bit set, either sign.
    case canonicalNaN
    /// `nan:arithmetic`: a NaN with the top payload bit set.
    case arithmeticNaN
}

/// The lane interpretation of a `v128.const`.
public enum V128Shape: String, Sendable, Hashable, CaseIterable {
    case i8x16, i16x8, i32x4, i64x2, f32x4, f64x2

    public var laneCount: Int {
        switch self {
        case .i8x16: return 16
        case .i16x8: return 8
        case .i32x4, .f32x4: return 4
        case .i64x2, .f64x2: return 2
        }
    }

    public var laneBits: Int { 128 / laneCount }
    public var isFloat: Bool { self == .f32x4 || self == .f64x2 }
}

/// An expected result of `assert_return`.
public indirect enum ResultPattern: Sendable, Hashable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    case f32(NumPattern)
    case f64(NumPattern)
    case v128(V128Shape, [NumPattern])
    /// `(ref.null ht?)`: any null reference.
    case refNull(HeapType?)
    /// `(ref.host N)`
    case refHost(UInt32)
    /// `(ref.extern N)`
    case refExtern(UInt32)
    /// `(ref.func)`, `(ref.extern)`, `(ref.any)`, `(ref.eq)`, `(ref.i31)`, `(ref.struct)`,
    /// `(ref.array)`, `(ref.exn)`: a non-null reference of that abstract type.
    case refType(HeapType)
    /// `(either r*)`: any of the alternatives.
    case either([ResultPattern])

    public var description: String {
        func num(_ p: NumPattern, _ f: (UInt64) -> String) -> String {
            switch p {
            case .bits(let b): return f(b)
            case .canonicalNaN: return "nan:canonical"
            case .arithmeticNaN: return "nan:arithmetic"
            }
        }
        switch self {
        case .i32(let v): return "i32.const \(Int32(bitPattern: v))"
        case .i64(let v): return "i64.const \(Int64(bitPattern: v))"
        case .f32(let p): return "f32.const " + num(p) { FloatText.f32(UInt32(truncatingIfNeeded: $0)) }
        case .f64(let p): return "f64.const " + num(p) { FloatText.f64($0) }
        case .v128(let shape, let lanes):
            let parts = lanes.map { lane -> String in
                num(lane) { b in
                    switch shape {
                    case .f32x4: return FloatText.f32(UInt32(truncatingIfNeeded: b))
                    case .f64x2: return FloatText.f64(b)
                    case .i8x16: return String(Int8(truncatingIfNeeded: b))
                    case .i16x8: return String(Int16(truncatingIfNeeded: b))
                    case .i32x4: return String(Int32(truncatingIfNeeded: b))
                    case .i64x2: return String(Int64(bitPattern: b))
                    }
                }
            }
            return "v128.const \(shape.rawValue) " + parts.joined(separator: " ")
        case .refNull(let t): return t.map { "ref.null \(HeapTypeText.name($0))" } ?? "ref.null"
        case .refHost(let n): return "ref.host \(n)"
        case .refExtern(let n): return "ref.extern \(n)"
        case .refType(let t): return "ref.\(HeapTypeText.name(t))"
        case .either(let alts): return "either(" + alts.map(\.description).joined(separator: " | ") + ")"
        }
    }
}
