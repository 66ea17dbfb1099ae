import WasmCore

/// Calls, returns, fuel, exceptions, and the instructions whose work is in a `Store` method
/// (SIMD, bulk memory and tables, memories other than the fast one).
extension Handlers {
    static func control(_ op: Op) -> Handler? {
        switch op {
        case .ret:
            return { _, fp, _, _, st, budget, accF, accS in
                Handlers.returnToCaller(st, budget, accF, accS)
            }
        case .ret1:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[0] = fp[Int(ip.pointee.b)]
                return Handlers.returnToCaller(st, budget, accF, accS)
            }
        case .i32AddRet1:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[0] = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)]))
                return Handlers.returnToCaller(st, budget, accF, accS)
            }
        case .call:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                return Handlers.call(ip + 1, fp + Int(ip.pointee.b), Int(truncatingIfNeeded: ip.pointee.imm), Handlers.linkedCode(ip), fp, memBase, memSize, st, budget, accF, accS)
            }
        case .callIndirect:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let f = Handlers.tableFunction(ip, fp, st)
                if f < 0 { return trap(TrapCode(rawValue: UInt8(-f)) ?? .unreachable, ip, st) }
                return Handlers.call(ip + 1, fp + Int(ip.pointee.b), f, nil, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .callRef:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = fp[Int(ip.pointee.c)]
                if r == 0 { return trap(.nullFunctionReference, ip, st) }
                return Handlers.call(ip + 1, fp + Int(ip.pointee.b), Int(r &- 1), nil, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .returnCall:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                return Handlers.returnCall(ip, Int(truncatingIfNeeded: ip.pointee.imm), fp, st, budget)
            }
        case .returnCallIndirect:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let f = Handlers.tableFunction(ip, fp, st)
                if f < 0 { return trap(TrapCode(rawValue: UInt8(-f)) ?? .unreachable, ip, st) }
                return Handlers.returnCall(ip, f, fp, st, budget)
            }
        case .returnCallRef:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = fp[Int(ip.pointee.c)]
                if r == 0 { return trap(.nullFunctionReference, ip, st) }
                return Handlers.returnCall(ip, Int(r &- 1), fp, st, budget)
            }
        case .checkpoint:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                next(rip.assumingMemoryBound(to: Inst.self) + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddImmCall:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Step.i32AddImm(ip, fp)
                let imm = ip.pointee.imm
                return Handlers.call(ip + 2, fp + Int(imm >> 32), Int(imm & 0xFFFF_FFFF), Handlers.linkedCode(ip + 1), fp, memBase, memSize, st, budget, accF, accS)
            }
        case .fuel:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                st.exec.pointee.fuel -= 1
                if st.exec.pointee.fuel < 0 { return trap(.outOfFuel, ip, st) }
                return next(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .exnThrow, .exnThrowRef:
            return { rip, fp, _, _, st, budget, accF, accS in
                Handlers.throwException(rip.assumingMemoryBound(to: Inst.self), fp, st, budget)
            }
        case .loadG:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let t = Handlers.genericLoad(ip, fp, st)
                if t != .none { return trap(t, ip, st) }
                return next(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .storeG:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let t = Handlers.genericStore(ip, fp, st)
                if t != .none { return trap(t, ip, st) }
                return next(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .simd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let t = Handlers.simd(ip, fp, st)
                if t != .none { return trap(t, ip, st) }
                let words = Int(truncatingIfNeeded: ip.pointee.imm >> 48 & 0xFF)
                return next(ip + 1 + words, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .atomic:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let t = Handlers.atomic(ip, fp, st)
                if t != .none { return trap(t, ip, st) }
                // Memory 0 may be shared and grown by another thread: take its current size.
                return next(ip + 2, fp, memory: st.exec.pointee.mem0, st, budget, accF, accS)
            }
        case .wideArith:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Handlers.wideArithmetic(ip, fp)
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .memorySize, .memoryGrow, .memoryFill, .memoryCopy, .memoryInit, .dataDrop,
             .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill, .tableCopy, .tableInit, .elemDrop:
            return { rip, fp, _, _, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let t = Handlers.bulk(ip, fp, st)
                if t != .none { return trap(t, ip, st) }
                // memory.grow may have moved and resized memory 0.
                return next(ip + 1, fp, memory: st.exec.pointee.mem0, st, budget, accF, accS)
            }
        default:
            return nil
        }
    }

    // The `Store` methods are called from these out-of-line helpers so that no handler holds a
    // reference to the store across its closing tail call: a release after the call would make
    // it an ordinary call, and the chain would grow the native stack.

    /// The function `call_indirect` at `ip` reaches, or a negated trap code. The common case
    /// (in range, set, the exact type) touches no `Store` property: no reference counting.
    @inline(__always)
    static func tableFunction(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                              _ st: UnsafeMutableRawPointer) -> Int {
        let t = ptr(ip.pointee.imm, TableState.self)
        let index = fp[Int(ip.pointee.c)]
        let idx = t.pointee.is64 ? index : UInt64(u32(index))
        if idx < t.pointee.count {
            let r = t.pointee.elements[Int(idx)]
            if r != 0 && st.exec.pointee.funcs[Int(r &- 1)].typeID == Int(ip.pointee.a) { return Int(r &- 1) }
        }
        return tableFunctionChecked(ip, fp, st)
    }

    /// `tableFunction` with every check and its trap detail.
    @inline(never)
    static func tableFunctionChecked(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                                     _ st: UnsafeMutableRawPointer) -> Int {
        let s = st.exec
        return s.pointee.store.tableFunction(ptr(ip.pointee.imm, TableState.self), fp[Int(ip.pointee.c)],
                                             typeID: Int(ip.pointee.a), s.pointee.funcs)
    }

    @inline(never)
    static func genericLoad(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                            _ st: UnsafeMutableRawPointer) -> TrapCode {
        st.exec.pointee.store.genericLoad(fp, a: Int(ip.pointee.a), b: Int(ip.pointee.b), c: ip.pointee.c,
                                          offset: ip.pointee.imm)
    }

    @inline(never)
    static func genericStore(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                             _ st: UnsafeMutableRawPointer) -> TrapCode {
        st.exec.pointee.store.genericStore(fp, a: Int(ip.pointee.a), b: Int(ip.pointee.b), c: ip.pointee.c,
                                           offset: ip.pointee.imm)
    }

    @inline(never)
    static func simd(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                     _ st: UnsafeMutableRawPointer) -> TrapCode {
        st.exec.pointee.store.executeSIMD(UnsafeMutablePointer(mutating: ip), fp, st.exec.pointee.mem0)
    }

    @inline(never)
    static func atomic(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                       _ st: UnsafeMutableRawPointer) -> TrapCode {
        st.exec.pointee.store.executeAtomic(ip, fp)
    }

    @inline(never)
    static func bulk(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                     _ st: UnsafeMutableRawPointer) -> TrapCode {
        st.exec.pointee.store.bulk(ip.pointee, fp)
    }

    /// Returns from the running function to its caller's next instruction, or ends the run.
    @inline(__always)
    static func returnToCaller(_ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
        let s = st.exec
        if s.pointee.frame == s.pointee.frameStart { return Exit.done }
        s.pointee.frame -= 1
        let fr = s.pointee.frame.pointee
        s.pointee.mem0 = fr.mem0
        return next(fr.returnPC, fr.fp, memory: fr.mem0, st, budget, accF, accS)
    }

    /// Calls function `f` with arguments at `newFP`; the callee's results land there, and it
    /// returns to `ret`. The common case (a wasm callee with at most two locals and two
    /// constants) is written without calls, so the handler saves no registers; up to
    /// `frameBlock` of each is `callBlocks`, the rest `callGeneral`.
    @inline(__always)
    static func call(_ ret: UnsafePointer<Inst>, _ newFP: UnsafeMutablePointer<UInt64>, _ f: Int,
                     _ linked: UnsafePointer<Inst>?,
                     _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                     _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
        let s = st.exec
        let e = s.pointee.funcs + f
        let path = e.pointee.callPath
        if path != 0 {
            // Functions of their own (tail calls), so that this handler needs no registers saved.
            if path == 1 { return callBlocks(ret, newFP, e, fp, st, budget, accF, accS) }
            return callGeneral(ret, newFP, f, fp, st, budget)
        }
        let localCount = e.pointee.localCount
        let constCount = e.pointee.constCount
        if !pushFrame(e, newFP, returning: ret, fp, s) { return trap(.callStackExhausted, ret, st) }
        if localCount != 0 {
            let locals = newFP + Int(e.pointee.localStart)
            locals[0] = 0
            if localCount == 2 { locals[1] = 0 }
        }
        if constCount != 0 {
            let consts = newFP + Int(e.pointee.constStart)
            let src = e.pointee.consts
            consts[0] = src[0]
            if constCount == 2 { consts[1] = src[1] }
        }
        // The memory arguments are reloaded rather than kept: two loads cost less than the
        // registers they would hold across the whole handler.
        let calleeMem = e.pointee.mem0
        s.pointee.mem0 = calleeMem
        return next(linked ?? UnsafePointer(e.pointee.code), newFP, memory: calleeMem, st, budget, accF, accS)
    }

    /// `call` of a wasm function with up to `frameBlock` locals and constants, more than two
    /// of either: each set up as one whole block, without a loop. The words past the last local
    /// are constants written next, those past the last constant operand slots not yet written
    /// (and the value stack and every constant pool have `frameBlock` words of slack), so a
    /// block may overrun them.
    @inline(never)
    static func callBlocks(_ ret: UnsafePointer<Inst>, _ newFP: UnsafeMutablePointer<UInt64>, _ e: UnsafeMutablePointer<FuncEntry>,
                           _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
        let s = st.exec
        if !pushFrame(e, newFP, returning: ret, fp, s) { return trap(.callStackExhausted, ret, st) }
        if e.pointee.localCount != 0 { zeroBlock(newFP + Int(e.pointee.localStart)) }
        if e.pointee.constCount != 0 { copyBlock(newFP + Int(e.pointee.constStart), e.pointee.consts) }
        let calleeMem = e.pointee.mem0
        s.pointee.mem0 = calleeMem
        return next(UnsafePointer(e.pointee.code), newFP, memory: calleeMem, st, budget, accF, accS)
    }

    /// Writes `frameBlock` zero words at `p`.
    @inline(__always)
    static func zeroBlock(_ p: UnsafeMutablePointer<UInt64>) {
        p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0; p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0
    }

    /// Copies `frameBlock` words from `src` to `p`.
    @inline(__always)
    static func copyBlock(_ p: UnsafeMutablePointer<UInt64>, _ src: UnsafeMutablePointer<UInt64>) {
        p[0] = src[0]; p[1] = src[1]; p[2] = src[2]; p[3] = src[3]
        p[4] = src[4]; p[5] = src[5]; p[6] = src[6]; p[7] = src[7]
    }

    /// `call` once `Store.linkDirectCalls` found its callee needs no frame set-up (see there);
    /// `i32AddImmCall` before such a `call`.
    static let callPlain: Handler = { rip, fp, memBase, memSize, st, budget, accF, accS in
        let ip = rip.assumingMemoryBound(to: Inst.self)
        return Handlers.callPlain(ip, ip + 1, fp + Int(ip.pointee.b), fp, memBase, memSize, st, budget, accF, accS)
    }
    static let i32AddImmCallPlain: Handler = { rip, fp, memBase, memSize, st, budget, accF, accS in
        let ip = rip.assumingMemoryBound(to: Inst.self)
        Step.i32AddImm(ip, fp)
        return Handlers.callPlain(ip + 1, ip + 2, fp + Int(truncatingIfNeeded: ip.pointee.imm >> 32), fp, memBase, memSize, st, budget, accF, accS)
    }

    /// A call whose callee has no locals or constants to initialise and shares the caller's
    /// memory 0 (so memory stays in registers): the frame record and the jump. `call` is the
    /// linked `call` instruction: the callee's code in `a`/`c`, its frame size in `imm`'s high half.
    @inline(__always)
    static func callPlain(_ call: UnsafePointer<Inst>, _ ret: UnsafePointer<Inst>, _ newFP: UnsafeMutablePointer<UInt64>,
                          _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                          _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
        let s = st.exec
        let frameSize = Int(truncatingIfNeeded: call.pointee.imm >> 32)
        if s.pointee.frame >= s.pointee.frameLimit || newFP + frameSize > s.pointee.stackEnd { return trap(.callStackExhausted, call, st) }
        s.pointee.frame.initialize(to: Frame(returnPC: UnsafeMutablePointer(mutating: ret), fp: fp, mem0: s.pointee.mem0))
        s.pointee.frame += 1
        return next(Handlers.linkedCode(call).unsafelyUnwrapped, newFP, memBase, memSize, st, budget, accF, accS)
    }

    /// The callee code `Store.linkDirectCalls` wrote into the `call` at `ip`, if any.
    @inline(__always)
    static func linkedCode(_ ip: UnsafePointer<Inst>) -> UnsafePointer<Inst>? {
        UnsafePointer(bitPattern: UInt(truncatingIfNeeded: UInt64(ip.pointee.c) << 32 | UInt64(ip.pointee.a)))
    }

    /// Records the caller's return point for a call of `e` whose frame starts at `newFP`, or
    /// false when the call depth or the value stack would run out.
    @inline(__always)
    static func pushFrame(_ e: UnsafeMutablePointer<FuncEntry>, _ newFP: UnsafeMutablePointer<UInt64>,
                          returning ret: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                          _ s: UnsafeMutablePointer<ExecState>) -> Bool {
        if s.pointee.frame >= s.pointee.frameLimit || newFP + Int(e.pointee.frameSize) > s.pointee.stackEnd { return false }
        s.pointee.frame.initialize(to: Frame(returnPC: UnsafeMutablePointer(mutating: ret), fp: fp, mem0: s.pointee.mem0))
        s.pointee.frame += 1
        return true
    }

    /// Any call: host functions, and frames with more locals or constants to set up.
    @inline(never)
    static func callGeneral(_ ret: UnsafePointer<Inst>, _ newFP: UnsafeMutablePointer<UInt64>, _ f: Int,
                            _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutableRawPointer, _ budget: Int) -> Int {
        let s = st.exec
        if s.pointee.funcs[f].localCount == Store.notCompiled {
            let t = compileForCall(f, s)
            if t != .none { return trap(t, ret, st) }
        }
        let e = s.pointee.funcs + f
        if e.pointee.host >= 0 {
            let t = hostCall(e.pointee.host, f, newFP, site: ret, s)
            if t != .none { return trap(t, ret, st) }
            return next(ret, fp, memory: s.pointee.mem0, st, budget, 0, 0)
        }
        if !pushFrame(e, newFP, returning: ret, fp, s) { return trap(.callStackExhausted, ret, st) }
        Store.prepareFrame(e, newFP)
        s.pointee.mem0 = e.pointee.mem0
        return next(e.pointee.code, newFP, memory: e.pointee.mem0, st, budget, 0, 0)
    }

    /// Runs host function `host` (store address `f`) on `args`; its results land there. The host
    /// may instantiate modules or grow memory: function records are reloaded.
    static func hostCall(_ host: Int, _ f: Int, _ args: UnsafeMutablePointer<UInt64>, site: UnsafePointer<Inst>,
                         _ s: UnsafeMutablePointer<ExecState>) -> TrapCode {
        let store = s.pointee.store
        store.frameTop = s.pointee.frame
        let t = store.callHost(host, f, args, memory0: s.pointee.mem0, site: site)
        store.frameTop = s.pointee.entryFrameTop
        s.pointee.funcs = store.funcs
        return t
    }

    /// `return_call*` of function `f`: the callee replaces the running function's frame.
    @inline(never)
    static func returnCall(_ ip: UnsafePointer<Inst>, _ f: Int, _ fp: UnsafeMutablePointer<UInt64>,
                           _ st: UnsafeMutableRawPointer, _ budget: Int) -> Int {
        let s = st.exec
        if s.pointee.funcs[f].localCount == Store.notCompiled {
            let t = compileForCall(f, s)
            if t != .none { return trap(t, ip, st) }
        }
        let e = s.pointee.funcs[f]
        let args = fp + Int(ip.pointee.b)
        if e.host >= 0 {
            let t = hostCall(e.host, f, args, site: ip, s)
            if t != .none { return trap(t, ip, st) }
            for k in 0..<Int(e.resultSlots) { fp[k] = args[k] }
            return returnToCaller(st, budget, 0, 0)
        }
        for k in 0..<Int(e.paramSlots) { fp[k] = args[k] }
        if fp + Int(e.frameSize) > s.pointee.stackEnd { return trap(.callStackExhausted, ip, st) }
        Store.prepareFrame(s.pointee.funcs + f, fp)
        s.pointee.mem0 = e.mem0
        return next(e.code, fp, memory: e.mem0, st, budget, 0, 0)
    }

    /// `throw` / `throw_ref`: on to the catching handler, or the trap that ends the run.
    @inline(never)
    static func throwException(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                               _ st: UnsafeMutableRawPointer, _ budget: Int) -> Int {
        let s = st.exec
        var pc = UnsafeMutablePointer(mutating: ip + 1)
        var fp = fp
        var frame = s.pointee.frame
        var mem0 = s.pointee.mem0
        let t = s.pointee.store.unwind(UnsafeMutablePointer(mutating: ip), pc: &pc, fp: &fp, frame: &frame,
                                       frameStart: s.pointee.frameStart, mem0: &mem0)
        s.pointee.frame = frame
        s.pointee.mem0 = mem0
        if t != .none { return trap(t, ip, st) }
        return next(pc, fp, memory: mem0, st, budget, 0, 0)
    }
}
