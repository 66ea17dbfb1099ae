// Where a decoded module's entries sat in its binary: what `wasm2wat --print-offsets` prefixes
// each line with, as `wasm-tools print --print-offsets` does. Kept beside the `Module` (not in
// it), so that a module's value does not depend on where it came from.

public struct BinaryLayout: Sendable, Hashable {
    /// Per type index: the offset of its entry. The types of an explicit rec group all get the
    /// offset of the group's first type, as wasm-tools reports them.
    public var types: [Int] = []
    /// Per `Module.recGroups` entry: the offset of its first byte (`0x4E` when explicit).
    public var recGroups: [Int] = []
    /// Per entry of the import section (an import, or a compact group of them).
    public var imports: [Int] = []
    /// Per import: its entry, or in a compact group its item (the name).
    public var importItems: [Int] = []
    public var tables: [Int] = []
    public var memories: [Int] = []
    public var tags: [Int] = []
    public var globals: [Int] = []
    public var exports: [Int] = []
    public var start: Int?
    public var elements: [Int] = []
    public var datas: [Int] = []
    /// Per defined function: its first declaration of at least one local (where `(local …)`
    /// comes from).
    public var locals: [Int] = []
    /// Per `Module.customSections` entry: the start of its contents (its name).
    public var customSections: [Int] = []
    /// Per entry of the `producers` section's fields: the offset of each value.
    public var producerValues: [[Int]] = []
    /// The size of the binary (where wasm-tools places the module's closing parenthesis).
    public var end = 0

    public init() {}
}
