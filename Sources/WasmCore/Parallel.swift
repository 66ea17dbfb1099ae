// Runs work items on threads, without Foundation: `forEach` gives each item a thread with a big
// stack (parsers of deeply nested input and the interpreter's host frames get room); `map`
// splits one large job (decoding or validating the bodies of a big module) over the cores.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum Parallel {
    /// Calls `body(i)` for every `i` in `0..<count` on `threads` threads; returns when all
    /// are done. Items are handed out in order.
    public static func forEach(count: Int, threads: Int, stackSize: Int = 256 << 20,
                               _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let queue = WorkQueue(count: count, body: body)
        var ids: [pthread_t] = []
        for _ in 0..<max(1, min(threads, count)) {
            // No thread: the work is done here.
            guard let tid = spawn(queue, stackSize: stackSize) else { queue.drain(); continue }
            ids.append(tid)
        }
        for t in ids { pthread_join(t, nil) }
    }

    /// `body(i)` for every `i` in `0..<count`, in order, computed on up to `threads` threads,
    /// the caller's among them. For work that needs no deep stack (`stackSize` for the others).
    public static func map<T>(count: Int, threads: Int, stackSize: Int = 16 << 20,
                              _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = ResultSlots<T>(count: count)
        let queue = WorkQueue(count: count) { i in results.store(body(i), at: i) }
        var ids: [pthread_t] = []
        for _ in 1..<max(1, min(threads, count)) {
            guard let tid = spawn(queue, stackSize: stackSize) else { break }
            ids.append(tid)
        }
        queue.drain()
        for t in ids { pthread_join(t, nil) }
        return results.take()
    }

    /// `body` over contiguous ranges that split `0..<count`, in order: a few ranges per thread,
    /// so that one long item does not hold up the rest.
    public static func mapRuns<T>(count: Int, threads: Int,
                                  _ body: @escaping @Sendable (Range<Int>) -> T) -> [T] {
        let runs = min(count, threads * 4)
        return map(count: runs, threads: threads) { k in body((count * k / runs)..<(count * (k + 1) / runs)) }
    }

    /// A thread draining `queue`, or nil when none could be made (the caller then does the work).
    static func spawn(_ queue: WorkQueue, stackSize: Int) -> pthread_t? {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, stackSize)
        defer { pthread_attr_destroy(&attr) }
        let context = Unmanaged.passRetained(queue).toOpaque()
        #if canImport(Darwin)
        var tid: pthread_t?
        #else
        var tid = pthread_t()
        #endif
        let rc = pthread_create(&tid, &attr, { raw in
            guard let raw else { return nil }
            Unmanaged<WorkQueue>.fromOpaque(raw).takeRetainedValue().drain()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<WorkQueue>.fromOpaque(context).release()
            return nil
        }
        return tid
    }

    /// The number of online processors.
    public static var processorCount: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }
}

final class WorkQueue: @unchecked Sendable {
    private let lock = Lock()
    private var next = 0
    let count: Int
    let body: @Sendable (Int) -> Void

    init(count: Int, body: @escaping @Sendable (Int) -> Void) {
        self.count = count
        self.body = body
    }

    func drain() {
        while true {
            let i = lock.withLock { () -> Int in
                let i = next
                next += 1
                return i
            }
            if i >= count { return }
            body(i)
        }
    }
}

/// A value the threads of `map` or `mapRuns` only read (each copies what it mutates).
package final class ReadOnly<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}

/// One slot per work item, each written by the one thread that ran the item and read after
/// all threads are joined.
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: T, at i: Int) { slots[i] = value }

    func take() -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for i in 0..<count { if let v = slots[i] { out.append(v) } }
        return out
    }
}

/// A mutex over pthreads (the Synchronization module needs macOS 15; this runs everywhere).
package final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    package func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
