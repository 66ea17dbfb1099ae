import WasmCore

// The run loop's atomic and wide-arithmetic cases (the layout is in Compiler+Atomics.swift).
// Atomic accesses check alignment ("unaligned atomic"), then bounds; `memory.atomic.wait*`
// needs a shared memory ("expected shared memory") and blocks the thread on the memory's
// parking lot, which `memory.atomic.notify` from any store sharing the memory wakes.

extension Store {
    func executeAtomic(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>) -> TrapCode {
        let ins = ip.pointee
        let data = ip[1]
        guard let plan = AtomicPlan(packed: data.c) else { return .unreachable }
        if plan.kind == .fence {
            AtomicAccess.fence()
            return .none
        }
        guard Int(data.a) < memories.count else { return .unreachable }
        let m = memories[Int(data.a)]
        m.pointee.refresh()
        let is64 = m.pointee.is64
        let address = is64 ? fp[Int(ins.b)] : UInt64(UInt32(truncatingIfNeeded: fp[Int(ins.b)]))
        let bytes = UInt64(plan.bytes)
        // As the reference interpreter and wasmtime: alignment first, then (wait) sharing,
        // then bounds.
        let (ea, o1) = address.addingReportingOverflow(ins.imm)
        if o1 { return .memoryOutOfBounds }
        guard ea & (bytes &- 1) == 0 else { return .unalignedAtomic }
        if plan.kind == .wait32 || plan.kind == .wait64, m.pointee.shared == nil { return .expectedSharedMemory }
        let (end, o2) = ea.addingReportingOverflow(bytes)
        guard !o2, end <= m.pointee.byteCount else { return .memoryOutOfBounds }
        let p = m.pointee.base + Int(ea)
        let width = Int(plan.bytes)
        let a = Int(ins.a)
        switch plan.kind {
        case .load:
            fp[a] = AtomicAccess.load(p, bytes: width)
        case .store:
            AtomicAccess.store(p, bytes: width, fp[Int(ins.c)])
        case .rmw:
            fp[a] = AtomicAccess.rmw(plan.rmw, p, bytes: width, fp[Int(ins.c)])
        case .cmpxchg:
            fp[a] = AtomicAccess.cmpxchg(p, bytes: width, expected: fp[Int(ins.c)], replacement: fp[Int(data.b)])
        case .wait32, .wait64:
            guard let shared = m.pointee.shared else { return .expectedSharedMemory }
            let mask: UInt64 = plan.kind == .wait32 ? 0xFFFF_FFFF : UInt64.max
            let expected = fp[Int(ins.c)] & mask
            let timeout = Int64(bitPattern: fp[Int(data.b)])
            let r = shared.parkingLot.wait(at: ea, timeout: timeout) { AtomicAccess.load(p, bytes: width) == expected }
            fp[a] = r.rawValue
        case .notify:
            // An unshared memory has no waiters; the access checks still apply.
            let count = UInt32(truncatingIfNeeded: fp[Int(ins.c)])
            fp[a] = UInt64(m.pointee.shared?.parkingLot.notify(at: ea, count: count) ?? 0)
        case .fence:
            break
        }
        return .none
    }
}

extension Handlers {
    /// i64.add128, i64.sub128: 128-bit operands as (low, high) pairs; i64.mul_wide_s/u: the full
    /// 128-bit product of two i64. Results go to `a` (low) and `a + 1` (high); every operand is
    /// read before either is written (a result slot may be an operand's).
    @inline(__always)
    static func wideArithmetic(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>) {
        let ins = ip.pointee
        let a = Int(ins.a)
        let x = fp[Int(ins.b)]
        let y = fp[Int(ins.c)]
        let lo: UInt64
        let hi: UInt64
        switch ins.imm {
        case UInt64(Opcode.i64MulWideS.rawValue):
            let r = Int64(bitPattern: x).multipliedFullWidth(by: Int64(bitPattern: y))
            lo = r.low
            hi = UInt64(bitPattern: r.high)
        case UInt64(Opcode.i64MulWideU.rawValue):
            let r = x.multipliedFullWidth(by: y)
            lo = r.low
            hi = r.high
        case UInt64(Opcode.i64Add128.rawValue):
            let zLo = fp[Int(ip[1].a)]
            let zHi = fp[Int(ip[1].b)]
            let (l, carry) = x.addingReportingOverflow(zLo)
            lo = l
            hi = y &+ zHi &+ (carry ? 1 : 0)
        default:
            let zLo = fp[Int(ip[1].a)]
            let zHi = fp[Int(ip[1].b)]
            let (l, borrow) = x.subtractingReportingOverflow(zLo)
            lo = l
            hi = y &- zHi &- (borrow ? 1 : 0)
        }
        fp[a] = lo
        fp[a + 1] = hi
    }
}
