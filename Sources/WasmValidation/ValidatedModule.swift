import WasmCore

/// What the validator learned about one defined function, for the interpreter's compiler.
public struct FunctionMetadata: Sendable, Hashable {
    /// The largest number of operand-stack values live at once in the body (v128 counts 1).
    public var maxStackHeight: UInt32

    public init(maxStackHeight: UInt32) {
        self.maxStackHeight = maxStackHeight
    }
}

/// A module that passed validation. Only this type can be instantiated, so the types enforce
/// "validate, then instantiate".
public struct ValidatedModule: Sendable {
    public let module: Module
    public let features: Features
    /// One entry per defined function (imports excluded), in order.
    public let functions: [FunctionMetadata]
    /// The module's types with canonical ids (`types.canonical[i]`; equal ids mean equal
    /// types) and the subtype relation, e.g. for `call_indirect` and casts at run time.
    public let types: TypeContext

    /// Only the validator creates these.
    package init(module: Module, features: Features, functions: [FunctionMetadata]) {
        self.module = module
        self.features = features
        self.functions = functions
        self.types = TypeContext()
    }

    package init(module: Module, features: Features, functions: [FunctionMetadata], types: TypeContext) {
        self.module = module
        self.features = features
        self.functions = functions
        self.types = types
    }
}
