// The threads proposal's execution on one thread (atomic results, traps, wait/notify
// outcomes, shared memories across stores) and wide arithmetic. The multi-threaded tests are
// in ConcurrencyTests.swift.
import Foundation
import Testing
import WasmCore
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Parses and validates a module that uses `features` (the threads and custom page size
/// proposals are not all on by default).
func validated(_ wat: String, features: Features) throws -> ValidatedModule {
    try Validator.validate(try WatParser.parse(wat, options: TextOptions(features: features)).module, features: features)
}

@Suite struct WideArithmeticTests {
    static let module = """
    (module
      (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
        (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
        (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func (export "mul_wide_s") (param i64 i64) (result i64 i64)
        (i64.mul_wide_s (local.get 0) (local.get 1)))
      (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
        (i64.mul_wide_u (local.get 0) (local.get 1)))
      ;; The results land where the operands were: the high half must not clobber an operand
      ;; read later.
      (func (export "chain") (param i64) (result i64)
        (i64.add128 (local.get 0) (i64.const 0) (i64.const -1) (i64.const 0))
        (i64.add128 (i64.const 1) (i64.const 0))
        drop))
    """

    @Test func carriesBorrowsAndFullProducts() throws {
        let inst = try instance(Self.module)
        #expect(try inst.call("add128", i64(-1), i64(0), i64(1), i64(0)) == [i64(0), i64(1)])
        #expect(try inst.call("add128", i64(-1), i64(-1), i64(1), i64(0)) == [i64(0), i64(0)])
        #expect(try inst.call("sub128", i64(0), i64(1), i64(1), i64(0)) == [i64(-1), i64(0)])
        #expect(try inst.call("sub128", i64(0), i64(0), i64(1), i64(0)) == [i64(-1), i64(-1)])
        #expect(try inst.call("mul_wide_s", i64(-1), i64(-1)) == [i64(1), i64(0)])
        #expect(try inst.call("mul_wide_s", i64(-2), i64(3)) == [i64(-6), i64(-1)])
        #expect(try inst.call("mul_wide_u", i64(-1), i64(-1)) == [i64(1), i64(-2)])
        #expect(try inst.call("mul_wide_u", i64(1 << 32), i64(1 << 32)) == [i64(0), i64(1)])
        // x + (2^64 - 1) then + 1: (x - 1) + carry, then the low half + 1.
        #expect(try inst.call("chain", i64(5)) == [i64(5)])
    }
}

@Suite struct AtomicExecutionTests {
    static let module = """
    (module
      (memory (export "mem") 1 1 shared)
      (func (export "rmw8_add") (param i32 i32) (result i32) (i32.atomic.rmw8.add_u (local.get 0) (local.get 1)))
      (func (export "rmw_sub") (param i32 i32) (result i32) (i32.atomic.rmw.sub (local.get 0) (local.get 1)))
      (func (export "rmw_xchg64") (param i32 i64) (result i64) (i64.atomic.rmw.xchg (local.get 0) (local.get 1)))
      (func (export "cmpxchg16") (param i32 i32 i32) (result i32)
        (i32.atomic.rmw16.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
      (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
      (func (export "load64") (param i32) (result i64) (i64.atomic.load (local.get 0)))
      (func (export "store32") (param i32 i64) (i64.atomic.store32 (local.get 0) (local.get 1)))
      (func (export "wait32") (param i32 i32 i64) (result i32)
        (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
      (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
      (func (export "fence") atomic.fence))
    """

    @Test func readModifyWriteReturnsTheOldValue() throws {
        let inst = try instance(Self.module)
        #expect(try inst.call("rmw8_add", i32(0), i32(0x1FF)) == [i32(0)])
        #expect(try inst.call("load", i32(0)) == [i32(0xFF)])
        #expect(try inst.call("rmw8_add", i32(0), i32(1)) == [i32(0xFF)])
        #expect(try inst.call("load", i32(0)) == [i32(0)])  // wrapped within the byte
        #expect(try inst.call("rmw_sub", i32(4), i32(1)) == [i32(0)])
        #expect(try inst.call("load", i32(4)) == [i32(-1)])
        #expect(try inst.call("rmw_xchg64", i32(8), i64(-5)) == [i64(0)])
        #expect(try inst.call("load64", i32(8)) == [i64(-5)])
        try inst.call("store32", i32(16), i64(0x1_2345_6789))
        #expect(try inst.call("load", i32(16)) == [i32(0x2345_6789)])
        try inst.call("fence")
    }

    @Test func cmpxchgComparesTheWrappedExpectedValue() throws {
        let inst = try instance(Self.module)
        #expect(try inst.call("cmpxchg16", i32(0), i32(0x1_0000), i32(0xABCD)) == [i32(0)])
        #expect(try inst.call("load", i32(0)) == [i32(0xABCD)])
        #expect(try inst.call("cmpxchg16", i32(0), i32(1), i32(2)) == [i32(0xABCD)])
        #expect(try inst.call("load", i32(0)) == [i32(0xABCD)])
    }

    @Test func trapsAsTheProposalNamesThem() throws {
        let inst = try instance(Self.module)
        #expect(inst.trap("load", i32(2))?.message == "unaligned atomic")
        #expect(inst.trap("load", i32(65_536))?.message == "out of bounds memory access")
        #expect(inst.trap("load", i32(65_534))?.message == "unaligned atomic")  // alignment first
        #expect(inst.trap("load", i32(65_533))?.message == "unaligned atomic")
        #expect(inst.trap("notify", i32(1), i32(1))?.message == "unaligned atomic")
        let unshared = try instance("""
        (module (memory 1)
          (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
          (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 5))))
        """)
        #expect(unshared.trap("wait")?.message == "expected shared memory")
        #expect(try unshared.call("notify") == [i32(0)])
    }

    @Test func waitReturnsNotEqualOrTimesOutOnTime() throws {
        let inst = try instance(Self.module)
        #expect(try inst.call("wait32", i32(0), i32(1), i64(-1)) == [i32(1)])  // not-equal, no block
        #expect(try inst.call("notify", i32(0), i32(10)) == [i32(0)])         // nobody waits
        let start = DispatchTime.now().uptimeNanoseconds
        #expect(try inst.call("wait32", i32(0), i32(0), i64(20_000_000)) == [i32(2)])  // timed-out
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        #expect(elapsed >= 20_000_000)
        #expect(elapsed < 2_000_000_000)
    }

    @Test func storesShareOneMemory() throws {
        let wat = """
        (module
          (import "env" "mem" (memory 1 4 shared))
          (func (export "put") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1)))
          (func (export "get") (param i32) (result i32) (i32.atomic.load (local.get 0)))
          (func (export "size") (result i32) (memory.size))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """
        let memory = try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 4, shared: true)))
        let module = try validated(wat)
        func open() throws -> Instance {
            let store = Store()
            return try store.instantiate(module, imports: ["env": ["mem": .memory(store.allocateMemory(shared: memory))]])
        }
        let a = try open()
        let b = try open()
        try a.call("put", i32(64), i32(42))
        #expect(try b.call("get", i32(64)) == [i32(42)])
        #expect(try b.call("grow", i32(2)) == [i32(1)])
        #expect(try a.call("size") == [i32(3)])
        try a.call("put", i32(2 * 65_536), i32(7))  // in the pages b added
        #expect(try b.call("get", i32(2 * 65_536)) == [i32(7)])
        #expect(memory.pages == 3)
        #expect(try a.call("grow", i32(2)) == [i32(-1)])  // past the maximum
        // A store hands out the shared memory it created.
        let owner = Store()
        let defining = try owner.instantiate(try validated("(module (memory (export \"m\") 1 2 shared))"))
        guard case .memory(let addr)? = defining.export("m") else { Issue.record("no memory export"); return }
        #expect(owner.sharedMemory(addr)?.pages == 1)
    }

    @Test func sharedMemoryNeedsAMaximum() {
        #expect(throws: Diagnostic.self) { try SharedMemory(type: MemoryType(limits: Limits(min: 1, shared: true))) }
        #expect(throws: Diagnostic.self) { try SharedMemory(type: MemoryType(limits: Limits(min: 1, max: 1))) }
    }
}

@Suite struct CustomPageSizeTests {
    @Test func onePageIsOneByte() throws {
        let module = try validated("""
        (module
          (memory 3 10 (pagesize 1))
          (func (export "size") (result i32) (memory.size))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """, features: Features.default.union(Features(.customPageSizes)))
        let inst = try Store().instantiate(module)
        #expect(try inst.call("size") == [i32(3)])
        #expect(try inst.call("load", i32(2)) == [i32(0)])
        #expect(inst.trap("load", i32(3))?.message == "out of bounds memory access")
        #expect(try inst.call("grow", i32(7)) == [i32(3)])
        #expect(try inst.call("load", i32(9)) == [i32(0)])
        #expect(inst.trap("load", i32(10))?.message == "out of bounds memory access")
        #expect(try inst.call("grow", i32(1)) == [i32(-1)])
    }
}
