// Name resolution (spec section "Text Format / Modules / Indices"). A scan of the module's fields
// defines every identifier of the module-level index spaces before any field is parsed, so the
// parser resolves `$name` references on the spot (forward references included) and no second
// instruction representation is needed. Function-local spaces (locals, labels) are resolved by
// the parser with the same error texts. Numeric indices are left to the validator.
import WasmCore

/// A module-level index space.
enum IndexSpace: Int, CaseIterable {
    case type, function, table, memory, global, tag, elem, data

    /// The category in `unknown …` messages (the reference interpreter's words).
    var unknownCategory: String {
        switch self {
        case .type: return "type"
        case .function: return "function"
        case .table: return "table"
        case .memory: return "memory"
        case .global: return "global"
        case .tag: return "tag"
        case .elem: return "elem segment"
        case .data: return "data segment"
        }
    }

    /// The category in `duplicate …` messages (the text keyword).
    var duplicateCategory: String {
        switch self {
        case .type: return "type"
        case .function: return "func"
        case .table: return "table"
        case .memory: return "memory"
        case .global: return "global"
        case .tag: return "tag"
        case .elem: return "elem"
        case .data: return "data"
        }
    }
}

/// The identifiers of one module: index space by index space.
struct Resolver {
    private var maps: [[String: UInt32]] = Array(repeating: [:], count: IndexSpace.allCases.count)
    private(set) var counts: [UInt32] = Array(repeating: 0, count: IndexSpace.allCases.count)
    /// Field names of struct types, by type index.
    var fields: [UInt32: [String: UInt32]] = [:]

    func count(_ space: IndexSpace) -> UInt32 { counts[space.rawValue] }

    /// Allocates the next index of `space`, binding `name` to it if given. A name bound twice
    /// is an error (`duplicate func $f`); the index is allocated anyway so later ones stay right.
    mutating func define(_ space: IndexSpace, name: String?, at location: Location) -> (index: UInt32, error: Diagnostic?) {
        let index = counts[space.rawValue]
        counts[space.rawValue] &+= 1
        guard let name else { return (index, nil) }
        if maps[space.rawValue][name] != nil {
            return (index, Diagnostic(.resolve, "duplicate \(space.duplicateCategory) $\(name)", at: location))
        }
        maps[space.rawValue][name] = index
        return (index, nil)
    }

    /// The index `$name` stands for in `space`.
    func lookup(_ space: IndexSpace, _ name: String, at location: Location) throws(Diagnostic) -> UInt32 {
        guard let i = maps[space.rawValue][name] else {
            throw Diagnostic(.resolve, "unknown \(space.unknownCategory) $\(name)", at: location)
        }
        return i
    }

    func has(_ space: IndexSpace, _ name: String) -> Bool { maps[space.rawValue][name] != nil }
}

/// The locals of the function being parsed: parameters then declared locals.
struct LocalScope {
    var names: [String: UInt32] = [:]
    var count: UInt32 = 0

    mutating func define(_ name: String?, at location: Location) -> Diagnostic? {
        let index = count
        count &+= 1
        guard let name else { return nil }
        if names[name] != nil { return Diagnostic(.resolve, "duplicate local $\(name)", at: location) }
        names[name] = index
        return nil
    }

    func lookup(_ name: String, at location: Location) throws(Diagnostic) -> UInt32 {
        guard let i = names[name] else { throw Diagnostic(.resolve, "unknown local $\(name)", at: location) }
        return i
    }
}
