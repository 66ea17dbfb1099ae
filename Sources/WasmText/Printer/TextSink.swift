// Where printed text goes. The printer builds each line in a byte buffer and hands it to a sink
// line by line: `write` for the text, `newline` between lines, `startLine(binaryOffset:)` where a
// line begins (with the binary offset it came from, when it has one). One printer thus serves a
// `String`, a file, and `--print-offsets` (a sink that prefixes each line with its offset).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The receiver of printed text.
public protocol TextSink {
    /// Text of the current line; never contains a newline.
    mutating func write(_ text: UnsafeRawBufferPointer)
    /// Ends the current line.
    mutating func newline()
    /// A line begins; `binaryOffset` is the offset in the binary of what it prints, when known.
    mutating func startLine(binaryOffset: Int?)
}

/// Collects the text in memory.
public struct ByteSink: TextSink {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ text: UnsafeRawBufferPointer) { bytes.append(contentsOf: text) }
    public mutating func newline() { bytes.append(0x0A) }
    public mutating func startLine(binaryOffset: Int?) {}

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes to a file descriptor through a buffer; `flush()` at the end (or when `failed` matters).
public struct FileSink: TextSink {
    let descriptor: Int32
    var buffer: [UInt8] = []
    /// Set when a write failed (the disk is full, the pipe closed); later writes are dropped.
    public private(set) var failed = false
    static let chunk = 1 << 16

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    public mutating func write(_ text: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: text)
        if buffer.count >= Self.chunk { flush() }
    }

    public mutating func newline() { buffer.append(0x0A) }
    public mutating func startLine(binaryOffset: Int?) {}

    public mutating func flush() {
        guard !failed else { buffer.removeAll(keepingCapacity: true); return }
        var done = 0
        let total = buffer.count
        buffer.withUnsafeBytes { p in
            while done < total {
                let n = systemWrite(descriptor, p.baseAddress.map { $0 + done }, total - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }

/// Prefixes each line with the binary offset it came from, as `wasm-tools print --print-offsets`
/// does: `(;@1f    ;)`, or eleven spaces for a line with no offset.
public struct OffsetPrefixSink<Base: TextSink>: TextSink {
    public var base: Base

    public init(_ base: Base) { self.base = base }

    public mutating func write(_ text: UnsafeRawBufferPointer) { base.write(text) }
    public mutating func newline() { base.newline() }

    public mutating func startLine(binaryOffset: Int?) {
        base.startLine(binaryOffset: binaryOffset)
        var t = TextBuffer()
        if let offset = binaryOffset {
            t.write("(;@")
            let start = t.count
            t.writeHex(UInt64(max(0, offset)))
            for _ in (t.count - start)..<6 { t.write(" ") }
            t.write(";)")
        } else {
            t.write("           ")
        }
        t.bytes.withUnsafeBytes { base.write($0) }
    }
}

/// A growable byte buffer with the appends the printer needs.
public struct TextBuffer {
    public var bytes: [UInt8] = []

    public init() {}

    @inline(__always) public var count: Int { bytes.count }

    @inline(__always) public mutating func write(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always) public mutating func write(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always) public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func write(_ b: ArraySlice<UInt8>) { bytes.append(contentsOf: b) }

    /// A decimal unsigned integer.
    public mutating func writeDecimal(_ v: UInt64) {
        if v < 10 {
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: v))
            return
        }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: room for 20 digits
        let n = withUnsafeMutableBytes(of: &tmp) { p -> Int in
            var v = v
            var i = 24
            while v > 0 {
                i -= 1
                p[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[i..<24]))
            return 24 - i
        }
        _ = n
    }

    public mutating func writeDecimal(_ v: UInt32) { writeDecimal(UInt64(v)) }

    /// A decimal signed integer.
    public mutating func writeSigned(_ v: Int64) {
        if v < 0 {
            bytes.append(0x2D)
            writeDecimal(UInt64(bitPattern: 0 &- v))
        } else {
            writeDecimal(UInt64(v))
        }
    }

    /// Lower-case hexadecimal digits, no prefix.
    public mutating func writeHex(_ v: UInt64) {
        let digits = max(1, (64 - v.leadingZeroBitCount + 3) / 4)
        var shift = (digits - 1) * 4
        while shift >= 0 {
            bytes.append(TextBuffer.hexDigit(UInt8(truncatingIfNeeded: v >> UInt64(shift)) & 0xF))
            shift -= 4
        }
    }

    /// Two lower-case hexadecimal digits.
    @inline(__always) public mutating func writeHexByte(_ b: UInt8) {
        bytes.append(TextBuffer.hexDigit(b >> 4))
        bytes.append(TextBuffer.hexDigit(b & 0xF))
    }

    @inline(__always) static func hexDigit(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 &+ d : 0x57 &+ d }

    @inline(__always) public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}
