#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

extension Handlers {
    /// Loads and stores of memory 0 with 32-bit addresses: the fast path.
    static func memory(_ op: Op) -> Handler? {
        switch op {
        // Memory 0, 32-bit addresses: the effective address cannot overflow 64 bits.
        case .load8S:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 1 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int8.self)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load8U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.load8U(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load16S:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 2 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int16.self)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load16U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 2 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32S:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int32.self)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.load32U(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load64:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 8 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load8SAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 1 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int8.self)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load8UAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 1 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load16SAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 2 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int16.self)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load16UAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 2 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32SAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int32.self)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32UAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load64Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 8 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                fp[Int(ip.pointee.a)] = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32UAddShl:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.loadAddShl(ip, fp, memBase, memSize, as: UInt32.self) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load64AddShl:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.loadAddShl(ip, fp, memBase, memSize, as: UInt64.self) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store8:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.store8(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store16:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 2 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store32:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: u32(fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store64:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 8 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: fp[Int(ip.pointee.c)], toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store8Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.a)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 1 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store16Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.a)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 2 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store32Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.a)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: u32(fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .store64Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.a)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 8 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: fp[Int(ip.pointee.c)], toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .memoryFill0:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = UInt64(u32(fp[Int(ip.pointee.a)]))
                let n = UInt64(u32(fp[Int(ip.pointee.c)]))
                if _slowPath(d &+ n > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memset(memBase + Int(d), Int32(UInt8(truncatingIfNeeded: fp[Int(ip.pointee.b)])), Int(n))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .memoryCopy0:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = UInt64(u32(fp[Int(ip.pointee.a)]))
                let s = UInt64(u32(fp[Int(ip.pointee.b)]))
                let n = UInt64(u32(fp[Int(ip.pointee.c)]))
                if _slowPath(d &+ n > memSize || s &+ n > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memmove(memBase + Int(d), memBase + Int(s), Int(n))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32UAddMul:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.loadAddMul(ip, fp, memBase, memSize, as: UInt32.self) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load64AddMul:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.loadAddMul(ip, fp, memBase, memSize, as: UInt64.self) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddLoad8U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.i32AddLoad8U(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddLoad32U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if _slowPath(ea &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                let v = UInt32(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.c)]) &+ v)
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .copy8Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard Step.copy8Add(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .copy32Add:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let k = u32(fp[Int(ip.pointee.c)])
                let imm = ip.pointee.imm
                let src = UInt64(u32(fp[Int(ip.pointee.a)]) &+ k) &+ (imm & 0xFFFF_FFFF)
                if _slowPath(src &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                let v = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: src), as: UInt32.self)
                let dst = UInt64(u32(fp[Int(ip.pointee.b)]) &+ k) &+ (imm >> 32)
                if _slowPath(dst &+ 4 > memSize) { return trap(.memoryOutOfBounds, ip, st) }
                memBase.storeBytes(of: v, toByteOffset: Int(truncatingIfNeeded: dst), as: UInt32.self)
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        default:
            return nil
        }
    }
}
