import Testing
import WasmCore
import WasmValidation

/// A tiny builder of hand-made modules for validator tests.
struct ModuleBuilder {
    var module = Module()

    @discardableResult
    mutating func type(_ params: [ValType] = [], _ results: [ValType] = []) -> UInt32 {
        module.types.append(SubType(composite: .func(FuncType(params: params, results: results))))
        return UInt32(module.types.count - 1)
    }

    @discardableResult
    mutating func subtype(_ st: SubType) -> UInt32 {
        module.types.append(st)
        return UInt32(module.types.count - 1)
    }

    /// Adds a function; `end` is appended to `body`.
    @discardableResult
    mutating func function(_ params: [ValType] = [], _ results: [ValType] = [], locals: [ValType] = [],
                           _ body: [Instruction]) -> UInt32 {
        let t = type(params, results)
        return function(type: t, locals: locals, Expression(body + [Instruction(.end)]))
    }

    @discardableResult
    mutating func function(type t: UInt32, locals: [ValType] = [], _ body: Expression) -> UInt32 {
        module.functions.append(Function(typeIndex: t, locals: locals, body: body))
        return UInt32(module.importedFunctionCount + module.functions.count - 1)
    }

    mutating func memory(_ min: UInt64 = 1, _ max: UInt64? = nil, addressType: AddressType = .i32) {
        module.memories.append(Memory(type: MemoryType(limits: Limits(min: min, max: max, addressType: addressType))))
    }

    mutating func table(_ type: RefType = .funcref, _ min: UInt64 = 1, _ max: UInt64? = nil, addressType: AddressType = .i32) {
        module.tables.append(Table(type: TableType(elementType: type, limits: Limits(min: min, max: max, addressType: addressType))))
    }

    mutating func global(_ t: ValType, mutable: Bool = false, _ initializer: [Instruction]) {
        module.globals.append(Global(type: GlobalType(t, mutable: mutable), initializer: Expression(initializer + [Instruction(.end)])))
    }
}

extension Instruction {
    static func i32(_ v: Int32) -> Instruction { Instruction(.i32Const, .i32(v)) }
    static func i64(_ v: Int64) -> Instruction { Instruction(.i64Const, .i64(v)) }
    static func f32(_ v: Float) -> Instruction { Instruction(.f32Const, .f32(v.bitPattern)) }
    static func op(_ o: Opcode) -> Instruction { Instruction(o) }
    static func idx(_ o: Opcode, _ i: UInt32) -> Instruction { Instruction(o, .index(i)) }
    static func block(_ o: Opcode = .block, _ bt: BlockType = .empty) -> Instruction { Instruction(o, .blockType(bt)) }
    static func mem(_ o: Opcode, align: UInt8, offset: UInt64 = 0, memory: UInt32 = 0) -> Instruction {
        Instruction(o, .memArg(MemArg(offset: offset, align: align, memory: memory)))
    }
    static let end = Instruction(.end)
}

func validate(_ m: Module, features: Features = .default) -> Diagnostic? {
    do {
        _ = try Validator.validate(m, features: features)
        return nil
    } catch {
        return error
    }
}

func expectValid(_ m: Module, features: Features = .default, sourceLocation: SourceLocation = #_sourceLocation) {
    let d = validate(m, features: features)
    #expect(d == nil, "unexpected error: \(d?.message ?? "")", sourceLocation: sourceLocation)
}

func expectInvalid(_ m: Module, _ prefix: String, features: Features = .default, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let d = validate(m, features: features) else {
        Issue.record("module accepted, expected \(prefix)", sourceLocation: sourceLocation)
        return
    }
    #expect(d.message.hasPrefix(prefix), "got \(d.message), expected \(prefix)", sourceLocation: sourceLocation)
    #expect(d.phase == .validate, sourceLocation: sourceLocation)
}

/// A module with one function of the given signature and body.
func single(_ params: [ValType] = [], _ results: [ValType] = [], locals: [ValType] = [],
            memory: Bool = false, _ body: [Instruction]) -> Module {
    var b = ModuleBuilder()
    if memory { b.memory() }
    b.function(params, results, locals: locals, body)
    return b.module
}
