import WasmCore

extension Handlers {
    /// Copies, selects, references, globals, and the fused arithmetic forms.
    static func data(_ op: Op) -> Handler? {
        switch op {
        case .unreachable:
            return { rip, _, _, _, st, _, accF, _ in trap(.unreachable, rip.assumingMemoryBound(to: Inst.self), st) }
        case .i32AddImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Step.i32AddImm(ip, fp)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32MulImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) &* ip.pointee.c)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AndImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) & ip.pointee.c)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32OrImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) | ip.pointee.c)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32XorImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) ^ ip.pointee.c)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32ShlImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) << (ip.pointee.c & 31))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32ShrUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Step.i32ShrUImm(ip, fp)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32ShrSImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >> Int32(ip.pointee.c & 31)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .copy:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Step.copy(ip, fp)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .copy2:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
                fp[Int(ip.pointee.a) + 1] = fp[Int(ip.pointee.b) + 1]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .select:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = u32(fp[Int(truncatingIfNeeded: ip.pointee.imm)]) != 0 ? fp[Int(ip.pointee.b)] : fp[Int(ip.pointee.c)]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .select2:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let take = u32(fp[Int(truncatingIfNeeded: ip.pointee.imm)]) != 0 ? Int(ip.pointee.b) : Int(ip.pointee.c)
                fp[Int(ip.pointee.a)] = fp[take]
                fp[Int(ip.pointee.a) + 1] = fp[take + 1]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .refIsNull:
            // A reference's slot is 0 exactly when it is null: `i64.eqz` of the slot.
            return Handlers.numeric(.i64Eqz)
        case .refAsNonNull:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                if fp[Int(ip.pointee.b)] == 0 { return trap(.nullReference, ip, st) }
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .globalGet:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = ptr(ip.pointee.imm, UInt64.self).pointee
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .globalSet:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                ptr(ip.pointee.imm, UInt64.self).pointee = fp[Int(ip.pointee.b)]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .globalGet2:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let g = ptr(ip.pointee.imm, UInt64.self)
                fp[Int(ip.pointee.a)] = g[0]
                fp[Int(ip.pointee.a) + 1] = g[1]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .globalSet2:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let g = ptr(ip.pointee.imm, UInt64.self)
                g[0] = fp[Int(ip.pointee.b)]
                g[1] = fp[Int(ip.pointee.b) + 1]
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .copyPair:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Step.copyPair(ip, fp)
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i64ShlXor:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                let o = fp[Int(truncatingIfNeeded: ip.pointee.imm)]
                fp[Int(ip.pointee.a)] = o ^ (x &<< y)
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i64ShrUXor:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                let o = fp[Int(truncatingIfNeeded: ip.pointee.imm)]
                fp[Int(ip.pointee.a)] = o ^ (x &>> y)
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i64MulAdd:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                let o = fp[Int(truncatingIfNeeded: ip.pointee.imm)]
                fp[Int(ip.pointee.a)] = o &+ x &* y
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32MulImmAddImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                Step.i32MulImmAddImm(ip, fp)
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32ShrUImmAndImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let x = u32(fp[Int(ip.pointee.b)]) &>> ip.pointee.c
                fp[Int(ip.pointee.a)] = UInt64(x & UInt32(truncatingIfNeeded: ip.pointee.imm))
                return nextUnchecked(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        default:
            return nil
        }
    }
}
