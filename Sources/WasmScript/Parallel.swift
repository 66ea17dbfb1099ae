// Runs work items on threads with a big stack each (parsers of deeply nested input and the
// interpreter's host frames get room), without Foundation.
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
        let n = max(1, min(threads, count))
        var ids: [pthread_t] = []
        for _ in 0..<n {
            var attr = pthread_attr_t()
            pthread_attr_init(&attr)
            pthread_attr_setstacksize(&attr, stackSize)
            let context = Unmanaged.passRetained(queue).toOpaque()
            #if canImport(Darwin)
            var tid: pthread_t?
            #else
            var tid = pthread_t()
            #endif
            let rc = pthread_create(&tid, &attr, { raw in
                guard let raw else { return nil }
                let q = Unmanaged<WorkQueue>.fromOpaque(raw).takeRetainedValue()
                q.drain()
                return nil
            }, context)
            pthread_attr_destroy(&attr)
            if rc != 0 {
                // No thread: take the reference back and do the work here.
                Unmanaged<WorkQueue>.fromOpaque(context).release()
                queue.drain()
                continue
            }
            #if canImport(Darwin)
            if let tid { ids.append(tid) }
            #else
            ids.append(tid)
            #endif
        }
        for t in ids { pthread_join(t, nil) }
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
