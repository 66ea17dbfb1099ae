// Hand-built modules for the analysis tests, so they do not depend on the parser.
import WasmCore

struct ModuleBuilder {
    var module = Module()

    /// Adds (or reuses) a function type and returns its index.
    mutating func type(_ params: [ValType] = [], _ results: [ValType] = []) -> UInt32 {
        let f = FuncType(params: params, results: results)
        if let i = module.types.firstIndex(where: { $0.funcType == f }) { return UInt32(i) }
        module.types.append(SubType(composite: .func(f)))
        module.recGroups.append(RecGroup(start: UInt32(module.types.count - 1), count: 1, explicit: false))
        return UInt32(module.types.count - 1)
    }

    mutating func importFunc(_ mod: String, _ name: String, _ params: [ValType] = [], _ results: [ValType] = []) {
        let t = type(params, results)
        module.imports.append(Import(module: mod, name: name, desc: .func(typeIndex: t)))
    }

    mutating func importMemory(_ mod: String, _ name: String, _ min: UInt64, _ max: UInt64? = nil,
                               shared: Bool = false) {
        module.imports.append(Import(module: mod, name: name,
                                     desc: .memory(MemoryType(limits: Limits(min: min, max: max, shared: shared)))))
    }

    mutating func importGlobal(_ mod: String, _ name: String, _ t: ValType = .i32, mutable: Bool = false) {
        module.imports.append(Import(module: mod, name: name, desc: .global(GlobalType(t, mutable: mutable))))
    }

    mutating func memory(_ min: UInt64, _ max: UInt64? = nil, addressType: AddressType = .i32, shared: Bool = false) {
        module.memories.append(Memory(type: MemoryType(limits: Limits(min: min, max: max, addressType: addressType, shared: shared))))
    }

    /// Adds a function with the given body (an `end` is appended) and returns its index.
    @discardableResult
    mutating func function(_ body: [Instruction], params: [ValType] = [], results: [ValType] = [],
                           locals: [ValType] = [], export: String? = nil) -> UInt32 {
        let t = type(params, results)
        module.functions.append(Function(typeIndex: t, locals: locals, body: Expression(body + [Instruction(.end)])))
        let index = UInt32(module.importedFunctionCount + module.functions.count - 1)
        if let export { module.exports.append(Export(name: export, kind: .func, index: index)) }
        return index
    }

    @discardableResult
    mutating func global(_ t: ValType, mutable: Bool = false, _ value: Int32 = 0, export: String? = nil) -> UInt32 {
        module.globals.append(Global(type: GlobalType(t, mutable: mutable),
                                     initializer: Expression([Instruction(.i32Const, .i32(value)), Instruction(.end)])))
        let index = UInt32(module.importedGlobalCount + module.globals.count - 1)
        if let export { module.exports.append(Export(name: export, kind: .global, index: index)) }
        return index
    }

    mutating func export(_ name: String, _ kind: ExternKind, _ index: UInt32) {
        module.exports.append(Export(name: name, kind: kind, index: index))
    }

    mutating func data(at offset: Int32, _ bytes: [UInt8]) {
        module.datas.append(DataSegment(mode: .active(index: 0, offset: Expression([Instruction(.i32Const, .i32(offset)), Instruction(.end)])), bytes: bytes))
    }
}
