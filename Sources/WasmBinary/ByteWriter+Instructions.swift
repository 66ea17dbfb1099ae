// Instruction encoding, driven by the opcode table: prefix and code from `op.info`, then the
// immediates as `info.immediates` says.

import WasmCore

extension ByteWriter {
    mutating func memArg(_ m: MemArg) {
        // Bit 6 of the alignment field announces an explicit memory index (multi-memory).
        if m.memory != 0 {
            u32(UInt32(m.align) | 0x40)
            u32(m.memory)
        } else {
            u32(UInt32(m.align))
        }
        u64(m.offset)
    }

    mutating func opcode(_ info: OpcodeEncoding, nullable: Bool = false) {
        let code = info.code &+ (nullable ? 1 : 0)
        if info.prefix == .none {
            byte(UInt8(truncatingIfNeeded: code))
        } else {
            byte(info.prefix.rawValue)
            u32(code)
        }
    }

    mutating func instruction(_ i: Instruction, in e: Expression, encodings: [OpcodeEncoding]) {
        let enc = encodings[Int(i.opcode.rawValue)]
        if enc.shape == .castRefType, case .refType(let r) = i.immediate {
            opcode(enc, nullable: r.nullable)
            heapType(r.heapType)
            return
        }
        opcode(enc)
        switch i.immediate {
        case .none:
            if enc.shape == .fence { byte(0) }
        case .index(let x):
            u32(x)
        case .indices(let a, let b):
            u32(a)
            u32(b)
        case .i32(let v):
            s32(v)
        case .i64(let v):
            s64(v)
        case .f32(let bits):
            f32(bits)
        case .f64(let bits):
            f64(bits)
        case .v128(let v):
            append(contentsOf: v.bytes)
        case .memArg(let m):
            memArg(m)
        case .memArgLane(let m, let lane):
            memArg(m)
            byte(lane)
        case .lane(let l):
            byte(l)
        case .blockType(let b):
            blockType(b)
        case .heapType(let h):
            heapType(h)
        case .refType(let r):
            heapType(r.heapType)
        case .brOnCast(let label, let from, let to):
            byte((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0))
            u32(label)
            heapType(from.heapType)
            heapType(to.heapType)
        case .brTable(let r):
            let labels = e.labelsChecked(r)
            let n = labels.count
            u32(UInt32(truncatingIfNeeded: max(0, n - 1)))
            for l in labels { u32(l) }
            if n == 0 { u32(0) }
        case .selectTypes(let r):
            let ts = e.typesChecked(r)
            u32(UInt32(truncatingIfNeeded: ts.count))
            for t in ts { valType(t) }
        case .tryTable(let bt, let r):
            blockType(bt)
            let cs = e.catchesChecked(r)
            u32(UInt32(truncatingIfNeeded: cs.count))
            for c in cs {
                byte(c.kind.rawValue)
                if c.kind == .catch || c.kind == .catchRef { u32(c.tag) }
                u32(c.label)
            }
        }
    }

    /// An expression: its instructions, which end with `end` already.
    mutating func expression(_ e: Expression) {
        let encodings = OpcodeEncoding.table
        for i in e.instructions { instruction(i, in: e, encodings: encodings) }
    }
}

extension Expression {
    // Pool ranges come from producers we do not control; out-of-range ones encode as empty
    // instead of trapping.
    func labelsChecked(_ r: PoolRange) -> ArraySlice<UInt32> {
        let s = Int(r.start), n = Int(r.count)
        guard s <= labelPool.count, n <= labelPool.count - s else { return [] }
        return labelPool[s..<(s + n)]
    }

    func typesChecked(_ r: PoolRange) -> ArraySlice<ValType> {
        let s = Int(r.start), n = Int(r.count)
        guard s <= typePool.count, n <= typePool.count - s else { return [] }
        return typePool[s..<(s + n)]
    }

    func catchesChecked(_ r: PoolRange) -> ArraySlice<Catch> {
        let s = Int(r.start), n = Int(r.count)
        guard s <= catchPool.count, n <= catchPool.count - s else { return [] }
        return catchPool[s..<(s + n)]
    }
}
