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

    /// Only the validator creates these.
    package init(module: Module, features: Features, functions: [FunctionMetadata]) {
        self.module = module
        self.features = features
        self.functions = functions
    }
}
