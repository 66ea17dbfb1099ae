// Implementation limits of the validator: the spec leaves them to implementations, and an
// untrusted module must not make validation (or the interpreter after it) arbitrarily costly.

/// Limits the validator enforces beyond the spec's rules, each reported with a clear error.
public struct ValidationLimits: Sendable, Hashable {
    /// The deepest nesting of blocks, loops, ifs and trys in one function body.
    public var maxNesting: Int
    /// The most locals (parameters included) of one function.
    public var maxLocals: Int
    /// The highest operand stack of one function body.
    public var maxOperandStack: Int

    public init(maxNesting: Int = 100_000, maxLocals: Int = 1_000_000, maxOperandStack: Int = 1_000_000) {
        self.maxNesting = maxNesting
        self.maxLocals = maxLocals
        self.maxOperandStack = maxOperandStack
    }
}
