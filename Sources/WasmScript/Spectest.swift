// The `spectest` host module the official suite imports from (spec interpreter
// host/spectest.ml). Engines build it from this description so every engine agrees.
import WasmCore

public enum Spectest {
    /// The module name scripts import from.
    public static let moduleName = "spectest"

    /// A function export: its type. Calls do nothing observable (the `print*` family), so a
    /// host implementation may print its arguments when verbose, or ignore them.
    public struct FunctionExport: Sendable {
        public var name: String
        public var type: FuncType
    }

    public struct GlobalExport: Sendable {
        public var name: String
        public var type: GlobalType
        public var value: ScriptValue
    }

    public struct TableExport: Sendable {
        public var name: String
        public var type: TableType
    }

    public struct MemoryExport: Sendable {
        public var name: String
        public var type: MemoryType
    }

    public static let functions: [FunctionExport] = [
        FunctionExport(name: "print", type: FuncType()),
        FunctionExport(name: "print_i32", type: FuncType(params: [.i32])),
        FunctionExport(name: "print_i64", type: FuncType(params: [.i64])),
        FunctionExport(name: "print_f32", type: FuncType(params: [.f32])),
        FunctionExport(name: "print_f64", type: FuncType(params: [.f64])),
        FunctionExport(name: "print_i32_f32", type: FuncType(params: [.i32, .f32])),
        FunctionExport(name: "print_f64_f64", type: FuncType(params: [.f64, .f64])),
    ]

    public static let globals: [GlobalExport] = [
        GlobalExport(name: "global_i32", type: GlobalType(.i32, mutable: false), value: .i32(666)),
        GlobalExport(name: "global_i64", type: GlobalType(.i64, mutable: false), value: .i64(666)),
        GlobalExport(name: "global_f32", type: GlobalType(.f32, mutable: false), value: .f32(Float(666.6).bitPattern)),
        GlobalExport(name: "global_f64", type: GlobalType(.f64, mutable: false), value: .f64(Double(666.6).bitPattern)),
    ]

    public static let tables: [TableExport] = [
        TableExport(name: "table", type: TableType(elementType: .funcref, limits: Limits(min: 10, max: 20))),
        TableExport(name: "table64", type: TableType(elementType: .funcref, limits: Limits(min: 10, max: 20, addressType: .i64))),
    ]

    public static let memories: [MemoryExport] = [
        MemoryExport(name: "memory", type: MemoryType(limits: Limits(min: 1, max: 2))),
        // The threads proposal's addition (its spectest.ml): one page, shared.
        MemoryExport(name: "shared_memory", type: MemoryType(limits: Limits(min: 1, max: 1, shared: true))),
    ]
}
