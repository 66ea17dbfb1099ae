import WasmCore

// Literals as `wasm-tools print` writes them, each in a form that reads back to the same bits:
// floats as exact hexadecimal with the decimal value in a comment (`0x1.8p+3 (;=12;)`), NaN
// payloads as `nan:0x…`, strings with `\hh` (bytes) or `\u{…}` (names) escapes.

extension TextBuffer {
    /// An f32 constant from its bits.
    public func writeF32(_ bits: UInt32) {
        writeFloat(UInt64(bits), width: 32, exponentWidth: 8) { Float(bitPattern: bits).description }
    }

    /// An f64 constant from its bits.
    public func writeF64(_ bits: UInt64) {
        writeFloat(bits, width: 64, exponentWidth: 11) { Double(bitPattern: bits).description }
    }

    /// `decimal` gives Swift's shortest round-trip spelling of the value, which the comment
    /// rewrites the way Rust's `Display` prints floats (no exponent, no trailing `.0`).
    private func writeFloat(_ raw: UInt64, width: Int, exponentWidth: Int, decimal: () -> String) {
        let mantissaWidth = width - 1 - exponentWidth
        let signBit: UInt64 = 1 << UInt64(width - 1)
        let mantissaMask: UInt64 = (1 << UInt64(mantissaWidth)) - 1
        let exponentField = Int((raw >> UInt64(mantissaWidth)) & ((1 << UInt64(exponentWidth)) - 1))
        let maxField = (1 << exponentWidth) - 1
        var bits = raw
        if bits & signBit != 0 {
            bits ^= signBit
            write("-")
        }
        let fractionBits = bits & mantissaMask
        if exponentField == maxField {
            if fractionBits == 0 {
                write("inf (;=")
                write(raw & signBit != 0 ? "-inf" : "inf")
                write(";)")
            } else {
                if fractionBits == 1 << UInt64(mantissaWidth - 1) {
                    write("nan")
                } else {
                    write("nan:0x")
                    writeHex(fractionBits)
                }
                write(" (;=NaN;)")
            }
            return
        }
        let bias = (1 << (exponentWidth - 1)) - 1
        var exponent = exponentField - bias
        write("0x")
        if bits == 0 {
            write("0p+0")
        } else {
            write("1")
            if fractionBits > 0 {
                // The fraction's bits at the top of a 64-bit word, then four at a time.
                var fraction = fractionBits << UInt64(64 - mantissaWidth)
                if exponentField == 0 {
                    // A subnormal: normalised, its exponent below the smallest normal one.
                    let leading = fraction.leadingZeroBitCount
                    fraction = leading < 63 ? fraction << UInt64(leading + 1) : 0
                    exponent -= leading
                }
                write(".")
                while fraction > 0 {
                    byte(TextBuffer.hexDigit(UInt8(truncatingIfNeeded: fraction >> 60)))
                    fraction <<= 4
                }
            }
            write("p")
            if exponent >= 0 { write("+") } else { write("-") }
            writeDecimal(UInt64(exponent.magnitude))
        }
        write(" (;=")
        let significand = exponentField == 0 ? fractionBits : fractionBits | 1 << UInt64(mantissaWidth)
        let binaryExponent = (exponentField == 0 ? 1 : exponentField) - bias - mantissaWidth
        writeRustDecimal(decimal(), significand: significand, exponent: binaryExponent)
        write(";)")
    }

    /// Rewrites Swift's float spelling (`1e-45`, `3.4028235e+38`, `12.0`, `-0.0`) as Rust's
    /// `Display` does: all digits, no exponent, no `.0` on integers. Both give the shortest
    /// digits that read back to the value; when two are equally close (the value is exactly
    /// halfway), Swift takes the even one and Rust the one farther from zero, so a tie on the
    /// lower candidate moves up. The value is `significand × 2^exponent`.
    func writeRustDecimal(_ swift: String, significand: UInt64, exponent: Int) {
        var s = swift
        s.withUTF8 { u in
            var i = 0
            if i < u.count, u[i] == UInt8(ascii: "-") {
                byte(UInt8(ascii: "-"))
                i += 1
            }
            var digits: [UInt8] = []
            digits.reserveCapacity(24)
            var point = -1
            while i < u.count, u[i] != UInt8(ascii: "e"), u[i] != UInt8(ascii: "E") {
                if u[i] == UInt8(ascii: ".") { point = digits.count } else { digits.append(u[i]) }
                i += 1
            }
            if point < 0 { point = digits.count }
            if i < u.count {
                i += 1
                var negative = false
                if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") {
                    negative = u[i] == UInt8(ascii: "-")
                    i += 1
                }
                var e = 0
                while i < u.count { e = e * 10 + Int(u[i] &- 0x30); i += 1 }
                point += negative ? -e : e
            }
            // Leading zeros move the point; trailing zeros are dropped.
            var lead = 0
            while lead < digits.count - 1, digits[lead] == UInt8(ascii: "0") { lead += 1 }
            if lead > 0 {
                digits.removeFirst(lead)
                point -= lead
            }
            while digits.count > 1, digits[digits.count - 1] == UInt8(ascii: "0"), digits.count > point {
                digits.removeLast()
            }
            if digits == [UInt8(ascii: "0")] {
                byte(UInt8(ascii: "0"))
                return
            }
            if TextBuffer.isLowerTie(digits, scale: point - digits.count, significand: significand, exponent: exponent) {
                // One up in the last place, carrying.
                var k = digits.count - 1
                while k >= 0, digits[k] == UInt8(ascii: "9") {
                    digits[k] = UInt8(ascii: "0")
                    k -= 1
                }
                if k >= 0 {
                    digits[k] += 1
                } else {
                    digits.insert(UInt8(ascii: "1"), at: 0)
                    point += 1
                }
                while digits.count > 1, digits[digits.count - 1] == UInt8(ascii: "0"), digits.count > point {
                    digits.removeLast()
                }
            }
            if point <= 0 {
                byte(UInt8(ascii: "0"))
                byte(UInt8(ascii: "."))
                for _ in 0 ..< -point { byte(UInt8(ascii: "0")) }
                write(digits)
            } else if point >= digits.count {
                write(digits)
                for _ in 0 ..< point - digits.count { byte(UInt8(ascii: "0")) }
            } else {
                write(digits[0..<point])
                byte(UInt8(ascii: "."))
                write(digits[point...])
            }
        }
    }

    /// Whether `significand × 2^exponent` is exactly halfway between the decimal `digits × 10^scale`
    /// and the next one up: `(2·digits + 1) × 10^scale / 2`.
    static func isLowerTie(_ digits: [UInt8], scale: Int, significand m: UInt64, exponent e: Int) -> Bool {
        guard m > 0, digits.count <= 18 else { return false }
        let t = m.trailingZeroBitCount
        let odd = m >> UInt64(t)
        // Powers of two: the midpoint is odd × 2^(scale - 1) × 5^scale.
        guard t + e == scale - 1 else { return false }
        var d: UInt64 = 0
        for c in digits { d = d * 10 + UInt64(c &- 0x30) }
        let b = 2 * d + 1
        // Odd parts: odd == b × 5^scale, or odd × 5^-scale == b.
        var lhs = scale >= 0 ? b : odd
        let rhs = scale >= 0 ? odd : b
        for _ in 0..<abs(scale) {
            let (p, overflow) = lhs.multipliedReportingOverflow(by: 5)
            if overflow || p > rhs { return false }
            lhs = p
        }
        return lhs == rhs
    }

    /// A v128 constant as four i32 lanes in hexadecimal.
    public func writeV128(_ v: V128) {
        write(" i32x4")
        for word in [v.lo, v.hi] {
            for half in [word & 0xFFFF_FFFF, word >> 32] {
                write(" 0x")
                for k in (0..<4).reversed() { writeHexByte(UInt8(truncatingIfNeeded: half >> UInt64(k * 8))) }
            }
        }
    }

    /// A quoted string of bytes: printable ASCII as is, everything else (and `"`, `\`) as `\hh`.
    public func writeQuotedBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        reserve(data.count + 2)
        byte(UInt8(ascii: "\""))
        for b in data {
            if b >= 0x20, b < 0x7F, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
                byte(b)
            } else {
                byte(UInt8(ascii: "\\"))
                writeHexByte(b)
            }
        }
        byte(UInt8(ascii: "\""))
    }

    /// A quoted name (import and export names, custom section names).
    public func writeQuotedName(_ name: String) {
        byte(UInt8(ascii: "\""))
        writeNameContents(name)
        byte(UInt8(ascii: "\""))
    }

    /// A name's characters as a string literal's contents: printable ASCII as is, everything
    /// else (and `"`, `\`) as `\u{…}`.
    public func writeNameContents(_ name: String) {
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v >= 0x20, v < 0x7F, v != 0x22, v != 0x5C {
                byte(UInt8(truncatingIfNeeded: v))
            } else {
                write("\\u{")
                writeHex(UInt64(v))
                write("}")
            }
        }
    }
}
