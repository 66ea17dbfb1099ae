// LEB128 and the other primitive encodings of the binary format (spec section "Values").
// Writing is always minimal (the canonical form); reading follows the reference interpreter's
// rules exactly, so over-long and out-of-range encodings get the suite's messages.

import WasmCore

/// A growable byte buffer with the binary format's primitive encodings.
public struct ByteWriter: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    @inline(__always)
    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt8 {
        bytes.append(contentsOf: s)
    }

    /// Unsigned LEB128, minimal length.
    public mutating func u64(_ value: UInt64) {
        var v = value
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            bytes.append(b)
        } while v != 0
    }

    @inline(__always)
    public mutating func u32(_ value: UInt32) { u64(UInt64(value)) }

    /// Signed LEB128, minimal length.
    public mutating func s64(_ value: Int64) {
        var v = value
        while true {
            let b = UInt8(v & 0x7F)
            v >>= 7
            let signBitClear = b & 0x40 == 0
            if (v == 0 && signBitClear) || (v == -1 && !signBitClear) {
                bytes.append(b)
                return
            }
            bytes.append(b | 0x80)
        }
    }

    @inline(__always)
    public mutating func s32(_ value: Int32) { s64(Int64(value)) }

    public mutating func f32(_ bits: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(i * 8))) }
    }

    public mutating func f64(_ bits: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(i * 8))) }
    }

    /// A name: its UTF-8 length, then the bytes.
    public mutating func name(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(truncatingIfNeeded: utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A byte vector: its length, then the bytes.
    public mutating func vector(_ b: [UInt8]) {
        u32(UInt32(truncatingIfNeeded: b.count))
        bytes.append(contentsOf: b)
    }

    /// The minimal unsigned LEB128 encoding of a value.
    public static func uleb(_ value: UInt64) -> [UInt8] {
        var w = ByteWriter()
        w.u64(value)
        return w.bytes
    }

    /// The minimal signed LEB128 encoding of a value.
    public static func sleb(_ value: Int64) -> [UInt8] {
        var w = ByteWriter()
        w.s64(value)
        return w.bytes
    }
}

/// A cursor over a whole binary module. Sections and function bodies are not separate
/// sub-streams: as in the reference interpreter, reads run on to the end of the input and sizes
/// are checked afterwards ("section size mismatch"), which reproduces the suite's messages.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public var position: Int

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var isAtEnd: Bool { position >= bytes.count }
    public var remaining: Int { bytes.count - position }

    @inline(__always)
    func error(_ message: String, at offset: Int) -> Diagnostic {
        Diagnostic(.decode, message, at: .binary(offset: UInt32(truncatingIfNeeded: offset)))
    }

    func unexpectedEnd() -> Diagnostic {
        error("unexpected end of section or function", at: bytes.count)
    }

    public func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    @inline(__always)
    public mutating func u8() throws(Diagnostic) -> UInt8 {
        guard position < bytes.count else { throw unexpectedEnd() }
        let b = bytes[position]
        position += 1
        return b
    }

    /// Unsigned LEB128 of at most `bits` bits.
    public mutating func uleb(bits: Int) throws(Diagnostic) -> UInt64 {
        if bits >= 7, position < bytes.count, bytes[position] < 0x80 {
            position += 1
            return UInt64(bytes[position - 1])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var n = bits
        while true {
            guard n > 0 else { throw error("integer representation too long", at: position) }
            let b = try u8()
            if n < 7 && Int(b & 0x7F) >= (1 << n) {
                throw error("integer too large", at: position - 1)
            }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            n -= 7
        }
    }

    /// Signed LEB128 of at most `bits` bits, sign-extended to 64 bits.
    public mutating func sleb(bits: Int) throws(Diagnostic) -> Int64 {
        if bits >= 7, position < bytes.count, bytes[position] < 0x80 {
            let b = bytes[position]
            position += 1
            return b & 0x40 == 0 ? Int64(b) : Int64(b) - 0x80
        }
        var result: Int64 = 0
        var shift: Int64 = 0
        var n = bits
        while true {
            guard n > 0 else { throw error("integer representation too long", at: position) }
            let b = try u8()
            if n < 7 {
                let mask = (-1 << (n - 1)) & 0x7F
                let m = Int(b) & mask
                if m != 0 && m != mask { throw error("integer too large", at: position - 1) }
            }
            if shift < 64 { result |= Int64(b & 0x7F) << shift }
            if b & 0x80 == 0 {
                if b & 0x40 != 0 && shift + 7 < 64 { result |= -1 << (shift + 7) }
                return result
            }
            shift += 7
            n -= 7
        }
    }

    @inline(__always)
    public mutating func u32() throws(Diagnostic) -> UInt32 {
        UInt32(truncatingIfNeeded: try uleb(bits: 32))
    }

    @inline(__always)
    public mutating func u64() throws(Diagnostic) -> UInt64 { try uleb(bits: 64) }

    public mutating func s32() throws(Diagnostic) -> Int32 {
        Int32(truncatingIfNeeded: try sleb(bits: 32))
    }

    public mutating func s33() throws(Diagnostic) -> Int64 { try sleb(bits: 33) }

    public mutating func s64() throws(Diagnostic) -> Int64 { try sleb(bits: 64) }

    public mutating func fixed32() throws(Diagnostic) -> UInt32 {
        guard remaining >= 4 else { position = bytes.count; throw unexpectedEnd() }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << UInt32(i * 8) }
        position += 4
        return v
    }

    public mutating func fixed64() throws(Diagnostic) -> UInt64 {
        guard remaining >= 8 else { position = bytes.count; throw unexpectedEnd() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << UInt64(i * 8) }
        position += 8
        return v
    }

    /// A length (of a vector, name or section) that must not exceed the bytes left, so no
    /// count ever reserves memory the input does not back. As in the reference interpreter,
    /// the bytes left are counted from the start of the length itself.
    public mutating func length() throws(Diagnostic) -> Int {
        let start = position
        let n = try u32()
        guard UInt64(n) <= UInt64(bytes.count - start) else { throw error("length out of bounds", at: start) }
        return Int(n)
    }

    public mutating func bytes(_ n: Int) throws(Diagnostic) -> [UInt8] {
        guard n >= 0, n <= remaining else {
            position = bytes.count
            throw unexpectedEnd()
        }
        let out = Array(bytes[position..<(position + n)])
        position += n
        return out
    }

    /// A name: a length-prefixed UTF-8 string.
    public mutating func name() throws(Diagnostic) -> String {
        let start = position
        let n = try length()
        let b = try bytes(n)
        guard UTF8Validation.isValid(b) else { throw error("malformed UTF-8 encoding", at: start) }
        return String(decoding: b, as: UTF8.self)
    }
}

/// Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ b: [UInt8]) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            var need = 0
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let c1 = b[i + 1]
            if c1 < lo || c1 > hi { return false }
            var k = 2
            while k <= need {
                let ck = b[i + k]
                if ck < 0x80 || ck > 0xBF { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }
}
