#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

/// A shared linear memory (the threads proposal's `(memory 1 10 shared)`), usable by several
/// stores on several host threads at once; each store stays single-threaded.
///
/// Its address space is reserved for the maximum size when it is created (`mmap` without
/// access rights), so the memory never moves while other threads read it; growing makes more
/// of the reservation accessible and publishes the new length atomically. A store that
/// instantiates a module defining a shared memory creates one (`Store.sharedMemory(_:)`
/// hands it out); a store imports one with `Store.allocateMemory(shared:)`:
///
/// ```swift
/// let memory = try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 1, shared: true)))
/// // on each thread:
/// let store = Store()
/// store.register(["memory": .memory(store.allocateMemory(shared: memory))], as: "env")
/// let instance = try store.instantiate(module)   // (import "env" "memory" (memory 1 1 shared))
/// ```
///
/// `memory.atomic.wait32/64` block the calling thread until a `memory.atomic.notify` on the
/// same address (from any store) or their timeout; `waiterCount(at:)` tells a host how many
/// are parked.
public final class SharedMemory: @unchecked Sendable {
    public let type: MemoryType
    let base: UnsafeMutableRawPointer
    /// Bytes of address space reserved (the maximum size, or less if the host limit is lower).
    let reservedBytes: UInt64
    /// Bytes made accessible so far (whole host pages), under `growLock`.
    private var committedBytes: UInt64
    /// The current size in bytes, read and written with `AtomicAccess` (a word of its own,
    /// since `Atomic` properties need macOS 15).
    private let length = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
    private let growLock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    let parkingLot = ParkingLot()
    let pageSizeLog2: UInt8

    /// A zero-filled shared memory of `type` (which must be shared and have a maximum), with at
    /// most `maxBytes` of address space (the maximum size when smaller).
    public init(type: MemoryType, maxBytes: UInt64 = 1 << 32) throws(Diagnostic) {
        guard type.limits.shared, let max = type.limits.max else {
            throw Diagnostic(.instantiate, "a shared memory needs a shared memory type with a maximum")
        }
        let log2 = type.pageSizeLog2 ?? 16
        guard log2 < 64 else { throw Diagnostic(.instantiate, "invalid custom page size") }
        let pageBytes: UInt64 = 1 << UInt64(log2)
        let (maxSize, o) = Swift.min(max, type.maxPagesOfAddressType).multipliedReportingOverflow(by: pageBytes)
        let reserve = Swift.min(o ? UInt64.max : maxSize, maxBytes)
        let initial = type.limits.min &* pageBytes
        guard type.limits.min <= reserve / pageBytes else {
            throw Diagnostic(.instantiate, "out of memory: cannot allocate \(type.limits.min) pages of a shared memory (host limit \(maxBytes) bytes)")
        }
        let hostPage = UInt64(Self.hostPageSize)
        let reserved = Swift.max((reserve + hostPage - 1) / hostPage * hostPage, hostPage)
        guard reserved <= UInt64(Int.max),
              let p = mmap(nil, Int(reserved), PROT_NONE, MAP_PRIVATE | MAP_ANON | Self.noReserve, -1, 0),
              p != MAP_FAILED else {
            throw Diagnostic(.instantiate, "out of memory: cannot reserve \(reserve) bytes for a shared memory")
        }
        self.type = type
        self.base = p
        self.reservedBytes = reserved
        self.committedBytes = 0
        self.pageSizeLog2 = log2
        length.storeBytes(of: 0, as: UInt64.self)
        pthread_mutex_init(growLock, nil)
        guard commit(upTo: initial) else {
            throw Diagnostic(.instantiate, "out of memory: cannot commit \(initial) bytes of a shared memory")
        }
        AtomicAccess.store(length, bytes: 8, initial)
    }

    deinit {
        munmap(base, Int(reservedBytes))
        pthread_mutex_destroy(growLock)
        growLock.deallocate()
        length.deallocate()
    }

    /// The current size in bytes (what any thread's last `memory.grow` made it).
    public var byteCount: UInt64 { AtomicAccess.load(length, bytes: 8) }

    /// The current size in pages.
    public var pages: UInt64 { byteCount >> UInt64(pageSizeLog2) }

    /// Threads parked by `memory.atomic.wait` on the byte address `address`.
    public func waiterCount(at address: UInt64) -> Int { parkingLot.count(at: address) }

    /// Grows by `delta` pages if the maximum, the reservation and `allowed` (bytes the
    /// growing store may still add) permit; returns the old size in pages, or nil.
    func grow(by delta: UInt64, allowed: UInt64) -> UInt64? {
        pthread_mutex_lock(growLock)
        defer { pthread_mutex_unlock(growLock) }
        let old = byteCount
        let oldPages = old >> UInt64(pageSizeLog2)
        let (newPages, o) = oldPages.addingReportingOverflow(delta)
        guard !o, let max = type.limits.max, newPages <= max else { return nil }
        if delta == 0 { return oldPages }
        guard delta <= (UInt64.max >> UInt64(pageSizeLog2)) else { return nil }
        let addBytes = delta << UInt64(pageSizeLog2)
        guard addBytes <= allowed, addBytes <= reservedBytes - old, commit(upTo: old + addBytes) else { return nil }
        AtomicAccess.store(length, bytes: 8, old + addBytes)
        return oldPages
    }

    /// Makes the reservation accessible up to `bytes` (rounded up to host pages).
    private func commit(upTo bytes: UInt64) -> Bool {
        guard bytes > committedBytes else { return true }
        let hostPage = UInt64(Self.hostPageSize)
        let end = Swift.min((bytes + hostPage - 1) / hostPage * hostPage, reservedBytes)
        guard mprotect(base + Int(committedBytes), Int(end - committedBytes), PROT_READ | PROT_WRITE) == 0 else { return false }
        committedBytes = end
        return true
    }

    private static let hostPageSize: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    #if canImport(Glibc) || canImport(Musl)
    private static let noReserve = MAP_NORESERVE
    #else
    private static let noReserve: Int32 = 0
    #endif
}

/// Threads waiting in `memory.atomic.wait*`, by address, woken by `memory.atomic.notify` in
/// the order they came. One mutex guards the queues and the waiters' check of the memory's
/// value, so a notify between the check and the sleep cannot be lost. Timeouts are measured on
/// the monotonic clock.
final class ParkingLot: @unchecked Sendable {
    private final class Waiter {
        let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        var woken = false

        init() {
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            #if !canImport(Darwin)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            #endif
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var queues: [UInt64: [Waiter]] = [:]

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// What `memory.atomic.wait` returns.
    enum WaitResult: UInt64 {
        case ok = 0, notEqual = 1, timedOut = 2
    }

    /// Parks the calling thread at `address` if `stillExpected()` (read under the lock) holds,
    /// until notified or `timeout` nanoseconds pass (negative: no timeout).
    func wait(at address: UInt64, timeout: Int64, _ stillExpected: () -> Bool) -> WaitResult {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard stillExpected() else { return .notEqual }
        let me = Waiter()
        queues[address, default: []].append(me)
        if timeout < 0 {
            while !me.woken { pthread_cond_wait(me.condition, mutex) }
            return .ok
        }
        #if canImport(Darwin)
        let start = MonotonicClock.now()
        while !me.woken {
            let elapsed = MonotonicClock.now() &- start
            if elapsed >= UInt64(timeout) { break }
            var rest = MonotonicClock.timespec(nanoseconds: UInt64(timeout) - elapsed)
            _ = pthread_cond_timedwait_relative_np(me.condition, mutex, &rest)
        }
        #else
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let (seconds, o) = Int(deadline.tv_sec).addingReportingOverflow(Int(timeout / 1_000_000_000))
        var nanos = deadline.tv_nsec + Int(timeout % 1_000_000_000)
        var secs = o ? Int.max : seconds
        if nanos >= 1_000_000_000 {
            nanos -= 1_000_000_000
            secs = secs == Int.max ? secs : secs + 1
        }
        deadline.tv_sec = secs
        deadline.tv_nsec = nanos
        while !me.woken {
            if pthread_cond_timedwait(me.condition, mutex, &deadline) == ETIMEDOUT { break }
        }
        #endif
        if me.woken { return .ok }
        queues[address]?.removeAll { $0 === me }
        if queues[address]?.isEmpty == true { queues[address] = nil }
        return .timedOut
    }

    /// Wakes up to `count` threads parked at `address`; returns how many.
    func notify(at address: UInt64, count: UInt32) -> UInt32 {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard count > 0, var q = queues[address] else { return 0 }
        let n = min(Int(count), q.count)
        for w in q.prefix(n) {
            w.woken = true
            pthread_cond_signal(w.condition)
        }
        q.removeFirst(n)
        queues[address] = q.isEmpty ? nil : q
        return UInt32(n)
    }

    func count(at address: UInt64) -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return queues[address]?.count ?? 0
    }
}

#if canImport(Darwin)
/// Darwin's condition variables time out relative to now; the elapsed time comes from the
/// monotonic clock so a change of the wall clock does not stretch a wait.
private enum MonotonicClock {
    static func now() -> UInt64 { clock_gettime_nsec_np(CLOCK_UPTIME_RAW) }
    static func timespec(nanoseconds n: UInt64) -> Darwin.timespec {
        Darwin.timespec(tv_sec: Int(n / 1_000_000_000), tv_nsec: Int(n % 1_000_000_000))
    }
}
#endif
