import WasmCore

/// One instruction's implementation. Each handler ends by calling the next instruction's
/// handler in tail position, which the optimiser compiles to a jump: every handler then has its
/// own indirect jump, which the branch predictor learns per site, instead of one shared `switch`
/// dispatch that mispredicts whenever its target changes. A thin function (no context) takes
/// its six arguments in registers from handler to handler and needs no thunk. The raw pointers
/// keep the signature valid for `@convention(c)` too, the fallback should the thin convention
/// (accepted by the compiler, not documented) go away: it costs one extra jump per instruction.
///
/// Arguments: the instruction, the frame, memory 0's base and size in bytes (those of the
/// running function's instance), the `ExecState`, the dispatch budget left, and the float
/// accumulators: the f64 or f32 result the previous instruction wrote to its slot, carried in
/// a register as well (see `FloatAccumulator.swift`). They take no integer register: the six
/// above fill them, and a seventh would go through the native stack.
/// The result is an `Exit` code.
typealias Handler = @convention(thin) (
    _ ip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>,
    _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
    _ state: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float
) -> Int

/// The namespace of the handlers (`Handlers+*.swift`) and their table.
enum Handlers {
    /// Every op's handler, indexed by raw value.
    static let table: [Handler] = Op.allCases.map { lookup($0) ?? unimplemented }

    /// The handler of `op`: each group file answers for its own ops.
    static func lookup(_ op: Op) -> Handler? {
        numeric(op) ?? data(op) ?? branch(op) ?? memory(op) ?? floatMemory(op) ?? control(op) ?? gc(op) ?? descriptors(op)
    }

    /// Whether `op`'s handler goes on without counting the budget (`nextUnchecked`): the
    /// numeric, data and memory groups, whose handlers always continue forward. The compiler
    /// puts a `checkpoint` into every run of `checkpointSpacing` such instructions, so a chain
    /// still meets a budget check at least every `checkpointSpacing + 1` instructions.
    static let continuesUnchecked: [Bool] = Op.allCases.map {
        numeric($0) != nil || data($0) != nil || memory($0) != nil || floatMemory($0) != nil || gcContinuesUnchecked($0)
            || descriptorsContinueUnchecked($0)
    }

    /// Whether `inst` runs its op's own handler (not a pair's or a linked call's).
    static func isOwnHandler(_ inst: Inst) -> Bool {
        unsafeBitCast(inst.handler, to: UInt.self) == unsafeBitCast(table[Int(inst.op.rawValue)], to: UInt.self)
    }

    /// Stands in for an op without a handler (a test checks there are none).
    static let unimplemented: Handler = { _, _, _, _, st, _, _, _ in trap(.unreachable, st) }
}

/// How a chain of handlers hands control back to `Store.execute`.
enum Exit {
    /// The entry function returned; results are in its frame.
    static let done = 0
    /// A trap; `ExecState.trap` says which.
    static let trapped = 1
    /// The budget ran out; execution resumes at `ExecState.pc` / `ExecState.fp`.
    static let paused = 2
}

/// Handlers run this many instructions before returning to `execute`, which starts the next
/// chain. Tail calls are an optimisation Swift does not promise (a debug build makes none), so
/// without a bound a chain that is not compiled to jumps would grow the native stack with every
/// instruction; with it the stack holds at most this many handler frames.
#if DEBUG
let dispatchBudget = 32
#else
let dispatchBudget = 1024
#endif

/// Locals and constants up to this many are set up by `call` inline, as one block each
/// (`Handlers.zeroBlock`, `copyBlock`); more go through `callGeneral`.
let frameBlock = 8

/// The longest run of instructions that do not count the budget (see `continuesUnchecked`).
let checkpointSpacing = 32

/// What the handlers share beyond their arguments: the call stack, the store, limits.
/// Lives on `execute`'s stack for one run.
struct ExecState {
    /// The next free frame record; `frameStart` is the entry function's.
    var frame: UnsafeMutablePointer<Frame>
    let frameStart: UnsafeMutablePointer<Frame>
    let frameLimit: UnsafeMutablePointer<Frame>
    let stackEnd: UnsafeMutablePointer<UInt64>
    /// The store's function records (reloaded after host calls, which may add functions).
    var funcs: UnsafeMutablePointer<FuncEntry>
    /// Memory 0 of the running function's instance.
    var mem0: UnsafeMutablePointer<MemoryState>
    var fuel: Int64
    /// The GC heap's free lists and budget (the allocating handlers' fast path).
    let gc: UnsafeMutablePointer<GCFastState>
    unowned(unsafe) let store: Store
    /// The store's `frameTop` on entry, restored after host calls.
    let entryFrameTop: UnsafeMutablePointer<Frame>?
    /// Where to resume after `Exit.paused`.
    var pc: UnsafePointer<Inst>
    var fp: UnsafeMutablePointer<UInt64>
    /// The float accumulators at a pause (the instruction at `pc` may read one).
    var accF: Double = 0
    var accS: Float = 0
    var trap: TrapCode = .none
    /// The instruction that trapped, when its handler said (for the backtrace).
    var trapPC: UnsafePointer<Inst>?
}

extension UnsafeMutableRawPointer {
    @inline(__always) var exec: UnsafeMutablePointer<ExecState> { assumingMemoryBound(to: ExecState.self) }
}

/// Continues with the instruction at `pc`: a tail call into its handler.
@inline(__always)
func next(_ pc: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer,
          _ memSize: UInt64, _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
    if budget == 0 { return pause(pc, fp, st, accF, accS) }
    return pc.pointee.handler(UnsafeRawPointer(pc), fp, memBase, memSize, st, budget &- 1, accF, accS)
}

/// Continues with the instruction at `pc` without counting the budget: for handlers that
/// always go forward (`Handlers.continuesUnchecked`). Debug builds count anyway, to keep their
/// untransformed calls few.
@inline(__always)
func nextUnchecked(_ pc: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ memBase: UnsafeMutableRawPointer,
                   _ memSize: UInt64, _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
    #if DEBUG
    return next(pc, fp, memBase, memSize, st, budget, accF, accS)
    #else
    return pc.pointee.handler(UnsafeRawPointer(pc), fp, memBase, memSize, st, budget, accF, accS)
    #endif
}

/// Continues at `pc` with the memory of `mem0` (after calls, returns and anything that may
/// have grown memory). No instruction after one of those reads the float accumulator, but
/// passing it on costs nothing where a zero would cost an instruction.
@inline(__always)
func next(_ pc: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, memory mem0: UnsafeMutablePointer<MemoryState>,
          _ st: UnsafeMutableRawPointer, _ budget: Int, _ accF: Double, _ accS: Float) -> Int {
    next(pc, fp, mem0.pointee.base, mem0.pointee.byteCount, st, budget, accF, accS)
}

@inline(never)
func pause(_ pc: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutableRawPointer, _ accF: Double, _ accS: Float) -> Int {
    st.exec.pointee.pc = pc
    st.exec.pointee.fp = fp
    st.exec.pointee.accF = accF
    st.exec.pointee.accS = accS
    return Exit.paused
}

@inline(never)
func trap(_ code: TrapCode, _ st: UnsafeMutableRawPointer) -> Int {
    st.exec.pointee.trap = code
    return Exit.trapped
}

/// A trap at instruction `ip`, which the backtrace starts from (a cold path: the handler only
/// passes a register it holds anyway).
@inline(never)
func trap(_ code: TrapCode, _ ip: UnsafePointer<Inst>, _ st: UnsafeMutableRawPointer) -> Int {
    st.exec.pointee.trap = code
    st.exec.pointee.trapPC = ip
    return Exit.trapped
}

@inline(__always) func u32(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
@inline(__always) func ptr<T>(_ bits: UInt64, _: T.Type) -> UnsafeMutablePointer<T> {
    UnsafeMutablePointer<T>(bitPattern: UInt(truncatingIfNeeded: bits)).unsafelyUnwrapped
}
@inline(__always) func rel(_ imm: UInt64) -> Int { Int(Int64(bitPattern: imm)) }
