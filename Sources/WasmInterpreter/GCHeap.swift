#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the allocating handlers read and write: the free list of each size class and the bytes
/// that may still be allocated before the next collection. Plain data at a stable address.
struct GCFastState {
    /// Bytes left before a collection is due; an allocation that would take it below zero goes
    /// the slow way (`Store.gcAllocate`).
    var budget: Int
    /// First free cell of each size class (0: none). A free cell's first word is 0 and its
    /// second the next free cell's address.
    var heads: UnsafeMutablePointer<UInt>
}

/// The store's garbage-collected heap: a non-moving mark-sweep heap of size-segregated blocks
/// in one reserved address range, plus separately allocated large objects. See docs/gc.md.
///
/// Blocks are 64 KiB; each holds cells of one size class. Objects up to 8 KiB live in cells,
/// larger ones are calloc'ed on their own. The range is reserved (no access) up front and each
/// block is made accessible when first used, so an unused heap costs address space only.
final class GCHeap {
    static let blockShift = 16
    static let blockSize = 1 << blockShift
    /// The largest object kept in a block; larger ones are large objects.
    static let largestCell = 8192
    /// Size classes (bytes): 8-byte steps to 64, then four steps per doubling.
    static let cellSizes: [Int] = {
        var s = [16, 24, 32, 40, 48, 56, 64]
        var base = 64
        while base < largestCell {
            for k in 1...4 { s.append(base + base / 4 * k) }
            base *= 2
        }
        return s
    }()
    static let classCount = cellSizes.count
    /// Size class of each byte size rounded up to 8 (index: size / 8).
    static let classOfWords: [UInt8] = {
        var t = [UInt8](repeating: 0, count: largestCell / 8 + 1)
        var c = 0
        for w in 0...(largestCell / 8) {
            while cellSizes[c] < w * 8 { c += 1 }
            t[w] = UInt8(c)
        }
        return t
    }()
    /// Size class marking an object too large for a block.
    static let largeClass: UInt8 = 0xFF

    /// The size class of an object of `bytes` bytes, or `largeClass`.
    static func sizeClass(bytes: Int) -> UInt8 {
        bytes <= largestCell ? classOfWords[(max(bytes, 16) + 7) / 8] : largeClass
    }

    let fast: UnsafeMutablePointer<GCFastState>
    /// Largest number of bytes live and newly allocated objects may take together.
    let limit: Int
    /// Smallest allocation volume between collections.
    let minimumTrigger: Int

    // The reserved range: `reserved` bytes from `base`, of which `bumped` are in blocks so far.
    private(set) var base: UInt = 0
    private var reserved = 0
    private(set) var bumped = 0
    /// Cell size of each block, 0 for a block in the free pool.
    private var blockCell: UnsafeMutablePointer<UInt32>?
    private var freeBlocks: [Int] = []
    /// Free blocks whose pages were given back to the system.
    private var releasedBlocks = Set<Int>()

    /// Large objects, by address.
    private var large: [UInt: Int] = [:]
    private var largeBytes = 0

    // Accounting, in bytes of cells (or large objects).
    private(set) var liveBytesAfterCollection = 0
    private(set) var liveObjectsAfterCollection = 0
    /// The budget the last collection gave (allocated since then = `budgetGiven - fast.budget`).
    private var budgetGiven = 0
    private(set) var collections = 0
    private(set) var objectsFreed = 0
    /// Candidates of the conservative stack scan that had the object tag but were no object.
    var falseCandidates = 0

    /// What tracing needs of each canonical type (see `GCMarker`), built as types appear.
    var traceEntries: [TraceEntry] = []
    var traceOffsets: [Int32] = []

    init(limit: Int, minimumTrigger: Int = 4 << 20) {
        self.limit = max(limit, 0)
        self.minimumTrigger = minimumTrigger
        // 256 heads: a handler indexes them with any class byte, `largeClass` included, whose
        // list stays empty.
        let heads = UnsafeMutablePointer<UInt>.allocate(capacity: 256)
        heads.initialize(repeating: 0, count: 256)
        fast = .allocate(capacity: 1)
        budgetGiven = min(minimumTrigger, self.limit)
        fast.initialize(to: GCFastState(budget: budgetGiven, heads: heads))
    }

    deinit {
        if base != 0 { munmap(UnsafeMutableRawPointer(bitPattern: base - alignmentSlack), reserved + GCHeap.blockSize) }
        blockCell?.deallocate()
        for (a, _) in large { free(UnsafeMutableRawPointer(bitPattern: a)) }
        fast.pointee.heads.deallocate()
        fast.deallocate()
    }

    private var alignmentSlack: UInt = 0

    /// Bytes allocated since the last collection.
    var allocatedSinceCollection: Int { budgetGiven - fast.pointee.budget }
    /// Bytes of live objects and objects allocated since the last collection.
    var heapBytes: Int { liveBytesAfterCollection + allocatedSinceCollection }

    // MARK: Allocation

    /// A cell for `bytes` bytes (its first word still to be set), without collecting; nil when
    /// the limit or the reserved range is reached. Charges the budget.
    func allocate(bytes: Int) -> UnsafeMutableRawPointer? {
        let cls = GCHeap.sizeClass(bytes: bytes)
        if cls == GCHeap.largeClass { return allocateLarge(bytes: bytes) }
        let size = GCHeap.cellSizes[Int(cls)]
        guard heapBytes + size <= limit else { return nil }
        let heads = fast.pointee.heads
        if heads[Int(cls)] == 0 && !refill(Int(cls)) { return nil }
        let cell = heads[Int(cls)]
        guard let p = UnsafeMutableRawPointer(bitPattern: cell) else { return nil }
        heads[Int(cls)] = p.load(fromByteOffset: 8, as: UInt.self)
        fast.pointee.budget -= size
        return p
    }

    private func allocateLarge(bytes: Int) -> UnsafeMutableRawPointer? {
        guard bytes <= limit - heapBytes, let p = calloc(1, bytes) else { return nil }
        let a = UInt(bitPattern: p)
        guard UInt64(a) <= RefBits.addressMask else { free(p); return nil }
        large[a] = bytes
        largeBytes += bytes
        fast.pointee.budget -= bytes
        return p
    }

    /// Gives class `cls` a block of free cells; false when the reserved range is used up.
    private func refill(_ cls: Int) -> Bool {
        let block: Int
        if let b = freeBlocks.popLast() {
            block = b
            releasedBlocks.remove(b)
        } else {
            if base == 0 && !reserve() { return false }
            guard bumped + GCHeap.blockSize <= reserved,
                  let p = UnsafeMutableRawPointer(bitPattern: base + UInt(bumped)),
                  mprotect(p, GCHeap.blockSize, PROT_READ | PROT_WRITE) == 0 else { return false }
            block = bumped >> GCHeap.blockShift
            bumped += GCHeap.blockSize
        }
        let cs = GCHeap.cellSizes[cls]
        blockCell?[block] = UInt32(cs)
        let start = base + UInt(block << GCHeap.blockShift)
        let n = GCHeap.blockSize / cs
        // Threaded in address order, ending in the class's current list.
        var next = fast.pointee.heads[cls]
        var k = n - 1
        while k >= 0 {
            let p = UnsafeMutableRawPointer(bitPattern: start + UInt(k * cs)).unsafelyUnwrapped
            p.storeBytes(of: 0, as: UInt64.self)
            p.storeBytes(of: next, toByteOffset: 8, as: UInt.self)
            next = UInt(bitPattern: p)
            k -= 1
        }
        fast.pointee.heads[cls] = next
        return true
    }

    /// Reserves the address range (twice the limit, at least 64 MiB, at most 1 TiB), inaccessible
    /// until blocks are taken from it.
    private func reserve() -> Bool {
        let want = min(max(limit / GCHeap.blockSize * GCHeap.blockSize * 2, 64 << 20), 1 << 40)
        var flags = MAP_PRIVATE
        #if canImport(Darwin)
        flags |= MAP_ANON
        #else
        flags |= MAP_ANONYMOUS | MAP_NORESERVE
        #endif
        guard let p = mmap(nil, want + GCHeap.blockSize, PROT_NONE, flags, -1, 0),
              p != UnsafeMutableRawPointer(bitPattern: -1) else { return false }
        let raw = UInt(bitPattern: p)
        let aligned = (raw + UInt(GCHeap.blockSize - 1)) & ~UInt(GCHeap.blockSize - 1)
        guard UInt64(aligned) + UInt64(want) <= RefBits.addressMask else {
            munmap(p, want + GCHeap.blockSize)
            return false
        }
        alignmentSlack = aligned - raw
        base = aligned
        reserved = want
        let blocks = want >> GCHeap.blockShift
        blockCell = .allocate(capacity: blocks)
        blockCell?.initialize(repeating: 0, count: blocks)
        return true
    }

    // MARK: Finding objects

    /// The object a slot word refers to, if it is a reference to a live (allocated) object of
    /// this heap. Used for every root, so that a word that only looks like a reference (the
    /// stack is scanned conservatively) or a stale host handle is never followed.
    @inline(__always)
    func object(_ w: UInt64) -> UnsafeMutableRawPointer? {
        guard RefBits.isObject(w) else { return nil }
        let a = UInt(truncatingIfNeeded: w & RefBits.addressMask)
        let off = a &- base
        if base != 0 && off < UInt(bumped), let cells = blockCell {
            let cs = UInt(cells[Int(off >> UInt(GCHeap.blockShift))])
            let inBlock = off & UInt(GCHeap.blockSize - 1)
            guard cs != 0, inBlock % cs == 0, inBlock + cs <= UInt(GCHeap.blockSize),
                  let p = UnsafeMutableRawPointer(bitPattern: a),
                  p.load(as: UInt64.self) & ObjectHeader.kindMask != 0 else { return nil }
            return p
        }
        return largeObject(a)
    }

    /// The large object at `a`, if there is one.
    func largeObject(_ a: UInt) -> UnsafeMutableRawPointer? {
        guard large[a] != nil else { return nil }
        return UnsafeMutableRawPointer(bitPattern: a)
    }

    /// Block geometry for a marker: the range's start, its bytes in blocks, the cell sizes.
    var geometry: (base: UInt, bumped: UInt, cells: UnsafeMutablePointer<UInt32>?) {
        (base, UInt(bumped), blockCell)
    }

    /// Extends the trace table to every type of `layouts` (types are only ever added).
    func updateTraceTable(_ layouts: [ObjectLayout]) {
        while traceEntries.count < layouts.count {
            let l = layouts[traceEntries.count]
            let start = Int32(traceOffsets.count)
            switch l.kind {
            case .struct:
                let fields = StructLayout.fieldBase(hasDescriptor: l.hasDescriptor)
                if l.hasDescriptor { traceOffsets.append(8) }
                for s in l.refSlots { traceOffsets.append(Int32(fields) + 8 * s) }
            case .function:
                // The payload of an exception whose tag has this type.
                for s in l.refSlots { traceOffsets.append(Int32(ObjectHeader.exceptionPayload) + 8 * s) }
            case .array:
                break
            }
            traceEntries.append(TraceEntry(start: start, count: Int32(traceOffsets.count) - start,
                                           elementsAreRefs: l.elementsAreRefs))
        }
    }

    // MARK: Sweeping

    /// Frees every unmarked object and clears the marks of the others, rebuilds the free lists,
    /// returns empty blocks to the pool (giving the pages of those beyond the next cycle's need
    /// back to the system), and sets the budget for the next cycle: as much again as is live,
    /// at least `minimumTrigger` and `rootBytes` (what scanning the roots costs), at most what
    /// the limit leaves.
    func sweep(rootBytes: Int) {
        let heads = fast.pointee.heads
        for c in 0..<GCHeap.classCount { heads[c] = 0 }
        var live = 0
        var liveObjects = 0
        var freed = 0
        let blocks = bumped >> GCHeap.blockShift
        var emptied: [Int] = []
        if let cells = blockCell {
            for b in 0..<blocks {
                let cs = Int(cells[b])
                guard cs != 0 else { continue }
                let start = base + UInt(b << GCHeap.blockShift)
                let n = GCHeap.blockSize / cs
                var liveHere = 0
                for k in 0..<n {
                    let p = UnsafeMutableRawPointer(bitPattern: start + UInt(k * cs)).unsafelyUnwrapped
                    let h = p.load(as: UInt64.self)
                    guard h & ObjectHeader.kindMask != 0 else { continue }
                    if h & ObjectHeader.markBit != 0 {
                        p.storeBytes(of: h & ~ObjectHeader.markBit, as: UInt64.self)
                        liveHere += 1
                    } else {
                        p.storeBytes(of: 0, as: UInt64.self)
                        freed += 1
                    }
                }
                if liveHere == 0 {
                    cells[b] = 0
                    emptied.append(b)
                    continue
                }
                live += liveHere * cs
                liveObjects += liveHere
                // Free cells onto the class's list, in address order.
                let cls = Int(GCHeap.sizeClass(bytes: cs))
                var next = heads[cls]
                var k = n - 1
                while k >= 0 {
                    let p = UnsafeMutableRawPointer(bitPattern: start + UInt(k * cs)).unsafelyUnwrapped
                    if p.load(as: UInt64.self) == 0 {
                        p.storeBytes(of: next, toByteOffset: 8, as: UInt.self)
                        next = UInt(bitPattern: p)
                    }
                    k -= 1
                }
                heads[cls] = next
            }
        }
        for (a, bytes) in large {
            guard let p = UnsafeMutableRawPointer(bitPattern: a) else { continue }
            let h = p.load(as: UInt64.self)
            if h & ObjectHeader.markBit != 0 {
                p.storeBytes(of: h & ~ObjectHeader.markBit, as: UInt64.self)
                live += bytes
                liveObjects += 1
            } else {
                large[a] = nil
                largeBytes -= bytes
                free(p)
                freed += 1
            }
        }
        liveBytesAfterCollection = live
        liveObjectsAfterCollection = liveObjects
        objectsFreed += freed
        collections += 1
        // A trigger of 0 is the stress mode: a collection at every allocation.
        let next = minimumTrigger == 0 ? 0 : min(max(live, minimumTrigger, rootBytes), max(limit - live, 0))
        budgetGiven = next
        fast.pointee.budget = next
        // Keep enough free blocks for the next cycle's allocations; give the rest back.
        freeBlocks.append(contentsOf: emptied)
        let keep = next / GCHeap.blockSize + GCHeap.classCount
        if freeBlocks.count > keep {
            for b in freeBlocks[keep...] where !releasedBlocks.contains(b) {
                if let p = UnsafeMutableRawPointer(bitPattern: base + UInt(b << GCHeap.blockShift)) {
                    _ = madvise(p, GCHeap.blockSize, Int32(MADV_DONTNEED))
                }
                releasedBlocks.insert(b)
            }
        }
    }

    /// Bytes of address range in blocks that hold objects now (for statistics).
    var blockBytesInUse: Int { bumped - freeBlocks.count * GCHeap.blockSize }
    var largeObjectBytes: Int { largeBytes }
}
