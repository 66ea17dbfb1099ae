// WASI preview 1 (`wasi_snapshot_preview1`) as host functions over a `Store`. What the guest
// reaches of the host file system is what the embedder preopens, resolved by `Sandbox`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmInterpreter

/// One WASI environment: arguments, environment variables, preopened directories, standard
/// streams and the guest's descriptor table. Define it in a store (`define(in:)`), instantiate
/// a module that imports `wasi_snapshot_preview1`, and `start` it.
///
/// The host functions capture this object, never the store, so a store and its WASI are freed
/// together. Not thread-safe, like the store.
public final class WASI {
    /// The import module name of WASI preview 1.
    public static let moduleName = "wasi_snapshot_preview1"

    /// A host directory the guest may use, under the name `guestPath`.
    public struct Preopen: Sendable {
        public var hostPath: String
        public var guestPath: String
        /// Nothing below it may be created, written, renamed or removed (`EPERM`).
        public var readOnly: Bool

        public init(hostPath: String, guestPath: String? = nil, readOnly: Bool = false) {
            self.hostPath = hostPath
            self.guestPath = guestPath ?? hostPath
            self.readOnly = readOnly
        }
    }

    /// Where standard input comes from.
    public enum Input: Sendable {
        /// The host process's standard input.
        case inherit
        /// These bytes, then end of file.
        case bytes([UInt8])
        /// End of file at once.
        case empty
    }

    /// Where standard output or error goes.
    public enum Output: Sendable {
        /// The host process's standard output (or error).
        case inherit
        /// Kept in memory: `capturedStdout` / `capturedStderr`.
        case capture
        /// Dropped.
        case discard
    }

    public struct Configuration: Sendable {
        /// `argv`, starting with the program's name.
        public var arguments: [String] = []
        /// `KEY=VALUE` strings.
        public var environment: [String] = []
        public var preopens: [Preopen] = []
        public var stdin: Input = .inherit
        public var stdout: Output = .inherit
        public var stderr: Output = .inherit

        public init(arguments: [String] = [], environment: [String] = [], preopens: [Preopen] = [],
                    stdin: Input = .inherit, stdout: Output = .inherit, stderr: Output = .inherit) {
            self.arguments = arguments
            self.environment = environment
            self.preopens = preopens
            self.stdin = stdin
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    public let configuration: Configuration
    var descriptors = DescriptorTable()
    let stdoutBuffer: OutputBuffer?
    let stderrBuffer: OutputBuffer?

    /// What the guest wrote to standard output, when captured.
    public var capturedStdout: [UInt8] { stdoutBuffer?.bytes ?? [] }
    /// What the guest wrote to standard error, when captured.
    public var capturedStderr: [UInt8] { stderrBuffer?.bytes ?? [] }

    /// Opens the preopened directories; a missing one is an error naming it.
    public init(configuration: Configuration) throws(Diagnostic) {
        self.configuration = configuration
        switch configuration.stdin {
        case .inherit: descriptors.place(Self.stream(.host(0, owned: false), hostFD: 0), at: 0)
        case .bytes(let b): descriptors.place(Self.stream(.input(InputBuffer(b)), hostFD: nil), at: 0)
        case .empty: descriptors.place(Self.stream(.null, hostFD: nil), at: 0)
        }
        var buffers: [OutputBuffer?] = []
        for (fd, output) in [(Int32(1), configuration.stdout), (Int32(2), configuration.stderr)] {
            switch output {
            case .inherit:
                descriptors.place(Self.stream(.host(fd, owned: false), hostFD: fd), at: UInt32(fd))
                buffers.append(nil)
            case .capture:
                let b = OutputBuffer()
                descriptors.place(Self.stream(.output(b), hostFD: nil), at: UInt32(fd))
                buffers.append(b)
            case .discard:
                descriptors.place(Self.stream(.null, hostFD: nil), at: UInt32(fd))
                buffers.append(nil)
            }
        }
        stdoutBuffer = buffers[0]
        stderrBuffer = buffers[1]
        for p in configuration.preopens {
            let fd = openat(AT_FDCWD, p.hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                let why = String(cString: strerror(errno))
                descriptors.closeAll()
                throw Diagnostic(.link, "cannot open directory \(p.hostPath) for --dir: \(why)")
            }
            let d = Descriptor(backing: .host(fd, owned: true), type: .directory,
                               rightsBase: Rights.directory, rightsInheriting: Rights.directory | Rights.file,
                               flags: 0, preopenName: Array(p.guestPath.utf8), readOnly: p.readOnly, listing: nil)
            _ = descriptors.insert(d)
        }
    }

    deinit { descriptors.closeAll() }

    /// A standard stream: a terminal or pipe cannot seek; a host file given as a stream can.
    static func stream(_ backing: Backing, hostFD: Int32?) -> Descriptor {
        var type = FileType.characterDevice
        var rights = Rights.stream
        if let fd = hostFD {
            var st = stat()
            if fstat(fd, &st) == 0 {
                type = FileType(mode: st.st_mode)
                if type == .regularFile { rights = Rights.file }
            }
        }
        return Descriptor(backing: backing, type: type, rightsBase: rights, rightsInheriting: 0,
                          flags: 0, preopenName: nil, readOnly: false, listing: nil)
    }

    // MARK: Running

    /// Registers the WASI functions in `store` as `wasi_snapshot_preview1`, so modules
    /// instantiated there import them.
    public func define(in store: Store) {
        var exports: [String: ExternalValue] = [:]
        for (name, f) in hostFunctions() { exports[name] = .function(store.allocateFunction(f)) }
        store.register(exports, as: Self.moduleName)
    }

    /// Runs a command module's `_start`. Returns the exit status: 0 when `_start` returns, the
    /// `proc_exit` code otherwise. A trap is thrown.
    public func start(_ instance: Instance) throws(Diagnostic) -> Int32 {
        guard case .function(let f)? = instance.export("_start") else {
            throw Diagnostic(.link, "the module exports no _start function (not a WASI command)")
        }
        do {
            _ = try instance.store.invoke(f, [])
        } catch {
            if error.phase == .exit { return error.exitCode ?? 0 }
            throw error
        }
        return 0
    }

    /// Runs a reactor module's `_initialize`, if it has one (before calling its exports).
    public func initialize(_ instance: Instance) throws(Diagnostic) {
        if case .function(let f)? = instance.export("_initialize") { _ = try instance.store.invoke(f, []) }
    }
}
