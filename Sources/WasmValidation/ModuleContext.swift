import WasmCore

/// The spec's validation context C for a module: the types of everything an instruction can
/// name, in index-space order (imports first).
struct ModuleContext {
    var types = TypeContext()
    /// Type index of each function.
    var functions: [UInt32] = []
    /// The functions imported without `exact`: a reference to one is not exact.
    var inexactFunctions: Set<UInt32> = []
    var tables: [TableType] = []
    var memories: [MemoryType] = []
    var globals: [GlobalType] = []
    /// Type index of each tag.
    var tags: [UInt32] = []
    var elements: [RefType] = []
    var dataCount: Int = 0
    /// C.refs: whether a function index occurs outside function bodies and the start function.
    var declaredFunctions: [Bool] = []
    var features: Features = .default
    var limits = ValidationLimits()
    var sourceKind: SourceKind = .none

    func funcType(ofFunction f: UInt32) -> FuncType? {
        guard Int(f) < functions.count else { return nil }
        return types.funcType(functions[Int(f)])
    }

    /// Checks that a value type only names defined types.
    func check(_ t: ValType) throws(Diagnostic) {
        if case .ref(let r) = t { try check(r.heapType) }
    }

    func check(_ h: HeapType) throws(Diagnostic) {
        if let i = h.typeIndex, Int(i) >= types.count {
            throw Diagnostic(.validate, "unknown type \(i)")
        }
    }

    func describe(_ t: ValType) -> String { types.describe(t) }

    func describe(_ ts: some Sequence<ValType>) -> String {
        "[" + ts.map { types.describe($0) }.joined(separator: " ") + "]"
    }
}
