import WasmCore

// Literals as `wasm-tools print` writes them, each in a form that reads back to the same bits:
// floats as exact hexadecimal with the decimal value in a comment (`0x1.8p+3 (;=12;)`), NaN
// payloads as `nan:0x…`, strings with `\hh` (bytes) or `\u{…}` (names) escapes.

extension TextBuffer {
    /// An f32 constant from its bits.
    public mutating func writeF32(_ bits: UInt32) {
        writeFloat(UInt64(bits), width: 32, exponentWidth: 8) { Float(bitPattern: bits).description }
    }

    /// An f64 constant from its bits.
    public mutating func writeF64(_ bits: UInt64) {
        writeFloat(bits, width: 64, exponentWidth: 11) { Double(bitPattern: bits).description }
    }

    /// `decimal` gives Swift's shortest round-trip spelling of the value, which the comment
    /// rewrites the way Rust's `Display` prints floats (no exponent, no trailing `.0`).
    private mutating func writeFloat(_ raw: UInt64, width: Int, exponentWidth: Int, decimal: () -> String) {
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
                    bytes.append(TextBuffer.hexDigit(UInt8(truncatingIfNeeded: fraction >> 60)))
                    fraction <<= 4
                }
            }
            write("p")
            if exponent >= 0 { write("+") } else { write("-") }
            writeDecimal(UInt64(exponent.magnitude))
        }
        write(" (;=")
        writeRustDecimal(decimal())
        write(";)")
    }

    /// Rewrites Swift's float spelling (`1e-45`, `3.4028235e+38`, `12.0`, `-0.0`) as Rust's
    /// `Display` does: all digits, no exponent, no `.0` on integers.
    mutating func writeRustDecimal(_ swift: String) {
        var s = swift
        s.withUTF8 { u in
            var i = 0
            if i < u.count, u[i] == UInt8(ascii: "-") {
                bytes.append(UInt8(ascii: "-"))
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
                bytes.append(UInt8(ascii: "0"))
                return
            }
            if point <= 0 {
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "."))
                for _ in 0 ..< -point { bytes.append(UInt8(ascii: "0")) }
                bytes.append(contentsOf: digits)
            } else if point >= digits.count {
                bytes.append(contentsOf: digits)
                for _ in 0 ..< point - digits.count { bytes.append(UInt8(ascii: "0")) }
            } else {
                bytes.append(contentsOf: digits[0..<point])
                bytes.append(UInt8(ascii: "."))
                bytes.append(contentsOf: digits[point...])
            }
        }
    }

    /// A v128 constant as four i32 lanes in hexadecimal.
    public mutating func writeV128(_ v: V128) {
        write(" i32x4")
        for word in [v.lo, v.hi] {
            for half in [word & 0xFFFF_FFFF, word >> 32] {
                write(" 0x")
                for k in (0..<4).reversed() { writeHexByte(UInt8(truncatingIfNeeded: half >> UInt64(k * 8))) }
            }
        }
    }

    /// A quoted string of bytes: printable ASCII as is, everything else (and `"`, `\`) as `\hh`.
    public mutating func writeQuotedBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.reserveCapacity(bytes.count + data.count + 2)
        bytes.append(UInt8(ascii: "\""))
        for b in data {
            if b >= 0x20, b < 0x7F, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
                bytes.append(b)
            } else {
                bytes.append(UInt8(ascii: "\\"))
                writeHexByte(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A quoted name (import and export names, custom section names).
    public mutating func writeQuotedName(_ name: String) {
        bytes.append(UInt8(ascii: "\""))
        writeNameContents(name)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A name's characters as a string literal's contents: printable ASCII as is, everything
    /// else (and `"`, `\`) as `\u{…}`.
    public mutating func writeNameContents(_ name: String) {
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v >= 0x20, v < 0x7F, v != 0x22, v != 0x5C {
                bytes.append(UInt8(truncatingIfNeeded: v))
            } else {
                write("\\u{")
                writeHex(UInt64(v))
                write("}")
            }
        }
    }
}
