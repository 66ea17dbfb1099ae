// Lazy compilation: a defined function is compiled at its first call, not at instantiation
// (as WasmKit and wasmi do), so a module of thousands of functions of which a few run starts in
// the time its records take. An uncompiled function's record has `localCount == notCompiled`,
// which sends every call of it (`Handlers.call`'s check for frames it cannot set up inline) to
// `callGeneral`, and `return_call` and `invoke` check it too: they compile the body, then go on
// as for any function. Compiling a body links its calls (`linkDirectCalls`); a call of a
// function not yet compiled is remembered and linked when that one is.
import WasmCore

/// What an instance's uncompiled bodies need: its compile context (the module, index spaces,
/// cells), its memory 0, and how many bodies are left.
struct LazyInstance {
    var context: CompileContext
    var mem0: UnsafeMutablePointer<MemoryState>
    var pending: Int
}

/// A `call` instruction: the calling function's store address and the instruction's index.
struct CallSite {
    var function: Int
    var index: Int
}

extension Store {
    /// `FuncEntry.localCount` of a function whose body is not compiled yet.
    static let notCompiled = UInt32.max

    /// Compiles function `addr` if it is a wasm function whose body is not compiled yet. An
    /// error is the compiler's (`unsupported: …`, phase `.instantiate`).
    func ensureCompiled(_ addr: Int) throws(Diagnostic) {
        guard addr >= 0, addr < funcCount, funcs[addr].localCount == Store.notCompiled else { return }
        try compileFunction(addr)
    }

    /// Whether function `addr`'s body has been compiled (host functions count as compiled).
    func isCompiled(_ addr: Int) -> Bool {
        addr >= 0 && addr < funcCount && funcs[addr].localCount != Store.notCompiled
    }

    /// Compiles the body of uncompiled function `addr` into its record and links calls.
    func compileFunction(_ addr: Int) throws(Diagnostic) {
        guard let n = uncompiled[addr], let lazy = lazyInstances[funcs[addr].instance],
              n < lazy.context.module.functions.count else { return }
        var compiler = FunctionCompiler(ctx: lazy.context)
        let out = try compiler.compile(lazy.context.module.functions[n])
        let code = UnsafeMutablePointer<Inst>.allocate(capacity: max(out.code.count, 1))
        code.initialize(from: out.code, count: out.code.count)
        Inst.resolveHandlers(code, count: out.code.count, pairs: configuration.pairedHandlers,
                             accumulator: configuration.floatAccumulator)
        // `frameBlock` words at least: `call` copies small pools as a whole block.
        let consts = UnsafeMutablePointer<UInt64>.allocate(capacity: max(out.consts.count, frameBlock))
        consts.initialize(from: out.consts, count: out.consts.count)
        if out.consts.count < frameBlock { (consts + out.consts.count).initialize(repeating: 0, count: frameBlock - out.consts.count) }
        funcs[addr].code = code
        funcs[addr].codeCount = out.code.count
        funcs[addr].consts = consts
        funcs[addr].constCount = UInt32(out.consts.count)
        funcs[addr].constStart = out.constStart
        funcs[addr].localStart = out.localStart
        funcs[addr].localCount = out.localCount
        let most = max(out.localCount, UInt32(out.consts.count))
        funcs[addr].callPath = most <= 2 ? 0 : (most <= UInt32(frameBlock) ? 1 : 2)
        funcs[addr].frameSize = out.frameSize
        funcs[addr].mem0 = lazy.mem0
        registerHandlers(out.handlers, code: code)
        uncompiled[addr] = nil
        let instance = funcs[addr].instance
        if lazy.pending <= 1 { lazyInstances[instance] = nil } else { lazyInstances[instance]?.pending -= 1 }
        linkDirectCalls(CollectionOfOne(addr))
        if let sites = pendingLinks.removeValue(forKey: addr) {
            for site in sites { linkCall(in: site.function, at: site.index) }
        }
    }
}

extension Handlers {
    /// Compiles function `f` for a call from running code; a compile error ends the run like a
    /// host function's error (`invoke` throws it).
    @inline(never)
    static func compileForCall(_ f: Int, _ s: UnsafeMutablePointer<ExecState>) -> TrapCode {
        let store = s.pointee.store
        do {
            try store.compileFunction(f)
        } catch {
            store.pendingError = error
            return .hostError
        }
        s.pointee.funcs = store.funcs
        return .none
    }
}
