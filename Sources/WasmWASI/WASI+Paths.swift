#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmInterpreter

// path_*: every path is resolved beneath a directory descriptor by `Sandbox`; nothing here
// joins strings into host paths.
extension WASI {
    /// The host descriptor of a directory the guest names as a path's base.
    func directory(_ fd: UInt32) throws(Errno) -> (host: Int32, descriptor: Descriptor) {
        let d = try descriptor(fd)
        guard let h = d.hostFD else { throw .badFileDescriptor }
        guard d.isDirectory else { throw .notDirectory }
        return (h, d)
    }

    /// A path argument: valid UTF-8 as WASI requires.
    func path(_ m: GuestMemory, _ address: UInt32, _ count: UInt32) throws(Errno) -> [UInt8] {
        let bytes = try m.string(address, count)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .illegalSequence }
        return bytes
    }

    /// Runs `operation` on the last component of `path` beneath directory `fd`.
    func resolving<T>(_ fd: UInt32, _ path: [UInt8], follow: Bool, mutates: Bool,
                      _ operation: (Sandbox.Resolved) throws(Errno) -> T) throws(Errno) -> T {
        let (root, d) = try directory(fd)
        if mutates && d.readOnly { throw .permission }
        let r = try Sandbox.resolve(path, beneath: root, followFinal: follow).get()
        defer { r.close() }
        return try operation(r)
    }

    /// Whether the resolved name is a directory (for paths ending in `/`).
    static func requireDirectory(_ r: Sandbox.Resolved) throws(Errno) {
        guard r.mustBeDirectory else { return }
        var st = stat()
        guard fstatat(r.directory, r.name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw Errno.last }
        guard FileType(mode: st.st_mode) == .directory else { throw .notDirectory }
    }

    func addPathFunctions(_ add: (String, [ValType], @escaping WASIBody) -> Void) {
        let i = ValType.i32, l = ValType.i64
        add("path_open", [i, i, i, i, i, l, l, i, i]) { a, m throws(Errno) in
            let fd = try self.openPath(a.u32(0), lookup: a.u32(1), try self.path(m, a.u32(2), a.u32(3)),
                                   oflags: UInt16(truncatingIfNeeded: a.u32(4)), rights: a.u64(5),
                                   inheriting: a.u64(6), fdflags: UInt16(truncatingIfNeeded: a.u32(7)))
            try m.store(fd, at: a.u32(8))
        }
        add("path_filestat_get", [i, i, i, i, i]) { a, m throws(Errno) in
            let p = try self.path(m, a.u32(2), a.u32(3))
            let st = try self.resolving(a.u32(0), p, follow: a.u32(1) & 1 != 0, mutates: false) { r throws(Errno) in
                var st = stat()
                guard fstatat(r.directory, r.name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw Errno.last }
                if r.mustBeDirectory && FileType(mode: st.st_mode) != .directory { throw .notDirectory }
                return st
            }
            try Self.putFilestat(st, at: a.u32(4), m)
        }
        add("path_filestat_set_times", [i, i, i, i, l, l, i]) { a, m throws(Errno) in
            let p = try self.path(m, a.u32(2), a.u32(3))
            var times = try Self.timespecs(a.u64(4), a.u64(5), a.u32(6))
            try self.resolving(a.u32(0), p, follow: a.u32(1) & 1 != 0, mutates: true) { r throws(Errno) in
                guard utimensat(r.directory, r.name, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw Errno.last }
            }
        }
        add("path_create_directory", [i, i, i]) { a, m throws(Errno) in
            try self.resolving(a.u32(0), try self.path(m, a.u32(1), a.u32(2)), follow: false, mutates: true) { r throws(Errno) in
                guard mkdirat(r.directory, r.name, 0o777) == 0 else { throw Errno.last }
            }
        }
        add("path_remove_directory", [i, i, i]) { a, m throws(Errno) in
            try self.resolving(a.u32(0), try self.path(m, a.u32(1), a.u32(2)), follow: false, mutates: true) { r throws(Errno) in
                guard unlinkat(r.directory, r.name, AT_REMOVEDIR) == 0 else { throw Errno.last }
            }
        }
        add("path_unlink_file", [i, i, i]) { a, m throws(Errno) in
            try self.resolving(a.u32(0), try self.path(m, a.u32(1), a.u32(2)), follow: false, mutates: true) { r throws(Errno) in
                if r.mustBeDirectory {
                    var st = stat()
                    guard fstatat(r.directory, r.name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw Errno.last }
                    throw FileType(mode: st.st_mode) == .directory ? .isDirectory : .notDirectory
                }
                guard unlinkat(r.directory, r.name, 0) == 0 else { throw Errno.last }
            }
        }
        add("path_rename", [i, i, i, i, i, i]) { a, m throws(Errno) in
            let from = try self.path(m, a.u32(1), a.u32(2))
            let to = try self.path(m, a.u32(4), a.u32(5))
            try self.resolving(a.u32(0), from, follow: false, mutates: true) { source throws(Errno) in
                try Self.requireDirectory(source)
                try self.resolving(a.u32(3), to, follow: false, mutates: true) { target throws(Errno) in
                    guard renameat(source.directory, source.name, target.directory, target.name) == 0 else { throw Errno.last }
                }
            }
        }
        add("path_link", [i, i, i, i, i, i, i]) { a, m throws(Errno) in
            let from = try self.path(m, a.u32(2), a.u32(3))
            let to = try self.path(m, a.u32(5), a.u32(6))
            // Following a symlink to link its target is refused, as wasmtime does.
            guard a.u32(1) & 1 == 0 else { throw .invalid }
            // A source below a read-only preopen is refused too: a second name for its file in
            // a writable preopen would let the program write the read-only file.
            try self.resolving(a.u32(0), from, follow: false, mutates: true) { source throws(Errno) in
                try self.resolving(a.u32(4), to, follow: false, mutates: true) { target throws(Errno) in
                    guard linkat(source.directory, source.name, target.directory, target.name, 0) == 0 else { throw Errno.last }
                }
            }
        }
        add("path_symlink", [i, i, i, i, i]) { a, m throws(Errno) in
            let target = try self.path(m, a.u32(0), a.u32(1))
            // A link to an absolute path could only ever be refused when followed; refuse it now.
            guard target.first != UInt8(ascii: "/") else { throw .permission }
            guard !target.contains(0) else { throw .invalid }
            var cTarget = target.map { CChar(bitPattern: $0) }
            cTarget.append(0)
            try self.resolving(a.u32(2), try self.path(m, a.u32(3), a.u32(4)), follow: false, mutates: true) { r throws(Errno) in
                guard symlinkat(cTarget, r.directory, r.name) == 0 else { throw Errno.last }
            }
        }
        add("path_readlink", [i, i, i, i, i, i]) { a, m throws(Errno) in
            let link = try self.resolving(a.u32(0), try self.path(m, a.u32(1), a.u32(2)), follow: false, mutates: false) { r throws(Errno) in
                guard let t = Sandbox.readLink(r.directory, r.name) else { throw Errno.last }
                return t
            }
            let n = min(link.count, Int(a.u32(4)))
            try m.write(Array(link[0..<n]), at: a.u32(3))
            try m.store(UInt32(n), at: a.u32(5))
        }
    }

    /// path_open: the new descriptor's number.
    func openPath(_ fd: UInt32, lookup: UInt32, _ path: [UInt8], oflags: UInt16, rights: UInt64,
              inheriting: UInt64, fdflags: UInt16) throws(Errno) -> UInt32 {
        let create = oflags & 1 != 0, wantsDirectory = oflags & 2 != 0, exclusive = oflags & 4 != 0, truncate = oflags & 8 != 0
        let writeRights = Rights.fdWrite | Rights.fdDatasync | Rights.fdAllocate | Rights.fdFilestatSetSize
        let writes = rights & writeRights != 0
        let reads = rights & (Rights.fdRead | Rights.fdReaddir) != 0
        let (_, parent) = try directory(fd)
        if parent.readOnly && (create || truncate || writes || fdflags & 1 != 0) { throw .permission }
        // O_CREAT|O_EXCL never follows a final symlink (POSIX): it fails with EEXIST instead.
        let follow = lookup & 1 != 0 && !(create && exclusive)
        var flags = O_CLOEXEC | O_NOFOLLOW
        if wantsDirectory {
            if writes { throw .isDirectory }
            flags |= O_RDONLY | O_DIRECTORY
        } else if writes {
            flags |= reads ? O_RDWR : O_WRONLY
        } else {
            flags |= O_RDONLY
        }
        if create { flags |= O_CREAT }
        if exclusive { flags |= O_EXCL }
        if truncate { flags |= O_TRUNC }
        if fdflags & 1 != 0 { flags |= O_APPEND }
        if fdflags & 2 != 0 { flags |= O_DSYNC }
        if fdflags & 4 != 0 { flags |= O_NONBLOCK }
        if fdflags & 8 != 0 { flags |= O_RSYNC }
        if fdflags & 16 != 0 { flags |= O_SYNC }
        let host = try resolving(fd, path, follow: follow, mutates: false) { r throws(Errno) -> Int32 in
            var f = flags
            if r.mustBeDirectory { f |= O_DIRECTORY }
            let h = openat(r.directory, r.name, f, 0o666)
            guard h >= 0 else {
                // A symlink met where it may not be followed (O_NOFOLLOW reports ENOTDIR with
                // O_DIRECTORY): ELOOP, as POSIX says.
                let e = errno
                if e == ENOTDIR && f & O_DIRECTORY != 0 && Sandbox.readLink(r.directory, r.name) != nil { throw .loop }
                throw Errno(host: e)
            }
            return h
        }
        var st = stat()
        guard fstat(host, &st) == 0 else {
            let e = Errno.last
            closeDescriptor(host)
            throw e
        }
        let type = FileType(mode: st.st_mode)
        let allowed = type == .directory ? Rights.directory : Rights.file
        let d = Descriptor(backing: .host(host, owned: true), type: type,
                           rightsBase: rights & allowed & parent.rightsInheriting,
                           rightsInheriting: inheriting & parent.rightsInheriting,
                           flags: fdflags & (1 | 2 | 4 | 8 | 16), preopenName: nil, readOnly: parent.readOnly, listing: nil)
        guard let n = descriptors.insert(d) else {
            closeDescriptor(host)
            throw .tooManyOpenFiles
        }
        return n
    }
}
