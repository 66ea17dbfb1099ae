#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

// Atomic accesses to linear memory, for the threads proposal's 0xFE instructions. Swift's
// `Synchronization.Atomic` works on any suitably aligned address once the memory there is
// viewed as an `Atomic` value (the layout of `Atomic<UIntN>` is that of `UIntN`), so no C code
// is needed: the operations compile to `lock xadd`, `lock cmpxchg` and plain `mov`s with the
// fences sequential consistency asks for, and the thread sanitizer understands them. Every
// access is sequentially consistent, as the proposal's memory model requires of atomics.
// On Apple platforms older than the Synchronization module (macOS 15 and its siblings) the
// same operations run under a lock striped by address; every atomic access of the process then
// takes that path, so they stay atomic with respect to each other.

/// A read-modify-write operation of `i32.atomic.rmw.*` and its siblings.
enum AtomicRMW: UInt8 {
    case add, sub, and, or, xor, xchg
}

enum AtomicAccess {
    /// Loads `bytes` (1, 2, 4 or 8) bytes at `p`, zero-extended.
    @inline(__always)
    static func load(_ p: UnsafeMutableRawPointer, bytes: Int) -> UInt64 {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            switch bytes {
            case 1: return UInt64(p.assumingMemoryBound(to: Atomic<UInt8>.self).pointee.load(ordering: .sequentiallyConsistent))
            case 2: return UInt64(p.assumingMemoryBound(to: Atomic<UInt16>.self).pointee.load(ordering: .sequentiallyConsistent))
            case 4: return UInt64(p.assumingMemoryBound(to: Atomic<UInt32>.self).pointee.load(ordering: .sequentiallyConsistent))
            default: return p.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.load(ordering: .sequentiallyConsistent)
            }
        }
        return Striped.locked(p) { plainLoad(p, bytes) }
    }

    /// Stores the low `bytes` bytes of `v` at `p`.
    @inline(__always)
    static func store(_ p: UnsafeMutableRawPointer, bytes: Int, _ v: UInt64) {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            switch bytes {
            case 1: p.assumingMemoryBound(to: Atomic<UInt8>.self).pointee.store(UInt8(truncatingIfNeeded: v), ordering: .sequentiallyConsistent)
            case 2: p.assumingMemoryBound(to: Atomic<UInt16>.self).pointee.store(UInt16(truncatingIfNeeded: v), ordering: .sequentiallyConsistent)
            case 4: p.assumingMemoryBound(to: Atomic<UInt32>.self).pointee.store(UInt32(truncatingIfNeeded: v), ordering: .sequentiallyConsistent)
            default: p.assumingMemoryBound(to: Atomic<UInt64>.self).pointee.store(v, ordering: .sequentiallyConsistent)
            }
            return
        }
        Striped.locked(p) { plainStore(p, bytes, v) }
    }

    /// Applies `op` with operand `v` to the `bytes` bytes at `p`; returns the old value.
    @inline(__always)
    static func rmw(_ op: AtomicRMW, _ p: UnsafeMutableRawPointer, bytes: Int, _ v: UInt64) -> UInt64 {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            switch bytes {
            case 1: return UInt64(UInt8.rmw(op, p, UInt8(truncatingIfNeeded: v)))
            case 2: return UInt64(UInt16.rmw(op, p, UInt16(truncatingIfNeeded: v)))
            case 4: return UInt64(UInt32.rmw(op, p, UInt32(truncatingIfNeeded: v)))
            default: return UInt64.rmw(op, p, v)
            }
        }
        return Striped.locked(p) {
            let old = plainLoad(p, bytes)
            let new: UInt64
            switch op {
            case .add: new = old &+ v
            case .sub: new = old &- v
            case .and: new = old & v
            case .or: new = old | v
            case .xor: new = old ^ v
            case .xchg: new = v
            }
            plainStore(p, bytes, new)
            return old
        }
    }

    /// Compare-and-exchange: stores `replacement` if the `bytes` bytes at `p` equal `expected`
    /// (both wrapped to the width); returns the old value either way.
    @inline(__always)
    static func cmpxchg(_ p: UnsafeMutableRawPointer, bytes: Int, expected: UInt64, replacement: UInt64) -> UInt64 {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            switch bytes {
            // The expected value is wrapped to the width first: a 16-bit cmpxchg expecting
            // 0x1_0001 compares with 0x0001.
            case 1: return UInt64(UInt8.cas(p, UInt8(truncatingIfNeeded: expected), UInt8(truncatingIfNeeded: replacement)))
            case 2: return UInt64(UInt16.cas(p, UInt16(truncatingIfNeeded: expected), UInt16(truncatingIfNeeded: replacement)))
            case 4: return UInt64(UInt32.cas(p, UInt32(truncatingIfNeeded: expected), UInt32(truncatingIfNeeded: replacement)))
            default: return UInt64.cas(p, expected, replacement)
            }
        }
        return Striped.locked(p) {
            let old = plainLoad(p, bytes)
            let mask: UInt64 = bytes == 8 ? UInt64.max : (1 << UInt64(bytes * 8)) &- 1
            if old == expected & mask { plainStore(p, bytes, replacement) }
            return old
        }
    }

    /// `atomic.fence`: orders every access before it against every access after it.
    static func fence() {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            atomicMemoryFence(ordering: .sequentiallyConsistent)
            return
        }
        Striped.locked(UnsafeMutableRawPointer(bitPattern: 8).unsafelyUnwrapped) {}
    }

    @inline(__always)
    static func plainLoad(_ p: UnsafeMutableRawPointer, _ bytes: Int) -> UInt64 {
        switch bytes {
        case 1: return UInt64(p.load(as: UInt8.self))
        case 2: return UInt64(p.load(as: UInt16.self))
        case 4: return UInt64(p.load(as: UInt32.self))
        default: return p.load(as: UInt64.self)
        }
    }

    @inline(__always)
    static func plainStore(_ p: UnsafeMutableRawPointer, _ bytes: Int, _ v: UInt64) {
        switch bytes {
        case 1: p.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case 2: p.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
        case 4: p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        default: p.storeBytes(of: v, as: UInt64.self)
        }
    }
}

/// The fallback's locks: 64 mutexes, chosen by the 64-byte line an address is in.
private enum Striped {
    nonisolated(unsafe) static let locks: UnsafeMutablePointer<pthread_mutex_t> = {
        let p = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 64)
        for i in 0..<64 { pthread_mutex_init(p + i, nil) }
        return p
    }()

    static func locked<R>(_ address: UnsafeMutableRawPointer, _ body: () -> R) -> R {
        let m = locks + Int((UInt(bitPattern: address) >> 6) & 63)
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return body()
    }
}

/// The read-modify-writes of one width: `Atomic`'s integer operations exist per type, not
/// generically, hence one extension each.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
private protocol AtomicWord {
    static func rmw(_ op: AtomicRMW, _ p: UnsafeMutableRawPointer, _ v: Self) -> Self
    static func cas(_ p: UnsafeMutableRawPointer, _ expected: Self, _ replacement: Self) -> Self
}

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
extension UInt8: AtomicWord {
    @inline(__always)
    fileprivate static func rmw(_ op: AtomicRMW, _ p: UnsafeMutableRawPointer, _ v: UInt8) -> UInt8 {
        let a = p.assumingMemoryBound(to: Atomic<UInt8>.self)
        switch op {
        case .add: return a.pointee.wrappingAdd(v, ordering: .sequentiallyConsistent).oldValue
        case .sub: return a.pointee.wrappingSubtract(v, ordering: .sequentiallyConsistent).oldValue
        case .and: return a.pointee.bitwiseAnd(v, ordering: .sequentiallyConsistent).oldValue
        case .or: return a.pointee.bitwiseOr(v, ordering: .sequentiallyConsistent).oldValue
        case .xor: return a.pointee.bitwiseXor(v, ordering: .sequentiallyConsistent).oldValue
        case .xchg: return a.pointee.exchange(v, ordering: .sequentiallyConsistent)
        }
    }

    @inline(__always)
    fileprivate static func cas(_ p: UnsafeMutableRawPointer, _ expected: UInt8, _ replacement: UInt8) -> UInt8 {
        p.assumingMemoryBound(to: Atomic<UInt8>.self).pointee
            .compareExchange(expected: expected, desired: replacement, ordering: .sequentiallyConsistent).original
    }
}

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
extension UInt16: AtomicWord {
    @inline(__always)
    fileprivate static func rmw(_ op: AtomicRMW, _ p: UnsafeMutableRawPointer, _ v: UInt16) -> UInt16 {
        let a = p.assumingMemoryBound(to: Atomic<UInt16>.self)
        switch op {
        case .add: return a.pointee.wrappingAdd(v, ordering: .sequentiallyConsistent).oldValue
        case .sub: return a.pointee.wrappingSubtract(v, ordering: .sequentiallyConsistent).oldValue
        case .and: return a.pointee.bitwiseAnd(v, ordering: .sequentiallyConsistent).oldValue
        case .or: return a.pointee.bitwiseOr(v, ordering: .sequentiallyConsistent).oldValue
        case .xor: return a.pointee.bitwiseXor(v, ordering: .sequentiallyConsistent).oldValue
        case .xchg: return a.pointee.exchange(v, ordering: .sequentiallyConsistent)
        }
    }

    @inline(__always)
    fileprivate static func cas(_ p: UnsafeMutableRawPointer, _ expected: UInt16, _ replacement: UInt16) -> UInt16 {
        p.assumingMemoryBound(to: Atomic<UInt16>.self).pointee
            .compareExchange(expected: expected, desired: replacement, ordering: .sequentiallyConsistent).original
    }
}

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
extension UInt32: AtomicWord {
    @inline(__always)
    fileprivate static func rmw(_ op: AtomicRMW, _ p: UnsafeMutableRawPointer, _ v: UInt32) -> UInt32 {
        let a = p.assumingMemoryBound(to: Atomic<UInt32>.self)
        switch op {
        case .add: return a.pointee.wrappingAdd(v, ordering: .sequentiallyConsistent).oldValue
        case .sub: return a.pointee.wrappingSubtract(v, ordering: .sequentiallyConsistent).oldValue
        case .and: return a.pointee.bitwiseAnd(v, ordering: .sequentiallyConsistent).oldValue
        case .or: return a.pointee.bitwiseOr(v, ordering: .sequentiallyConsistent).oldValue
        case .xor: return a.pointee.bitwiseXor(v, ordering: .sequentiallyConsistent).oldValue
        case .xchg: return a.pointee.exchange(v, ordering: .sequentiallyConsistent)
        }
    }

    @inline(__always)
    fileprivate static func cas(_ p: UnsafeMutableRawPointer, _ expected: UInt32, _ replacement: UInt32) -> UInt32 {
        p.assumingMemoryBound(to: Atomic<UInt32>.self).pointee
            .compareExchange(expected: expected, desired: replacement, ordering: .sequentiallyConsistent).original
    }
}

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
extension UInt64: AtomicWord {
    @inline(__always)
    fileprivate static func rmw(_ op: AtomicRMW, _ p: UnsafeMutableRawPointer, _ v: UInt64) -> UInt64 {
        let a = p.assumingMemoryBound(to: Atomic<UInt64>.self)
        switch op {
        case .add: return a.pointee.wrappingAdd(v, ordering: .sequentiallyConsistent).oldValue
        case .sub: return a.pointee.wrappingSubtract(v, ordering: .sequentiallyConsistent).oldValue
        case .and: return a.pointee.bitwiseAnd(v, ordering: .sequentiallyConsistent).oldValue
        case .or: return a.pointee.bitwiseOr(v, ordering: .sequentiallyConsistent).oldValue
        case .xor: return a.pointee.bitwiseXor(v, ordering: .sequentiallyConsistent).oldValue
        case .xchg: return a.pointee.exchange(v, ordering: .sequentiallyConsistent)
        }
    }

    @inline(__always)
    fileprivate static func cas(_ p: UnsafeMutableRawPointer, _ expected: UInt64, _ replacement: UInt64) -> UInt64 {
        p.assumingMemoryBound(to: Atomic<UInt64>.self).pointee
            .compareExchange(expected: expected, desired: replacement, ordering: .sequentiallyConsistent).original
    }
}
