// Decoding of literal tokens (spec section "Lexical Format", numbers and strings). The lexer only
// classifies tokens; values are decoded here on demand, from bytes, with the spec's ranges.

/// Decoders for numeric, string and identifier tokens. All functions take the token's bytes
/// (`bytes[token.range]`) and return nil when the literal is malformed or out of range.
public enum Literals {

    // MARK: - Lexical syntax of numbers

    /// Whether `s` is a numeric literal: an integer (`1_000`, `-0x1F`) or a float (`1.5e-3`,
    /// `0x1p-149`, `inf`, `-nan`, `nan:0x200000`).
    public static func isNumber(_ s: ArraySlice<UInt8>) -> Bool {
        var c = Cursor(s)
        c.sign()
        if c.word("inf") { return c.atEnd }
        if c.word("nan") {
            if c.atEnd { return true }
            guard c.word(":0x"), c.digits(hex: true) else { return false }
            return c.atEnd
        }
        if c.word("0x") {
            guard c.digits(hex: true) else { return false }
            if c.atEnd { return true }
            if c.accept(UInt8(ascii: ".")) {
                if c.atEnd { return true }
                if c.peekIsDigit(hex: true) { guard c.digits(hex: true) else { return false } }
            }
            if c.atEnd { return true }
            guard c.accept(UInt8(ascii: "p")) || c.accept(UInt8(ascii: "P")) else { return false }
            c.sign()
            return c.digits(hex: false) && c.atEnd
        }
        guard c.digits(hex: false) else { return false }
        if c.atEnd { return true }
        if c.accept(UInt8(ascii: ".")) {
            if c.atEnd { return true }
            if c.peekIsDigit(hex: false) { guard c.digits(hex: false) else { return false } }
        }
        if c.atEnd { return true }
        guard c.accept(UInt8(ascii: "e")) || c.accept(UInt8(ascii: "E")) else { return false }
        c.sign()
        return c.digits(hex: false) && c.atEnd
    }

    /// Whether `s` is an integer literal (no fraction, exponent, inf or nan).
    public static func isInteger(_ s: ArraySlice<UInt8>) -> Bool {
        var c = Cursor(s)
        c.sign()
        let hex = c.word("0x")
        return c.digits(hex: hex) && c.atEnd
    }

    // MARK: - Integers

    /// Decodes an `iN` literal: unsigned `0…2^N-1` or signed `-2^(N-1)…2^(N-1)-1` (a `+` sign
    /// makes it signed). Returns the N-bit two's complement pattern zero-extended to 64 bits,
    /// or nil when the text is not an integer or is out of range (`constant out of range`).
    public static func parseInteger(_ bytes: ArraySlice<UInt8>, bits: Int) -> UInt64? {
        guard bits > 0, bits <= 64 else { return nil }
        var c = Cursor(bytes)
        let signByte = c.peek
        let signed = c.sign()
        let negative = signed && signByte == UInt8(ascii: "-")
        let hex = c.word("0x")
        guard let magnitude = c.unsignedValue(hex: hex), c.atEnd else { return nil }
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if !signed { return magnitude <= mask ? magnitude : nil }
        let half: UInt64 = 1 << UInt64(bits - 1)
        if negative {
            guard magnitude <= half else { return nil }
            return (0 &- magnitude) & mask
        }
        return magnitude < half ? magnitude : nil
    }

    /// Decodes a `uN` literal (no sign): indices, offsets, alignments, limits.
    public static func parseUnsigned(_ bytes: ArraySlice<UInt8>, bits: Int) -> UInt64? {
        guard let f = bytes.first, f != UInt8(ascii: "+"), f != UInt8(ascii: "-") else { return nil }
        return parseInteger(bytes, bits: bits)
    }

    // MARK: - Floats

    /// Decodes an `f32` literal to its bit pattern; nil when malformed or out of range (a
    /// finite literal that rounds to infinity, a NaN payload of 0 or wider than 23 bits).
    public static func parseF32(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        guard let bits = parseFloat(bytes, format: .f32) else { return nil }
        return UInt32(truncatingIfNeeded: bits)
    }

    /// Decodes an `f64` literal to its bit pattern; nil when malformed or out of range.
    public static func parseF64(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        parseFloat(bytes, format: .f64)
    }

    struct FloatFormat {
        /// Significand bits including the implicit leading bit.
        let precision: Int
        let exponentBits: Int
        static let f32 = FloatFormat(precision: 24, exponentBits: 8)
        static let f64 = FloatFormat(precision: 53, exponentBits: 11)

        var bias: Int { (1 << (exponentBits - 1)) - 1 }
        var fractionBits: Int { precision - 1 }
        var signBit: UInt64 { 1 << UInt64(precision - 1 + exponentBits) }
        var infinity: UInt64 { UInt64((1 << exponentBits) - 1) << UInt64(fractionBits) }
        var fractionMask: UInt64 { (1 << UInt64(fractionBits)) - 1 }
    }

    static func parseFloat(_ bytes: ArraySlice<UInt8>, format: FloatFormat) -> UInt64? {
        guard isNumber(bytes) else { return nil }
        var c = Cursor(bytes)
        let signByte = c.peek
        c.sign()
        let sign: UInt64 = signByte == UInt8(ascii: "-") ? format.signBit : 0
        if c.word("inf") { return sign | format.infinity }
        if c.word("nan") {
            if c.atEnd { return sign | format.infinity | (1 << UInt64(format.fractionBits - 1)) }
            _ = c.word(":0x")
            guard let payload = c.unsignedValue(hex: true), payload != 0, payload <= format.fractionMask else { return nil }
            return sign | format.infinity | payload
        }
        if c.word("0x") {
            guard let magnitude = hexFloat(&c, format: format) else { return nil }
            return sign | magnitude
        }
        return decimalFloat(bytes, format: format)
    }

    /// Decimal floats are rounded by the standard library's correctly rounded conversion.
    private static func decimalFloat(_ bytes: ArraySlice<UInt8>, format: FloatFormat) -> UInt64? {
        var text = ""
        text.reserveCapacity(bytes.count)
        for b in bytes where b != UInt8(ascii: "_") { text.unicodeScalars.append(Unicode.Scalar(b)) }
        if format.precision == 24 {
            guard let f = Float(text), f.isFinite else { return nil }
            return UInt64(f.bitPattern)
        }
        guard let d = Double(text), d.isFinite else { return nil }
        return d.bitPattern
    }

    /// A hex float after `0x`: exact rounding to nearest, ties to even, subnormals included.
    private static func hexFloat(_ c: inout Cursor, format: FloatFormat) -> UInt64? {
        var mantissa: UInt64 = 0
        var exponent = 0
        var sticky = false
        var seenPoint = false
        while let b = c.peek {
            if b == UInt8(ascii: "_") {
                c.advance()
                continue
            }
            if b == UInt8(ascii: ".") {
                seenPoint = true
                c.advance()
                continue
            }
            guard let d = hexDigit(b) else { break }
            c.advance()
            if mantissa >> 60 == 0 {
                mantissa = mantissa << 4 | UInt64(d)
                if seenPoint { exponent -= 4 }
            } else {
                if d != 0 { sticky = true }
                if !seenPoint { exponent += 4 }
            }
        }
        if c.accept(UInt8(ascii: "p")) || c.accept(UInt8(ascii: "P")) {
            let signByte = c.peek
            c.sign()
            var e = 0
            while let b = c.peek {
                c.advance()
                if b == UInt8(ascii: "_") { continue }
                e = min(e * 10 + Int(b - UInt8(ascii: "0")), 1_000_000)
            }
            exponent += signByte == UInt8(ascii: "-") ? -e : e
        }
        return roundBinary(mantissa: mantissa, exponent: exponent, sticky: sticky, format: format)
    }

    /// The bits of `mantissa * 2^exponent` (plus a nonzero tail below it if `sticky`) rounded to
    /// `format`; nil if it overflows to infinity.
    static func roundBinary(mantissa: UInt64, exponent: Int, sticky: Bool, format: FloatFormat) -> UInt64? {
        guard mantissa != 0 else { return 0 }
        let p = format.precision
        let emin = 1 - format.bias
        let top = 63 - mantissa.leadingZeroBitCount + exponent
        var lsb = max(top, emin) - (p - 1)
        let drop = lsb - exponent
        var m: UInt64
        if drop <= 0 {
            m = -drop >= 64 ? 0 : mantissa << UInt64(-drop)
        } else {
            let half: Bool
            let rest: Bool
            if drop > 64 {
                m = 0
                half = false
                rest = true
            } else if drop == 64 {
                m = 0
                half = mantissa >> 63 != 0
                rest = mantissa << 1 != 0 || sticky
            } else {
                m = mantissa >> UInt64(drop)
                half = (mantissa >> UInt64(drop - 1)) & 1 != 0
                rest = mantissa & ((1 << UInt64(drop - 1)) - 1) != 0 || sticky
            }
            if half && (rest || m & 1 != 0) { m += 1 }
            if m >> UInt64(p) != 0 {
                m >>= 1
                lsb += 1
            }
        }
        if m >> UInt64(p - 1) != 0 {
            let biased = lsb + (p - 1) + format.bias
            guard biased < (1 << format.exponentBits) - 1 else { return nil }
            return UInt64(biased) << UInt64(format.fractionBits) | (m & format.fractionMask)
        }
        return m
    }

    // MARK: - Strings and names

    /// Decodes a string token (quotes included) to its bytes, resolving `\t \n \r \" \' \\`,
    /// `\hh` and `\u{…}`. Nil if the token is not a well-formed string.
    public static func decodeString(_ token: ArraySlice<UInt8>) -> [UInt8]? {
        guard token.count >= 2, token.first == UInt8(ascii: "\""), token.last == UInt8(ascii: "\"") else { return nil }
        if let fast = decodePlainString(token) { return fast }
        return decodeStringByEscapes(token)
    }

    /// Appends the bytes a string token denotes to `out` (as `decodeString` gives them); false,
    /// with `out` unchanged, when the token is not a well-formed string. Plain strings are
    /// decoded straight into `out`'s storage: a `(module binary …)` of thousands of strings
    /// then allocates no array per string (each allocation of a fresh array was ~570
    /// instructions, most of them looking up its storage's type).
    public static func appendString(_ token: ArraySlice<UInt8>, to out: inout [UInt8]) -> Bool {
        guard token.count >= 2, token.first == UInt8(ascii: "\""), token.last == UInt8(ascii: "\"") else { return false }
        let n = token.count - 2
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: n))
        let written = hexTable.withUnsafeBufferPointer { hexBuffer -> Int in
            token.withUnsafeBufferPointer { p -> Int in
                out.withUnsafeMutableBufferPointer { buf -> Int in
                    guard let src = p.baseAddress, let hex = hexBuffer.baseAddress, let dst = buf.baseAddress else { return n == 0 ? 0 : -1 }
                    return decodePlain(src + 1, count: n, into: dst + start, hex: hex)
                }
            }
        }
        if written >= 0 {
            out.removeLast(n - written)
            return true
        }
        out.removeLast(n)
        guard let general = decodeStringByEscapes(token) else { return false }
        out.append(contentsOf: general)
        return true
    }

    /// Each hex digit's value by byte; 0xFF for other bytes.
    static let hexTable: [UInt8] = (0..<256).map { hexDigit(UInt8($0)) ?? 0xFF }

    /// The common case of `decodeString` in one pass over raw memory: plain bytes, `\\hh` and
    /// the one-letter escapes. Nil when the string has another escape (`\\u{…}`) or is
    /// malformed; the general decoder then decides.
    static func decodePlainString(_ token: ArraySlice<UInt8>) -> [UInt8]? {
        hexTable.withUnsafeBufferPointer { hexBuffer -> [UInt8]? in
            token.withUnsafeBufferPointer { p -> [UInt8]? in
                guard let src = p.baseAddress, let hex = hexBuffer.baseAddress, p.count >= 2 else { return nil }
                var written = -1
                let out = [UInt8](unsafeUninitializedCapacity: p.count - 2) { buf, n in
                    guard let dst = buf.baseAddress else { n = 0; return }
                    written = decodePlain(src + 1, count: p.count - 2, into: dst, hex: hex)
                    n = max(written, 0)
                }
                return written >= 0 ? out : nil
            }
        }
    }

    /// The loop of `decodePlainString`: the bytes written, or -1 at an escape it does not know.
    @inline(__always)
    static func decodePlain(_ src: UnsafePointer<UInt8>, count: Int, into dst: UnsafeMutablePointer<UInt8>,
                            hex: UnsafePointer<UInt8>) -> Int {
        // Indices stay below `count`, a buffer's size, so they cannot overflow: `&+` spares
        // the checks, and `\hh` (a binary module's every byte) is tried first.
        var i = 0, k = 0
        while i < count {
            let b = src[i]
            if b != UInt8(ascii: "\\") {
                dst[k] = b
                k &+= 1
                i &+= 1
                continue
            }
            if i &+ 2 < count {
                let hi = hex[Int(src[i &+ 1])], lo = hex[Int(src[i &+ 2])]
                if hi | lo < 16 {
                    dst[k] = hi << 4 | lo
                    k &+= 1
                    i &+= 3
                    continue
                }
            }
            guard i &+ 1 < count else { return -1 }
            let e = src[i &+ 1]
            switch e {
            case UInt8(ascii: "t"): dst[k] = 0x09
            case UInt8(ascii: "n"): dst[k] = 0x0A
            case UInt8(ascii: "r"): dst[k] = 0x0D
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): dst[k] = e
            default: return -1
            }
            k &+= 1
            i &+= 2
        }
        return k
    }

    static func decodeStringByEscapes(_ token: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.count - 2)
        var i = token.startIndex + 1
        let end = token.endIndex - 1
        while i < end {
            let b = token[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { return nil }
            let e = token[i + 1]
            switch e {
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): out.append(e); i += 2
            case UInt8(ascii: "u"):
                guard i + 2 < end, token[i + 2] == UInt8(ascii: "{") else { return nil }
                var j = i + 3
                var value: UInt32 = 0
                var digits = 0
                while j < end, token[j] != UInt8(ascii: "}") {
                    if token[j] == UInt8(ascii: "_") {
                        j += 1
                        continue
                    }
                    guard let d = hexDigit(token[j]) else { return nil }
                    if value <= 0x10FFFF { value = value << 4 | UInt32(d) }
                    digits += 1
                    j += 1
                }
                guard j < end, digits > 0, let scalar = Unicode.Scalar(value) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = j + 1
            default:
                guard i + 2 < end, let hi = hexDigit(e), let lo = hexDigit(token[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
            }
        }
        return out
    }

    /// Decodes a string token that must be a name (valid UTF-8): import/export names, `$"…"`
    /// identifiers. Nil when malformed (`malformed UTF-8 encoding`).
    public static func decodeName(_ token: ArraySlice<UInt8>) -> String? {
        guard let bytes = decodeString(token) else { return nil }
        guard Lexer.firstInvalidUTF8(bytes, 0..<bytes.count) == nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The name of an identifier token without `$` (`$x` → `x`, `$"a b"` → `a b`); `$x` and
    /// `$"x"` are the same identifier. Nil when a quoted id is not valid UTF-8.
    public static func decodeIdentifier(_ token: ArraySlice<UInt8>) -> String? {
        guard token.first == UInt8(ascii: "$") else { return nil }
        let rest = token.dropFirst()
        if rest.first == UInt8(ascii: "\"") { return decodeName(rest) }
        return String(decoding: rest, as: UTF8.self)
    }

    @inline(__always)
    static func hexDigit(_ b: UInt8) -> UInt8? { Lexer.hexValue(b) }

    // MARK: - A cursor over a token's bytes

    struct Cursor {
        let s: ArraySlice<UInt8>
        var i: Int

        init(_ s: ArraySlice<UInt8>) {
            self.s = s
            self.i = s.startIndex
        }

        var atEnd: Bool { i >= s.endIndex }
        var peek: UInt8? { i < s.endIndex ? s[i] : nil }
        mutating func advance() { i += 1 }

        mutating func accept(_ b: UInt8) -> Bool {
            guard i < s.endIndex, s[i] == b else { return false }
            i += 1
            return true
        }

        /// Skips an optional `+` or `-`; returns whether there was one.
        @discardableResult
        mutating func sign() -> Bool {
            accept(UInt8(ascii: "+")) || accept(UInt8(ascii: "-"))
        }

        @inline(__always)
        mutating func word(_ w: StaticString) -> Bool {
            let n = w.utf8CodeUnitCount
            guard s.endIndex - i >= n else { return false }
            let p = w.utf8Start
            // Most calls fail on the first byte (a digit where `inf`, `nan`, `0x` is tried).
            if n > 0, s[i] != p[0] { return false }
            for k in 0..<n where s[i + k] != p[k] { return false }
            i += n
            return true
        }

        func peekIsDigit(hex: Bool) -> Bool {
            guard let b = peek else { return false }
            return hex ? Lexer.hexValue(b) != nil : (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }

        /// `digit ('_'? digit)*`; false if there is none or `_` is misplaced.
        mutating func digits(hex: Bool) -> Bool {
            guard peekIsDigit(hex: hex) else { return false }
            i += 1
            while i < s.endIndex {
                if s[i] == UInt8(ascii: "_") {
                    i += 1
                    guard peekIsDigit(hex: hex) else { return false }
                } else if peekIsDigit(hex: hex) {
                    i += 1
                } else {
                    break
                }
            }
            return true
        }

        /// The value of `digits(hex:)`; nil on overflow of 64 bits or bad syntax.
        mutating func unsignedValue(hex: Bool) -> UInt64? {
            let start = i
            guard digits(hex: hex) else { return nil }
            var v: UInt64 = 0
            let base: UInt64 = hex ? 16 : 10
            for k in start..<i where s[k] != UInt8(ascii: "_") {
                let d = UInt64(Lexer.hexValue(s[k]) ?? 0)
                let (m, o1) = v.multipliedReportingOverflow(by: base)
                let (a, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                v = a
            }
            return v
        }
    }
}
