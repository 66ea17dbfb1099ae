import WasmCore

extension Handlers {
    /// Branches, including the fused compare-and-branch forms.
    static func branch(_ op: Op) -> Handler? {
        switch op {
        case .br:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                pc += rel(ip.pointee.imm)
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        // Ops that do the same share one closure: the optimiser merges identical closures into
        // one body reached through a jump thunk, an extra jump on every dispatch of the others.
        case .brIf, .brIfNez:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) != 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfNot, .brIfEqz:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) == 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddBrNez:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r != 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddBrEqz:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r == 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32SubBrNez:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                let r = u32(fp[Int(ip.pointee.b)]) &- u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r != 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32SubBrEqz:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                let r = u32(fp[Int(ip.pointee.b)]) &- u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r == 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32Eq:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) == u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32Ne:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) != u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LtS:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) < Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LtU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Step.brIfI32LtU(ip, fp) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GtS:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) > Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GtU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) > u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LeS:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) <= Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LeU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) <= u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GeS:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >= Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GeU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) >= u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32EqImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) == ip.pointee.c { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32NeImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) != ip.pointee.c { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LtSImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) < Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LtUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) < ip.pointee.c { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GtSImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) > Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GtUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) > ip.pointee.c { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LeSImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) <= Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32LeUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) <= ip.pointee.c { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GeSImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >= Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brIfI32GeUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if u32(fp[Int(ip.pointee.b)]) >= ip.pointee.c { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddImmBrNez:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Step.i32AddImmTested(ip, fp) != 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddImmBrEqz:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Step.i32AddImmTested(ip, fp) == 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddBrLtU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                // Two tail calls, not a select of the next pc: the next handler's operand
                // loads then wait for the branch prediction, not for this comparison.
                if _fastPath(Step.i32AddBrLtU(ip, fp)) { return next(Step.near(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddImmBrLtU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                // Two tail calls, not a select of the next pc: the next handler's operand
                // loads then wait for the branch prediction, not for this comparison.
                if _fastPath(Step.i32AddImmBrLtU(ip, fp)) { return next(Step.near(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddBrLtUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                let imm = ip.pointee.imm
                // Two tail calls, not a select of the next pc: the next handler's operand
                // loads then wait for the branch prediction, not for this comparison.
                if _fastPath(r < UInt32(truncatingIfNeeded: imm >> 32)) { return next(Step.near(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddImmBrLtUImm:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                // Two tail calls, not a select of the next pc: the next handler's operand
                // loads then wait for the branch prediction, not for this comparison.
                if _fastPath(Step.i32AddImmBrLtUImm(ip, fp)) { return next(Step.near(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .f64MulAddL, .f64MulAddR:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = Step.f64MulAdd(ip, fp)
                return next(ip + 2, fp, memBase, memSize, st, budget, r, accS)
            }
        case .brTable:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                return next(Step.brTableTarget(ip, fp), fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brOnNull:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if fp[Int(ip.pointee.b)] == 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brOnNonNull:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if fp[Int(ip.pointee.b)] != 0 { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32UBrEqz:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let v = Step.load32UTested(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                if _fastPath(v == 0) { return next(Step.loadBranchTarget(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .load32UBrNez:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let v = Step.load32UTested(ip, fp, memBase, memSize) else { return trap(.memoryOutOfBounds, ip, st) }
                if _fastPath(v != 0) { return next(Step.loadBranchTarget(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i32AddImmBrGtU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
                fp[Int(ip.pointee.a)] = UInt64(r)
                let imm = ip.pointee.imm
                if _fastPath(r > u32(fp[Int(truncatingIfNeeded: imm >> 32)])) { return next(Step.near(ip), fp, memBase, memSize, st, budget, accF, accS) }
                return next(ip + 2, fp, memBase, memSize, st, budget, accF, accS)
            }
        default:
            return nil
        }
    }
}
