// Decoding of expressions, driven by the opcode table (`Opcode.lookup` and `info.immediates`).
// Nesting is tracked on an explicit stack, so deeply nested input cannot exhaust the host stack.

import WasmCore

extension ModuleDecoder {
    /// What an open structured instruction accepts next.
    enum Frame: UInt8 {
        case block, loop, `if`, `else`, `try`, tryCatch, tryCatchAll, tryTable
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return s.count < 2 ? "0" + s : s
    }

    /// Reads instructions up to and including the `end` that closes the expression.
    /// `sizeHint`: the byte size of the code, when known, to reserve room once (an instruction
    /// takes two bytes on average in real code; never more than the input backs).
    mutating func expression(sizeHint: Int = 0) throws(Diagnostic) -> Expression {
        var e = Expression()
        if sizeHint > 8 {
            let n = min(sizeHint, r.remaining) / 2
            e.instructions.reserveCapacity(n)
            e.offsets.reserveCapacity(n)
        }
        var frames: [Frame] = []
        let features = self.features
        // Hoisted so the loop does not re-check the globals' lazy initialisation each time.
        let byByte = Opcode.byByte
        let encodings = OpcodeEncoding.table
        while true {
            let pos = r.position
            let b = try r.u8()
            let op: Opcode
            let enc: OpcodeEncoding
            var code = UInt32(b)
            if let prefix = OpcodePrefix(rawValue: b), prefix != .none {
                code = try r.u32()
                guard let o = Opcode.lookup(prefix: prefix, code: code),
                      Self.isEnabled(encodings[Int(o.rawValue)], features) else {
                    throw r.error("illegal opcode \(Self.hex(UInt32(b))) \(Self.hex(code))", at: pos)
                }
                op = o
                enc = encodings[Int(o.rawValue)]
            } else {
                guard let o = byByte[Int(b)], Self.isEnabled(encodings[Int(o.rawValue)], features) else {
                    throw r.error("illegal opcode \(Self.hex(UInt32(b)))", at: pos)
                }
                op = o
                enc = encodings[Int(o.rawValue)]
            }
            let imm = try immediate(enc, code: code, into: &e)
            e.append(Instruction(op, imm), offset: UInt32(truncatingIfNeeded: pos))

            switch op {
            case .block: frames.append(.block)
            case .loop: frames.append(.loop)
            case .if: frames.append(.if)
            case .try: frames.append(.try)
            case .tryTable: frames.append(.tryTable)
            case .else:
                guard frames.last == .if else { throw r.error("END opcode expected", at: pos) }
                frames[frames.count - 1] = .else
            case .catch:
                guard let f = frames.last, f == .try || f == .tryCatch else {
                    throw r.error("END opcode expected", at: pos)
                }
                frames[frames.count - 1] = .tryCatch
            case .catchAll:
                guard let f = frames.last, f == .try || f == .tryCatch else {
                    throw r.error("END opcode expected", at: pos)
                }
                frames[frames.count - 1] = .tryCatchAll
            case .delegate:
                guard frames.last == .try else { throw r.error("END opcode expected", at: pos) }
                frames.removeLast()
            case .end:
                if frames.isEmpty {
                    // The reservation was an upper bound: a module keeps only what it uses.
                    if sizeHint > 8 {
                        e.instructions.shrinkToFit()
                        e.offsets.shrinkToFit()
                    }
                    return e
                }
                frames.removeLast()
            default:
                break
            }
        }
    }

    @inline(__always)
    static func isEnabled(_ e: OpcodeEncoding, _ features: Features) -> Bool {
        let f = e.feature
        return f == .mvp || features.contains(f)
    }

    /// An index that older encodings reserve as a zero byte (memory and table indices before
    /// multi-memory and reference types).
    mutating func reservedIndex(_ feature: Feature) throws(Diagnostic) -> UInt32 {
        if features.contains(feature) { return try r.u32() }
        let pos = r.position
        guard try r.u8() == 0 else { throw r.error("zero byte expected", at: pos) }
        return 0
    }

    mutating func memArg() throws(Diagnostic) -> MemArg {
        let pos = r.position
        let flags = try r.u32()
        guard flags < 0x80 else { throw r.error("malformed memop flags", at: pos) }
        var memory: UInt32 = 0
        if flags & 0x40 != 0 {
            guard features.contains(.multiMemory) else { throw r.error("malformed memop flags", at: pos) }
            memory = try r.u32()
        }
        let offset = features.contains(.memory64) ? try r.u64() : UInt64(try r.u32())
        return MemArg(offset: offset, align: UInt8(flags & 0x3F), memory: memory)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func immediate(_ info: OpcodeEncoding, code: UInt32, into e: inout Expression) throws(Diagnostic) -> Immediate {
        switch info.shape {
        case .none:
            return .none
        case .fence:
            let pos = r.position
            guard try r.u8() == 0 else { throw r.error("malformed atomic.fence ordering", at: pos) }
            return .none
        case .local, .global, .function, .table, .type, .label, .elem, .data, .tag:
            return .index(try r.u32())
        case .memory:
            return .index(try reservedIndex(.multiMemory))
        case .callIndirect:
            let t = try r.u32()
            return .indices(t, try reservedIndex(.referenceTypes))
        case .memoryCopy:
            let a = try reservedIndex(.multiMemory)
            return .indices(a, try reservedIndex(.multiMemory))
        case .memoryInit:
            let d = try r.u32()
            return .indices(d, try reservedIndex(.multiMemory))
        case .tableCopy, .tableInit, .structField, .arrayNewFixed, .arrayCopy, .arrayData, .arrayElem:
            let a = try r.u32()
            return .indices(a, try r.u32())
        case .i32:
            return .i32(try r.s32())
        case .i64:
            return .i64(try r.s64())
        case .f32:
            return .f32(try r.fixed32())
        case .f64:
            return .f64(try r.fixed64())
        case .v128, .shuffle:
            return .v128(V128(bytes: try r.bytes(16)))
        case .memArg:
            return .memArg(try memArg())
        case .memArgLane:
            let m = try memArg()
            return .memArgLane(m, try r.u8())
        case .lane:
            return .lane(try r.u8())
        case .blockType:
            return .blockType(try blockType())
        case .heapType:
            return .heapType(try heapType())
        case .castRefType:
            return .refType(RefType(nullable: code != info.code, try heapType()))
        case .brOnCast:
            let pos = r.position
            let flags = try r.u8()
            guard flags <= 3 else { throw r.error("malformed br_on_cast flags", at: pos) }
            let label = try r.u32()
            let from = try heapType()
            let to = try heapType()
            return .brOnCast(label: label, from: RefType(nullable: flags & 1 != 0, from),
                             to: RefType(nullable: flags & 2 != 0, to))
        case .brTable:
            let n = try r.length()
            let start = UInt32(truncatingIfNeeded: e.labelPool.count)
            e.labelPool.reserveCapacity(e.labelPool.count + n + 1)
            for _ in 0..<n { e.labelPool.append(try r.u32()) }
            e.labelPool.append(try r.u32())
            return .brTable(PoolRange(start: start, count: UInt32(truncatingIfNeeded: n + 1)))
        case .selectTypes:
            let ts = try resultType()
            return .selectTypes(e.addTypes(ts))
        case .tryTable:
            let bt = try blockType()
            let n = try r.length()
            var cs: [Catch] = []
            cs.reserveCapacity(n)
            for _ in 0..<n {
                let pos = r.position
                guard let kind = Catch.Kind(rawValue: try r.u8()) else {
                    throw r.error("malformed catch clause", at: pos)
                }
                var tag: UInt32 = 0
                if kind == .catch || kind == .catchRef { tag = try r.u32() }
                cs.append(Catch(kind: kind, tag: tag, label: try r.u32()))
            }
            return .tryTable(bt, e.addCatches(cs))
        }
    }
}
