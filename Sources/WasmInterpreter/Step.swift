/// What an instruction does, apart from where it goes next, for the instructions that also run
/// as half of a pair (`Handlers+Pairs.swift`): the instruction's own handler and every pair
/// containing it call the same step. The comment on each says how many code slots the
/// instruction takes (a fused form keeps the instruction it absorbed in the slot after it) and,
/// for a branch, where it goes.
///
/// A memory step answers false when the access is out of bounds (it then changed nothing); a
/// branch step answers whether the branch is taken.
enum Step {
    typealias IP = UnsafePointer<Inst>
    typealias FP = UnsafeMutablePointer<UInt64>

    /// The target of a fused compare-and-branch: 32-bit offset in `imm`'s low half, from `ip + 1`.
    @inline(__always) static func near(_ ip: IP) -> IP { ip + 1 + Int(Int32(truncatingIfNeeded: ip.pointee.imm)) }
    /// The target of a plain conditional branch: offset `imm`, from `ip + 1`.
    @inline(__always) static func far(_ ip: IP) -> IP { ip + 1 + rel(ip.pointee.imm) }

    // MARK: Straight steps

    /// 1 slot.
    @inline(__always) static func copy(_ ip: IP, _ fp: FP) {
        fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
    }

    /// 2 slots.
    @inline(__always) static func copyPair(_ ip: IP, _ fp: FP) {
        fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
        fp[Int(ip.pointee.c)] = fp[Int(truncatingIfNeeded: ip.pointee.imm)]
    }

    /// 1 slot.
    @inline(__always) static func i32AddImm(_ ip: IP, _ fp: FP) {
        fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c)
    }

    /// 1 slot.
    @inline(__always) static func i32ShrUImm(_ ip: IP, _ fp: FP) {
        fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) >> (ip.pointee.c & 31))
    }

    /// `x * K1 + K2`. 2 slots.
    @inline(__always) static func i32MulImmAddImm(_ ip: IP, _ fp: FP) {
        let x = u32(fp[Int(ip.pointee.b)])
        fp[Int(ip.pointee.a)] = UInt64(x &* ip.pointee.c &+ UInt32(truncatingIfNeeded: ip.pointee.imm))
    }

    /// `o + x * y` (`f64MulAddL`) or `x * y + o` (`f64MulAddR`), the product also kept in its
    /// temporary. 2 slots. One body for both: add is commutative, and the spec lets either
    /// operand's NaN payload survive (the optimiser had already folded the two orders into one).
    @discardableResult
    @inline(__always) static func f64MulAdd(_ ip: IP, _ fp: FP) -> Double {
        f64MulAdd(ip, fp, Double(bitPattern: fp[Int(ip.pointee.b)]), Double(bitPattern: fp[Int(ip.pointee.c)]))
    }

    /// The same with the product's operands given (one of them from the float accumulator),
    /// and the other addend (`other`, when it comes from there too). Returns the sum.
    @inline(__always) static func f64MulAdd(_ ip: IP, _ fp: FP, _ x: Double, _ y: Double, other: Double? = nil) -> Double {
        let p = x * y
        let imm = ip.pointee.imm
        fp[Int(truncatingIfNeeded: imm >> 32)] = p.bitPattern
        let o = other ?? Double(bitPattern: fp[Int(truncatingIfNeeded: imm & 0xFFFF_FFFF)])
        let r = o + p
        fp[Int(ip.pointee.a)] = r.bitPattern
        return r
    }

    /// 1 slot.
    @inline(__always) static func load8U(_ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) -> Bool {
        load(ip, fp, memBase, memSize, at: UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm, as: UInt8.self)
    }

    /// Where `brTable` goes: the target of its chosen entry. The entries are `br`s (the
    /// compiler keeps them so) starting `imm` past the next instruction (0, but for a loop back
    /// edge's copy of its header); the chosen one is not dispatched.
    @inline(__always) static func brTableTarget(_ ip: IP, _ fp: FP) -> IP {
        let entry = ip + 1 + rel(ip.pointee.imm) + Int(min(u32(fp[Int(ip.pointee.b)]), ip.pointee.c))
        return entry + 1 + rel(entry.pointee.imm)
    }

    /// 1 slot.
    @inline(__always) static func load32U(_ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) -> Bool {
        load(ip, fp, memBase, memSize, at: UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm, as: UInt32.self)
    }

    /// `a[c + b << k]` (k in `imm`'s high half), as an unsigned `T` zero-extended. 2 slots.
    @inline(__always) static func loadAddShl<T: FixedWidthInteger & UnsignedInteger>(
        _ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64, as _: T.Type) -> Bool {
        let imm = ip.pointee.imm
        let idx = u32(fp[Int(ip.pointee.b)]) << UInt32(truncatingIfNeeded: imm >> 32)
        return loadScaled(ip, fp, memBase, memSize, index: idx, as: T.self)
    }

    /// `a[c + b * K]` (K in `imm`'s high half), as an unsigned `T` zero-extended. 2 slots.
    @inline(__always) static func loadAddMul<T: FixedWidthInteger & UnsignedInteger>(
        _ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64, as _: T.Type) -> Bool {
        let imm = ip.pointee.imm
        let idx = u32(fp[Int(ip.pointee.b)]) &* UInt32(truncatingIfNeeded: imm >> 32)
        return loadScaled(ip, fp, memBase, memSize, index: idx, as: T.self)
    }

    /// The load of `loadAddShl`/`loadAddMul` once the scaled index is known: `c + index +
    /// offset` (the offset in `imm`'s low half).
    @inline(__always) private static func loadScaled<T: FixedWidthInteger & UnsignedInteger>(
        _ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64, index: UInt32, as _: T.Type) -> Bool {
        load(ip, fp, memBase, memSize, at: UInt64(u32(fp[Int(ip.pointee.c)]) &+ index) &+ (ip.pointee.imm & 0xFFFF_FFFF), as: T.self)
    }

    /// `a` <- the unsigned `T` at effective address `ea` (below 2^33: a 32-bit address plus a
    /// 32-bit offset), zero-extended; false, changing nothing, when it is out of bounds.
    @inline(__always) private static func load<T: FixedWidthInteger & UnsignedInteger>(
        _ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64, at ea: UInt64, as _: T.Type) -> Bool {
        if _slowPath(ea &+ UInt64(MemoryLayout<T>.size) > memSize) { return false }
        fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: T.self))
        return true
    }

    /// `s += a[i]` for bytes. 2 slots.
    @inline(__always) static func i32AddLoad8U(_ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) -> Bool {
        let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
        if _slowPath(ea &+ 1 > memSize) { return false }
        let v = UInt32(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self))
        fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.c)]) &+ v)
        return true
    }

    /// 1 slot.
    @inline(__always) static func store8(_ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) -> Bool {
        let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
        if _slowPath(ea &+ 1 > memSize) { return false }
        memBase.storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self)
        return true
    }

    /// `d[k] = s[k]` for a byte. 2 slots.
    @inline(__always) static func copy8Add(_ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) -> Bool {
        let k = u32(fp[Int(ip.pointee.c)])
        let imm = ip.pointee.imm
        let src = UInt64(u32(fp[Int(ip.pointee.a)]) &+ k) &+ (imm & 0xFFFF_FFFF)
        if _slowPath(src &+ 1 > memSize) { return false }
        let v = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: src), as: UInt8.self)
        let dst = UInt64(u32(fp[Int(ip.pointee.b)]) &+ k) &+ (imm >> 32)
        if _slowPath(dst &+ 1 > memSize) { return false }
        memBase.storeBytes(of: v, toByteOffset: Int(truncatingIfNeeded: dst), as: UInt8.self)
        return true
    }

    // MARK: Branch steps

    /// `a = b + c; br_if a <u [imm >> 32]`: taken to `near`, else `ip + 2`.
    @inline(__always) static func i32AddBrLtU(_ ip: IP, _ fp: FP) -> Bool {
        let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
        fp[Int(ip.pointee.a)] = UInt64(r)
        return r < u32(fp[Int(truncatingIfNeeded: ip.pointee.imm >> 32)])
    }

    /// `a = b + K; br_if a <u [imm >> 32]`: taken to `near`, else `ip + 2`.
    @inline(__always) static func i32AddImmBrLtU(_ ip: IP, _ fp: FP) -> Bool {
        let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
        fp[Int(ip.pointee.a)] = UInt64(r)
        return r < u32(fp[Int(truncatingIfNeeded: ip.pointee.imm >> 32)])
    }

    /// `a = b + K; br_if a <u (imm >> 32)`: taken to `near`, else `ip + 2`.
    @inline(__always) static func i32AddImmBrLtUImm(_ ip: IP, _ fp: FP) -> Bool {
        let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
        fp[Int(ip.pointee.a)] = UInt64(r)
        return r < UInt32(truncatingIfNeeded: ip.pointee.imm >> 32)
    }

    /// `a = b + K` of `i32AddImmBrNez`/`i32AddImmBrEqz`, which then test the sum (answered):
    /// taken to `far`, else `ip + 1`.
    @inline(__always) static func i32AddImmTested(_ ip: IP, _ fp: FP) -> UInt32 {
        let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
        fp[Int(ip.pointee.a)] = UInt64(r)
        return r
    }

    /// `br_if b <u c`: taken to `far`, else `ip + 1`.
    @inline(__always) static func brIfI32LtU(_ ip: IP, _ fp: FP) -> Bool {
        u32(fp[Int(ip.pointee.b)]) < u32(fp[Int(ip.pointee.c)])
    }

    /// The load of `load32UBrEqz` and `load32UBrNez`: `a = load32_u(b + imm low)`, tested next
    /// (taken to `loadBranchTarget`, else `ip + 2`). Answers the loaded value, or nil when out
    /// of bounds.
    @inline(__always) static func load32UTested(_ ip: IP, _ fp: FP, _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) -> UInt32? {
        let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ (ip.pointee.imm & 0xFFFF_FFFF)
        if _slowPath(ea &+ 4 > memSize) { return nil }
        let v = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
        fp[Int(ip.pointee.a)] = UInt64(v)
        return v
    }

    /// Where `load32UBrEqz` / `load32UBrNez` go when taken.
    @inline(__always) static func loadBranchTarget(_ ip: IP) -> IP { ip + 1 + Int(Int32(truncatingIfNeeded: ip.pointee.imm >> 32)) }
}
