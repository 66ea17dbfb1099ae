import WasmCore

/// A thrown exception: the tag's store address and the payload in slot encoding. An exnref is
/// the record's index plus one (0 is null).
struct ExceptionRecord {
    var tag: Int
    var payload: [UInt64]
}

/// A `try_table` handler at absolute code addresses (code buffers never move).
struct ExceptionHandler {
    struct Clause {
        var catchesAll: Bool
        var withRef: Bool
        var tag: Int
        var pad: UnsafeMutablePointer<Inst>
        var slot: Int
    }
    var start: UnsafeMutablePointer<Inst>
    var end: UnsafeMutablePointer<Inst>
    var clauses: [Clause]
}

struct ExceptionState {
    var records: [ExceptionRecord] = []
    var handlers: [ExceptionHandler] = []
}

// Throwing is rare and may be slow: the run loop calls `unwind`, which searches the handler
// table for the innermost `try_table` around the throwing instruction, then around each
// caller's call instruction, popping frames in place (no Swift recursion).
extension Store {
    func registerHandlers(_ compiled: [CompiledHandler], code: UnsafeMutablePointer<Inst>) {
        for h in compiled {
            let clauses = h.clauses.map { c in
                ExceptionHandler.Clause(catchesAll: c.kind == .catchAll || c.kind == .catchAllRef,
                                        withRef: c.kind == .catchRef || c.kind == .catchAllRef,
                                        tag: c.tag, pad: code + c.pad, slot: Int(c.slot))
            }
            exceptionState.handlers.append(ExceptionHandler(start: code + h.start, end: code + h.end, clauses: clauses))
        }
    }

    /// Throws the exception of `ip` (`throw` or `throw_ref`). On a catch, `pc`, `fp`, `frame`
    /// and `mem0` are the handler's; otherwise returns the trap that ends the run.
    func unwind(_ ip: UnsafeMutablePointer<Inst>, pc: inout UnsafeMutablePointer<Inst>,
                fp: inout UnsafeMutablePointer<UInt64>, frame: inout UnsafeMutablePointer<Frame>,
                frameStart: UnsafeMutablePointer<Frame>, mem0: inout UnsafeMutablePointer<MemoryState>) -> TrapCode {
        let exn: Int
        if ip.pointee.op == .exnThrow {
            let base = Int(ip.pointee.b)
            let n = Int(ip.pointee.c)
            var payload: [UInt64] = []
            payload.reserveCapacity(n)
            for k in 0..<n { payload.append(fp[base + k]) }
            exceptionState.records.append(ExceptionRecord(tag: Int(truncatingIfNeeded: ip.pointee.imm), payload: payload))
            exn = exceptionState.records.count - 1
        } else {
            let r = fp[Int(ip.pointee.b)]
            guard r != 0, r <= UInt64(exceptionState.records.count) else { return .nullExceptionReference }
            exn = Int(r - 1)
        }
        let tag = exceptionState.records[exn].tag
        var at = ip
        while true {
            if let c = handlerClause(at: at, tag: tag) {
                let payload = exceptionState.records[exn].payload
                var s = c.slot
                if !c.catchesAll {
                    for v in payload { fp[s] = v; s += 1 }
                }
                if c.withRef { fp[s] = UInt64(exn) + 1 }
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
    /// around `at` that do not match pass the exception outward.
    private func handlerClause(at: UnsafeMutablePointer<Inst>, tag: Int) -> ExceptionHandler.Clause? {
        var around: [ExceptionHandler] = []
        for h in exceptionState.handlers where h.start <= at && at < h.end { around.append(h) }
        around.sort { ($0.end - $0.start) < ($1.end - $1.start) }
        for h in around {
            for c in h.clauses where c.catchesAll || c.tag == tag { return c }
        }
        return nil
    }
}
