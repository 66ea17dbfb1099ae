#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// WASI preview 1's `errno`, numbered as `wasi_snapshot_preview1.witx` numbers it.
public enum Errno: UInt16, Error, Sendable {
    case success = 0, tooBig, access, addressInUse, addressNotAvailable, addressFamilyNotSupported,
         again, already, badFileDescriptor, badMessage, busy, canceled, child, connectionAborted,
         connectionRefused, connectionReset, deadlock, destinationAddressRequired, domain, quota,
         exist, fault, fileTooBig, hostUnreachable, identifierRemoved, illegalSequence, inProgress,
         interrupted, invalid, io, isConnected, isDirectory, loop, tooManyOpenFiles, tooManyLinks,
         messageSize, multihop, nameTooLong, networkDown, networkReset, networkUnreachable,
         tooManyOpenFilesInSystem, noBufferSpace, noDevice, noEntry, noExec, noLock, noLink,
         noMemory, noMessage, noProtocolOption, noSpace, noSys, notConnected, notDirectory,
         notEmpty, notRecoverable, notSocket, notSupported, notTTY, noDeviceOrAddress, overflow,
         ownerDead, permission, pipe, protocolError, protocolNotSupported, protocolType, range,
         readOnlyFileSystem, invalidSeek, noProcess, stale, timedOut, textBusy, crossDevice,
         notCapable

    /// The WASI errno of a host `errno` value (`io` for one WASI has no name for).
    public init(host e: Int32) {
        switch e {
        case 0: self = .success
        case E2BIG: self = .tooBig
        case EACCES: self = .access
        case EADDRINUSE: self = .addressInUse
        case EADDRNOTAVAIL: self = .addressNotAvailable
        case EAFNOSUPPORT: self = .addressFamilyNotSupported
        case EAGAIN: self = .again
        case EALREADY: self = .already
        case EBADF: self = .badFileDescriptor
        case EBADMSG: self = .badMessage
        case EBUSY: self = .busy
        case ECANCELED: self = .canceled
        case ECHILD: self = .child
        case ECONNABORTED: self = .connectionAborted
        case ECONNREFUSED: self = .connectionRefused
        case ECONNRESET: self = .connectionReset
        case EDEADLK: self = .deadlock
        case EDESTADDRREQ: self = .destinationAddressRequired
        case EDOM: self = .domain
        case EDQUOT: self = .quota
        case EEXIST: self = .exist
        case EFAULT: self = .fault
        case EFBIG: self = .fileTooBig
        case EHOSTUNREACH: self = .hostUnreachable
        case EIDRM: self = .identifierRemoved
        case EILSEQ: self = .illegalSequence
        case EINPROGRESS: self = .inProgress
        case EINTR: self = .interrupted
        case EINVAL: self = .invalid
        case EIO: self = .io
        case EISCONN: self = .isConnected
        case EISDIR: self = .isDirectory
        case ELOOP: self = .loop
        case EMFILE: self = .tooManyOpenFiles
        case EMLINK: self = .tooManyLinks
        case EMSGSIZE: self = .messageSize
        case EMULTIHOP: self = .multihop
        case ENAMETOOLONG: self = .nameTooLong
        case ENETDOWN: self = .networkDown
        case ENETRESET: self = .networkReset
        case ENETUNREACH: self = .networkUnreachable
        case ENFILE: self = .tooManyOpenFilesInSystem
        case ENOBUFS: self = .noBufferSpace
        case ENODEV: self = .noDevice
        case ENOENT: self = .noEntry
        case ENOEXEC: self = .noExec
        case ENOLCK: self = .noLock
        case ENOLINK: self = .noLink
        case ENOMEM: self = .noMemory
        case ENOMSG: self = .noMessage
        case ENOPROTOOPT: self = .noProtocolOption
        case ENOSPC: self = .noSpace
        case ENOSYS: self = .noSys
        case ENOTCONN: self = .notConnected
        case ENOTDIR: self = .notDirectory
        case ENOTEMPTY: self = .notEmpty
        case ENOTRECOVERABLE: self = .notRecoverable
        case ENOTSOCK: self = .notSocket
        case ENOTSUP: self = .notSupported
        case ENOTTY: self = .notTTY
        case ENXIO: self = .noDeviceOrAddress
        case EOVERFLOW: self = .overflow
        case EOWNERDEAD: self = .ownerDead
        case EPERM: self = .permission
        case EPIPE: self = .pipe
        case EPROTO: self = .protocolError
        case EPROTONOSUPPORT: self = .protocolNotSupported
        case EPROTOTYPE: self = .protocolType
        case ERANGE: self = .range
        case EROFS: self = .readOnlyFileSystem
        case ESPIPE: self = .invalidSeek
        case ESRCH: self = .noProcess
        case ESTALE: self = .stale
        case ETIMEDOUT: self = .timedOut
        case ETXTBSY: self = .textBusy
        case EXDEV: self = .crossDevice
        default: self = .io
        }
    }

    /// The errno of the last failed host call.
    static var last: Errno { Errno(host: errno) }

    /// The errno's name as C spells it (`ENOENT`), for messages and traces.
    public var name: String {
        switch self {
        case .success: return "ESUCCESS"
        case .notCapable: return "ENOTCAPABLE"
        case .permission: return "EPERM"
        case .noEntry: return "ENOENT"
        case .badFileDescriptor: return "EBADF"
        case .invalid: return "EINVAL"
        case .exist: return "EEXIST"
        case .notDirectory: return "ENOTDIR"
        case .isDirectory: return "EISDIR"
        case .loop: return "ELOOP"
        case .noSys: return "ENOSYS"
        case .fault: return "EFAULT"
        case .notEmpty: return "ENOTEMPTY"
        case .access: return "EACCES"
        default: return "errno \(rawValue)"
        }
    }
}
