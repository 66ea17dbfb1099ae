import WasmCore

/// Figures of a store's GC heap (`Store.gcStatistics`).
public struct GCStatistics: Sendable, Hashable {
    /// Full collections run so far.
    public var collections: Int
    /// Bytes of objects found live by the last collection.
    public var liveBytes: Int
    /// Objects found live by the last collection.
    public var liveObjects: Int
    /// Bytes of live objects plus those allocated since the last collection.
    public var heapBytes: Int
    /// Objects freed by all collections.
    public var objectsFreed: Int
    /// Words of the value stack that carried the object tag without referring to an object
    /// (the conservative stack scan's near misses; see docs/gc.md).
    public var falseStackCandidates: Int
}

/// One host-held reference: the host's object, weakly, so that its release needs no store.
struct HostRoot {
    weak var object: ObjectReference?
}

extension Store {
    // MARK: Public

    /// Runs a full collection now (it also runs by itself as objects are allocated).
    public func collectGarbage() {
        collect(stackLimit: nil)
    }

    /// The heap's figures.
    public var gcStatistics: GCStatistics {
        GCStatistics(collections: heap.collections, liveBytes: heap.liveBytesAfterCollection,
                     liveObjects: heap.liveObjectsAfterCollection, heapBytes: heap.heapBytes,
                     objectsFreed: heap.objectsFreed, falseStackCandidates: heap.falseCandidates)
    }

    // MARK: Collection

    /// A full collection. `stackLimit` is the end of the running function's live slots when wasm
    /// code allocates; without it, the live part of the value stack is what suspended
    /// invocations (a host function's callers) occupy.
    func collect(stackLimit: UnsafeMutablePointer<UInt64>?) {
        heap.updateTraceTable(typeRegistry.layouts)
        var m = GCMarker(heap)
        defer { m.release() }
        var rootWords = 0
        if let base = stack {
            let end = stackLimit ?? (invokeDepth > 0 ? base + stackTop : base)
            // The slots are untyped: every word with the object tag that is the address of an
            // allocated object keeps it (see docs/gc.md for why this is conservative).
            var p = base
            while p < end {
                m.markRoot(p.pointee)
                p += 1
            }
            rootWords += end - base
        }
        for g in globals where g.type.valType.isRef { m.markRoot(g.cell[0]) }
        for t in tables where mayHoldObjects(t.pointee.type.elementType) {
            let n = Int(t.pointee.count)
            let e = t.pointee.elements
            for k in 0..<n { m.markRoot(e[k]) }
            rootWords += n
        }
        for e in elems where mayHoldObjects(e.type) {
            for w in e.items { m.markRoot(w) }
            rootWords += e.items.count
        }
        var released: [UInt64] = []
        for (bits, root) in hostRoots {
            if root.object != nil { m.markRoot(bits) } else { released.append(bits) }
        }
        for bits in released { hostRoots[bits] = nil }
        for w in tempRoots { m.markRoot(w) }
        rootWords += hostRoots.count + tempRoots.count
        m.drain()
        heap.falseCandidates += m.falseCandidates
        heap.sweep(rootBytes: rootWords * 8)
    }

    /// Whether references of this (canonical) type can be heap objects: not functions.
    func mayHoldObjects(_ t: RefType) -> Bool {
        switch t.heapType {
        case .func, .nofunc: return false
        case .concrete(let id), .exact(let id): return typeRegistry.layout(Int(id))?.kind != .function
        default: return true
        }
    }

    /// Memory for an object of `bytes` bytes (first word to be set by the caller), collecting
    /// first when the budget is spent; nil when the heap limit is reached even after a full
    /// collection, or at once when `bytes` alone exceeds it. `stackLimit`: see `collect`.
    func gcAllocate(bytes: Int, stackLimit: UnsafeMutablePointer<UInt64>?) -> UnsafeMutableRawPointer? {
        guard bytes <= heap.limit else { return nil }
        let cls = GCHeap.sizeClass(bytes: bytes)
        let charge = cls == GCHeap.largeClass ? bytes : GCHeap.cellSizes[Int(cls)]
        var collected = false
        if heap.fast.pointee.budget < charge {
            collect(stackLimit: stackLimit)
            collected = true
        }
        if let p = heap.allocate(bytes: bytes) { return p }
        guard !collected else { return nil }
        collect(stackLimit: stackLimit)
        return heap.allocate(bytes: bytes)
    }

    /// The trap of an allocation that failed: the limit in the message.
    func heapExhausted() -> TrapCode {
        trapDetail = " (limit \(heap.limit) bytes)"
        return .gcHeapExhausted
    }

    // MARK: Host references

    /// The host's handle of the object `bits` refers to (the same handle while the host holds
    /// one), or nil when `bits` is no live object of this heap. While the host holds it, the
    /// object is a root.
    func objectReference(_ bits: UInt64) -> ObjectReference? {
        if let r = hostRoots[bits]?.object { return r }
        guard let p = heap.object(bits) else { return nil }
        let h = p.load(as: UInt64.self)
        let kind: ObjectReference.Kind
        switch ObjectHeader.kind(h) {
        case ObjectHeader.Kind.struct.rawValue: kind = .struct
        case ObjectHeader.Kind.array.rawValue: kind = .array
        default: kind = .exception
        }
        let r = ObjectReference(kind: kind, bits: bits, storeID: storeID, typeID: ObjectHeader.typeID(h))
        hostRoots[bits] = HostRoot(object: r)
        return r
    }

    /// Whether a host handle is one of this store's and its object is alive.
    func owns(_ r: ObjectReference) -> Bool {
        r.storeID == storeID && heap.object(r.bits) != nil
    }

    // MARK: Casts

    /// Whether the reference `w` is a value of the heap type `code` (`CastTarget`), null only
    /// when `nullable`, of the type itself and not a subtype when `exact`. The one place that
    /// decides what an object's type matches: casts, `ref.test`, and values the host passes in.
    func refMatches(_ w: UInt64, _ code: UInt32, nullable: Bool, exact: Bool = false) -> Bool {
        if w == 0 { return nullable }
        switch code {
        case CastTarget.any, CastTarget.extern, CastTarget.func, CastTarget.exn:
            return true
        case CastTarget.none, CastTarget.nofunc, CastTarget.noextern, CastTarget.noexn:
            return false
        case CastTarget.eq:
            return RefBits.isI31(w) || objectKind(w) == .struct || objectKind(w) == .array
        case CastTarget.i31:
            return RefBits.isI31(w)
        case CastTarget.struct:
            return objectKind(w) == .struct
        case CastTarget.array:
            return objectKind(w) == .array
        default:
            let target = Int(code)
            if RefBits.isFunction(w) {
                let f = Int(w &- 1)
                guard f < funcCount else { return false }
                return funcs[f].typeID == target || !exact && typeRegistry.isSubtype(funcs[f].typeID, of: target)
            }
            guard RefBits.isObject(w) else { return false }
            let h = RefBits.pointer(w).load(as: UInt64.self)
            let k = ObjectHeader.kind(h)
            guard k == ObjectHeader.Kind.struct.rawValue || k == ObjectHeader.Kind.array.rawValue else { return false }
            let id = ObjectHeader.typeID(h)
            return id == target || !exact && typeRegistry.isSubtype(id, of: target)
        }
    }

    private func objectKind(_ w: UInt64) -> ObjectHeader.Kind? {
        guard RefBits.isObject(w) else { return nil }
        return ObjectHeader.Kind(rawValue: ObjectHeader.kind(RefBits.pointer(w).load(as: UInt64.self)))
    }
}
