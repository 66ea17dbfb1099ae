import WasmCore

/// How scripts are parsed and run.
public struct ScriptOptions: Sendable {
    /// The features modules may use (text parser, decoder and validator).
    public var features: Features
    /// Parse every text module with the spec's strict grammar (no legacy spellings). Modules
    /// inside `assert_malformed` are always parsed strictly.
    public var strict: Bool
    /// Encode, decode and re-encode every module and fail the command if the bytes differ.
    public var roundtrip: Bool
    /// Stop a script at its first failure.
    public var failFast: Bool
    /// Also require the expected message of `assert_malformed (module quote …)`; by default any
    /// parse or resolve error counts, since text error messages differ between tools.
    public var checkQuoteMessages: Bool

    public init(features: Features = .default, strict: Bool = false, roundtrip: Bool = false,
                failFast: Bool = false, checkQuoteMessages: Bool = false) {
        self.features = features
        self.strict = strict
        self.roundtrip = roundtrip
        self.failFast = failFast
        self.checkQuoteMessages = checkQuoteMessages
    }
}
