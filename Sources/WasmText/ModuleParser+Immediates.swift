// Immediates of plain instructions, driven by the opcode table's `ImmediateShape`.
import WasmCore

extension ModuleParser {

    /// `plaininstr` ::= keyword immediates (the keyword is already consumed).
    mutating func parsePlainInstruction(_ op: Opcode, _ e: inout Expression, _ c: BodyContext) throws(Diagnostic) -> Instruction {
        switch OpcodeLookup.shape(op) {
        case .none:
            if op == .select, isOpen("result") {
                var types: [ValType] = []
                try parseResults(&types)
                return Instruction(.selectTyped, .selectTypes(e.addTypes(types)))
            }
            return Instruction(op)
        case .fence:
            return Instruction(op)
        case .selectTypes:
            var types: [ValType] = []
            try parseResults(&types)
            return Instruction(op, .selectTypes(e.addTypes(types)))
        case .local:
            return Instruction(op, .index(try parseLocal(c)))
        case .global: return Instruction(op, .index(try parseIndex(.global)))
        case .function: return Instruction(op, .index(try parseIndex(.function)))
        case .type: return Instruction(op, .index(try parseIndex(.type)))
        case .elem: return Instruction(op, .index(try parseIndex(.elem)))
        case .data: return Instruction(op, .index(try parseIndex(.data)))
        case .tag: return Instruction(op, .index(try parseIndex(.tag)))
        case .label: return Instruction(op, .index(try parseLabel(c)))
        case .table: return Instruction(op, .index(atIndex ? try parseIndex(.table) : 0))
        case .memory: return Instruction(op, .index(atIndex ? try parseIndex(.memory) : 0))
        case .callIndirect:
            let table = atIndex ? try parseIndex(.table) : 0
            let tu = try parseTypeUse(allowNames: false)
            return Instruction(op, .indices(try resolveTypeUse(tu), table))
        case .tableCopy:
            guard atIndex else { return Instruction(op, .indices(0, 0)) }
            let dst = try parseIndex(.table)
            return Instruction(op, .indices(dst, try parseIndex(.table)))
        case .tableInit:
            var table: UInt32 = 0
            if atIndex, kind(at: pos + 1) == .number || kind(at: pos + 1) == .id { table = try parseIndex(.table) }
            return Instruction(op, .indices(try parseIndex(.elem), table))
        case .memoryCopy:
            guard atIndex else { return Instruction(op, .indices(0, 0)) }
            let dst = try parseIndex(.memory)
            return Instruction(op, .indices(dst, try parseIndex(.memory)))
        case .memoryInit:
            var memory: UInt32 = 0
            if atIndex, kind(at: pos + 1) == .number || kind(at: pos + 1) == .id { memory = try parseIndex(.memory) }
            return Instruction(op, .indices(try parseIndex(.data), memory))
        case .i32:
            return Instruction(op, .i32(Int32(bitPattern: UInt32(truncatingIfNeeded: try parseIntLiteral(bits: 32)))))
        case .i64:
            return Instruction(op, .i64(Int64(bitPattern: try parseIntLiteral(bits: 64))))
        case .f32:
            return Instruction(op, .f32(try parseF32Literal()))
        case .f64:
            return Instruction(op, .f64(try parseF64Literal()))
        case .v128:
            return Instruction(op, .v128(try parseV128()))
        case .shuffle:
            var lanes: [UInt8] = []
            for _ in 0..<16 {
                guard kind == .number else { throw error("invalid lane length", at: pos) }
                guard let v = Literals.parseUnsigned(s.slice(pos), bits: 8) else { throw error("i8 constant out of range", at: pos) }
                lanes.append(UInt8(v))
                pos += 1
            }
            if kind == .number { throw error("invalid lane length", at: pos) }
            return Instruction(op, .v128(V128(bytes: lanes)))
        case .memArg:
            return Instruction(op, .memArg(try parseMemArg(op)))
        case .memArgLane:
            let m = try parseMemArg(op, laneFollows: true)
            return Instruction(op, .memArgLane(m, try parseLaneIndex()))
        case .lane:
            return Instruction(op, .lane(try parseLaneIndex()))
        case .blockType:
            return Instruction(op, .blockType(try parseBlockType()))
        case .heapType:
            return Instruction(op, .heapType(try parseHeapType()))
        case .castRefType:
            return Instruction(op, .refType(try parseRefType()))
        case .brOnCast:
            let l = try parseLabel(c)
            let from = try parseRefType()
            return Instruction(op, .brOnCast(label: l, from: from, to: try parseRefType()))
        case .brTable:
            var labels: [UInt32] = []
            repeat { labels.append(try parseLabel(c)) } while atIndex
            return Instruction(op, .brTable(e.addLabels(labels)))
        case .tryTable:
            return try parseTryTable(&e, c)
        case .structField:
            let t = try parseIndex(.type)
            return Instruction(op, .indices(t, try parseField(of: t)))
        case .arrayNewFixed:
            let t = try parseIndex(.type)
            return Instruction(op, .indices(t, try parseU32()))
        case .arrayCopy:
            let t = try parseIndex(.type)
            return Instruction(op, .indices(t, try parseIndex(.type)))
        case .arrayData:
            let t = try parseIndex(.type)
            return Instruction(op, .indices(t, try parseIndex(.data)))
        case .arrayElem:
            let t = try parseIndex(.type)
            return Instruction(op, .indices(t, try parseIndex(.elem)))
        }
    }

    /// `localidx` ::= u32 | id
    mutating func parseLocal(_ c: BodyContext) throws(Diagnostic) -> UInt32 {
        if kind == .id {
            guard let name = Literals.decodeIdentifier(s.slice(pos)) else { throw error("malformed UTF-8 encoding", at: pos) }
            let i = try c.locals.lookup(name, at: location(pos))
            pos += 1
            return i
        }
        if kind == .number { return try parseU32() }
        throw unexpected("a local index")
    }

    /// `fieldidx` ::= u32 | id (a field name of struct type `t`)
    mutating func parseField(of t: UInt32) throws(Diagnostic) -> UInt32 {
        if kind == .id {
            guard let name = Literals.decodeIdentifier(s.slice(pos)), let i = resolver.fields[t]?[name] else {
                throw error("unknown field \(s.text(pos))", at: pos, phase: .resolve)
            }
            pos += 1
            return i
        }
        if kind == .number { return try parseU32() }
        throw unexpected("a field index")
    }

    // MARK: - Constants

    /// An `iN` literal; `constant out of range` when it does not fit.
    mutating func parseIntLiteral(bits: Int) throws(Diagnostic) -> UInt64 {
        guard kind == .number else { throw unexpected("a number") }
        let t = s.slice(pos)
        guard let v = Literals.parseInteger(t, bits: bits) else {
            throw error(Literals.isInteger(t) ? "constant out of range" : "unexpected token", at: pos)
        }
        pos += 1
        return v
    }

    mutating func parseF32Literal() throws(Diagnostic) -> UInt32 {
        guard kind == .number else { throw unexpected("a number") }
        guard let v = Literals.parseF32(s.slice(pos)) else { throw error("constant out of range", at: pos) }
        pos += 1
        return v
    }

    mutating func parseF64Literal() throws(Diagnostic) -> UInt64 {
        guard kind == .number else { throw unexpected("a number") }
        guard let v = Literals.parseF64(s.slice(pos)) else { throw error("constant out of range", at: pos) }
        pos += 1
        return v
    }

    /// `v128.const` immediates: a shape and its lane literals.
    mutating func parseV128() throws(Diagnostic) -> V128 {
        guard kind == .keyword else { throw unexpected("a vector shape") }
        let shape = s.text(pos)
        let lanes: Int
        let bits: Int
        var float = false
        switch shape {
        case "i8x16": lanes = 16; bits = 8
        case "i16x8": lanes = 8; bits = 16
        case "i32x4": lanes = 4; bits = 32
        case "i64x2": lanes = 2; bits = 64
        case "f32x4": lanes = 4; bits = 32; float = true
        case "f64x2": lanes = 2; bits = 64; float = true
        default: throw unexpected("a vector shape")
        }
        pos += 1
        var count = 0
        while kind(at: pos + count) == .number { count += 1 }
        if count != lanes, kind(at: pos + count) == .rparen || kind(at: pos + count) == .eof || count > lanes {
            throw error("wrong number of lane literals", at: pos + min(count, lanes))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<lanes {
            guard kind == .number else { throw unexpected("a number") }
            let v: UInt64
            if float {
                v = bits == 32 ? UInt64(try parseF32Literal()) : try parseF64Literal()
            } else {
                v = try parseIntLiteral(bits: bits)
            }
            for k in 0..<(bits / 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * k))) }
        }
        return V128(bytes: bytes)
    }

    /// `laneidx` ::= u8
    mutating func parseLaneIndex(wrongCount: Bool = false) throws(Diagnostic) -> UInt8 {
        guard kind == .number else {
            if wrongCount, kind == .rparen || kind == .eof { throw error("wrong number of lane literals", at: pos) }
            throw unexpected("a lane index")
        }
        let t = s.slice(pos)
        guard let v = Literals.parseUnsigned(t, bits: 8) else {
            let unsigned = Literals.isInteger(t) && t.first != UInt8(ascii: "-") && t.first != UInt8(ascii: "+")
            throw error(unsigned ? "i8 constant out of range" : "unexpected token", at: pos)
        }
        pos += 1
        return UInt8(v)
    }

    // MARK: - Memory arguments

    /// `memarg` ::= memidx? ('offset=' u64)? ('align=' u64)?
    /// With a lane index following, a lone number is the lane, not a memory index.
    mutating func parseMemArg(_ op: Opcode, laneFollows: Bool = false) throws(Diagnostic) -> MemArg {
        var memory: UInt32 = 0
        if kind == .id {
            memory = try parseIndex(.memory)
        } else if kind == .number {
            let next = kind(at: pos + 1)
            if !laneFollows || next == .number || (next == .keyword && (keywordHasPrefix(pos + 1, "offset=") || keywordHasPrefix(pos + 1, "align="))) {
                memory = try parseU32()
            }
        }
        var offset: UInt64 = 0
        if kind == .keyword, keywordHasPrefix(pos, "offset=") {
            guard let v = Literals.parseUnsigned(s.slice(pos).dropFirst(7), bits: 64) else {
                throw error(unsignedSyntax(s.slice(pos).dropFirst(7)) ? "constant out of range" : "unknown operator \(s.text(pos))", at: pos)
            }
            offset = v
            pos += 1
        }
        let natural = op.info.signature.accessBytes ?? 1
        var align = UInt8(truncatingIfNeeded: natural.trailingZeroBitCount)
        if kind == .keyword, keywordHasPrefix(pos, "align=") {
            guard let v = Literals.parseUnsigned(s.slice(pos).dropFirst(6), bits: 64) else {
                throw error(unsignedSyntax(s.slice(pos).dropFirst(6)) ? "constant out of range" : "unknown operator \(s.text(pos))", at: pos)
            }
            guard v != 0, v & (v - 1) == 0 else { throw error("alignment must be a power of two", at: pos) }
            align = UInt8(v.trailingZeroBitCount)
            pos += 1
        }
        return MemArg(offset: offset, align: align, memory: memory)
    }

    /// An unsigned integer literal, whatever its value.
    func unsignedSyntax(_ t: ArraySlice<UInt8>) -> Bool {
        Literals.isInteger(t) && t.first != UInt8(ascii: "-") && t.first != UInt8(ascii: "+")
    }

    func keywordHasPrefix(_ i: Int, _ p: StaticString) -> Bool {
        guard i < tokens.count, tokens[i].kind == .keyword else { return false }
        let t = s.slice(i)
        let n = p.utf8CodeUnitCount
        guard t.count > n else { return false }
        let base = p.utf8Start
        for k in 0..<n where t[t.startIndex + k] != base[k] { return false }
        return true
    }
}
