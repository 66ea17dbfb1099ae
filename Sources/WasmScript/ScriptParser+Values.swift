// Constants (action arguments) and result patterns of the script grammar.
import WasmCore
import WasmText

extension FormParser {
    /// `either` may nest; a cap keeps hostile input from recursing without bound.
    static let maxResultDepth = 32

    /// `(i32.const n)`, `(v128.const shape n*)`, `(ref.null ht)`, `(ref.extern n)`, `(ref.host n)`.
    mutating func constant() throws(Diagnostic) -> ScriptValue {
        _ = try expect(.lparen, "a constant")
        let head = current
        let k = try keyword()
        let v: ScriptValue
        switch k {
        case "i32.const": v = .i32(UInt32(truncatingIfNeeded: try integer(bits: 32)))
        case "i64.const": v = .i64(try integer(bits: 64))
        case "f32.const": v = .f32(try f32())
        case "f64.const": v = .f64(try f64())
        case "v128.const":
            let shape = try vectorShape()
            var lanes: [UInt64] = []
            for _ in 0..<shape.laneCount { lanes.append(try lane(shape)) }
            v = .v128(V128(lanes: lanes, shape: shape))
        case "ref.null":
            v = .ref(.null(try optionalHeapType()))
        case "ref.extern":
            v = .ref(.extern(UInt32(truncatingIfNeeded: try unsigned(bits: 32))))
        case "ref.host":
            v = .ref(.host(UInt32(truncatingIfNeeded: try unsigned(bits: 32))))
        default:
            throw error("unexpected token, expected a constant", head)
        }
        try closeParen()
        return v
    }

    /// A result pattern of `assert_return`.
    mutating func result(depth: Int) throws(Diagnostic) -> ResultPattern {
        let open = try expect(.lparen, "a result")
        guard depth < FormParser.maxResultDepth else { throw error("results nested too deeply", open) }
        let head = current
        let k = try keyword()
        let r: ResultPattern
        switch k {
        case "i32.const": r = .i32(UInt32(truncatingIfNeeded: try integer(bits: 32)))
        case "i64.const": r = .i64(try integer(bits: 64))
        case "f32.const": r = .f32(try floatPattern(f32: true))
        case "f64.const": r = .f64(try floatPattern(f32: false))
        case "v128.const":
            let shape = try vectorShape()
            var lanes: [NumPattern] = []
            for _ in 0..<shape.laneCount {
                if shape.isFloat {
                    lanes.append(try floatPattern(f32: shape == .f32x4))
                } else {
                    lanes.append(.bits(try lane(shape)))
                }
            }
            r = .v128(shape, lanes)
        case "ref.null":
            r = .refNull(try optionalHeapType())
        case "ref.extern":
            if current.kind == .number {
                r = .refExtern(UInt32(truncatingIfNeeded: try unsigned(bits: 32)))
            } else {
                r = .refType(.extern)
            }
        case "ref.host":
            r = .refHost(UInt32(truncatingIfNeeded: try unsigned(bits: 32)))
        case "ref":
            r = .refType(.any)
        case "either":
            var alts: [ResultPattern] = []
            while current.kind == .lparen { alts.append(try result(depth: depth + 1)) }
            guard !alts.isEmpty else { throw error("unexpected token, expected a result", current) }
            r = .either(alts)
        default:
            // `ref.func`, `ref.any`, `ref.eq`, `ref.i31`, `ref.struct`, `ref.array`, `ref.exn`…
            guard k.hasPrefix("ref."), let t = HeapType(keyword: String(k.dropFirst(4))) else {
                throw error("unexpected token, expected a result", head)
            }
            // `(ref.func $f)` style indices cannot be checked from a script; accept the form.
            if current.kind == .number || current.kind == .id { i += 1 }
            r = .refType(t)
        }
        try closeParen()
        return r
    }

    mutating func optionalHeapType() throws(Diagnostic) -> HeapType? {
        let t = current
        switch t.kind {
        case .keyword:
            guard let h = HeapType(keyword: text(t)) else { throw error("unknown heap type", t) }
            i += 1
            return h
        case .id, .number:
            // A concrete type cannot be named outside its module; any null matches anyway.
            i += 1
            return nil
        default:
            return nil
        }
    }

    mutating func integer(bits: Int) throws(Diagnostic) -> UInt64 {
        let t = try expect(.number, "an integer")
        guard let v = Literals.parseInteger(bytes[t.range], bits: bits) else { throw error("constant out of range", t) }
        return v
    }

    mutating func unsigned(bits: Int) throws(Diagnostic) -> UInt64 {
        let t = try expect(.number, "a natural number")
        guard let v = Literals.parseUnsigned(bytes[t.range], bits: bits) else { throw error("constant out of range", t) }
        return v
    }

    mutating func f32() throws(Diagnostic) -> UInt32 {
        let t = try expect(.number, "a float")
        guard let v = Literals.parseF32(bytes[t.range]) else { throw error("constant out of range", t) }
        return v
    }

    mutating func f64() throws(Diagnostic) -> UInt64 {
        let t = try expect(.number, "a float")
        guard let v = Literals.parseF64(bytes[t.range]) else { throw error("constant out of range", t) }
        return v
    }

    /// A float literal or `nan:canonical` / `nan:arithmetic` (which lex as keywords).
    mutating func floatPattern(f32 isF32: Bool) throws(Diagnostic) -> NumPattern {
        let t = current
        if t.kind == .keyword || t.kind == .reserved {
            switch text(t) {
            case "nan:canonical":
                i += 1
                return .canonicalNaN
            case "nan:arithmetic":
                i += 1
                return .arithmeticNaN
            default: break
            }
        }
        return .bits(isF32 ? UInt64(try f32()) : try f64())
    }

    mutating func vectorShape() throws(Diagnostic) -> V128Shape {
        let t = try expect(.keyword, "a vector shape")
        guard let s = V128Shape(rawValue: text(t)) else { throw error("unexpected token, expected a vector shape", t) }
        return s
    }

    /// One lane of a `v128.const`: integer lanes take signed or unsigned literals of the
    /// lane width, float lanes float literals.
    mutating func lane(_ shape: V128Shape) throws(Diagnostic) -> UInt64 {
        switch shape {
        case .f32x4: return UInt64(try f32())
        case .f64x2: return try f64()
        default: return try integer(bits: shape.laneBits)
        }
    }
}
