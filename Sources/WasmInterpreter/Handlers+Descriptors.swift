import WasmCore

/// Custom descriptors: allocation with a descriptor, `ref.get_desc`, and the descriptor casts.
/// A struct of a type with a descriptor keeps the descriptor reference in the word after its
/// header (`StructLayout.fieldBase`) and `ObjectHeader.descriptorBit` in its header, so a
/// descriptor cast is a header test and one word compare: no type lookup, no subtype walk.
extension Handlers {
    /// Whether `op` is a descriptor op whose handler always goes forward.
    static func descriptorsContinueUnchecked(_ op: Op) -> Bool {
        switch op {
        case .structNewDesc, .structNewDefaultDesc, .refGetDesc, .refCastDescEq: return true
        default: return false
        }
    }

    static func descriptors(_ op: Op) -> Handler? {
        switch op {
        case .structNewDesc:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                if fp[Int(ip.pointee.b) + Int(ip.pointee.c)] == 0 { return trap(.nullDescriptorReference, ip, st) }
                if !Handlers.structNew(ip, fp, st, zero: false, descriptor: true) { return trap(.gcHeapExhausted, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structNewDefaultDesc:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                if fp[Int(ip.pointee.b)] == 0 { return trap(.nullDescriptorReference, ip, st) }
                if !Handlers.structNew(ip, fp, st, zero: true, descriptor: true) { return trap(.gcHeapExhausted, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .refGetDesc:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let w = fp[Int(ip.pointee.b)]
                if w == 0 { return trap(.nullReference, ip, st) }
                // Validation typed the operand with a descriptor type: every value of it has one.
                fp[Int(ip.pointee.a)] = RefBits.pointer(w).load(fromByteOffset: 8, as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .refCastDescEq:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = fp[Int(ip.pointee.c)]
                if d == 0 { return trap(.nullDescriptorReference, ip, st) }
                let w = fp[Int(ip.pointee.b)]
                if w == 0 {
                    if ip.pointee.a & CastTarget.nullableFlag == 0 { return trap(.descriptorCastFailure, ip, st) }
                } else if !Handlers.hasDescriptor(w, d) {
                    return trap(.descriptorCastFailure, ip, st)
                }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brOnCastDescEq:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = fp[Int(ip.pointee.a)]
                if d == 0 { return trap(.nullDescriptorReference, ip, st) }
                var pc = ip + 1
                if Handlers.descriptorMatch(fp[Int(ip.pointee.b)], d, ip.pointee.c) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brOnCastDescEqFail:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let d = fp[Int(ip.pointee.a)]
                if d == 0 { return trap(.nullDescriptorReference, ip, st) }
                var pc = ip + 1
                if !Handlers.descriptorMatch(fp[Int(ip.pointee.b)], d, ip.pointee.c) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        default:
            return nil
        }
    }

    /// Whether the non-null reference `w` is a struct whose descriptor is `d`.
    @inline(__always)
    static func hasDescriptor(_ w: UInt64, _ d: UInt64) -> Bool {
        guard RefBits.isObject(w) else { return false }
        let p = RefBits.pointer(w)
        return p.load(as: UInt64.self) & ObjectHeader.descriptorBit != 0 && p.load(fromByteOffset: 8, as: UInt64.self) == d
    }

    /// A branching descriptor cast of `w` to descriptor `d`: a null passes when the target is
    /// nullable (`flags`).
    @inline(__always)
    static func descriptorMatch(_ w: UInt64, _ d: UInt64, _ flags: UInt32) -> Bool {
        if w == 0 { return flags & CastTarget.nullableFlag != 0 }
        return hasDescriptor(w, d)
    }
}
