#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmInterpreter

// fd_*: reading, writing, seeking and inspecting open descriptors.
extension WASI {
    func descriptor(_ fd: UInt32) throws(Errno) -> Descriptor {
        guard let d = descriptors[fd] else { throw .badFileDescriptor }
        return d
    }

    func hostDescriptor(_ fd: UInt32) throws(Errno) -> Int32 {
        guard let h = try descriptor(fd).hostFD else { throw .badFileDescriptor }
        return h
    }

    func addDescriptorFunctions(_ add: (String, [ValType], @escaping WASIBody) -> Void) {
        let i = ValType.i32, l = ValType.i64
        add("fd_write", [i, i, i, i]) { a, m throws(Errno) in
            try m.store(UInt32(try self.write(a.u32(0), try m.vectors(a.u32(1), a.u32(2)), at: nil)), at: a.u32(3))
        }
        add("fd_pwrite", [i, i, i, l, i]) { a, m throws(Errno) in
            try m.store(UInt32(try self.write(a.u32(0), try m.vectors(a.u32(1), a.u32(2)), at: a.u64(3))), at: a.u32(4))
        }
        add("fd_read", [i, i, i, i]) { a, m throws(Errno) in
            try m.store(UInt32(try self.read(a.u32(0), try m.vectors(a.u32(1), a.u32(2)), at: nil)), at: a.u32(3))
        }
        add("fd_pread", [i, i, i, l, i]) { a, m throws(Errno) in
            try m.store(UInt32(try self.read(a.u32(0), try m.vectors(a.u32(1), a.u32(2)), at: a.u64(3))), at: a.u32(4))
        }
        add("fd_seek", [i, l, i, i]) { a, m throws(Errno) in
            let whence: Int32
            switch a.u32(2) {
            case 0: whence = SEEK_SET
            case 1: whence = SEEK_CUR
            case 2: whence = SEEK_END
            default: throw .invalid
            }
            try m.store(try self.seek(a.u32(0), Int64(bitPattern: a.u64(1)), whence), at: a.u32(3))
        }
        add("fd_tell", [i, i]) { a, m throws(Errno) in try m.store(try self.seek(a.u32(0), 0, SEEK_CUR), at: a.u32(1)) }
        add("fd_close", [i]) { a, _ throws(Errno) in
            guard self.descriptors.remove(a.u32(0)) != nil else { throw .badFileDescriptor }
        }
        add("fd_sync", [i]) { a, _ throws(Errno) in try self.sync(a.u32(0), data: false) }
        add("fd_datasync", [i]) { a, _ throws(Errno) in try self.sync(a.u32(0), data: true) }
        add("fd_fdstat_get", [i, i]) { a, m throws(Errno) in
            let d = try self.descriptor(a.u32(0))
            let at = a.u32(1)
            _ = try m.bytes(at, 24).initializeMemory(as: UInt8.self, repeating: 0)
            try m.store(d.type.rawValue, at: at)
            try m.store(d.flags, at: at &+ 2)
            try m.store(d.rightsBase, at: at &+ 8)
            try m.store(d.rightsInheriting, at: at &+ 16)
        }
        add("fd_fdstat_set_flags", [i, i]) { a, _ throws(Errno) in try self.setFlags(a.u32(0), UInt16(truncatingIfNeeded: a.u32(1))) }
        add("fd_fdstat_set_rights", [i, l, l]) { a, _ throws(Errno) in
            var d = try self.descriptor(a.u32(0))
            // Rights only shrink.
            guard a.u64(1) & ~d.rightsBase == 0, a.u64(2) & ~d.rightsInheriting == 0 else { throw .notCapable }
            d.rightsBase = a.u64(1)
            d.rightsInheriting = a.u64(2)
            self.descriptors[a.u32(0)] = d
        }
        add("fd_filestat_get", [i, i]) { a, m throws(Errno) in
            let d = try self.descriptor(a.u32(0))
            var st = stat()
            if let h = d.hostFD {
                guard fstat(h, &st) == 0 else { throw Errno.last }
                try Self.putFilestat(st, at: a.u32(1), m)
            } else {
                _ = try m.bytes(a.u32(1), 64).initializeMemory(as: UInt8.self, repeating: 0)
                try m.store(d.type.rawValue, at: a.u32(1) &+ 16)
            }
        }
        add("fd_filestat_set_size", [i, l]) { a, _ throws(Errno) in
            let d = try self.writableDescriptor(a.u32(0))
            guard let h = d.hostFD else { throw .badFileDescriptor }
            guard a.u64(1) <= UInt64(Int64.max) else { throw .invalid }
            guard ftruncate(h, off_t(a.u64(1))) == 0 else { throw Errno.last }
        }
        add("fd_filestat_set_times", [i, l, l, i]) { a, _ throws(Errno) in
            let d = try self.writableDescriptor(a.u32(0))
            guard let h = d.hostFD else { throw .badFileDescriptor }
            var times = try Self.timespecs(a.u64(1), a.u64(2), a.u32(3))
            guard futimens(h, &times) == 0 else { throw Errno.last }
        }
        add("fd_advise", [i, l, l, i]) { a, _ throws(Errno) in
            _ = try self.descriptor(a.u32(0))
            guard a.u32(3) <= 5 else { throw .invalid }
        }
        add("fd_allocate", [i, l, l]) { a, _ throws(Errno) in
            let d = try self.writableDescriptor(a.u32(0))
            guard let h = d.hostFD, d.type == .regularFile else { throw .badFileDescriptor }
            let (end, o) = a.u64(1).addingReportingOverflow(a.u64(2))
            guard !o, end <= UInt64(Int64.max) else { throw .fileTooBig }
            var st = stat()
            guard fstat(h, &st) == 0 else { throw Errno.last }
            if Int64(end) > Int64(st.st_size) { guard ftruncate(h, off_t(end)) == 0 else { throw Errno.last } }
        }
        add("fd_prestat_get", [i, i]) { a, m throws(Errno) in
            guard let name = try self.descriptor(a.u32(0)).preopenName else { throw .badFileDescriptor }
            try m.store(UInt32(0), at: a.u32(1))
            try m.store(UInt32(name.count), at: a.u32(1) &+ 4)
        }
        add("fd_prestat_dir_name", [i, i, i]) { a, m throws(Errno) in
            guard let name = try self.descriptor(a.u32(0)).preopenName else { throw .badFileDescriptor }
            guard a.u32(2) >= UInt32(name.count) else { throw .nameTooLong }
            try m.write(name, at: a.u32(1))
        }
        add("fd_renumber", [i, i]) { a, _ throws(Errno) in
            let from = a.u32(0), to = a.u32(1)
            let d = try self.descriptor(from)
            _ = try self.descriptor(to)
            if from == to { return }
            _ = self.descriptors.remove(to)
            self.descriptors.place(d, at: to)
            self.descriptors[from] = nil
        }
        add("fd_readdir", [i, i, i, l, i]) { a, m throws(Errno) in
            try m.store(try self.readDirectory(a.u32(0), try m.bytes(a.u32(1), a.u32(2)), cookie: a.u64(3)), at: a.u32(4))
        }
    }

    /// A descriptor that may change the file system (not below a read-only preopen).
    func writableDescriptor(_ fd: UInt32) throws(Errno) -> Descriptor {
        let d = try descriptor(fd)
        if d.readOnly { throw .permission }
        return d
    }

    // MARK: Reading and writing

    func write(_ fd: UInt32, _ buffers: [UnsafeMutableRawBufferPointer], at offset: UInt64?) throws(Errno) -> Int {
        let d = try descriptor(fd)
        switch d.backing {
        case .null:
            return buffers.reduce(0) { $0 + $1.count }
        case .output(let out):
            guard offset == nil else { throw .invalidSeek }
            var n = 0
            for b in buffers { out.bytes.append(contentsOf: b); n += b.count }
            return n
        case .input:
            throw .badFileDescriptor
        case .host(let h, _):
            var iov = buffers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
            while true {
                let n: Int
                if let offset {
                    guard offset <= UInt64(Int64.max) else { throw .invalid }
                    n = pwritev(h, &iov, Int32(iov.count), off_t(offset))
                } else {
                    n = writev(h, &iov, Int32(iov.count))
                }
                if n >= 0 { return n }
                if errno != EINTR { throw Errno.last }
            }
        }
    }

    func read(_ fd: UInt32, _ buffers: [UnsafeMutableRawBufferPointer], at offset: UInt64?) throws(Errno) -> Int {
        let d = try descriptor(fd)
        switch d.backing {
        case .null:
            return 0
        case .output:
            throw .badFileDescriptor
        case .input(let input):
            guard offset == nil else { throw .invalidSeek }
            var n = 0
            for b in buffers {
                let take = min(b.count, input.bytes.count - input.offset)
                if take == 0 { break }
                input.bytes.withUnsafeBytes { src in
                    if let s = src.baseAddress, let t = b.baseAddress { t.copyMemory(from: s + input.offset, byteCount: take) }
                }
                input.offset += take
                n += take
            }
            return n
        case .host(let h, _):
            if d.isDirectory { throw .isDirectory }
            var iov = buffers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
            while true {
                let n: Int
                if let offset {
                    guard offset <= UInt64(Int64.max) else { throw .invalid }
                    n = preadv(h, &iov, Int32(iov.count), off_t(offset))
                } else {
                    n = readv(h, &iov, Int32(iov.count))
                }
                if n >= 0 { return n }
                if errno != EINTR { throw Errno.last }
            }
        }
    }

    func seek(_ fd: UInt32, _ offset: Int64, _ whence: Int32) throws(Errno) -> UInt64 {
        let d = try descriptor(fd)
        guard let h = d.hostFD else { throw .invalidSeek }
        if d.isDirectory { throw .badFileDescriptor }
        let r = lseek(h, off_t(offset), whence)
        guard r >= 0 else { throw Errno.last }
        return UInt64(r)
    }

    func sync(_ fd: UInt32, data: Bool) throws(Errno) {
        let d = try descriptor(fd)
        guard let h = d.hostFD else { return }
        #if os(Linux)
        let r = data ? fdatasync(h) : fsync(h)
        #else
        let r = fsync(h)
        #endif
        guard r == 0 else { throw Errno.last }
    }

    func setFlags(_ fd: UInt32, _ flags: UInt16) throws(Errno) {
        var d = try descriptor(fd)
        if let h = d.hostFD {
            let current = fcntl(h, F_GETFL)
            guard current >= 0 else { throw Errno.last }
            var next = current & ~(O_APPEND | O_NONBLOCK)
            if flags & 1 != 0 { next |= O_APPEND }
            if flags & 4 != 0 { next |= O_NONBLOCK }
            guard fcntl(h, F_SETFL, next) == 0 else { throw Errno.last }
        }
        d.flags = flags & (1 | 4)
        descriptors[fd] = d
    }

    // MARK: Stat

    /// WASI's `filestat` (64 bytes) from a host `stat`.
    static func putFilestat(_ st: stat, at address: UInt32, _ m: GuestMemory) throws(Errno) {
        _ = try m.bytes(address, 64).initializeMemory(as: UInt8.self, repeating: 0)
        try m.store(UInt64(st.st_dev), at: address)
        try m.store(UInt64(st.st_ino), at: address &+ 8)
        try m.store(FileType(mode: st.st_mode).rawValue, at: address &+ 16)
        try m.store(UInt64(st.st_nlink), at: address &+ 24)
        try m.store(UInt64(bitPattern: Int64(st.st_size)), at: address &+ 32)
        #if os(Linux)
        try m.store(nanoseconds(st.st_atim), at: address &+ 40)
        try m.store(nanoseconds(st.st_mtim), at: address &+ 48)
        try m.store(nanoseconds(st.st_ctim), at: address &+ 56)
        #else
        try m.store(nanoseconds(st.st_atimespec), at: address &+ 40)
        try m.store(nanoseconds(st.st_mtimespec), at: address &+ 48)
        try m.store(nanoseconds(st.st_ctimespec), at: address &+ 56)
        #endif
    }

    /// `utimensat`'s markers (Linux's values; Darwin's are -1 and -2).
    #if os(Linux)
    static let utimeNow = (1 << 30) - 1
    static let utimeOmit = (1 << 30) - 2
    #else
    static let utimeNow = -1
    static let utimeOmit = -2
    #endif

    /// `utimensat` times from WASI's `atim`, `mtim` and `fstflags` (atim 1, atim_now 2,
    /// mtim 4, mtim_now 8; a time both set and "now" is invalid).
    static func timespecs(_ atim: UInt64, _ mtim: UInt64, _ flags: UInt32) throws(Errno) -> [timespec] {
        func one(_ t: UInt64, set: Bool, now: Bool) throws(Errno) -> timespec {
            if set && now { throw .invalid }
            if now { return timespec(tv_sec: 0, tv_nsec: utimeNow) }
            if set { return timespec(tv_sec: Int(t / 1_000_000_000), tv_nsec: Int(t % 1_000_000_000)) }
            return timespec(tv_sec: 0, tv_nsec: utimeOmit)
        }
        guard flags & ~0xF == 0 else { throw .invalid }
        return [try one(atim, set: flags & 1 != 0, now: flags & 2 != 0),
                try one(mtim, set: flags & 4 != 0, now: flags & 8 != 0)]
    }

    // MARK: fd_readdir

    /// Fills `buffer` with `dirent`s from `cookie` on (the index of the next entry); the last
    /// may be cut short, which tells the guest to ask again with a bigger buffer.
    func readDirectory(_ fd: UInt32, _ buffer: UnsafeMutableRawBufferPointer, cookie: UInt64) throws(Errno) -> UInt32 {
        var d = try descriptor(fd)
        guard d.isDirectory, let h = d.hostFD else { throw .notDirectory }
        if cookie == 0 || d.listing == nil {
            d.listing = try Self.list(h)
            descriptors[fd] = d
        }
        let entries = d.listing ?? []
        var used = 0
        var k = Int(clamping: cookie)
        while k < entries.count && used < buffer.count {
            let e = entries[k]
            var header = [UInt8](repeating: 0, count: 24)
            header.withUnsafeMutableBytes { h in
                h.storeBytes(of: UInt64(k + 1).littleEndian, toByteOffset: 0, as: UInt64.self)
                h.storeBytes(of: e.inode.littleEndian, toByteOffset: 8, as: UInt64.self)
                h.storeBytes(of: UInt32(e.name.count).littleEndian, toByteOffset: 16, as: UInt32.self)
                h.storeBytes(of: e.type.rawValue, toByteOffset: 20, as: UInt8.self)
            }
            for byte in header + e.name {
                guard used < buffer.count else { break }
                buffer[used] = byte
                used += 1
            }
            k += 1
        }
        return UInt32(used)
    }

    /// A directory's entries, `.` and `..` first, read through a duplicate descriptor.
    static func list(_ fd: Int32) throws(Errno) -> [DirectoryEntry] {
        let copy = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0 else { throw Errno.last }
        guard let dir = fdopendir(copy) else {
            let e = Errno.last
            closeDescriptor(copy)
            throw e
        }
        defer { closedir(dir) }
        var dots: [DirectoryEntry] = []
        var rest: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                let bytes = raw.bindMemory(to: UInt8.self)
                return Array(bytes.prefix { $0 != 0 })
            }
            let type: FileType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): type = .directory
            case Int32(DT_REG): type = .regularFile
            case Int32(DT_LNK): type = .symbolicLink
            case Int32(DT_CHR): type = .characterDevice
            case Int32(DT_BLK): type = .blockDevice
            case Int32(DT_SOCK): type = .socketStream
            default: type = .unknown
            }
            let e = DirectoryEntry(name: name, inode: UInt64(entry.pointee.d_ino), type: type)
            if name == [0x2E] || name == [0x2E, 0x2E] { dots.append(e) } else { rest.append(e) }
        }
        return dots.sorted { $0.name.count < $1.name.count } + rest
    }
}
