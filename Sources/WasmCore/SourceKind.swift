/// What the source offsets of a module's expressions (`Expression.offsets`,
/// `Function.sourceOffset`) count: bytes of a `.wat` text or bytes of a `.wasm` binary.
/// Producers set `Module.sourceKind` so later phases (the validator) can point diagnostics at
/// the right kind of location without knowing who built the module.
public enum SourceKind: UInt8, Sendable, Hashable {
    /// Built by hand or offsets not recorded.
    case none
    /// Offsets are byte offsets into the text source.
    case text
    /// Offsets are byte offsets into the binary module.
    case binary

    /// The location of an offset of this kind; `length` is used for text carets.
    public func location(offset: UInt32, length: UInt32 = 1) -> Location {
        switch self {
        case .none: return .none
        case .text: return .text(offset: offset, length: length)
        case .binary: return .binary(offset: offset)
        }
    }
}
