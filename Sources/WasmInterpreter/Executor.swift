#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

extension Store {
    /// Runs function `entry` whose frame starts at `startFP` (arguments in place) until it
    /// returns (results at `startFP[0...]`) or traps. Handlers run chains of instructions (see
    /// `Dispatch.swift`); calls and returns are handled by the handlers themselves, so wasm
    /// recursion never recurses in Swift.
    func execute(_ entry: Int, _ startFP: UnsafeMutablePointer<UInt64>) -> TrapCode {
        guard let stackBase = stack, let frameBase = frames else { return .callStackExhausted }
        let first = funcs[entry]
        let stackEnd = stackBase + configuration.valueStackSlots
        if startFP + Int(first.frameSize) > stackEnd { return .callStackExhausted }
        let entryFrameTop = frameTop
        let frameStart = entryFrameTop ?? frameBase
        var state = ExecState(frame: frameStart, frameStart: frameStart,
                              frameLimit: frameBase + configuration.maxCallDepth, stackEnd: stackEnd,
                              funcs: funcs, mem0: first.mem0, fuel: Int64(clamping: self.fuel), gc: heap.fast, store: self,
                              entryFrameTop: entryFrameTop, pc: UnsafePointer(first.code), fp: startFP)
        Self.prepareFrame(funcs + entry, startFP)
        let trap = withUnsafeMutablePointer(to: &state) { s -> TrapCode in
            let raw = UnsafeMutableRawPointer(s)
            while true {
                let pc = s.pointee.pc
                let mem0 = s.pointee.mem0
                // A shared memory 0 may have been grown by another thread: each chain starts
                // with its current length.
                mem0.pointee.refresh()
                let exit = pc.pointee.handler(UnsafeRawPointer(pc), s.pointee.fp, mem0.pointee.base,
                                              mem0.pointee.byteCount, raw, dispatchBudget, s.pointee.accF, s.pointee.accS)
                if exit == Exit.paused { continue }
                return exit == Exit.done ? .none : s.pointee.trap
            }
        }
        if configuration.fuel != nil { self.fuel = UInt64(max(state.fuel, 0)) }
        frameTop = entryFrameTop
        if trap != .none { recordTrapSites(state, trap, entry: first.code) }
        return trap
    }

    /// Zeroes a new frame's locals and copies in its constants (short loops: most bodies have
    /// a handful of each, where a memset/memmove call would cost more than the copy).
    @inline(__always)
    static func prepareFrame(_ e: UnsafeMutablePointer<FuncEntry>, _ fp: UnsafeMutablePointer<UInt64>) {
        // Written out for small counts: a generic loop costs more in setup than the copies.
        let n = Int(e.pointee.localCount)
        if n != 0 {
            let locals = fp + Int(e.pointee.localStart)
            locals[0] = 0
            if n > 1 {
                locals[1] = 0
                var k = 2
                while k < n { locals[k] = 0; k += 1 }
            }
        }
        let m = Int(e.pointee.constCount)
        if m != 0 {
            let consts = fp + Int(e.pointee.constStart)
            let src = e.pointee.consts
            consts[0] = src[0]
            if m > 1 {
                consts[1] = src[1]
                var k = 2
                while k < m { consts[k] = src[k]; k += 1 }
            }
        }
    }

    /// The function a `call_indirect` reaches: its address, or a negated trap code.
    @inline(__always)
    func tableFunction(_ t: UnsafeMutablePointer<TableState>, _ index: UInt64, typeID: Int,
                       _ funcs: UnsafeMutablePointer<FuncEntry>) -> Int {
        let idx = t.pointee.is64 ? index : UInt64(u32(index))
        if idx >= t.pointee.count {
            trapDetail = " \(idx)"
            return -Int(TrapCode.undefinedElement.rawValue)
        }
        let r = t.pointee.elements[Int(idx)]
        if r == 0 {
            trapDetail = " \(idx)"
            return -Int(TrapCode.uninitializedElement.rawValue)
        }
        let f = Int(r &- 1)
        let actual = funcs[f].typeID
        if actual != typeID && !typeRegistry.isSubtype(actual, of: typeID) {
            return -Int(TrapCode.indirectCallTypeMismatch.rawValue)
        }
        return f
    }
}
