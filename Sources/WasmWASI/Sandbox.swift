#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Path resolution beneath a directory descriptor, the way capability-based hosts do it
/// (wasmtime's `cap-std`): a path is never joined to a host path and checked as a string, which
/// races with renames and misses symlinks. It is walked one component at a time from the
/// directory's descriptor: each directory is opened with `openat(O_NOFOLLOW)` relative to the
/// previous one; `..` pops back to the previous descriptor and fails at the root; a symlink is
/// never followed by the kernel: its target is read (`readlinkat`) and resolved by the same walk
/// inside the same sandbox (an absolute target or one climbing above the root fails). The last
/// component is handed to the operation as a single name relative to its parent's descriptor,
/// and operations pass `O_NOFOLLOW` / `AT_SYMLINK_NOFOLLOW`, so a symlink swapped in after the
/// walk makes the operation fail rather than escape.
enum Sandbox {
    /// What a path leading outside the sandbox fails with: `EPERM`, as wasmtime (`cap-std`)
    /// answers, so programs see the same errno under both.
    static let escape = Errno.permission

    /// Symlinks one resolution may expand before it fails with `ELOOP` (Linux's limit).
    static let maxSymlinks = 40

    /// How a directory is opened only to resolve names in it (`O_PATH`: no read permission
    /// needed, as the kernel's own walk needs none).
    #if os(Linux)
    static let searchFlags: Int32 = 0o10000000  // O_PATH (hidden behind _GNU_SOURCE in Glibc's module)
    #else
    static let searchFlags = O_RDONLY
    #endif

    /// Where a path ends: the descriptor of its last component's parent (owned by the value:
    /// `close()` it unless it is the root) and that component, a single name (`.` for a path
    /// naming the directory itself). `mustBeDirectory` when the path ended in `/`.
    struct Resolved {
        let directory: Int32
        let ownsDirectory: Bool
        let name: [CChar]
        let mustBeDirectory: Bool

        func close() {
            if ownsDirectory { closeDescriptor(directory) }
        }
    }

    /// Resolves `path` beneath `root`. With `followFinal`, a symlink in the last position is
    /// followed (inside the sandbox); without, the last component is returned as it is.
    static func resolve(_ path: [UInt8], beneath root: Int32, followFinal: Bool) -> Result<Resolved, Errno> {
        guard !path.isEmpty else { return .failure(.noEntry) }
        if path.contains(0) { return .failure(.invalid) }
        guard path[0] != UInt8(ascii: "/") else { return .failure(escape) }
        var walk = Walk(root: root)
        defer { walk.closeAll() }
        return walk.run(path, followFinal: followFinal)
    }

    /// Runs `operation` on the resolved last component, following a final symlink when asked
    /// (an operation that meets a symlink it must not follow reports `isSymlink`).
    static func withResolved<T>(_ path: [UInt8], beneath root: Int32, followFinal: Bool,
                                _ operation: (Resolved) -> Result<T, Errno>) -> Result<T, Errno> {
        switch resolve(path, beneath: root, followFinal: followFinal) {
        case .failure(let e): return .failure(e)
        case .success(let r):
            defer { r.close() }
            return operation(r)
        }
    }

    /// The target of the symlink `name` in `directory`, or nil when it is not a symlink.
    static func readLink(_ directory: Int32, _ name: UnsafePointer<CChar>) -> [UInt8]? {
        var size = 256
        while size <= 1 << 16 {
            var buffer = [UInt8](repeating: 0, count: size)
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let p = raw.baseAddress else { return -1 }
                return readlinkat(directory, name, p.assumingMemoryBound(to: CChar.self), size)
            }
            if n < 0 { return nil }
            if n < size { return Array(buffer[0..<n]) }
            size *= 4
        }
        return nil
    }

    /// The state of one walk: a stack of open directory descriptors (the root at the bottom,
    /// not owned) and the components still to visit (last first).
    private struct Walk {
        var directories: [Int32]
        var pending: [[UInt8]] = []
        var symlinks = 0
        var trailingSlash = false

        init(root: Int32) { directories = [root] }

        var top: Int32 { directories[directories.count - 1] }

        /// Queues a path's components (`a//b` is `a/b`; a trailing `/` is noted by the caller).
        mutating func push(_ path: [UInt8]) {
            for p in path.split(separator: UInt8(ascii: "/")).reversed() { pending.append(Array(p)) }
        }

        /// Replaces the component just read with a symlink's target.
        mutating func expand(_ target: [UInt8]) -> Errno? {
            symlinks += 1
            if symlinks > Sandbox.maxSymlinks { return .loop }
            guard let first = target.first else { return .noEntry }
            if first == UInt8(ascii: "/") { return Sandbox.escape }
            // A link in the last position whose target ends in `/` must name a directory.
            if target.last == UInt8(ascii: "/") && pending.isEmpty { trailingSlash = true }
            push(target)
            return nil
        }

        mutating func closeAll() {
            while directories.count > 1 { closeDescriptor(directories.removeLast()) }
        }

        mutating func run(_ path: [UInt8], followFinal: Bool) -> Result<Resolved, Errno> {
            trailingSlash = path.last == UInt8(ascii: "/")
            push(path)
            while let c = pending.popLast() {
                let isLast = pending.isEmpty
                if c == [UInt8(ascii: ".")] {
                    if isLast { return .success(finish([UInt8(ascii: ".")])) }
                    continue
                }
                if c == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                    // Above the root: the escape every sandbox test tries first.
                    guard directories.count > 1 else { return .failure(Sandbox.escape) }
                    closeDescriptor(directories.removeLast())
                    if isLast { return .success(finish([UInt8(ascii: ".")])) }
                    continue
                }
                var name = c.map { CChar(bitPattern: $0) }
                name.append(0)
                if isLast && !followFinal && !trailingSlash { return .success(finish(c)) }
                if isLast {
                    if let target = Sandbox.readLink(top, name) {
                        if let e = expand(target) { return .failure(e) }
                        continue
                    }
                    return .success(finish(c))
                }
                let fd = openat(top, name, Sandbox.searchFlags | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if fd >= 0 {
                    directories.append(fd)
                    continue
                }
                let e = errno
                if e == ENOTDIR || e == ELOOP, let target = Sandbox.readLink(top, name) {
                    if let err = expand(target) { return .failure(err) }
                    continue
                }
                return .failure(Errno(host: e))
            }
            return .success(finish([UInt8(ascii: ".")]))
        }

        /// Hands the top descriptor to the result (the walk no longer closes it).
        mutating func finish(_ last: [UInt8]) -> Resolved {
            var name = last.map { CChar(bitPattern: $0) }
            name.append(0)
            let owned = directories.count > 1
            let dir = owned ? directories.removeLast() : directories[0]
            return Resolved(directory: dir, ownsDirectory: owned, name: name, mustBeDirectory: trailingSlash)
        }
    }
}

/// `close(2)`, whose module differs between platforms.
@inline(__always) func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #elseif canImport(Musl)
    _ = Musl.close(fd)
    #elseif canImport(Darwin)
    _ = Darwin.close(fd)
    #endif
}
