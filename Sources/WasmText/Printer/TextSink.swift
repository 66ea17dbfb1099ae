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
    public let buffer = TextBuffer(capacity: 1 << 16)

    public init() {}

    public mutating func write(_ text: UnsafeRawBufferPointer) { buffer.write(text) }
    public mutating func newline() { buffer.byte(0x0A) }
    public mutating func startLine(binaryOffset: Int?) {}

    public var bytes: [UInt8] { buffer.bytes }
    public var string: String { buffer.string }
}

/// Writes to a file descriptor through a buffer; `flush()` at the end.
public struct FileSink: TextSink {
    let descriptor: Int32
    let buffer = TextBuffer(capacity: FileSink.chunk + 4096)
    /// Set when a write failed (the disk is full, the pipe closed); later writes are dropped.
    public private(set) var failed = false
    static let chunk = 1 << 16

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public mutating func write(_ text: UnsafeRawBufferPointer) {
        buffer.write(text)
        if buffer.count >= Self.chunk { flush() }
    }

    public mutating func newline() { buffer.byte(0x0A) }
    public mutating func startLine(binaryOffset: Int?) {}

    public mutating func flush() {
        defer { buffer.removeAll() }
        guard !failed else { return }
        var done = 0
        let total = buffer.count
        let base = UnsafeRawPointer(buffer.base)
        while done < total {
            let n = systemWrite(descriptor, base + done, total - done)
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                return
            }
            done += n
        }
    }
}

@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }

/// Prefixes each line with the binary offset it came from, as `wasm-tools print --print-offsets`
/// does: `(;@1f    ;)`, or eleven spaces for a line with no offset.
public struct OffsetPrefixSink<Base: TextSink>: TextSink {
    public var base: Base
    let prefix = TextBuffer(capacity: 32)

    public init(_ base: Base) { self.base = base }

    public mutating func write(_ text: UnsafeRawBufferPointer) { base.write(text) }
    public mutating func newline() { base.newline() }

    public mutating func startLine(binaryOffset: Int?) {
        base.startLine(binaryOffset: binaryOffset)
        prefix.removeAll()
        if let offset = binaryOffset {
            prefix.write("(;@")
            prefix.writeHex(UInt64(max(0, offset)))
            var width = prefix.count - 3
            while width < 6 {
                prefix.write(" ")
                width += 1
            }
            prefix.write(";)")
        } else {
            prefix.write("           ")
        }
        prefix.withUnsafeBytes { base.write($0) }
    }
}

/// A growable byte buffer with the appends the printer needs: plain memory copies, no generic
/// sequence machinery (which cost a third of the printing time as `[UInt8].append`).
public final class TextBuffer {
    // The buffer is appended to millions of times; runtime exclusivity checks on its fields
    // were a fifth of the printing time. Its methods never hand out access to them.
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) public private(set) var count = 0

    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    @inline(never) func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    @inline(__always) public func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) public func write(_ p: UnsafeRawBufferPointer) {
        guard let from = p.baseAddress, p.count > 0 else { return }
        reserve(p.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: from, byteCount: p.count)
        count += p.count
    }

    @inline(__always) public func write(_ p: UnsafeBufferPointer<UInt8>) { write(UnsafeRawBufferPointer(p)) }

    @inline(__always) public func write(_ s: StaticString) {
        write(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A `String`'s UTF-8 (a separate name: string literals must take the `StaticString` path).
    @inline(__always) public func write(string s: String) {
        var s = s
        s.withUTF8 { write($0) }
    }

    public func write(_ a: [UInt8]) { a.withUnsafeBytes { write($0) } }
    public func write(_ a: ArraySlice<UInt8>) { a.withUnsafeBytes { write($0) } }

    /// Bytes `r` of this buffer, appended to itself or another one.
    @inline(__always) public func write(from other: TextBuffer, _ r: Range<Int>) {
        write(UnsafeRawBufferPointer(start: other.base + r.lowerBound, count: r.count))
    }

    @inline(__always) public subscript(i: Int) -> UInt8 { base[i] }

    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    @inline(__always) public func removeAll() { count = 0 }

    /// A decimal unsigned integer.
    public func writeDecimal(_ v: UInt64) {
        if v < 10 {
            byte(0x30 &+ UInt8(truncatingIfNeeded: v))
            return
        }
        reserve(20)
        var digits = 0
        var x = v
        while x > 0 { digits += 1; x /= 10 }
        x = v
        var i = count + digits
        while x > 0 {
            i -= 1
            base[i] = 0x30 &+ UInt8(truncatingIfNeeded: x % 10)
            x /= 10
        }
        count += digits
    }

    @inline(__always) public func writeDecimal(_ v: UInt32) { writeDecimal(UInt64(v)) }

    /// A decimal signed integer.
    public func writeSigned(_ v: Int64) {
        if v < 0 {
            byte(0x2D)
            writeDecimal(v.magnitude)
        } else {
            writeDecimal(UInt64(v))
        }
    }

    /// Lower-case hexadecimal digits, no prefix.
    public func writeHex(_ v: UInt64) {
        let digits = max(1, (64 - v.leadingZeroBitCount + 3) / 4)
        var shift = (digits - 1) * 4
        while shift >= 0 {
            byte(TextBuffer.hexDigit(UInt8(truncatingIfNeeded: v >> UInt64(shift)) & 0xF))
            shift -= 4
        }
    }

    /// Two lower-case hexadecimal digits.
    @inline(__always) public func writeHexByte(_ b: UInt8) {
        byte(TextBuffer.hexDigit(b >> 4))
        byte(TextBuffer.hexDigit(b & 0xF))
    }

    @inline(__always) static func hexDigit(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 &+ d : 0x57 &+ d }
}
