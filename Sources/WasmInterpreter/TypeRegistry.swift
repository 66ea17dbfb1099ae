import WasmCore

/// Canonical type identities across all modules of a store. Types are interned per recursion
/// group (iso-recursive equivalence): references to types inside the group are relative, the
/// rest point at canonical ids, so two modules declaring the same function type share one id and
/// `call_indirect` compares integers.
struct TypeRegistry {
    private var groups: [[SubType]: Int] = [:]
    /// Canonical sub types; concrete heap types inside them are canonical ids.
    private(set) var types: [SubType] = []
    /// What the heap needs of each canonical type (object layout, references to trace).
    private(set) var layouts: [ObjectLayout] = []
    /// Each canonical type's chain of declared supertypes, the root first and the type itself
    /// last: `a <: b` is then `chains[a][depth(b)] == b`, no walk.
    private var chains: [[Int]] = []

    /// Marks a relative (in-group) reference while interning.
    private static let relative: UInt32 = 0x8000_0000

    /// Canonical ids for every type of a module, in order.
    mutating func canonicalize(_ module: Module) -> [Int] {
        var ids = [Int](repeating: 0, count: module.types.count)
        var groupsOfModule = module.recGroups
        if groupsOfModule.isEmpty {
            groupsOfModule = (0..<module.types.count).map { RecGroup(start: UInt32($0), count: 1, explicit: false) }
        }
        for g in groupsOfModule {
            let start = Int(g.start)
            let end = min(module.types.count, start + Int(g.count))
            guard start < end else { continue }
            var key: [SubType] = []
            for i in start..<end {
                key.append(Self.rewrite(module.types[i]) { idx in
                    let k = Int(idx)
                    if k >= start && k < end { return Self.relative | UInt32(k - start) }
                    return k < ids.count ? UInt32(ids[k]) : idx
                })
            }
            if let base = groups[key] {
                for i in start..<end { ids[i] = base + (i - start) }
                continue
            }
            let base = types.count
            groups[key] = base
            for (n, t) in key.enumerated() {
                types.append(Self.rewrite(t) { idx in
                    idx & Self.relative != 0 ? UInt32(base + Int(idx & ~Self.relative)) : idx
                })
                ids[start + n] = base + n
            }
            for id in base..<types.count {
                layouts.append(ObjectLayout(types[id]))
                // Supertypes precede their subtypes (validation), so their chains exist.
                var chain: [Int] = []
                if let s = types[id].supertypes.first, Int(s) < id, Int(s) < chains.count { chain = chains[Int(s)] }
                chain.append(id)
                chains.append(chain)
            }
        }
        return ids
    }

    func funcType(_ id: Int) -> FuncType? {
        guard id >= 0 && id < types.count else { return nil }
        return types[id].funcType
    }

    func isFunc(_ id: Int) -> Bool { funcType(id) != nil }

    /// Whether canonical type `sub` is `sup` or declares it as a (transitive) supertype.
    func isSubtype(_ sub: Int, of sup: Int) -> Bool {
        if sub == sup { return true }
        guard sub >= 0, sub < chains.count, sup >= 0, sup < chains.count else { return false }
        let depth = chains[sup].count - 1
        let chain = chains[sub]
        return depth < chain.count && chain[depth] == sup
    }

    func types(_ id: Int) -> SubType? {
        id >= 0 && id < types.count ? types[id] : nil
    }

    func layout(_ id: Int) -> ObjectLayout? {
        id >= 0 && id < layouts.count ? layouts[id] : nil
    }

    // MARK: Subtyping of canonical value types (for import matching).

    func matches(_ a: ValType, _ b: ValType) -> Bool {
        switch (a, b) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.v128, .v128): return true
        case (.ref(let x), .ref(let y)):
            if x.nullable && !y.nullable { return false }
            return heapMatches(x.heapType, y.heapType)
        default: return false
        }
    }

    func heapMatches(_ a: HeapType, _ b: HeapType) -> Bool {
        if a == b { return true }
        if let x = a.typeIndex, Int(x) >= types.count { return false }
        if let y = b.typeIndex, Int(y) >= types.count { return false }
        switch (a, b) {
        // Canonical ids: exact types match only themselves (a == b above) and the bottom type.
        case (.exact(let x), _): return heapMatches(.concrete(x), b)
        case (_, .exact(let y)):
            if a == .nofunc { return isFunc(Int(y)) }
            if a == .none { return !isFunc(Int(y)) }
            return false
        case (.concrete(let x), .concrete(let y)): return isSubtype(Int(x), of: Int(y))
        case (.concrete(let x), .func): return isFunc(Int(x))
        case (.concrete(let x), .any), (.concrete(let x), .eq):
            return !isFunc(Int(x))
        case (.concrete(let x), .struct):
            if case .struct = types[Int(x)].composite { return true } else { return false }
        case (.concrete(let x), .array):
            if case .array = types[Int(x)].composite { return true } else { return false }
        case (.nofunc, .func): return true
        case (.nofunc, .concrete(let y)): return isFunc(Int(y))
        case (.none, .concrete(let y)): return !isFunc(Int(y))
        case (.none, .any), (.none, .eq), (.none, .i31), (.none, .struct), (.none, .array): return true
        case (.i31, .eq), (.i31, .any), (.struct, .eq), (.struct, .any), (.array, .eq), (.array, .any), (.eq, .any):
            return true
        case (.noextern, .extern), (.noexn, .exn): return true
        default: return false
        }
    }

    private static func rewrite(_ t: SubType, _ f: (UInt32) -> UInt32) -> SubType {
        var out = t
        out.supertypes = t.supertypes.map(f)
        out.describes = t.describes.map(f)
        out.descriptor = t.descriptor.map(f)
        func v(_ x: ValType) -> ValType { x.mapIndex(f) }
        func field(_ x: FieldType) -> FieldType {
            if case .val(let t) = x.storage { return FieldType(.val(v(t)), mutable: x.mutable) }
            return x
        }
        switch t.composite {
        case .func(let ft): out.composite = .func(FuncType(params: ft.params.map(v), results: ft.results.map(v)))
        case .struct(let fs): out.composite = .struct(fs.map(field))
        case .array(let a): out.composite = .array(field(a))
        }
        return out
    }
}
