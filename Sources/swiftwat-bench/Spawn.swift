// Whole-process measurements of a child: wall time from posix_spawn to wait4, and its peak RSS.
// The peak RSS does not come from our own wait4: Linux carries the exec'ing process's old
// high-water mark into ru_maxrss, and posix_spawn execs from a vfork of this (large) process, so
// every child would look at least as big as swiftwat-bench. GNU time forks from its own tiny
// process and reports its child's figure; without it the RSS is reported as unavailable.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

struct ProcessResult {
    var seconds: Double
    var exitStatus: Int32
    /// Nil when the child exited; else the signal that ended it.
    var signal: Int32?
    var succeeded: Bool { signal == nil && exitStatus == 0 }
}

enum Spawn {
    /// Runs `path` with `arguments` (argv[0] is `path`), stdout and stderr to `outputPath`
    /// (default /dev/null), and waits for it.
    static func run(_ path: String, _ arguments: [String], outputPath: String = "/dev/null") -> ProcessResult? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }

        var pid: pid_t = 0
        let start = Measure.now()
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return nil }
        }
        let elapsed = Measure.now() - start
        // The wait status macros are not imported into Swift: decode them by hand.
        let termSignal = status & 0x7f
        return ProcessResult(seconds: elapsed,
                             exitStatus: (status >> 8) & 0xff,
                             signal: termSignal == 0 ? nil : termSignal)
    }

    static let timeTool = "/usr/bin/time"

    /// The peak RSS in KiB of one run of `path`, measured by GNU time; nil without it.
    static func peakRSS(_ path: String, _ arguments: [String], scratch: String) -> Int? {
        guard access(timeTool, X_OK) == 0 else { return nil }
        unlink(scratch)
        guard let r = run(timeTool, ["-f", "%M", "-o", scratch, path] + arguments), r.succeeded,
              case .success(let bytes) = FileIO.read(scratch) else { return nil }
        defer { unlink(scratch) }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").last.flatMap { Int($0.filter { $0.isNumber }) }
    }

    /// The first executable named `name` in `directories`, then on PATH.
    static func find(_ name: String, in directories: [String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        var dirs = directories
        if let path = getenv("PATH") {
            dirs += String(cString: path).split(separator: ":").map(String.init)
        }
        for d in dirs where access(d + "/" + name, X_OK) == 0 { return d + "/" + name }
        return nil
    }
}
