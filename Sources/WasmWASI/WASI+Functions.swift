#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmInterpreter

/// A WASI function's implementation: its arguments and the caller's memory; it returns by
/// success or throws the errno the guest receives.
typealias WASIBody = (Arguments, GuestMemory) throws(Errno) -> Void

extension WASI {
    /// Every function of `wasi_snapshot_preview1`, with the types the witx gives them.
    func hostFunctions() -> [(String, HostFunction)] {
        let i = ValType.i32, l = ValType.i64
        var table: [(String, HostFunction)] = []
        func add(_ name: String, _ params: [ValType], _ body: @escaping WASIBody) {
            table.append((name, HostFunction(type: FuncType(params: params, results: [.i32])) { caller, values in
                let args = Arguments(values: values)
                let errno: Errno = caller.withMemory { buffer in
                    do throws(Errno) {
                        try body(args, GuestMemory(buffer: buffer))
                        return .success
                    } catch {
                        return error
                    }
                }
                return [.i32(UInt32(errno.rawValue))]
            }))
        }

        add("args_get", [i, i]) { a, m throws(Errno) in try self.putStrings(self.configuration.arguments, a.u32(0), a.u32(1), m) }
        add("args_sizes_get", [i, i]) { a, m throws(Errno) in try self.putSizes(self.configuration.arguments, a.u32(0), a.u32(1), m) }
        add("environ_get", [i, i]) { a, m throws(Errno) in try self.putStrings(self.configuration.environment, a.u32(0), a.u32(1), m) }
        add("environ_sizes_get", [i, i]) { a, m throws(Errno) in try self.putSizes(self.configuration.environment, a.u32(0), a.u32(1), m) }
        add("clock_res_get", [i, i]) { a, m throws(Errno) in
            var ts = timespec()
            guard clock_getres(try Self.hostClock(a.u32(0)), &ts) == 0 else { throw Errno.last }
            try m.store(Self.nanoseconds(ts), at: a.u32(1))
        }
        add("clock_time_get", [i, l, i]) { a, m throws(Errno) in
            try m.store(try Self.now(a.u32(0)), at: a.u32(2))
        }
        add("random_get", [i, i]) { a, m throws(Errno) in try Self.fillRandom(try m.bytes(a.u32(0), a.u32(1))) }
        add("sched_yield", []) { _, _ throws(Errno) in _ = sched_yield() }
        add("proc_raise", [i]) { _, _ throws(Errno) in throw .noSys }
        add("poll_oneoff", [i, i, i, i]) { a, m throws(Errno) in try self.pollOneoff(a, m) }
        for (name, params) in [("sock_accept", [i, i, i]), ("sock_recv", [i, i, i, i, i, i]),
                               ("sock_send", [i, i, i, i, i]), ("sock_shutdown", [i, i])] {
            add(name, params) { _, _ throws(Errno) in throw .noSys }
        }
        table.append(("proc_exit", HostFunction(type: FuncType(params: [i])) { args in
            throw Diagnostic.exit(Int32(bitPattern: Arguments(values: args).u32(0)))
        }))
        addDescriptorFunctions(add)
        addPathFunctions(add)
        return table
    }

    // MARK: Arguments and environment

    /// `args_get` / `environ_get`: pointers to NUL-terminated strings at `list`, the strings
    /// packed at `buffer`.
    func putStrings(_ strings: [String], _ list: UInt32, _ buffer: UInt32, _ m: GuestMemory) throws(Errno) {
        var at = buffer
        for (k, s) in strings.enumerated() {
            try m.store(at, at: list &+ UInt32(k) * 4)
            var bytes = Array(s.utf8)
            bytes.append(0)
            try m.write(bytes, at: at)
            at &+= UInt32(bytes.count)
        }
    }

    func putSizes(_ strings: [String], _ count: UInt32, _ size: UInt32, _ m: GuestMemory) throws(Errno) {
        try m.store(UInt32(strings.count), at: count)
        try m.store(UInt32(strings.reduce(0) { $0 + $1.utf8.count + 1 }), at: size)
    }

    // MARK: Clocks and random

    static func hostClock(_ id: UInt32) throws(Errno) -> clockid_t {
        switch id {
        case 0: return CLOCK_REALTIME
        case 1: return CLOCK_MONOTONIC
        case 2: return CLOCK_PROCESS_CPUTIME_ID
        case 3: return CLOCK_THREAD_CPUTIME_ID
        default: throw .invalid
        }
    }

    static func nanoseconds(_ ts: timespec) -> UInt64 {
        UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func now(_ id: UInt32) throws(Errno) -> UInt64 {
        var ts = timespec()
        guard clock_gettime(try hostClock(id), &ts) == 0 else { throw Errno.last }
        return nanoseconds(ts)
    }

    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) throws(Errno) {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return }
            // getentropy: at most 256 bytes a call, never short, never blocks once seeded.
            let n = min(256, buffer.count - done)
            if getentropy(base + done, n) != 0 {
                if errno == EINTR { continue }
                throw Errno.last
            }
            done += n
        }
    }

    // MARK: poll_oneoff

    /// Clock subscriptions sleep until the earliest one is due; descriptor subscriptions are
    /// ready at once for files and buffers, and polled for host streams.
    func pollOneoff(_ a: Arguments, _ m: GuestMemory) throws(Errno) {
        let input = a.u32(0), output = a.u32(1), count = a.u32(2)
        guard count > 0 else { throw .invalid }
        guard count <= 1 << 12 else { throw .invalid }
        struct Ready { var userdata: UInt64; var error: Errno; var type: UInt8; var bytes: UInt64 }
        var ready: [Ready] = []
        var earliest: (deadline: UInt64, userdata: UInt64)?
        var polled: [(fd: Int32, events: Int16, userdata: UInt64, type: UInt8)] = []
        let start = try Self.now(1)
        for k in 0..<count {
            let s = input &+ k * 48
            let userdata = try m.load(s, as: UInt64.self)
            let tag = try m.load(s &+ 8, as: UInt8.self)
            switch tag {
            case 0:
                let clock = try m.u32(s &+ 16)
                let timeout = try m.load(s &+ 24, as: UInt64.self)
                let flags = try m.load(s &+ 40, as: UInt16.self)
                var deadline: UInt64
                if flags & 1 != 0 {
                    // Absolute: convert the deadline on its clock to the monotonic clock.
                    let nowOnClock: UInt64
                    do throws(Errno) { nowOnClock = try Self.now(clock) } catch {
                        ready.append(Ready(userdata: userdata, error: error, type: 0, bytes: 0))
                        continue
                    }
                    deadline = start &+ (timeout > nowOnClock ? timeout - nowOnClock : 0)
                } else {
                    do throws(Errno) { _ = try Self.hostClock(clock) } catch {
                        ready.append(Ready(userdata: userdata, error: error, type: 0, bytes: 0))
                        continue
                    }
                    deadline = start &+ timeout
                    if deadline < start { deadline = UInt64.max }
                }
                if earliest == nil || deadline < earliest!.deadline { earliest = (deadline, userdata) }
            case 1, 2:
                let fd = try m.u32(s &+ 16)
                guard let d = descriptors[fd] else {
                    ready.append(Ready(userdata: userdata, error: .badFileDescriptor, type: tag, bytes: 0))
                    continue
                }
                if case .host(let h, _) = d.backing, d.type != .regularFile {
                    polled.append((h, tag == 1 ? Int16(POLLIN) : Int16(POLLOUT), userdata, tag))
                } else {
                    var bytes: UInt64 = 0
                    if tag == 1, case .input(let b) = d.backing { bytes = UInt64(b.bytes.count - b.offset) }
                    ready.append(Ready(userdata: userdata, error: .success, type: tag, bytes: bytes))
                }
            default:
                throw .invalid
            }
        }
        if ready.isEmpty {
            var timeoutMS: Int32 = -1
            if let e = earliest {
                let now = try Self.now(1)
                let wait = e.deadline > now ? e.deadline - now : 0
                timeoutMS = Int32(clamping: (wait + 999_999) / 1_000_000)
                if polled.isEmpty {
                    var ts = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
                    var rest = timespec()
                    while nanosleep(&ts, &rest) != 0 && errno == EINTR { ts = rest }
                    ready.append(Ready(userdata: e.userdata, error: .success, type: 0, bytes: 0))
                }
            }
            if !polled.isEmpty {
                var fds = polled.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
                let n = poll(&fds, nfds_t(fds.count), timeoutMS)
                if n < 0 { throw Errno.last }
                for (k, p) in fds.enumerated() where p.revents != 0 {
                    var error = Errno.success
                    if p.revents & Int16(POLLNVAL) != 0 { error = .badFileDescriptor }
                    ready.append(Ready(userdata: polled[k].userdata, error: error, type: polled[k].type, bytes: 0))
                }
                if n == 0, let e = earliest { ready.append(Ready(userdata: e.userdata, error: .success, type: 0, bytes: 0)) }
            }
        }
        for (k, r) in ready.enumerated() {
            let e = output &+ UInt32(k) * 32
            try m.store(r.userdata, at: e)
            try m.store(r.error.rawValue, at: e &+ 8)
            try m.store(r.type, at: e &+ 10)
            try m.store(r.bytes, at: e &+ 16)
            try m.store(UInt16(0), at: e &+ 24)
        }
        try m.store(UInt32(ready.count), at: a.u32(3))
    }
}
