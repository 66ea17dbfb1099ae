// Real concurrency on a shared memory: host threads, each with its own store, running wasm
// against one `SharedMemory`. Atomic read-modify-writes must not lose updates, wait/notify must
// block and wake without losing a value. Run once under the thread sanitizer too:
// `swift test --sanitize=thread --filter ConcurrencyTests`.
import Foundation
import Testing
import WasmCore
import WasmValidation
@testable import WasmInterpreter

/// Runs `body(i)` on `count` new threads at once and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let t = Thread {
            body(i)
            group.leave()
        }
        t.stackSize = 8 << 20
        t.start()
    }
    group.wait()
}

/// Results written by several threads.
final class Results<T: Sendable>: @unchecked Sendable {
    private var values: [Int: T] = [:]
    private let lock = NSLock()
    func set(_ i: Int, _ v: T) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> T? { lock.lock(); defer { lock.unlock() }; return values[i] }
}

@Suite struct ConcurrencyTests {
    /// A store of its own importing `memory` as env.mem, on the calling thread.
    static func instantiate(_ module: ValidatedModule, _ memory: SharedMemory) throws -> Instance {
        let store = Store()
        let mem = store.allocateMemory(shared: memory)
        return try store.instantiate(module, imports: ["env": ["mem": .memory(mem)]])
    }

    static let counter = """
    (module
      (import "env" "mem" (memory 1 1 shared))
      (func (export "add") (param $n i32)
        (loop $l
          (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
      (func (export "total") (result i32) (i32.atomic.load (i32.const 0))))
    """

    /// Four threads, 100,000 `i32.atomic.rmw.add`s each, on one counter: exactly 400,000, in
    /// every one of the runs.
    @Test func fourThreadsAddWithoutLosingAnUpdate() throws {
        let module = try validated(Self.counter)
        for _ in 0..<5 {
            let memory = try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 1, shared: true)))
            let errors = Results<String>()
            onThreads(4) { i in
                do {
                    let inst = try Self.instantiate(module, memory)
                    try inst.call("add", i32(100_000))
                } catch {
                    errors.set(i, "\(error)")
                }
            }
            for i in 0..<4 { #expect(errors.get(i) == nil) }
            let inst = try Self.instantiate(module, memory)
            #expect(try inst.call("total") == [i32(400_000)])
        }
    }

    /// A one-slot mailbox: `full` (address 0) says whether `value` (address 4) holds an
    /// unread value. The producer waits while it is full, the consumer while it is empty;
    /// each notifies the other after flipping it. A wait that times out (5 s) returns -1, so
    /// a lost wake-up fails instead of hanging the test.
    static let mailbox = """
    (module
      (import "env" "mem" (memory 1 1 shared))
      (func (export "produce") (param $n i32) (result i32)
        (local $i i32)
        (loop $next
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (block $empty
            (loop $wait
              (br_if $empty (i32.eqz (i32.atomic.load (i32.const 0))))
              (if (i32.eq (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const 5_000_000_000)) (i32.const 2))
                (then (return (i32.const -1))))
              (br $wait)))
          (i32.atomic.store (i32.const 4) (local.get $i))
          (i32.atomic.store (i32.const 0) (i32.const 1))
          (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
        (i32.const 0))
      ;; Returns how many values arrived out of order or not at all (0), or -1 on a timeout;
      ;; the sum goes to address 8.
      (func (export "consume") (param $n i32) (result i32)
        (local $i i32) (local $v i32) (local $bad i32) (local $sum i64)
        (loop $next
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (block $full
            (loop $wait
              (br_if $full (i32.atomic.load (i32.const 0)))
              (if (i32.eq (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 5_000_000_000)) (i32.const 2))
                (then (return (i32.const -1))))
              (br $wait)))
          (local.set $v (i32.atomic.load (i32.const 4)))
          (if (i32.ne (local.get $v) (local.get $i)) (then (local.set $bad (i32.add (local.get $bad) (i32.const 1)))))
          (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $v))))
          (i32.atomic.store (i32.const 0) (i32.const 0))
          (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
        (i64.atomic.store (i32.const 8) (local.get $sum))
        (local.get $bad))
      (func (export "sum") (result i64) (i64.atomic.load (i32.const 8))))
    """

    @Test func producerHandsTenThousandValuesToConsumer() throws {
        let module = try validated(Self.mailbox)
        let memory = try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 1, shared: true)))
        let results = Results<[Value]>()
        let errors = Results<String>()
        onThreads(2) { i in
            do {
                let inst = try Self.instantiate(module, memory)
                results.set(i, try inst.call(i == 0 ? "produce" : "consume", i32(10_000)))
            } catch {
                errors.set(i, "\(error)")
            }
        }
        #expect(errors.get(0) == nil && errors.get(1) == nil)
        #expect(results.get(0) == [i32(0)])      // the producer never timed out
        #expect(results.get(1) == [i32(0)])      // every value arrived, in order
        let inst = try Self.instantiate(module, memory)
        #expect(try inst.call("sum") == [i64(50_005_000)])
        #expect(memory.waiterCount(at: 0) == 0)
    }

    /// `notify` wakes a thread blocked without a timeout, and says it woke one.
    @Test func notifyWakesABlockedThread() throws {
        let module = try validated("""
        (module
          (import "env" "mem" (memory 1 1 shared))
          (func (export "wait") (result i32) (memory.atomic.wait64 (i32.const 8) (i64.const 0) (i64.const -1)))
          (func (export "notify") (result i32) (memory.atomic.notify (i32.const 8) (i32.const 1))))
        """)
        let memory = try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 1, shared: true)))
        let results = Results<[Value]>()
        onThreads(2) { i in
            guard let inst = try? Self.instantiate(module, memory) else { return }
            if i == 0 {
                results.set(0, (try? inst.call("wait")) ?? [])
            } else {
                // Wait until the other thread is parked, then wake it.
                while memory.waiterCount(at: 8) == 0 { usleep(1000) }
                results.set(1, (try? inst.call("notify")) ?? [])
            }
        }
        #expect(results.get(0) == [i32(0)])  // "ok": woken
        #expect(results.get(1) == [i32(1)])  // one waiter woken
    }

    /// A thread that grows a shared memory makes the pages visible to another store.
    @Test func growthIsSeenByOtherThreads() throws {
        let module = try validated("""
        (module
          (import "env" "mem" (memory 1 8 shared))
          (func (export "grow") (result i32) (memory.grow (i32.const 3)))
          (func (export "touch") (result i32)
            (i32.atomic.store (i32.const 200_000) (i32.const 9))
            (i32.atomic.load (i32.const 200_000)))
          (func (export "size") (result i32) (memory.size)))
        """)
        let memory = try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 8, shared: true)))
        let reader = try Self.instantiate(module, memory)
        #expect(reader.trap("touch")?.message == "out of bounds memory access")
        onThreads(1) { _ in _ = try? Self.instantiate(module, memory).call("grow") }
        #expect(try reader.call("size") == [i32(4)])
        #expect(try reader.call("touch") == [i32(9)])
    }
}
