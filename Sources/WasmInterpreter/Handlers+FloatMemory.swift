import WasmCore

// f32/f64 add, sub, mul and div with an operand in memory 0 (32-bit addresses), so that code
// on structs of floats needs no separate load and store instructions
// (`FunctionCompiler.foldLoadOperand`, `foldStoreOfLoadOperand`):
// - `…LoadL`: `a` <- mem[fp[c] + imm] op fp[b]; `…LoadR`: `a` <- fp[b] op mem[fp[c] + imm]
//   (both orders: the operand order decides which NaN a processor returns);
// - `…LoadLStore`: mem[fp[c] + imm] <- mem[fp[c] + imm] op fp[b], the compound assignment
//   `p->x -= d`.
extension Handlers {
    static func floatMemory(_ op: Op) -> Handler? {
        switch op {
        case .f32AddLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((m + o).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32AddLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((o + m).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32AddLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                memBase.storeBytes(of: (m + o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32SubLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((m - o).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32SubLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((o - m).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32SubLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                memBase.storeBytes(of: (m - o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32MulLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((m * o).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32MulLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((o * m).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32MulLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                memBase.storeBytes(of: (m * o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32DivLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((m / o).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32DivLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((o / m).bitPattern)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f32DivLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Float(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                let o = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                memBase.storeBytes(of: (m / o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64AddLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (m + o).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64AddLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (o + m).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64AddLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                memBase.storeBytes(of: (m + o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64SubLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (m - o).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64SubLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (o - m).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64SubLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                memBase.storeBytes(of: (m - o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64MulLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (m * o).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64MulLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (o * m).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64MulLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                memBase.storeBytes(of: (m * o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64DivLoadL:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (m / o).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64DivLoadR:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (o / m).bitPattern
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        case .f64DivLoadLStore:
            return { rip, fp, memBase, memSize, st, budget in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return trap(.memoryOutOfBounds, ip, st) }
                let m = Double(bitPattern: memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self))
                let o = Double(bitPattern: fp[Int(ip.pointee.b)])
                memBase.storeBytes(of: (m / o).bitPattern, toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget)
            }
        default:
            return nil
        }
    }

    /// The op doing `arith` with its left (`memoryLeft`) or right operand loaded from memory 0.
    static func loadOperandOp(_ arith: Op, memoryLeft: Bool) -> Op? {
        switch arith {
        case .f32Add: return memoryLeft ? .f32AddLoadL : .f32AddLoadR
        case .f32Sub: return memoryLeft ? .f32SubLoadL : .f32SubLoadR
        case .f32Mul: return memoryLeft ? .f32MulLoadL : .f32MulLoadR
        case .f32Div: return memoryLeft ? .f32DivLoadL : .f32DivLoadR
        case .f64Add: return memoryLeft ? .f64AddLoadL : .f64AddLoadR
        case .f64Sub: return memoryLeft ? .f64SubLoadL : .f64SubLoadR
        case .f64Mul: return memoryLeft ? .f64MulLoadL : .f64MulLoadR
        case .f64Div: return memoryLeft ? .f64DivLoadL : .f64DivLoadR
        default: return nil
        }
    }

    /// The compound assignment of `loadLeft` (a `…LoadL` op), and the width of the store that
    /// must follow for it (4 or 8 bytes).
    static func storeOfLoadOperandOp(_ loadLeft: Op) -> (op: Op, bytes: UInt64)? {
        switch loadLeft {
        case .f32AddLoadL: return (.f32AddLoadLStore, 4)
        case .f32SubLoadL: return (.f32SubLoadLStore, 4)
        case .f32MulLoadL: return (.f32MulLoadLStore, 4)
        case .f32DivLoadL: return (.f32DivLoadLStore, 4)
        case .f64AddLoadL: return (.f64AddLoadLStore, 8)
        case .f64SubLoadL: return (.f64SubLoadLStore, 8)
        case .f64MulLoadL: return (.f64MulLoadLStore, 8)
        case .f64DivLoadL: return (.f64DivLoadLStore, 8)
        default: return nil
        }
    }
}
