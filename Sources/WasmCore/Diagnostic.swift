// One diagnostic type for every phase, rendered like a compiler's:
//   memory.wat:12:7: error: type mismatch: expected i32, found f32
//         i32.add
//         ^^^^^^^
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The phase that produced a diagnostic.
public enum Phase: String, Sendable, Hashable {
    case lex, parse, resolve, decode, validate, link, instantiate, trap, exhaustion, script
    /// Not a failure: the program ended itself through its host (WASI's `proc_exit`), with
    /// `Diagnostic.exitCode`. A host function throws it to unwind every wasm frame at once.
    case exit
}

public enum Severity: String, Sendable, Hashable {
    case error, warning, note
}

/// Where a diagnostic points.
public enum Location: Sendable, Hashable {
    case none
    /// A byte offset and length in a text source.
    case text(offset: UInt32, length: UInt32)
    /// A byte offset in a binary module.
    case binary(offset: UInt32)
}

public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var phase: Phase
    public var severity: Severity
    /// The message as the spec's test suite spells it (`type mismatch`, `unknown local` …),
    /// possibly followed by details after a colon.
    public var message: String
    public var location: Location
    public var notes: [String]
    /// The status of an `.exit`.
    public var exitCode: Int32?

    public init(_ phase: Phase, _ message: String, at location: Location = .none,
                severity: Severity = .error, notes: [String] = []) {
        self.phase = phase
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// The program's request to end with `code` (WASI's `proc_exit`).
    public static func exit(_ code: Int32) -> Diagnostic {
        var d = Diagnostic(.exit, "exit with status \(code)", severity: .note)
        d.exitCode = code
        return d
    }

    public var description: String { message }

    /// Renders `file:line:col: error: message` plus the source line and a caret (text), or
    /// `file:0x1f: error: message` (binary).
    public func rendered(file: String, source: SourceFile? = nil) -> String {
        var out = ""
        switch location {
        case .none:
            out = "\(file): \(severity.rawValue): \(message)"
        case .binary(let offset):
            out = "\(file):0x\(String(offset, radix: 16)): \(severity.rawValue): \(message)"
        case .text(let offset, let length):
            if let source {
                let (line, col) = source.lineColumn(of: Int(offset))
                out = "\(file):\(line):\(col): \(severity.rawValue): \(message)"
                var text = source.lineText(line)
                var caretColumn = col
                // Far into a long line (a minified file): show the part around the column.
                if col > 160, Int(offset) <= source.bytes.count {
                    let start = Int(offset) - 80
                    let end = min(source.bytes.count, start + 200)
                    var piece = Array(source.bytes[start..<end])
                    if let nl = piece.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) { piece.removeSubrange(nl...) }
                    text = "…" + String(decoding: piece, as: UTF8.self)
                    caretColumn = 82
                }
                out += "\n" + text + "\n"
                out += String(repeating: " ", count: max(0, caretColumn - 1))
                let room = max(1, text.utf8.count - (caretColumn - 1))
                out += String(repeating: "^", count: max(1, min(Int(length), room)))
            } else {
                out = "\(file):@\(offset): \(severity.rawValue): \(message)"
            }
        }
        for n in notes { out += "\n  note: " + n }
        return out
    }
}

/// A collection of diagnostics thrown by a phase that reports more than one error.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
    public var first: Diagnostic? { items.first }
    public var description: String { items.map(\.message).joined(separator: "\n") }
}

/// A source text with lazy line:column mapping over bytes.
public final class SourceFile: @unchecked Sendable {
    public let name: String
    public let bytes: [UInt8]
    private var lineStarts: [Int]?

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    private init(name: String, lineStarts: [Int]) {
        self.name = name
        self.bytes = []
        self.lineStarts = lineStarts
    }

    /// The same file's line index without its text: `lineColumn` answers as before,
    /// `lineText` is empty. A script runner that needs only locations keeps this one, so a
    /// large script's text is not held while its modules are decoded and run.
    public func withoutText() -> SourceFile {
        SourceFile(name: name, lineStarts: starts())
    }

    private func starts() -> [Int] {
        if let s = lineStarts { return s }
        var s = [0]
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var from = 0
            while from < p.count, let hit = memchr(base + from, 0x0A, p.count - from) {
                let i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                s.append(i + 1)
                from = i + 1
            }
        }
        lineStarts = s
        return s
    }

    /// 1-based line and column (column counted in bytes) of a byte offset.
    public func lineColumn(of offset: Int) -> (line: Int, column: Int) {
        let s = starts()
        var lo = 0
        var hi = s.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if s[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - s[lo] + 1)
    }

    /// The text of a 1-based line, without its newline; long lines are cut.
    public func lineText(_ line: Int) -> String {
        let s = starts()
        guard line >= 1, line <= s.count else { return "" }
        let start = s[line - 1]
        var end = line < s.count ? s[line] - 1 : bytes.count
        if end > start, end <= bytes.count, bytes[end - 1] == 0x0D { end -= 1 }
        end = min(end, start + 200)
        guard start <= end, end <= bytes.count else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension Location {
    /// The byte offset of a text location.
    public var textOffset: Int? {
        if case .text(let offset, _) = self { return Int(offset) }
        return nil
    }

    /// The byte offset of a binary location.
    public var binaryOffset: Int? {
        if case .binary(let offset) = self { return Int(offset) }
        return nil
    }
}
