import Foundation
import Testing
import WasmCore
import WasmInterpreter
import WasmTesting
@testable import WasmWASI
import WasmPortability

/// WASI functions one at a time, through small hand-written commands run by `Wasm.runWASI`.
@Suite struct FunctionTests {
    /// A command whose `_start` is `body`; `$print(ptr, len)` writes to standard output and
    /// `$exit` ends the run.
    static func command(_ body: String, data: String = "", locals: String = "") -> String {
        """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
          (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 1024) "\(data)")
          ;; print(ptr, len): one iovec at 0, the count written at 8
          (func $print (param $p i32) (param $n i32)
            (i32.store (i32.const 0) (local.get $p)) (i32.store (i32.const 4) (local.get $n))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
          ;; digit(n): prints n (0-9) as a character
          (func $digit (param $n i32)
            (i32.store8 (i32.const 12) (i32.add (i32.const 48) (local.get $n)))
            (call $print (i32.const 12) (i32.const 1)))
          (func (export "_start") \(locals)
            \(body)
          )
        )
        """
    }

    @Test func argumentsAndEnvironment() throws {
        // args_get writes the pointers at 100, the strings at 200; print argv[1] and the environ.
        let r = try Wasm.runWASI(wat: Self.command("""
            (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
            (call $digit (i32.load (i32.const 16)))
            (drop (call $args_get (i32.const 100) (i32.const 200)))
            (call $print (i32.load (i32.const 104)) (i32.const 5))
            (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
            (call $digit (i32.load (i32.const 16)))
            (drop (call $environ_get (i32.const 100) (i32.const 300)))
            (call $print (i32.const 300) (i32.sub (i32.load (i32.const 20)) (i32.const 1)))
            """), arguments: ["hello", "x"], environment: ["A": "1", "B": "two"])
        #expect(r.exitCode == 0)
        #expect(r.output == "3hello2A=1\u{0}B=two")
    }

    @Test func standardInputAndExit() throws {
        // fd_read 10 bytes of stdin to 500, echo them, exit with the count read.
        let r = try Wasm.runWASI(wat: Self.command("""
            (i32.store (i32.const 32) (i32.const 500)) (i32.store (i32.const 36) (i32.const 10))
            (drop (call $fd_read (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 40)))
            (call $print (i32.const 500) (i32.load (i32.const 40)))
            (call $exit (i32.load (i32.const 40)))
            unreachable
            """), stdin: Array("abcdef".utf8))
        #expect(r.output == "abcdef")
        #expect(r.exitCode == 6)
        #expect(r.trap == nil)
    }

    @Test func trapsCarryABacktrace() throws {
        let r = try Wasm.runWASI(wat: """
            (module
              (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
              (func $middle (result i32) (call $inner (i32.const 0)))
              (func (export "_start") (drop (call $middle))))
            """)
        #expect(r.exitCode == 134)
        #expect(r.trap == "integer divide by zero")
        #expect(r.backtrace == ["inner", "middle", "func[2]"])
    }

    @Test func clocksRandomAndPoll() throws {
        // Monotonic time twice around a 5 ms poll_oneoff clock subscription: print 1 when the
        // second reading is at least 5 ms later; random_get fills 32 bytes (print 1 unless all zero).
        let r = try Wasm.runWASI(wat: Self.command("""
            (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 64)))
            ;; subscription at 128: userdata 7, clock, monotonic, 5 ms relative
            (i64.store (i32.const 128) (i64.const 7)) (i32.store8 (i32.const 136) (i32.const 0))
            (i32.store (i32.const 144) (i32.const 1)) (i64.store (i32.const 152) (i64.const 5000000))
            (i64.store (i32.const 160) (i64.const 0)) (i32.store16 (i32.const 168) (i32.const 0))
            (call $digit (call $poll_oneoff (i32.const 128) (i32.const 256) (i32.const 1) (i32.const 72)))
            (call $digit (i32.load (i32.const 72)))
            (call $digit (i32.wrap_i64 (i64.load (i32.const 256))))
            (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 80)))
            (call $digit (i64.ge_u (i64.sub (i64.load (i32.const 80)) (i64.load (i32.const 64))) (i64.const 5000000)))
            (call $digit (call $random_get (i32.const 600) (i32.const 32)))
            (call $digit (i32.or (i64.ne (i64.load (i32.const 600)) (i64.const 0)) (i64.ne (i64.load (i32.const 608)) (i64.const 0))))
            (call $digit (call $clock_res_get (i32.const 0) (i32.const 64)))
            (call $digit (i64.ne (i64.load (i32.const 64)) (i64.const 0)))
            ;; an unknown clock is EINVAL (28 = '0' + 28 = 'L')
            (call $digit (call $clock_time_get (i32.const 9) (i64.const 1) (i32.const 64)))
            """))
        #expect(r.output == "0171010" + "1L")
    }

    @Test func errnosOfBadCalls() throws {
        // Each call's errno as a character ('0' + errno).
        let r = try Wasm.runWASI(wat: Self.command("""
            (call $digit (call $fd_fdstat_get (i32.const 77) (i32.const 64)))       ;; EBADF 8
            (call $digit (call $fd_write (i32.const 1) (i32.const 65530) (i32.const 1) (i32.const 8)))  ;; EFAULT 21
            (call $digit (call $fd_prestat_get (i32.const 1) (i32.const 64)))       ;; EBADF 8: not a preopen
            (call $digit (call $sock_recv (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))  ;; ENOSYS 52
            (call $digit (call $proc_raise (i32.const 6)))                         ;; ENOSYS 52
            (call $digit (call $sched_yield))                                      ;; 0
            (call $digit (call $args_get (i32.const 65535) (i32.const 65535)))    ;; EFAULT 21
            """))
        #expect(Array(r.output.utf8).map { Int($0) - 48 } == [8, 21, 8, 52, 52, 0, 21])
    }

    @Test func preopensAreNumberedFromThree() throws {
        let t = try TemporaryDirectory()
        defer { t.remove() }
        try t.mkdir("a")
        try t.mkdir("b")
        let r = try Wasm.runWASI(wat: Self.command("""
            (call $digit (call $fd_prestat_get (i32.const 3) (i32.const 64)))
            (call $digit (i32.load (i32.const 68)))
            (drop (call $fd_prestat_dir_name (i32.const 3) (i32.const 700) (i32.const 5)))
            (call $print (i32.const 700) (i32.const 5))
            (drop (call $fd_prestat_get (i32.const 4) (i32.const 64)))
            (drop (call $fd_prestat_dir_name (i32.const 4) (i32.const 700) (i32.load (i32.const 68))))
            (call $print (i32.const 700) (i32.load (i32.const 68)))
            (call $digit (call $fd_prestat_get (i32.const 5) (i32.const 64)))
            (call $digit (call $fd_fdstat_get (i32.const 3) (i32.const 64)))
            (call $digit (i32.load8_u (i32.const 64)))
            """), preopens: [WASIPreopen(hostPath: t.path + "/a", guestPath: "first"),
                             WASIPreopen(hostPath: t.path + "/b", guestPath: "/data")])
        #expect(r.output == "05first/data803")
    }

    @Test func missingPreopenIsAnError() {
        #expect(throws: WasmError.self) {
            _ = try Wasm.runWASI(wat: Self.command("nop"), preopens: [WASIPreopen(hostPath: "/no/such/dir/anywhere")])
        }
    }

    /// A WASI instance and its store are freed together: the host functions capture the WASI
    /// environment, never the store.
    @Test func storeAndWASIAreFreed() throws {
        weak var weakStore: Store?
        weak var weakWASI: WASI?
        do {
            let store = Store()
            let wasi = try WASI(configuration: WASI.Configuration(stdout: .capture))
            weakStore = store
            weakWASI = wasi
            let module = try validatedWat(Self.command("(call $print (i32.const 1024) (i32.const 2))", data: "hi"))
            #expect(wasi.run(module, in: store).exitCode == 0)
            #expect(wasi.capturedStdout == Array("hi".utf8))
        }
        #expect(weakStore == nil)
        #expect(weakWASI == nil)
    }
}

/// WasmWASI defines every function of preview 1 that wasm-portability knows, with the witx
/// types, and nothing else.
@Suite struct PreviewOneTableTests {
    @Test func functionsAgreeWithThePortabilityTable() throws {
        let wasi = try WASI(configuration: WASI.Configuration())
        let defined = wasi.hostFunctions().map(\.0)
        #expect(Set(defined).count == defined.count)
        #expect(Set(defined) == Set(Portability.wasiPreview1Functions.keys))
        let types = Dictionary(uniqueKeysWithValues: wasi.hostFunctions().map { ($0.0, $0.1.type) })
        #expect(types["fd_write"] == FuncType(params: [.i32, .i32, .i32, .i32], results: [.i32]))
        #expect(types["proc_exit"] == FuncType(params: [.i32], results: []))
        #expect(types["path_open"] == FuncType(params: [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32], results: [.i32]))
        #expect(types["sched_yield"] == FuncType(params: [], results: [.i32]))
    }
}
