#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// WASI's `filetype`.
enum FileType: UInt8 {
    case unknown = 0, blockDevice, characterDevice, directory, regularFile, socketDatagram, socketStream, symbolicLink

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFBLK: self = .blockDevice
        case S_IFCHR: self = .characterDevice
        case S_IFDIR: self = .directory
        case S_IFREG: self = .regularFile
        case S_IFSOCK: self = .socketStream
        case S_IFLNK: self = .symbolicLink
        default: self = .unknown
        }
    }
}

/// WASI's `rights` bits.
enum Rights {
    static let fdDatasync: UInt64 = 1 << 0
    static let fdRead: UInt64 = 1 << 1
    static let fdSeek: UInt64 = 1 << 2
    static let fdFdstatSetFlags: UInt64 = 1 << 3
    static let fdSync: UInt64 = 1 << 4
    static let fdTell: UInt64 = 1 << 5
    static let fdWrite: UInt64 = 1 << 6
    static let fdAdvise: UInt64 = 1 << 7
    static let fdAllocate: UInt64 = 1 << 8
    static let pathCreateDirectory: UInt64 = 1 << 9
    static let pathCreateFile: UInt64 = 1 << 10
    static let pathLinkSource: UInt64 = 1 << 11
    static let pathLinkTarget: UInt64 = 1 << 12
    static let pathOpen: UInt64 = 1 << 13
    static let fdReaddir: UInt64 = 1 << 14
    static let pathReadlink: UInt64 = 1 << 15
    static let pathRenameSource: UInt64 = 1 << 16
    static let pathRenameTarget: UInt64 = 1 << 17
    static let pathFilestatGet: UInt64 = 1 << 18
    static let pathFilestatSetSize: UInt64 = 1 << 19
    static let pathFilestatSetTimes: UInt64 = 1 << 20
    static let fdFilestatGet: UInt64 = 1 << 21
    static let fdFilestatSetSize: UInt64 = 1 << 22
    static let fdFilestatSetTimes: UInt64 = 1 << 23
    static let pathSymlink: UInt64 = 1 << 24
    static let pathRemoveDirectory: UInt64 = 1 << 25
    static let pathUnlinkFile: UInt64 = 1 << 26
    static let pollFdReadwrite: UInt64 = 1 << 27
    static let sockShutdown: UInt64 = 1 << 28
    static let sockAccept: UInt64 = 1 << 29

    /// What a regular file may do.
    static let file: UInt64 = fdDatasync | fdRead | fdSeek | fdFdstatSetFlags | fdSync | fdTell | fdWrite
        | fdAdvise | fdAllocate | fdFilestatGet | fdFilestatSetSize | fdFilestatSetTimes | pollFdReadwrite
    /// What a directory may do.
    static let directory: UInt64 = fdFdstatSetFlags | fdSync | fdAdvise | pathCreateDirectory | pathCreateFile
        | pathLinkSource | pathLinkTarget | pathOpen | fdReaddir | pathReadlink | pathRenameSource
        | pathRenameTarget | pathFilestatGet | pathFilestatSetSize | pathFilestatSetTimes | fdFilestatGet
        | fdFilestatSetTimes | pathSymlink | pathRemoveDirectory | pathUnlinkFile
    /// What changes a file system: refused below a read-only preopen.
    static let mutating: UInt64 = fdDatasync | fdWrite | fdAllocate | fdFilestatSetSize | fdFilestatSetTimes
        | pathCreateDirectory | pathCreateFile | pathLinkTarget | pathRenameSource | pathRenameTarget
        | pathFilestatSetSize | pathFilestatSetTimes | pathSymlink | pathRemoveDirectory | pathUnlinkFile
    /// A stream (standard input and output, a pipe, a terminal): no seeking.
    static let stream: UInt64 = fdRead | fdWrite | fdFdstatSetFlags | fdFilestatGet | pollFdReadwrite
}

/// Where a guest descriptor's bytes go.
enum Backing {
    /// A host descriptor this table owns (closed with the entry) or borrows (standard streams).
    case host(Int32, owned: Bool)
    /// Bytes given to standard input, read from `offset` on.
    case input(InputBuffer)
    /// Bytes the program writes, kept (captured standard output or error).
    case output(OutputBuffer)
    /// Reads as end of file, swallows writes.
    case null
}

/// A guest's standard input given as bytes.
final class InputBuffer {
    var bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// Captured bytes of standard output or error.
public final class OutputBuffer {
    public internal(set) var bytes: [UInt8] = []
    init() {}
}

/// One open guest descriptor.
struct Descriptor {
    var backing: Backing
    var type: FileType
    var rightsBase: UInt64
    var rightsInheriting: UInt64
    /// The fdflags (`append`, `nonblock` …) the guest set or opened with.
    var flags: UInt16
    /// The name a preopened directory has for the guest (`fd_prestat_dir_name`).
    var preopenName: [UInt8]?
    /// Below a read-only preopen: nothing that changes the file system.
    var readOnly: Bool
    /// `fd_readdir`'s listing, read when a listing starts at cookie 0.
    var listing: [DirectoryEntry]?

    var hostFD: Int32? {
        if case .host(let fd, _) = backing { return fd }
        return nil
    }

    var isDirectory: Bool { type == .directory }
}

/// One entry of a directory listing.
struct DirectoryEntry {
    var name: [UInt8]
    var inode: UInt64
    var type: FileType
}

/// The guest's descriptor table: numbers are handed out lowest free first, as POSIX does.
struct DescriptorTable {
    private(set) var entries: [Descriptor?] = []

    subscript(fd: UInt32) -> Descriptor? {
        get { Int(fd) < entries.count ? entries[Int(fd)] : nil }
        set {
            guard Int(fd) < entries.count else { return }
            entries[Int(fd)] = newValue
        }
    }

    /// Adds a descriptor under the lowest free number.
    mutating func insert(_ d: Descriptor) -> UInt32? {
        if let free = entries.firstIndex(where: { $0 == nil }) {
            entries[free] = d
            return UInt32(free)
        }
        guard entries.count < 1 << 20 else { return nil }
        entries.append(d)
        return UInt32(entries.count - 1)
    }

    /// Puts a descriptor at a fixed number (the standard streams, preopens in order).
    mutating func place(_ d: Descriptor, at fd: UInt32) {
        while entries.count <= Int(fd) { entries.append(nil) }
        entries[Int(fd)] = d
    }

    /// Removes a descriptor, closing what it owns.
    mutating func remove(_ fd: UInt32) -> Descriptor? {
        guard let d = self[fd] else { return nil }
        entries[Int(fd)] = nil
        if case .host(let h, owned: true) = d.backing { closeDescriptor(h) }
        return d
    }

    mutating func closeAll() {
        for k in entries.indices { _ = remove(UInt32(k)) }
    }
}
