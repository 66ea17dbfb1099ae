#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

/// A linear memory. Lives at a stable address (allocated once) so compiled code and the run loop
/// hold a raw pointer to it; `base` moves when the memory grows, unless it is shared.
struct MemoryState {
    var base: UnsafeMutableRawPointer
    /// Current size in bytes. For a shared memory, this store's latest look at the shared
    /// length (another thread may have grown it since): refreshed by `memory.size`,
    /// `memory.grow`, every atomic instruction and bulk operation, and each `invoke`.
    var byteCount: UInt64
    /// The largest size in pages the memory may reach (declared max, address-type cap).
    var maxPages: UInt64
    var is64: Bool
    var type: MemoryType
    /// log2 of the page size: 16, or 0 for the custom page size of one byte.
    var pageSizeLog2: UInt8
    /// The memory itself when it is shared (its `base` never moves).
    var shared: SharedMemory?

    var pages: UInt64 { byteCount >> UInt64(pageSizeLog2) }

    /// Takes the shared memory's current length (a no-op for an unshared memory).
    @inline(__always)
    mutating func refresh() {
        if let s = shared { byteCount = s.byteCount }
    }
}

/// A table of references in slot encoding.
struct TableState {
    var elements: UnsafeMutablePointer<UInt64>
    var count: UInt64
    var capacity: UInt64
    var maxCount: UInt64
    var is64: Bool
    var type: TableType
}

/// One compiled instruction: an internal opcode, three 32-bit operands (frame slot offsets,
/// counts or small indices) and a 64-bit immediate (constant, branch target, address, pointer).
/// By convention `a` is the destination slot of an instruction that produces a value.
/// `handler` runs it; `Inst.resolveHandlers` sets it from `op` once the code is final.
struct Inst {
    var handler: Handler
    var op: Op
    /// The operand this instruction's handler reads from the float accumulator, if any
    /// (FloatAccumulator.swift; set by the compiler, in what was padding).
    var accumulator: AccumulatorOperand = .none
    var a: UInt32
    var b: UInt32
    var c: UInt32
    var imm: UInt64

    init(_ op: Op, a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0, imm: UInt64 = 0) {
        self.handler = Handlers.unimplemented
        self.op = op
        self.a = a
        self.b = b
        self.c = c
        self.imm = imm
    }

    /// Points each instruction of `code` at its op's handler, or, where it and the instruction
    /// it continues to form one of `Handlers.pairs` (and `pairs` is set), at the pair's.
    /// Then the instructions marked to read the float accumulator get their variant (where
    /// `accumulator` is set).
    static func resolveHandlers(_ code: UnsafeMutablePointer<Inst>, count: Int, pairs: Bool = true, accumulator: Bool = true) {
        let table = Handlers.table
        let byFirst = Handlers.pairsByFirst
        for k in 0..<count {
            let op = Int(code[k].op.rawValue)
            code[k].handler = table[op]
            guard pairs else { continue }
            for p in byFirst[op] where k + p.firstSlots < count && code[k + p.firstSlots].op == p.second {
                code[k].handler = p.handler
                break
            }
        }
        if accumulator {
            resolveAccumulatorReads(code, count: count)
        } else {
            for k in 0..<count { code[k].accumulator = .none }
        }
    }
}

/// A function in the store: plain data read by the run loop on every call.
struct FuncEntry {
    /// Compiled code (a shared one-instruction stub for host functions).
    var code: UnsafeMutablePointer<Inst>
    var codeCount: Int
    /// Slots the frame needs (params, locals, constants, operand stack).
    var frameSize: UInt32
    var paramSlots: UInt32
    var resultSlots: UInt32
    var localStart: UInt32
    var localCount: UInt32
    var constStart: UInt32
    var consts: UnsafeMutablePointer<UInt64>
    var constCount: UInt32
    /// Canonical type id, for `call_indirect` / `call_ref` checks.
    var typeID: Int
    /// Memory 0 of the defining instance (a zero-size memory when it has none).
    var mem0: UnsafeMutablePointer<MemoryState>
    /// Index into `Store.hostFunctions`, or -1 for a wasm function.
    var host: Int
    var instance: Int
    /// How `call` sets up a frame for this function, decided once it is compiled: 0 inline (up
    /// to two locals and two constants), 1 `callBlocks` (up to `frameBlock` of each), 2
    /// `callGeneral` (host functions, bodies not compiled yet, larger frames). One load and
    /// one test on the call path instead of three, and no registers to save.
    var callPath: UInt32 = 2
}

/// A call frame record on the control stack.
struct Frame {
    var returnPC: UnsafeMutablePointer<Inst>
    var fp: UnsafeMutablePointer<UInt64>
    var mem0: UnsafeMutablePointer<MemoryState>
}

/// How a run ends: normally, or with a trap the edge turns into a `Diagnostic`.
enum TrapCode: UInt8 {
    case none
    case unreachable
    case integerDivideByZero
    case integerOverflow
    case invalidConversion
    case memoryOutOfBounds
    case tableOutOfBounds
    case undefinedElement
    case uninitializedElement
    case indirectCallTypeMismatch
    case nullReference
    case nullFunctionReference
    case callStackExhausted
    case outOfFuel
    /// A host function threw; the error is in `Store.pendingError`.
    case hostError
    case uncaughtException
    case nullExceptionReference
    case unalignedAtomic
    case expectedSharedMemory
    case nullStructureReference
    case nullArrayReference
    case nullI31Reference
    case arrayOutOfBounds
    case castFailure
    case gcHeapExhausted
    case nullDescriptorReference
    case descriptorCastFailure

    var message: String {
        switch self {
        case .none: return ""
        case .unreachable: return "unreachable"
        case .integerDivideByZero: return "integer divide by zero"
        case .integerOverflow: return "integer overflow"
        case .invalidConversion: return "invalid conversion to integer"
        case .memoryOutOfBounds: return "out of bounds memory access"
        case .tableOutOfBounds: return "out of bounds table access"
        case .undefinedElement: return "undefined element"
        case .uninitializedElement: return "uninitialized element"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .nullReference: return "null reference"
        case .nullFunctionReference: return "null function reference"
        case .callStackExhausted: return "call stack exhausted"
        case .outOfFuel: return "out of fuel"
        case .hostError: return "host error"
        case .uncaughtException: return "uncaught exception"
        case .nullExceptionReference: return "null exception reference"
        case .unalignedAtomic: return "unaligned atomic"
        case .expectedSharedMemory: return "expected shared memory"
        case .nullStructureReference: return "null structure reference"
        case .nullArrayReference: return "null array reference"
        case .nullI31Reference: return "null i31 reference"
        case .arrayOutOfBounds: return "out of bounds array access"
        case .castFailure: return "cast failure"
        case .gcHeapExhausted: return "out of GC heap memory"
        case .nullDescriptorReference: return "null descriptor reference"
        case .descriptorCastFailure: return "descriptor cast failure"
        }
    }

    var diagnostic: Diagnostic {
        Diagnostic(self == .callStackExhausted || self == .gcHeapExhausted ? .exhaustion : .trap, message)
    }
}

/// Linear memory blocks (not shared; `SharedMemory` has its own): an anonymous mapping with the
/// address space for the memory's maximum reserved up front (no access rights, no swap
/// reserved) and made accessible as it grows. The kernel commits a page only when it is first
/// touched, so growing costs no copy and no zeroing, and memory a program grows but never
/// writes costs no host memory: `wasm-run` of three untouched 1 GiB mallocs peaked at 3.0 GiB
/// RSS and took 15 s with the calloc/realloc blocks this replaces (realloc, then a memset of
/// the new part to zero it), and at under 10 MiB in milliseconds with this. One host page
/// before the block records the mapping's size and how much of it is accessible.
enum RawAlloc {
    static let hostPage = Int(sysconf(Int32(_SC_PAGESIZE)))
    #if os(Linux)
    static let noReserve = MAP_NORESERVE
    #else
    static let noReserve: Int32 = 0
    #endif

    private struct Header {
        var mapped: Int
        var accessible: Int
    }

    private static func header(_ p: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Header> {
        (p - hostPage).assumingMemoryBound(to: Header.self)
    }

    private static func roundUp(_ n: UInt64) -> UInt64? {
        let page = UInt64(hostPage)
        let (r, o) = n.addingReportingOverflow(page - 1)
        return o ? nil : r / page * page
    }

    /// A zero-filled block of `bytes`, with address space reserved for `reserve` bytes so
    /// that growing up to there never moves it.
    static func zeroed(bytes: UInt64, reserve: UInt64 = 0) -> UnsafeMutableRawPointer? {
        guard let open = roundUp(max(bytes, 16)), let want = roundUp(max(bytes, reserve, 16)),
              want <= UInt64(Int.max / 2) else { return nil }
        let total = hostPage + Int(want)
        guard let m = mmap(nil, total, PROT_NONE, MAP_PRIVATE | MAP_ANON | noReserve, -1, 0), m != MAP_FAILED else { return nil }
        guard mprotect(m, hostPage + Int(open), PROT_READ | PROT_WRITE) == 0 else {
            munmap(m, total)
            return nil
        }
        let p = m + hostPage
        header(p).initialize(to: Header(mapped: total, accessible: Int(open)))
        return p
    }

    /// Grows a block from `old` to `new` bytes: in place within its reservation, else into a
    /// new block twice as large (not reached by `Store`, which reserves every memory's
    /// maximum within the host limit).
    static func grow(_ p: UnsafeMutableRawPointer, from old: UInt64, to new: UInt64) -> UnsafeMutableRawPointer? {
        let h = header(p)
        guard let need = roundUp(new), need <= UInt64(Int.max / 2) else { return nil }
        if Int(need) <= h.pointee.accessible { return p }
        if hostPage + Int(need) <= h.pointee.mapped {
            let from = h.pointee.accessible
            guard mprotect(p + from, Int(need) - from, PROT_READ | PROT_WRITE) == 0 else { return nil }
            h.pointee.accessible = Int(need)
            return p
        }
        let doubled = UInt64(h.pointee.mapped - hostPage).multipliedReportingOverflow(by: 2)
        guard let q = zeroed(bytes: new, reserve: doubled.overflow ? new : max(new, doubled.partialValue)) else { return nil }
        q.copyMemory(from: p, byteCount: Int(min(old, new)))
        release(p)
        return q
    }

    static func release(_ p: UnsafeMutableRawPointer) {
        munmap(p - hostPage, header(p).pointee.mapped)
    }
}
