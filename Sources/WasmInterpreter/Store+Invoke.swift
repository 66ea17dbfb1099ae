#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore

extension Store {
    /// Calls a function with arguments; returns its results or throws the trap as a
    /// `Diagnostic` (phase `.trap`, or `.exhaustion` for `call stack exhausted`).
    public func invoke(_ function: FunctionAddress, _ args: [Value]) throws(Diagnostic) -> [Value] {
        let f = function.index
        guard f >= 0 && f < funcCount else { throw Diagnostic(.trap, "unknown function") }
        let type = funcTypes[f]
        guard args.count == type.params.count else {
            throw Diagnostic(.trap, "type mismatch: expected \(type.params.count) arguments, got \(args.count)")
        }
        for (v, t) in zip(args, type.params) where !valueMatches(v, t) {
            throw Diagnostic(.trap, "type mismatch: argument \(v) is not a \(t)")
        }
        try ensureCompiled(f)
        let e = funcs[f]
        if invokeDepth == 0 { clearTrapSites() }
        if e.host >= 0 {
            do {
                let results = try hostFunctions[e.host].body(Caller(store: self, memory0: emptyMemory, callSite: nil), args)
                guard results.count == type.results.count else { throw Diagnostic(.trap, "type mismatch: host results") }
                return results
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic(.trap, "host function failed: \(error)")
            }
        }
        try ensureStacks()
        guard invokeDepth < 256, let base = stack else { throw TrapCode.callStackExhausted.diagnostic }
        let need = Int(max(e.paramSlots, e.resultSlots)) + Int(e.frameSize)
        guard stackTop + need <= configuration.valueStackSlots else { throw TrapCode.callStackExhausted.diagnostic }
        let fp = base + stackTop
        var s = 0
        for (v, t) in zip(args, type.params) {
            let (lo, hi) = slots(of: v)
            fp[s] = lo
            if t == .v128 { fp[s + 1] = hi }
            s += t == .v128 ? 2 : 1
        }
        let savedTop = stackTop
        let savedFrames = frameTop
        invokeDepth += 1
        defer {
            invokeDepth -= 1
            stackTop = savedTop
            frameTop = savedFrames
        }
        trapDetail = ""
        let trap = execute(f, fp)
        if trap != .none {
            if trap == .hostError, let d = pendingError {
                pendingError = nil
                throw d
            }
            var d = trap.diagnostic
            d.message += trapDetail
            trapDetail = ""
            throw d
        }
        var results: [Value] = []
        results.reserveCapacity(type.results.count)
        s = 0
        for t in type.results {
            results.append(value(of: t, fp[s], t == .v128 ? fp[s + 1] : 0))
            s += t == .v128 ? 2 : 1
        }
        return results
    }

    /// Calls the export `name` of an instance.
    public func invoke(_ instance: Instance, _ name: String, _ args: [Value] = []) throws(Diagnostic) -> [Value] {
        guard case .function(let f)? = instance.export(name) else {
            throw Diagnostic(.link, "unknown function \"\(name)\"")
        }
        return try invoke(f, args)
    }

    private func ensureStacks() throws(Diagnostic) {
        if stack == nil {
            // Not zeroed: frames zero their locals and write every operand slot before reading
            // it, and a calloc of this size costs a 16 MiB memset once malloc serves it from
            // the heap (after a store's stack is freed, glibc raises its mmap threshold).
            // `frameBlock` words of slack past the end: `call` sets up locals and constants in
            // whole blocks that may overrun a frame at the very end.
            let slots = max(configuration.valueStackSlots, 1024) + frameBlock
            guard slots <= Int.max / 8, let raw = malloc(slots * 8) else {
                throw Diagnostic(.exhaustion, "call stack exhausted: cannot allocate the value stack")
            }
            stack = raw.bindMemory(to: UInt64.self, capacity: slots)
        }
        if frames == nil {
            frames = .allocate(capacity: max(configuration.maxCallDepth, 1) + 1)
        }
    }
}
