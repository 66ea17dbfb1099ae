#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

/// Loads and stores of memory 0 with 32-bit addresses: the fast path. Effective addresses are
/// 32-bit sums plus a 32-bit offset, so they cannot overflow 64 bits. Each width is one
/// instance of a generic helper (`T` the memory type: signed types sign-extend into the slot).
extension Handlers {
    static func memory(_ op: Op) -> Handler? {
        switch op {
        case .load8S: return { Handlers.load($0, $1, $2, $3, $4, $5, Int8.self, added: false) }
        case .load8U: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt8.self, added: false) }
        case .load16S: return { Handlers.load($0, $1, $2, $3, $4, $5, Int16.self, added: false) }
        case .load16U: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt16.self, added: false) }
        case .load32S: return { Handlers.load($0, $1, $2, $3, $4, $5, Int32.self, added: false) }
        case .load32U: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt32.self, added: false) }
        case .load64: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt64.self, added: false) }
        case .load8SAdd: return { Handlers.load($0, $1, $2, $3, $4, $5, Int8.self, added: true) }
        case .load8UAdd: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt8.self, added: true) }
        case .load16SAdd: return { Handlers.load($0, $1, $2, $3, $4, $5, Int16.self, added: true) }
        case .load16UAdd: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt16.self, added: true) }
        case .load32SAdd: return { Handlers.load($0, $1, $2, $3, $4, $5, Int32.self, added: true) }
        case .load32UAdd: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt32.self, added: true) }
        case .load64Add: return { Handlers.load($0, $1, $2, $3, $4, $5, UInt64.self, added: true) }
        case .load32UAddShl: return { Handlers.loadScaled($0, $1, $2, $3, $4, $5, UInt32.self, multiply: false) }
        case .load64AddShl: return { Handlers.loadScaled($0, $1, $2, $3, $4, $5, UInt64.self, multiply: false) }
        case .load32UAddMul: return { Handlers.loadScaled($0, $1, $2, $3, $4, $5, UInt32.self, multiply: true) }
        case .load64AddMul: return { Handlers.loadScaled($0, $1, $2, $3, $4, $5, UInt64.self, multiply: true) }
        case .store8: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt8.self, added: false) }
        case .store16: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt16.self, added: false) }
        case .store32: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt32.self, added: false) }
        case .store64: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt64.self, added: false) }
        case .store8Add: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt8.self, added: true) }
        case .store16Add: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt16.self, added: true) }
        case .store32Add: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt32.self, added: true) }
        case .store64Add: return { Handlers.store($0, $1, $2, $3, $4, $5, UInt64.self, added: true) }
        case .i32AddLoad8U: return { Handlers.loadThenAdd($0, $1, $2, $3, $4, $5, UInt8.self) }
        case .i32AddLoad32U: return { Handlers.loadThenAdd($0, $1, $2, $3, $4, $5, UInt32.self) }
        case .copy8Add: return { Handlers.copy($0, $1, $2, $3, $4, $5, UInt8.self) }
        case .copy32Add: return { Handlers.copy($0, $1, $2, $3, $4, $5, UInt32.self) }
        case .memoryFill0:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = UInt64(u32(fp[Int(ip.pointee.a)]))
                let n = UInt64(u32(fp[Int(ip.pointee.c)]))
                if d &+ n > memSize { return trap(.memoryOutOfBounds, st) }
                memset(memBase + Int(d), Int32(UInt8(truncatingIfNeeded: fp[Int(ip.pointee.b)])), Int(n))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .memoryCopy0:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = UInt64(u32(fp[Int(ip.pointee.a)]))
                let s = UInt64(u32(fp[Int(ip.pointee.b)]))
                let n = UInt64(u32(fp[Int(ip.pointee.c)]))
                if d &+ n > memSize || s &+ n > memSize { return trap(.memoryOutOfBounds, st) }
                memmove(memBase + Int(d), memBase + Int(s), Int(n))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        default:
            return nil
        }
    }

    /// `a` <- the `T` at `b` (+ `c` when `added`, the sum wrapping at 32 bits) + `imm`.
    @inline(__always)
    static func load<T: FixedWidthInteger>(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>,
                                           _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                                           _ st: UnsafeMutableRawPointer, _ budget: Int, _: T.Type, added: Bool) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        let base = added ? u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)]) : u32(fp[Int(ip.pointee.b)])
        let ea = UInt64(base) &+ ip.pointee.imm
        if ea &+ UInt64(MemoryLayout<T>.size) > memSize { return trap(.memoryOutOfBounds, st) }
        fp[Int(ip.pointee.a)] = UInt64(truncatingIfNeeded: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: T.self))
        return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
    }

    /// `a` <- the `T` at `c` + (`b` << s or `b` * s) + offset: `imm` = s << 32 | offset. The
    /// index instruction's original load stays after it and is skipped.
    @inline(__always)
    static func loadScaled<T: FixedWidthInteger>(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>,
                                                 _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                                                 _ st: UnsafeMutableRawPointer, _ budget: Int, _: T.Type,
                                                 multiply: Bool) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        let imm = ip.pointee.imm
        let x = u32(fp[Int(ip.pointee.b)])
        let s = UInt32(truncatingIfNeeded: imm >> 32)
        let idx = multiply ? x &* s : x << s
        let ea = UInt64(u32(fp[Int(ip.pointee.c)]) &+ idx) &+ (imm & 0xFFFF_FFFF)
        if ea &+ UInt64(MemoryLayout<T>.size) > memSize { return trap(.memoryOutOfBounds, st) }
        fp[Int(ip.pointee.a)] = UInt64(truncatingIfNeeded: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: T.self))
        return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget)
    }

    /// The low bytes of `c` as a `T` at `b` (+ `a` when `added`, wrapping at 32 bits) + `imm`.
    @inline(__always)
    static func store<T: FixedWidthInteger>(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>,
                                            _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                                            _ st: UnsafeMutableRawPointer, _ budget: Int, _: T.Type, added: Bool) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        let base = added ? u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.a)]) : u32(fp[Int(ip.pointee.b)])
        let ea = UInt64(base) &+ ip.pointee.imm
        if ea &+ UInt64(MemoryLayout<T>.size) > memSize { return trap(.memoryOutOfBounds, st) }
        memBase.storeBytes(of: T(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: T.self)
        return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
    }

    /// `a` <- `c` + the unsigned `T` at `b` + `imm` (the add stays after it, skipped).
    @inline(__always)
    static func loadThenAdd<T: FixedWidthInteger>(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>,
                                                  _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                                                  _ st: UnsafeMutableRawPointer, _ budget: Int, _: T.Type) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
        if ea &+ UInt64(MemoryLayout<T>.size) > memSize { return trap(.memoryOutOfBounds, st) }
        let v = UInt32(truncatingIfNeeded: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: T.self))
        fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.c)]) &+ v)
        return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget)
    }

    /// The `T` at `a` + `c` + (`imm` bits 0-31) copied to `b` + `c` + (bits 32-63), each sum
    /// wrapping at 32 bits; the load traps before the store (the store stays, skipped).
    @inline(__always)
    static func copy<T: FixedWidthInteger>(_ rip: UnsafeRawPointer, _ fp: UnsafeMutablePointer<UInt64>,
                                           _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64,
                                           _ st: UnsafeMutableRawPointer, _ budget: Int, _: T.Type) -> Int {
        let ip = rip.assumingMemoryBound(to: Inst.self)
        let k = u32(fp[Int(ip.pointee.c)])
        let imm = ip.pointee.imm
        let size = UInt64(MemoryLayout<T>.size)
        let src = UInt64(u32(fp[Int(ip.pointee.a)]) &+ k) &+ (imm & 0xFFFF_FFFF)
        if src &+ size > memSize { return trap(.memoryOutOfBounds, st) }
        let v = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: src), as: T.self)
        let dst = UInt64(u32(fp[Int(ip.pointee.b)]) &+ k) &+ (imm >> 32)
        if dst &+ size > memSize { return trap(.memoryOutOfBounds, st) }
        memBase.storeBytes(of: v, toByteOffset: Int(truncatingIfNeeded: dst), as: T.self)
        return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget)
    }
}
