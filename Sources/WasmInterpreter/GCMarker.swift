#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What tracing an object of one canonical type reads: the byte offsets of its reference
/// fields (`GCHeap.traceOffsets[start ..< start + count]`: struct fields, a descriptor, or an
/// exception's payload when the type is a tag's), and for arrays whether the elements are
/// references.
struct TraceEntry {
    var start: Int32
    var count: Int32
    var elementsAreRefs: Bool
}

/// The mark phase: plain data (the heap's block geometry copied in, an explicit work list in
/// raw memory), so marking touches no class property and retains nothing per object.
struct GCMarker {
    let base: UInt
    let bumped: UInt
    let cells: UnsafeMutablePointer<UInt32>?
    unowned(unsafe) let heap: GCHeap
    private var stack: UnsafeMutablePointer<UInt>
    private var count = 0
    private var capacity = 1024
    /// Root words with the object tag that were no object.
    var falseCandidates = 0

    init(_ heap: GCHeap) {
        self.heap = heap
        (base, bumped, cells) = heap.geometry
        stack = .allocate(capacity: capacity)
    }

    func release() { stack.deallocate() }

    /// Marks the object a root word refers to, if it is one: every candidate is checked against
    /// the heap (cell start of a block in use and allocated, or a large object).
    @inline(__always)
    mutating func markRoot(_ w: UInt64) {
        guard RefBits.isObject(w) else { return }
        guard let p = validate(UInt(truncatingIfNeeded: w & RefBits.addressMask)) else {
            falseCandidates += 1
            return
        }
        push(p)
    }

    @inline(__always)
    private func validate(_ a: UInt) -> UnsafeMutableRawPointer? {
        let off = a &- base
        if base != 0 && off < bumped, let cells {
            let cs = UInt(cells[Int(off >> UInt(GCHeap.blockShift))])
            let inBlock = off & UInt(GCHeap.blockSize - 1)
            guard cs != 0, inBlock % cs == 0, inBlock + cs <= UInt(GCHeap.blockSize),
                  let p = UnsafeMutableRawPointer(bitPattern: a),
                  p.load(as: UInt64.self) & ObjectHeader.kindMask != 0 else { return nil }
            return p
        }
        return heap.largeObject(a)
    }

    /// Marks the object a reference field refers to. Fields hold only references the program
    /// or the runtime wrote, so the tag is all that is checked.
    @inline(__always)
    mutating func markField(_ w: UInt64) {
        guard RefBits.isObject(w) else { return }
        push(RefBits.pointer(w))
    }

    @inline(__always)
    private mutating func push(_ p: UnsafeMutableRawPointer) {
        let h = p.load(as: UInt64.self)
        if h & ObjectHeader.markBit != 0 { return }
        p.storeBytes(of: h | ObjectHeader.markBit, as: UInt64.self)
        if count == capacity { grow() }
        stack[count] = UInt(bitPattern: p)
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: stack, count: count)
        stack.deallocate()
        stack = bigger
        capacity *= 2
    }

    /// Traces marked objects until none is left: an explicit work list, so a long chain of
    /// objects neither recurses nor costs more than one visit per object.
    mutating func drain() {
        heap.traceEntries.withUnsafeBufferPointer { entries in
            heap.traceOffsets.withUnsafeBufferPointer { offsets in
                while count > 0 {
                    count -= 1
                    let p = UnsafeMutableRawPointer(bitPattern: stack[count]).unsafelyUnwrapped
                    let h = p.load(as: UInt64.self)
                    let id = ObjectHeader.typeID(h)
                    guard id < entries.count else { continue }
                    let e = entries[id]
                    if ObjectHeader.kind(h) == ObjectHeader.Kind.array.rawValue {
                        guard e.elementsAreRefs else { continue }
                        let n = Int(p.load(fromByteOffset: 8, as: UInt32.self))
                        let elements = (p + ObjectHeader.arrayElements).assumingMemoryBound(to: UInt64.self)
                        for k in 0..<n { markField(elements[k]) }
                    } else {
                        for k in Int(e.start)..<Int(e.start + e.count) {
                            markField(p.load(fromByteOffset: Int(offsets[k]), as: UInt64.self))
                        }
                    }
                }
            }
        }
    }
}
