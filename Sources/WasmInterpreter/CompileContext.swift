import WasmCore

/// What the compiler needs to know about the instance a body is compiled for: compiled code
/// embeds store addresses and raw pointers, so each instance gets its own code.
struct CompileContext {
    var module: Module
    var typeIDs: [Int]
    /// Store address of every function of the module's index space.
    var funcAddrs: [Int]
    /// Type index of every function of the module's index space.
    var funcTypeIndices: [UInt32]
    var globalCells: [UnsafeMutablePointer<UInt64>]
    var globalTypes: [ValType]
    var tables: [UnsafeMutablePointer<TableState>]
    var tableAddrs: [Int]
    var memAddrs: [Int]
    var memIs64: [Bool]
    var elemAddrs: [Int]
    var dataAddrs: [Int]
    var fuel: Bool
    /// Store address and payload type of every tag of the module's index space.
    var tagAddrs: [Int] = []
    var tagTypes: [FuncType] = []

    func funcType(typeIndex: UInt32) -> FuncType {
        let i = Int(typeIndex)
        guard i < module.types.count, let f = module.types[i].funcType else { return FuncType() }
        return f
    }

    func funcType(ofFunction f: UInt32) -> FuncType {
        let i = Int(f)
        guard i < funcTypeIndices.count else { return FuncType() }
        return funcType(typeIndex: funcTypeIndices[i])
    }

    func blockType(_ bt: BlockType) -> FuncType {
        switch bt {
        case .empty: return FuncType()
        case .value(let t): return FuncType(params: [], results: [t])
        case .typeIndex(let i): return funcType(typeIndex: i)
        }
    }
}

/// The result of compiling one body.
struct CompiledFunction {
    var code: [Inst]
    var consts: [UInt64]
    var paramSlots: UInt32
    var localStart: UInt32
    var localCount: UInt32
    var constStart: UInt32
    var frameSize: UInt32
    /// `try_table` handlers, innermost first (code positions relative to `code`).
    var handlers: [CompiledHandler] = []
}
