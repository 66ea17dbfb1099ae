import WasmCore

// A thrown exception is a heap object (kind `exception`, type id the tag's function type): the
// second word holds the tag's store address (low half) and the payload's slot count (high
// half), the payload slots follow. An exnref is a reference to it, traced and collected like
// any object.

/// A `try_table` or legacy `try` handler at absolute code addresses (code buffers never move).
struct ExceptionHandler {
    struct Clause {
        var catchesAll: Bool
        var tag: Int
        var pad: UnsafeMutablePointer<Inst>
        var slot: Int
        var refSlot: Int
    }
    var start: UnsafeMutablePointer<Inst>
    var end: UnsafeMutablePointer<Inst>
    var clauses: [Clause]
    /// nil: not a delegate; -1: to the caller; else the store-wide index of the handler that
    /// takes over.
    var delegate: Int?
}

struct ExceptionState {
    var handlers: [ExceptionHandler] = []
    /// One entry per function with handlers: the span its handlers cover and where they sit in
    /// `handlers`; sorted by `start` (spans of different functions never overlap), so finding
    /// the handlers around an instruction is a binary search, not a scan of the whole store.
    var groups: [(start: UnsafeMutablePointer<Inst>, end: UnsafeMutablePointer<Inst>, range: Range<Int>)] = []
}

// Throwing is rare and may be slow: the run loop calls `unwind`, which searches the handler
// table for the innermost `try_table` around the throwing instruction, then around each
// caller's call instruction, popping frames in place (no Swift recursion).
extension Store {
    func registerHandlers(_ compiled: [CompiledHandler], code: UnsafeMutablePointer<Inst>) {
        let first = exceptionState.handlers.count
        for h in compiled {
            let clauses = h.clauses.map { c in
                // A legacy catch keeps the exception only for a `rethrow`; without one, a
                // caught exception's record can be reclaimed at once.
                ExceptionHandler.Clause(catchesAll: c.catchesAll, tag: c.tag, pad: code + c.pad, slot: Int(c.slot),
                                        refSlot: h.legacy && !h.rethrown ? -1 : c.refSlot)
            }
            let delegate = h.delegate.map { $0 < 0 ? -1 : first + $0 }
            exceptionState.handlers.append(ExceptionHandler(start: code + h.start, end: code + h.end, clauses: clauses,
                                                            delegate: delegate))
        }
        let added = exceptionState.handlers[first...]
        guard let start = added.map(\.start).min(), let end = added.map(\.end).max() else { return }
        var lo = 0
        var hi = exceptionState.groups.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if exceptionState.groups[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        exceptionState.groups.insert((start, end, first..<exceptionState.handlers.count), at: lo)
    }

    /// Throws the exception of `ip` (`throw` or `throw_ref`). On a catch, `pc`, `fp`, `frame`
    /// and `mem0` are the handler's; otherwise returns the trap that ends the run.
    func unwind(_ ip: UnsafeMutablePointer<Inst>, pc: inout UnsafeMutablePointer<Inst>,
                fp: inout UnsafeMutablePointer<UInt64>, frame: inout UnsafeMutablePointer<Frame>,
                frameStart: UnsafeMutablePointer<Frame>, mem0: inout UnsafeMutablePointer<MemoryState>) -> TrapCode {
        let exn: UnsafeMutableRawPointer
        if ip.pointee.op == .exnThrow {
            let base = Int(ip.pointee.b)
            let n = Int(ip.pointee.c)
            let tagAddress = Int(truncatingIfNeeded: ip.pointee.imm)
            // The payload is the frame's last live slots while the object is allocated.
            guard let p = gcAllocate(bytes: ObjectHeader.exceptionPayload + 8 * n, stackLimit: fp + base + n) else {
                return heapExhausted()
            }
            let typeID = tagAddress < tags.count ? tags[tagAddress] : 0
            p.storeBytes(of: ObjectHeader.make(typeID, .exception), as: UInt64.self)
            p.storeBytes(of: UInt64(UInt32(truncatingIfNeeded: tagAddress)) | UInt64(n) << 32, toByteOffset: 8, as: UInt64.self)
            for k in 0..<n {
                p.storeBytes(of: fp[base + k], toByteOffset: ObjectHeader.exceptionPayload + 8 * k, as: UInt64.self)
            }
            exn = p
        } else {
            let r = fp[Int(ip.pointee.b)]
            guard r != 0 else { return .nullExceptionReference }
            exn = RefBits.pointer(r)
        }
        let word = exn.load(fromByteOffset: 8, as: UInt64.self)
        let tag = Int(UInt32(truncatingIfNeeded: word))
        var at = ip
        while true {
            if let c = handlerClause(at: at, tag: tag) {
                if !c.catchesAll {
                    let n = Int(word >> 32)
                    for k in 0..<n {
                        fp[c.slot + k] = exn.load(fromByteOffset: ObjectHeader.exceptionPayload + 8 * k, as: UInt64.self)
                    }
                }
                if c.refSlot >= 0 { fp[c.refSlot] = RefBits.object(exn) }
                pc = c.pad
                return .none
            }
            if frame == frameStart {
                trapDetail = ""
                return .uncaughtException
            }
            frame -= 1
            let fr = frame.pointee
            at = fr.returnPC - 1
            fp = fr.fp
            mem0 = fr.mem0
        }
    }

    /// The first matching clause of the innermost handler around `at` that has one; handlers
    /// around `at` that do not match pass the exception outward, a `delegate` passes it to its
    /// target (nil also when it goes to the caller).
    private func handlerClause(at: UnsafeMutablePointer<Inst>, tag: Int) -> ExceptionHandler.Clause? {
        let groups = exceptionState.groups
        // The last group starting at or before `at`.
        var lo = 0
        var hi = groups.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if groups[mid].start <= at { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, at < groups[lo - 1].end else { return nil }
        let all = exceptionState.handlers
        var around: [Int] = []
        for i in groups[lo - 1].range where all[i].start <= at && at < all[i].end { around.append(i) }
        around.sort { (all[$0].end - all[$0].start) < (all[$1].end - all[$1].start) }
        var k = 0
        while k < around.count {
            let h = all[around[k]]
            if let d = h.delegate {
                guard d >= 0, let next = around.firstIndex(of: d), next > k else { return nil }
                k = next
                continue
            }
            for c in h.clauses where c.catchesAll || c.tag == tag { return c }
            k += 1
        }
        return nil
    }
}
