import WasmCore

// The run loop's SIMD case. One `Op.simd` instruction carries the wasm opcode's raw value in
// `imm` (bits 0-15), a lane index or third operand slot in bits 16-47 and the number of data
// words that follow it in bits 48-55, bit 56 marks memory and bit 57 three-operand forms; `a` is the destination, `b` and `c` the operands.
// Memory instructions are followed by one data word: `a` = store memory address, `b` = 0 for
// the instance's memory 0 (read through the run loop's cached pointer), `imm` = offset.
// i8x16.shuffle is followed by one data word holding the 16 lane indices (`imm` = low half,
// `a`/`b` = the high half's low/high 32 bits).

extension Store {
    /// `mem0` is the running instance's memory 0 (as the run loop caches it), so the common
    /// case reads no store state.
    func executeSIMD(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                     _ mem0: UnsafeMutablePointer<MemoryState>) -> TrapCode {
        let ins = ip.pointee
        let raw = Int(truncatingIfNeeded: ins.imm & 0xFFFF)
        // A table, not `Opcode(rawValue:)`: that initializer is an opaque cross-module call.
        let table = simdOpcodeByRawValue
        guard raw < table.count else { return .unreachable }
        let op = table[raw]
        let a = Int(ins.a)
        let b = Int(ins.b)
        let c = Int(ins.c)
        let field = Int(truncatingIfNeeded: (ins.imm >> 16) & 0xFFFF_FFFF)
        @inline(__always) func v(_ s: Int) -> V128 { V128(lo: fp[s], hi: fp[s + 1]) }
        @inline(__always) func put(_ r: V128) {
            fp[a] = r.lo
            fp[a + 1] = r.hi
        }
        typealias L = SIMDLanes

        if ins.imm >> 56 & 1 != 0 { return simdMemory(op, ins, ip[1], fp, mem0, lane: field) }

        switch op {
        // MARK: Lanes, splats, shuffles
        case .i8x16Shuffle:
            let d = ip[1]
            put(L.shuffle(v(b), v(c), V128(lo: d.imm, hi: UInt64(d.a) | UInt64(d.b) << 32)))
        case .i8x16Swizzle, .i8x16RelaxedSwizzle: put(L.swizzle(v(b), v(c)))
        case .i8x16Splat: put(L.splat(UInt8(truncatingIfNeeded: fp[b])))
        case .i16x8Splat: put(L.splat(UInt16(truncatingIfNeeded: fp[b])))
        case .i32x4Splat, .f32x4Splat: put(L.splat(UInt32(truncatingIfNeeded: fp[b])))
        case .i64x2Splat, .f64x2Splat: put(L.splat(fp[b]))
        case .i8x16ExtractLaneS: fp[a] = UInt64(UInt32(bitPattern: Int32(L.lane(v(b), field, Int8.self))))
        case .i8x16ExtractLaneU: fp[a] = UInt64(L.lane(v(b), field, UInt8.self))
        case .i16x8ExtractLaneS: fp[a] = UInt64(UInt32(bitPattern: Int32(L.lane(v(b), field, Int16.self))))
        case .i16x8ExtractLaneU: fp[a] = UInt64(L.lane(v(b), field, UInt16.self))
        case .i32x4ExtractLane, .f32x4ExtractLane: fp[a] = UInt64(L.lane(v(b), field, UInt32.self))
        case .i64x2ExtractLane, .f64x2ExtractLane: fp[a] = L.lane(v(b), field, UInt64.self)
        case .i8x16ReplaceLane: put(L.replace(v(b), field, UInt8(truncatingIfNeeded: fp[c])))
        case .i16x8ReplaceLane: put(L.replace(v(b), field, UInt16(truncatingIfNeeded: fp[c])))
        case .i32x4ReplaceLane, .f32x4ReplaceLane: put(L.replace(v(b), field, UInt32(truncatingIfNeeded: fp[c])))
        case .i64x2ReplaceLane, .f64x2ReplaceLane: put(L.replace(v(b), field, fp[c]))

        // MARK: Bitwise
        case .v128Not: put(V128(lo: ~fp[b], hi: ~fp[b + 1]))
        case .v128And: put(V128(lo: fp[b] & fp[c], hi: fp[b + 1] & fp[c + 1]))
        case .v128Andnot: put(V128(lo: fp[b] & ~fp[c], hi: fp[b + 1] & ~fp[c + 1]))
        case .v128Or: put(V128(lo: fp[b] | fp[c], hi: fp[b + 1] | fp[c + 1]))
        case .v128Xor: put(V128(lo: fp[b] ^ fp[c], hi: fp[b + 1] ^ fp[c + 1]))
        case .v128Bitselect, .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect, .i64x2RelaxedLaneselect:
            let x = v(b), y = v(c), m = v(field)  // `field` is the third operand's slot
            put(V128(lo: (x.lo & m.lo) | (y.lo & ~m.lo), hi: (x.hi & m.hi) | (y.hi & ~m.hi)))
        case .v128AnyTrue: fp[a] = (fp[b] | fp[b + 1]) != 0 ? 1 : 0

        default:
            if let r = SIMDLanes.integer(op, v(b), v(c), UInt32(truncatingIfNeeded: fp[c])) {
                switch r {
                case .vector(let x): put(x)
                case .scalar(let x): fp[a] = x
                }
            } else if let r = SIMDLanes.float(op, v(b), v(c)) {
                put(r)
            } else if ins.imm >> 57 & 1 != 0, let r = SIMDLanes.ternary(op, v(b), v(c), v(field)) {
                // Bit 57 marks the three-operand forms (`field` is a slot only for them).
                put(r)
            } else {
                return .unreachable
            }
        }
        return .none
    }

    private func simdMemory(_ op: Opcode, _ ins: Inst, _ data: Inst, _ fp: UnsafeMutablePointer<UInt64>,
                            _ mem0: UnsafeMutablePointer<MemoryState>, lane: Int) -> TrapCode {
        let bytes: UInt64
        switch op {
        case .v128Load, .v128Store: bytes = 16
        case .v128Load8Splat, .v128Load8Lane, .v128Store8Lane: bytes = 1
        case .v128Load16Splat, .v128Load16Lane, .v128Store16Lane: bytes = 2
        case .v128Load32Splat, .v128Load32Zero, .v128Load32Lane, .v128Store32Lane: bytes = 4
        default: bytes = 8
        }
        let m: MemoryState
        if data.b == 0 {
            m = mem0.pointee
        } else {
            let memAddr = Int(data.a)
            guard memAddr < memories.count else { return .unreachable }
            m = memories[memAddr].pointee
        }
        let base = m.is64 ? fp[Int(ins.b)] : UInt64(UInt32(truncatingIfNeeded: fp[Int(ins.b)]))
        let (ea, o1) = base.addingReportingOverflow(data.imm)
        let (end, o2) = ea.addingReportingOverflow(bytes)
        guard !o1, !o2, end <= m.byteCount else { return .memoryOutOfBounds }
        let p = m.base + Int(ea)
        let a = Int(ins.a)
        let c = Int(ins.c)
        typealias L = SIMDLanes
        var r = V128(lo: 0, hi: 0)
        switch op {
        case .v128Load:
            r = V128(lo: p.loadUnaligned(as: UInt64.self), hi: (p + 8).loadUnaligned(as: UInt64.self))
        case .v128Load8x8S, .v128Load8x8U, .v128Load16x4S, .v128Load16x4U, .v128Load32x2S, .v128Load32x2U:
            let half = V128(lo: p.loadUnaligned(as: UInt64.self), hi: 0)
            switch op {
            case .v128Load8x8S: r = L.extend(half, high: false, Int8.self, Int16.self)
            case .v128Load8x8U: r = L.extend(half, high: false, UInt8.self, UInt16.self)
            case .v128Load16x4S: r = L.extend(half, high: false, Int16.self, Int32.self)
            case .v128Load16x4U: r = L.extend(half, high: false, UInt16.self, UInt32.self)
            case .v128Load32x2S: r = L.extend(half, high: false, Int32.self, Int64.self)
            default: r = L.extend(half, high: false, UInt32.self, UInt64.self)
            }
        case .v128Load8Splat: r = L.splat(p.load(as: UInt8.self))
        case .v128Load16Splat: r = L.splat(p.loadUnaligned(as: UInt16.self))
        case .v128Load32Splat: r = L.splat(p.loadUnaligned(as: UInt32.self))
        case .v128Load64Splat: r = L.splat(p.loadUnaligned(as: UInt64.self))
        case .v128Load32Zero: r = V128(lo: UInt64(p.loadUnaligned(as: UInt32.self)), hi: 0)
        case .v128Load64Zero: r = V128(lo: p.loadUnaligned(as: UInt64.self), hi: 0)
        case .v128Load8Lane, .v128Load16Lane, .v128Load32Lane, .v128Load64Lane:
            let old = V128(lo: fp[c], hi: fp[c + 1])
            switch op {
            case .v128Load8Lane: r = L.replace(old, lane, p.load(as: UInt8.self))
            case .v128Load16Lane: r = L.replace(old, lane, p.loadUnaligned(as: UInt16.self))
            case .v128Load32Lane: r = L.replace(old, lane, p.loadUnaligned(as: UInt32.self))
            default: r = L.replace(old, lane, p.loadUnaligned(as: UInt64.self))
            }
        case .v128Store:
            p.storeBytes(of: fp[c], as: UInt64.self)
            (p + 8).storeBytes(of: fp[c + 1], as: UInt64.self)
            return .none
        case .v128Store8Lane, .v128Store16Lane, .v128Store32Lane, .v128Store64Lane:
            let x = V128(lo: fp[c], hi: fp[c + 1])
            switch op {
            case .v128Store8Lane: p.storeBytes(of: L.lane(x, lane, UInt8.self), as: UInt8.self)
            case .v128Store16Lane: p.storeBytes(of: L.lane(x, lane, UInt16.self), as: UInt16.self)
            case .v128Store32Lane: p.storeBytes(of: L.lane(x, lane, UInt32.self), as: UInt32.self)
            default: p.storeBytes(of: L.lane(x, lane, UInt64.self), as: UInt64.self)
            }
            return .none
        default:
            return .unreachable
        }
        fp[a] = r.lo
        fp[a + 1] = r.hi
        return .none
    }
}

/// Every opcode at the index of its raw value (the run loop decodes `Op.simd`'s opcode with
/// it). A raw buffer made once and never freed: reading it costs no reference counting.
nonisolated(unsafe) let simdOpcodeByRawValue: UnsafeBufferPointer<Opcode> = {
    let top = Opcode.allCases.map { Int($0.rawValue) }.max() ?? 0
    let t = UnsafeMutableBufferPointer<Opcode>.allocate(capacity: top + 1)
    t.initialize(repeating: .unreachable)
    for op in Opcode.allCases { t[Int(op.rawValue)] = op }
    return UnsafeBufferPointer(t)
}()
