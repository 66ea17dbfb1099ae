import WasmCore

/// The defined types of a module with their canonical ids and the subtype relation
/// (spec: "Matching", iso-recursive type equivalence of rec groups).
///
/// Two type indices denote the same type exactly when their canonical ids are equal. The
/// canonical id of a type is the index of the first type in the module with the same
/// definition relative to its rec group (references inside the group kept relative,
/// references outside replaced by canonical ids).
public struct TypeContext: Sendable {
    public private(set) var types: [SubType] = []
    /// `canonical[i]`: the canonical id of type `i`.
    public private(set) var canonical: [UInt32] = []
    /// First type index of the rec group that holds each type.
    private var groupStart: [UInt32] = []
    /// Length of each type's declared supertype chain.
    private var depth: [UInt8] = []

    /// The deepest supertype chain accepted. The spec sets none; engines (V8, wasm-tools) cap it
    /// at 63, which also bounds every subtype check to 64 steps.
    public static let maxSubtypingDepth = 63
    private var groups: [[SubType]: UInt32] = [:]

    public init() {}

    public var count: Int { types.count }

    /// The function type at `index`, if it is one.
    public func funcType(_ index: UInt32) -> FuncType? {
        guard Int(index) < types.count else { return nil }
        return types[Int(index)].funcType
    }

    /// Whether two type indices denote the same type.
    @inline(__always)
    public func same(_ a: UInt32, _ b: UInt32) -> Bool {
        a == b || (Int(a) < canonical.count && Int(b) < canonical.count && canonical[Int(a)] == canonical[Int(b)])
    }

    // MARK: Building

    /// Adds one rec group; `group` refers to other types by module index. Validates that
    /// references stay within the types defined so far plus this group, and the declared
    /// supertypes. The caller's indices are the module's: the group starts at `count`.
    mutating func addGroup(_ group: ArraySlice<SubType>) throws(Diagnostic) {
        let start = UInt32(types.count)
        let end = start &+ UInt32(group.count)
        for st in group {
            types.append(st)
            groupStart.append(start)
            depth.append(0)
        }
        try checkDescriptors(group, start: start)
        // References may point anywhere before the end of this group.
        for st in group {
            try checkIndices(st, limit: end)
        }
        // Canonical ids first (the subtype checks below use them for in-group references).
        var key: [SubType] = []
        key.reserveCapacity(group.count)
        for st in group { key.append(relativize(st, groupStart: start, groupEnd: end)) }
        let rep: UInt32
        if let r = groups[key] {
            rep = r
        } else {
            rep = start
            groups[key] = start
        }
        for k in 0..<UInt32(group.count) { canonical.append(rep &+ k) }
        var x = start
        for st in group {
            try checkSupertypes(st, index: x)
            x &+= 1
        }
    }

    private func checkIndices(_ st: SubType, limit: UInt32) throws(Diagnostic) {
        for s in st.supertypes where s >= limit {
            throw Diagnostic(.validate, "unknown type \(s)")
        }
        if st.describes != nil || st.descriptor != nil, !st.isStruct {
            throw Diagnostic(.validate, st.descriptor != nil ? "descriptor type must be a struct" : "described type must be a struct")
        }
        func check(_ t: ValType) throws(Diagnostic) {
            if case .ref(let r) = t, let i = r.heapType.typeIndex, i >= limit {
                throw Diagnostic(.validate, "unknown type \(i)")
            }
        }
        switch st.composite {
        case .func(let f):
            for t in f.params { try check(t) }
            for t in f.results { try check(t) }
        case .struct(let fields):
            for f in fields { if case .val(let t) = f.storage { try check(t) } }
        case .array(let f):
            if case .val(let t) = f.storage { try check(t) }
        }
    }

    private mutating func checkSupertypes(_ st: SubType, index x: UInt32) throws(Diagnostic) {
        if st.supertypes.count > 1 {
            throw Diagnostic(.validate, "sub type \(x) has too many super types")
        }
        for s in st.supertypes {
            guard s < x else {
                throw Diagnostic(.validate, "unknown type \(s)")
            }
            let sup = types[Int(s)]
            guard !sup.isFinal else {
                throw Diagnostic(.validate, "sub type \(x) does not match super type \(s)")
            }
            try checkDescriptorClauses(st, x, sup, s)
            guard matchComposite(st.composite, sup.composite) else {
                throw Diagnostic(.validate, "sub type \(x) does not match super type \(s)")
            }
            let d = Int(depth[Int(s)]) + 1
            guard d <= TypeContext.maxSubtypingDepth else {
                throw Diagnostic(.validate, "sub type hierarchy too deep: depth \(d) exceeds \(TypeContext.maxSubtypingDepth)")
            }
            depth[Int(x)] = UInt8(d)
        }
    }

    /// The custom-descriptors rules within a rec group (the reference interpreter's
    /// `check_descriptors`): a `describes` clause names an earlier type of the group whose
    /// `descriptor` clause names this type back, and a `descriptor` clause a type of the group
    /// whose `describes` clause names this type.
    private func checkDescriptors(_ group: ArraySlice<SubType>, start: UInt32) throws(Diagnostic) {
        let end = start &+ UInt32(group.count)
        var x = start
        for st in group {
            if let d = st.describes {
                guard d >= start && d < end else { throw Diagnostic(.validate, "described type is outside rec group") }
                guard types[Int(d)].descriptor == x else {
                    throw Diagnostic(.validate, "described type is not described by descriptor")
                }
                guard d < x else { throw Diagnostic(.validate, "forward use of described type") }
            }
            if let d = st.descriptor {
                guard d >= start && d < end else { throw Diagnostic(.validate, "descriptor type is outside rec group") }
                guard types[Int(d)].describes == x else {
                    throw Diagnostic(.validate, "type is not described by its descriptor")
                }
            }
            x &+= 1
        }
    }

    /// A declared supertype's `describes` and `descriptor` clauses against the subtype's: both
    /// or neither describe, the described types in the same order; a supertype with a
    /// descriptor needs a subtype with a descriptor that is a subtype of the supertype's.
    private func checkDescriptorClauses(_ st: SubType, _ x: UInt32, _ sup: SubType, _ s: UInt32) throws(Diagnostic) {
        switch (st.describes, sup.describes) {
        case (let a?, let b?):
            guard isSubtype(concrete: a, of: b) else { throw Diagnostic(.validate, "described type \(a) does not match \(b)") }
        case (nil, nil): break
        default: throw Diagnostic(.validate, "sub type \(x) does not match super type \(s)")
        }
        switch (st.descriptor, sup.descriptor) {
        case (let a?, let b?):
            guard isSubtype(concrete: a, of: b) else { throw Diagnostic(.validate, "descriptor type \(a) does not match \(b)") }
        case (nil, _?): throw Diagnostic(.validate, "sub type \(x) does not match super type \(s)")
        default: break
        }
    }

    /// The group-relative form of a type: in-group references become `0x8000_0000 | k`,
    /// others become canonical ids. Type counts are bounded far below 2^31 by input size.
    private func relativize(_ st: SubType, groupStart: UInt32, groupEnd: UInt32) -> SubType {
        func idx(_ i: UInt32) -> UInt32 {
            if i >= groupStart && i < groupEnd { return 0x8000_0000 | (i &- groupStart) }
            return Int(i) < canonical.count ? canonical[Int(i)] : i
        }
        func val(_ t: ValType) -> ValType { t.mapIndex(idx) }
        func field(_ f: FieldType) -> FieldType {
            if case .val(let t) = f.storage { return FieldType(.val(val(t)), mutable: f.mutable) }
            return f
        }
        let comp: CompositeType
        switch st.composite {
        case .func(let f): comp = .func(FuncType(params: f.params.map(val), results: f.results.map(val)))
        case .struct(let fs): comp = .struct(fs.map(field))
        case .array(let f): comp = .array(field(f))
        }
        return SubType(isFinal: st.isFinal, supertypes: st.supertypes.map(idx), composite: comp, explicitSub: false,
                       describes: st.describes.map(idx), descriptor: st.descriptor.map(idx))
    }

    // MARK: Matching

    /// The composite kind of a concrete type: 0 func, 1 struct, 2 array.
    @inline(__always)
    private func kind(_ i: UInt32) -> UInt8 {
        guard Int(i) < types.count else { return 255 }
        switch types[Int(i)].composite {
        case .func: return 0
        case .struct: return 1
        case .array: return 2
        }
    }

    /// Whether concrete type `a` is a subtype of concrete type `b` (declared supertype chain).
    public func isSubtype(concrete a: UInt32, of b: UInt32) -> Bool {
        var x = a
        var steps = 0
        while Int(x) < types.count && steps <= types.count {
            if same(x, b) { return true }
            guard let s = types[Int(x)].supertypes.first, s < x else { return false }
            x = s
            steps += 1
        }
        return false
    }

    /// The top of the hierarchy a heap type belongs to: `.func`, `.extern`, `.any` or `.exn`.
    public func top(_ h: HeapType) -> HeapType {
        switch h {
        case .func, .nofunc: return .func
        case .extern, .noextern: return .extern
        case .exn, .noexn: return .exn
        case .any, .eq, .i31, .struct, .array, .none: return .any
        case .concrete(let i), .exact(let i): return kind(i) == 0 ? .func : .any
        }
    }

    /// The bottom of the hierarchy a heap type belongs to.
    public func bottom(_ h: HeapType) -> HeapType {
        switch top(h) {
        case .func: return .nofunc
        case .extern: return .noextern
        case .exn: return .noexn
        default: return .none
        }
    }

    /// Heap type subtyping.
    /// Heap type subtyping. An exact type `(exact i)` is below `i` and above only the bottom
    /// type and the exact types equivalent to it.
    public func isSubtype(_ a: HeapType, _ b: HeapType) -> Bool {
        if a == b { return true }
        switch b {
        case .any: return top(a) == .any
        case .eq:
            switch a {
            case .i31, .struct, .array, .none: return true
            case .concrete(let i), .exact(let i): return kind(i) == 1 || kind(i) == 2
            default: return false
            }
        case .i31: return a == .none
        case .struct:
            if let i = a.typeIndex { return kind(i) == 1 }
            return a == .none
        case .array:
            if let i = a.typeIndex { return kind(i) == 2 }
            return a == .none
        case .func:
            if let i = a.typeIndex { return kind(i) == 0 }
            return a == .nofunc
        case .extern: return a == .noextern
        case .exn: return a == .noexn
        case .none, .nofunc, .noextern, .noexn: return false
        case .concrete(let j):
            switch a {
            case .concrete(let i), .exact(let i): return isSubtype(concrete: i, of: j)
            case .none: return kind(j) == 1 || kind(j) == 2
            case .nofunc: return kind(j) == 0
            default: return false
            }
        case .exact(let j):
            switch a {
            case .exact(let i): return same(i, j)
            case .none: return kind(j) == 1 || kind(j) == 2
            case .nofunc: return kind(j) == 0
            default: return false
            }
        }
    }

    public func isSubtype(_ a: RefType, _ b: RefType) -> Bool {
        (!a.nullable || b.nullable) && isSubtype(a.heapType, b.heapType)
    }

    public func isSubtype(_ a: ValType, _ b: ValType) -> Bool {
        if a == b { return true }
        if case .ref(let ra) = a, case .ref(let rb) = b { return isSubtype(ra, rb) }
        return false
    }

    /// Whether two value types are equivalent (mutual subtypes).
    public func equivalent(_ a: ValType, _ b: ValType) -> Bool {
        isSubtype(a, b) && isSubtype(b, a)
    }

    func matchField(_ a: FieldType, _ b: FieldType) -> Bool {
        guard a.mutable == b.mutable else { return false }
        switch (a.storage, b.storage) {
        case (.packed(let p), .packed(let q)): return p == q
        case (.val(let s), .val(let t)): return a.mutable ? equivalent(s, t) : isSubtype(s, t)
        default: return false
        }
    }

    func matchComposite(_ a: CompositeType, _ b: CompositeType) -> Bool {
        switch (a, b) {
        case (.func(let f), .func(let g)):
            guard f.params.count == g.params.count, f.results.count == g.results.count else { return false }
            for i in 0..<f.params.count where !isSubtype(g.params[i], f.params[i]) { return false }
            for i in 0..<f.results.count where !isSubtype(f.results[i], g.results[i]) { return false }
            return true
        case (.struct(let fs), .struct(let gs)):
            guard fs.count >= gs.count else { return false }
            for i in 0..<gs.count where !matchField(fs[i], gs[i]) { return false }
            return true
        case (.array(let f), .array(let g)):
            return matchField(f, g)
        default:
            return false
        }
    }

    // MARK: Printing

    /// A value type as the text format writes it, for messages.
    public func describe(_ t: ValType) -> String { t.description }

    public static func describe(_ r: RefType) -> String { r.description }

}
