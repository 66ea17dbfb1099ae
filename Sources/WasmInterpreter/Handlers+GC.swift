import WasmCore

/// GC instructions: struct allocation and field access, array access, i31, casts. Each is its
/// own handler, with the null and bounds checks inline; what is rare or long (array
/// allocation, bulk array instructions, a cast's subtype walk, a collection) is out of line in
/// `Executor+GC.swift` / `Store+GC.swift`.
extension Handlers {
    /// Whether `op` is a GC op whose handler always goes forward (branches count the budget).
    static func gcContinuesUnchecked(_ op: Op) -> Bool {
        switch op {
        case .brOnCast, .brOnCastFail: return false
        default: return gc(op) != nil
        }
    }

    static func gc(_ op: Op) -> Handler? {
        switch op {
        case .structNew:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                if !Handlers.structNew(ip, fp, st, zero: false) { return trap(.gcHeapExhausted, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structNewDefault:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                if !Handlers.structNew(ip, fp, st, zero: true) { return trap(.gcHeapExhausted, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structGet:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                fp[Int(ip.pointee.a)] = f.load(as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structGetS8:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: f.load(as: UInt64.self)))))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structGetU8:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                fp[Int(ip.pointee.a)] = f.load(as: UInt64.self) & 0xFF
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structGetS16:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: f.load(as: UInt64.self)))))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structGetU16:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                fp[Int(ip.pointee.a)] = f.load(as: UInt64.self) & 0xFFFF
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structGet2:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                fp[Int(ip.pointee.a)] = f.load(as: UInt64.self)
                fp[Int(ip.pointee.a) + 1] = f.load(fromByteOffset: 8, as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structSet:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                f.storeBytes(of: fp[Int(ip.pointee.a)], as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .structSet2:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let f = Handlers.structField(ip, fp) else { return trap(.nullStructureReference, ip, st) }
                f.storeBytes(of: fp[Int(ip.pointee.a)], as: UInt64.self)
                f.storeBytes(of: fp[Int(ip.pointee.a) + 1], toByteOffset: 8, as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet8S:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 0) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(e.load(as: Int8.self))))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet8U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 0) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = UInt64(e.load(as: UInt8.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet16S:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 1) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(e.load(as: Int16.self))))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet16U:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 1) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = UInt64(e.load(as: UInt16.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet32:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 2) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = UInt64(e.load(as: UInt32.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet64:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 3) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = e.load(as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayGet128:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 4) else { return Handlers.arrayTrap(ip, fp, st) }
                fp[Int(ip.pointee.a)] = e.load(as: UInt64.self)
                fp[Int(ip.pointee.a) + 1] = e.load(fromByteOffset: 8, as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arraySet8:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 0) else { return Handlers.arrayTrap(ip, fp, st) }
                e.storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(ip.pointee.a)]), as: UInt8.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arraySet16:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 1) else { return Handlers.arrayTrap(ip, fp, st) }
                e.storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(ip.pointee.a)]), as: UInt16.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arraySet32:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 2) else { return Handlers.arrayTrap(ip, fp, st) }
                e.storeBytes(of: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.a)]), as: UInt32.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arraySet64:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 3) else { return Handlers.arrayTrap(ip, fp, st) }
                e.storeBytes(of: fp[Int(ip.pointee.a)], as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arraySet128:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                guard let e = Handlers.arrayElement(ip, fp, 4) else { return Handlers.arrayTrap(ip, fp, st) }
                e.storeBytes(of: fp[Int(ip.pointee.a)], as: UInt64.self)
                e.storeBytes(of: fp[Int(ip.pointee.a) + 1], toByteOffset: 8, as: UInt64.self)
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayLen:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let w = fp[Int(ip.pointee.b)]
                if w == 0 { return trap(.nullArrayReference, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(RefBits.pointer(w).load(fromByteOffset: 8, as: UInt32.self))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .refI31:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                fp[Int(ip.pointee.a)] = RefBits.i31(u32(fp[Int(ip.pointee.b)]))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i31GetS:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let w = fp[Int(ip.pointee.b)]
                if w == 0 { return trap(.nullI31Reference, ip, st) }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: RefBits.i31Signed(w)))
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .i31GetU:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let w = fp[Int(ip.pointee.b)]
                if w == 0 { return trap(.nullI31Reference, ip, st) }
                fp[Int(ip.pointee.a)] = w & 0x7FFF_FFFF
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .refTest:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let ok = Handlers.cast(fp[Int(ip.pointee.b)], UInt32(truncatingIfNeeded: ip.pointee.imm), ip.pointee.c, st)
                fp[Int(ip.pointee.a)] = ok ? 1 : 0
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .refCast:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                if !Handlers.cast(fp[Int(ip.pointee.b)], UInt32(truncatingIfNeeded: ip.pointee.imm), ip.pointee.c, st) {
                    return trap(.castFailure, ip, st)
                }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brOnCast:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if Handlers.cast(fp[Int(ip.pointee.b)], ip.pointee.a, ip.pointee.c, st) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .brOnCastFail:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                var pc = ip + 1
                if !Handlers.cast(fp[Int(ip.pointee.b)], ip.pointee.a, ip.pointee.c, st) { pc += rel(ip.pointee.imm) }
                return next(pc, fp, memBase, memSize, st, budget, accF, accS)
            }
        case .arrayNew, .arrayNewDefault, .arrayNewFixed, .arrayNewData, .arrayNewElem,
             .arrayFill, .arrayCopy, .arrayInitData, .arrayInitElem:
            return { rip, fp, memBase, memSize, st, budget, accF, accS in
                let ip = rip.assumingMemoryBound(to: Inst.self)
                let t = Handlers.gcOutOfLine(ip, fp, st)
                if t != .none { return trap(t, ip, st) }
                return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, accF, accS)
            }
        default:
            return nil
        }
    }

    /// `struct.new[_default]`: a cell from the size class's free list while the budget lasts,
    /// else the slow path (which may collect). False when the heap is exhausted.
    @inline(__always)
    static func structNew(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                          _ st: UnsafeMutableRawPointer, zero: Bool, descriptor: Bool = false) -> Bool {
        let imm = ip.pointee.imm
        let cls = Int(truncatingIfNeeded: imm >> 40 & 0xFF)
        let size = Int(truncatingIfNeeded: imm >> 48)
        let g = st.exec.pointee.gc
        let cell = g.pointee.heads[cls]
        guard cell != 0 && g.pointee.budget >= size else { return structNewSlow(ip, fp, st, zero: zero, descriptor: descriptor) }
        let p = UnsafeMutableRawPointer(bitPattern: cell).unsafelyUnwrapped
        g.pointee.heads[cls] = p.load(fromByteOffset: 8, as: UInt.self)
        g.pointee.budget &-= size
        initializeStruct(p, ip, fp, zero: zero, descriptor: descriptor)
        return true
    }

    /// `descriptor`: the struct's descriptor is the operand after its fields (and the header
    /// in `imm` has `ObjectHeader.descriptorBit`).
    @inline(__always)
    static func initializeStruct(_ p: UnsafeMutableRawPointer, _ ip: UnsafePointer<Inst>,
                                 _ fp: UnsafeMutablePointer<UInt64>, zero: Bool, descriptor: Bool = false) {
        p.storeBytes(of: ip.pointee.imm & 0x3F_FFFF_FFFF, as: UInt64.self)
        let n = Int(ip.pointee.c)
        if descriptor { p.storeBytes(of: fp[Int(ip.pointee.b) + (zero ? 0 : n)], toByteOffset: 8, as: UInt64.self) }
        let fields = (p + StructLayout.fieldBase(hasDescriptor: descriptor)).assumingMemoryBound(to: UInt64.self)
        if zero {
            for k in 0..<n { fields[k] = 0 }
        } else {
            let src = fp + Int(ip.pointee.b)
            for k in 0..<n { fields[k] = src[k] }
        }
        fp[Int(ip.pointee.a)] = RefBits.object(p)
    }

    @inline(never)
    static func structNewSlow(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                              _ st: UnsafeMutableRawPointer, zero: Bool, descriptor: Bool) -> Bool {
        let store = st.exec.pointee.store
        let n = Int(ip.pointee.c)
        // The fields (and descriptor) are the frame's last live slots; none for struct.new_default.
        let live = fp + Int(ip.pointee.b) + (zero ? 0 : n) + (descriptor ? 1 : 0)
        guard let p = store.gcAllocate(bytes: StructLayout.size(slots: n, hasDescriptor: descriptor), stackLimit: live) else {
            _ = store.heapExhausted()
            return false
        }
        initializeStruct(p, ip, fp, zero: zero, descriptor: descriptor)
        return true
    }

    /// The field `c` bytes into the struct at `fp[b]`, nil when the reference is null.
    @inline(__always)
    static func structField(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>) -> UnsafeMutableRawPointer? {
        let w = fp[Int(ip.pointee.b)]
        if w == 0 { return nil }
        return RefBits.pointer(w) + Int(ip.pointee.c)
    }

    /// Element `fp[c]` of the array at `fp[b]` (elements of `1 << shift` bytes); nil when the
    /// reference is null or the index out of bounds (`arrayTrap` tells which).
    @inline(__always)
    static func arrayElement(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ shift: Int) -> UnsafeMutableRawPointer? {
        let w = fp[Int(ip.pointee.b)]
        if w == 0 { return nil }
        let p = RefBits.pointer(w)
        let i = u32(fp[Int(ip.pointee.c)])
        if i >= p.load(fromByteOffset: 8, as: UInt32.self) { return nil }
        return p + ObjectHeader.arrayElements + Int(i) << shift
    }

    @inline(never)
    static func arrayTrap(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ st: UnsafeMutableRawPointer) -> Int {
        trap(fp[Int(ip.pointee.b)] == 0 ? .nullArrayReference : .arrayOutOfBounds, ip, st)
    }

    /// Whether `w` passes a cast to `code` (`CastTarget`) with `flags` (`CastTarget.nullableFlag`,
    /// `exactFlag`). An object of exactly the target type is decided here; the rest by
    /// `Store.refMatches`.
    @inline(__always)
    static func cast(_ w: UInt64, _ code: UInt32, _ flags: UInt32, _ st: UnsafeMutableRawPointer) -> Bool {
        if w == 0 { return flags & CastTarget.nullableFlag != 0 }
        if RefBits.isObject(w) && code < CastTarget.firstAbstract
            && UInt32(truncatingIfNeeded: RefBits.pointer(w).load(as: UInt64.self)) == code {
            return true
        }
        return castSlow(w, code, flags, st)
    }

    @inline(never)
    static func castSlow(_ w: UInt64, _ code: UInt32, _ flags: UInt32, _ st: UnsafeMutableRawPointer) -> Bool {
        st.exec.pointee.store.refMatches(w, code, nullable: false, exact: flags & CastTarget.exactFlag != 0)
    }

    @inline(never)
    static func gcOutOfLine(_ ip: UnsafePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                            _ st: UnsafeMutableRawPointer) -> TrapCode {
        st.exec.pointee.store.executeGC(ip.pointee, fp)
    }
}
