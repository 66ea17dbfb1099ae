// What a module asks of WASI preview 1: which of its functions, grouped by the capability they
// give (a host may offer clocks and random but no file system, or only standard streams).
import WasmCore

/// A capability WASI preview 1 functions give a program.
public enum WASICapability: String, Sendable, Hashable, CaseIterable {
    /// `args_*`, `environ_*`: the command line and environment variables.
    case argumentsAndEnvironment = "args-environ"
    /// `fd_read`, `fd_write`, `fd_seek`, `fd_close`, `fd_fdstat_*` …: reading and writing open
    /// descriptors; standard input, output and error at least.
    case streams
    /// `path_*`, `fd_prestat_*`, `fd_readdir`, `fd_filestat_*` …: files and directories, below
    /// what the host preopens (`--dir`).
    case fileSystem = "filesystem"
    /// `clock_time_get`, `clock_res_get`.
    case clocks
    /// `random_get`.
    case random
    /// `poll_oneoff`: waiting on clocks and descriptors.
    case polling
    /// `proc_exit`, `proc_raise`, `sched_yield`.
    case process
    /// `sock_*`: sockets the host handed over.
    case sockets

    public var displayName: String {
        switch self {
        case .argumentsAndEnvironment: return "args/environ"
        case .streams: return "streams"
        case .fileSystem: return "files (needs preopened directories)"
        case .clocks: return "clocks"
        case .random: return "random"
        case .polling: return "polling"
        case .process: return "process"
        case .sockets: return "sockets"
        }
    }
}

/// A module's use of WASI preview 1.
public struct WASIUsage: Sendable, Hashable {
    /// The capabilities its imports need, in `WASICapability` order.
    public var capabilities: [WASICapability]
    /// The preview 1 functions it imports, in import order.
    public var functions: [String]
    /// Imports under a WASI module name that preview 1 does not define (a typo, or a later
    /// WASI): no preview 1 host can link them.
    public var unknown: [String]
}

extension Portability {
    /// Every function of `wasi_snapshot_preview1` (the witx) and the capability it belongs to.
    /// WasmWASI defines exactly these (a test checks the two agree).
    public static let wasiPreview1Functions: [String: WASICapability] = [
        "args_get": .argumentsAndEnvironment, "args_sizes_get": .argumentsAndEnvironment,
        "environ_get": .argumentsAndEnvironment, "environ_sizes_get": .argumentsAndEnvironment,
        "clock_res_get": .clocks, "clock_time_get": .clocks,
        "fd_advise": .streams, "fd_allocate": .fileSystem, "fd_close": .streams, "fd_datasync": .streams,
        "fd_fdstat_get": .streams, "fd_fdstat_set_flags": .streams, "fd_fdstat_set_rights": .streams,
        "fd_filestat_get": .fileSystem, "fd_filestat_set_size": .fileSystem, "fd_filestat_set_times": .fileSystem,
        "fd_pread": .fileSystem, "fd_prestat_get": .fileSystem, "fd_prestat_dir_name": .fileSystem,
        "fd_pwrite": .fileSystem, "fd_read": .streams, "fd_readdir": .fileSystem, "fd_renumber": .streams,
        "fd_seek": .streams, "fd_sync": .streams, "fd_tell": .streams, "fd_write": .streams,
        "path_create_directory": .fileSystem, "path_filestat_get": .fileSystem,
        "path_filestat_set_times": .fileSystem, "path_link": .fileSystem, "path_open": .fileSystem,
        "path_readlink": .fileSystem, "path_remove_directory": .fileSystem, "path_rename": .fileSystem,
        "path_symlink": .fileSystem, "path_unlink_file": .fileSystem,
        "poll_oneoff": .polling, "proc_exit": .process, "proc_raise": .process, "sched_yield": .process,
        "random_get": .random,
        "sock_accept": .sockets, "sock_recv": .sockets, "sock_send": .sockets, "sock_shutdown": .sockets,
    ]

    static func wasiUsage(_ host: HostInterface) -> WASIUsage? {
        var functions: [String] = []
        var unknown: [String] = []
        var found = Set<WASICapability>()
        for g in host.groups {
            for item in g.items where item.abi == .wasiPreview1 {
                if let c = wasiPreview1Functions[item.name], item.kind == .func {
                    functions.append(item.name)
                    found.insert(c)
                } else {
                    unknown.append(item.name)
                }
            }
        }
        if functions.isEmpty && unknown.isEmpty { return nil }
        return WASIUsage(capabilities: WASICapability.allCases.filter(found.contains), functions: functions, unknown: unknown)
    }
}
