// The lexer of the WebAssembly text format (spec section "Lexical Format"). It works on bytes
// and produces small tokens (kind, offset, length); numbers, strings and identifiers are only
// decoded when the parser asks (see Literals.swift). Whitespace and comments are skipped.
import WasmCore

/// The kind of a token.
public enum TokenKind: UInt8, Sendable, Hashable {
    case lparen
    case rparen
    /// A keyword: starts with a lowercase letter (`module`, `i32.add`, `offset=4`).
    case keyword
    /// An identifier: `$name` or `$"quoted name"`.
    case id
    /// A string literal, quotes included.
    case string
    /// A numeric literal (integer or float lexical form, `inf`, `nan`, `nan:0x…` included).
    case number
    /// A token the grammar reserves: any other run of identifier characters or strings.
    case reserved
    /// The start of an annotation: `(@name` or `(@"name"`.
    case annotation
    /// A span the lexer reported an error for; the parser skips it without a second error.
    case invalid
    case eof
}

/// A token: its kind and where its bytes are in the source.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var offset: UInt32
    public var length: UInt32

    public init(kind: TokenKind, offset: UInt32, length: UInt32) {
        self.kind = kind
        self.offset = offset
        self.length = length
    }

    public var range: Range<Int> { Int(offset)..<(Int(offset) + Int(length)) }
    public var location: Location { .text(offset: offset, length: length) }
}

/// Tokenizes WebAssembly text. Errors are collected in `diagnostics` and the offending span is
/// returned as an `.invalid` token, so a caller can keep going and report everything.
public struct Lexer: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int
    public private(set) var diagnostics: [Diagnostic] = []

    public init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Tokenizes all of `bytes`; the last token is `.eof`.
    /// How the depth errors of the lexer and the parser begin.
    public static let nestingMessagePrefix = "nesting too deep"

    /// Parentheses deeper than `maxDepth` end the token list there with an error: no parser
    /// accepts such nesting, and a stream of `(((…` must not cost a token per byte.
    public static func tokenize(_ bytes: [UInt8], maxDepth: Int = Int.max) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        // Offsets are 32-bit.
        guard bytes.count < Int(UInt32.max) else {
            return ([Token(kind: .eof, offset: 0, length: 0)],
                    [Diagnostic(.lex, "input too large: more than 4 GiB", at: .text(offset: 0, length: 0))])
        }
        var lexer = Lexer(bytes: bytes)
        var tokens: [Token] = []
        // Formatted text averages about ten bytes a token: reserving for one per eight bytes
        // avoids regrowing (and copying) a big array, and pages never written cost no memory.
        tokens.reserveCapacity(bytes.count / 8 + 16)
        var depth = 0
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .eof { break }
            if t.kind == .lparen || t.kind == .annotation {
                depth += 1
                if depth > maxDepth {
                    lexer.diagnostics.append(Diagnostic(.lex, "nesting too deep: more than \(maxDepth) nested parentheses", at: t.location))
                    // Closed at the end, so a parser can still find its own (more precise) error.
                    let end = UInt32(bytes.count)
                    tokens.append(contentsOf: repeatElement(Token(kind: .rparen, offset: end, length: 0), count: depth))
                    tokens.append(Token(kind: .eof, offset: end, length: 0))
                    break
                }
            } else if t.kind == .rparen, depth > 0 {
                depth -= 1
            }
        }
        return (tokens, lexer.diagnostics)
    }

    /// The next token, skipping whitespace and comments.
    public mutating func next() -> Token {
        let n = bytes.count
        while position < n {
            let b = bytes[position]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                position = Lexer.skipSpaces(bytes, from: position &+ 1)
            case UInt8(ascii: ";"):
                if position + 1 < n, bytes[position + 1] == UInt8(ascii: ";") {
                    skipLineComment()
                } else {
                    return run()
                }
            case UInt8(ascii: "("):
                if position + 1 < n, bytes[position + 1] == UInt8(ascii: ";") {
                    if let bad = skipBlockComment() { return bad }
                } else if position + 1 < n, bytes[position + 1] == UInt8(ascii: "@") {
                    return annotation()
                } else {
                    position += 1
                    return Token(kind: .lparen, offset: UInt32(position - 1), length: 1)
                }
            case UInt8(ascii: ")"):
                position += 1
                return Token(kind: .rparen, offset: UInt32(position - 1), length: 1)
            default:
                return run()
            }
        }
        return Token(kind: .eof, offset: UInt32(n), length: 0)
    }

    // MARK: - Comments

    private mutating func skipLineComment() {
        let start = position
        var i = position + 2
        let n = bytes.count
        // The spec's newline is LF, CR or CR LF: a lone CR ends a line comment too.
        var high: UInt8 = 0
        bytes.withUnsafeBufferPointer { buf in
            while i < n {
                let b = buf[i]
                if b == 0x0A || b == 0x0D { break }
                high |= b
                i &+= 1
            }
        }
        // Only a comment with a non-ASCII byte needs the UTF-8 check.
        if high >= 0x80, let bad = Lexer.firstInvalidUTF8(bytes, start..<i) {
            error("malformed UTF-8 encoding", at: bad, length: 1)
        }
        position = i
    }

    /// Skips a nested block comment; returns an `.invalid` token when it is unterminated.
    private mutating func skipBlockComment() -> Token? {
        let start = position
        var depth = 0
        var i = position
        let n = bytes.count
        var high: UInt8 = 0
        let closed = bytes.withUnsafeBufferPointer { buf -> Bool in
            while i < n {
                let b = buf[i]
                if b == UInt8(ascii: "("), i + 1 < n, buf[i + 1] == UInt8(ascii: ";") {
                    depth += 1
                    i += 2
                } else if b == UInt8(ascii: ";"), i + 1 < n, buf[i + 1] == UInt8(ascii: ")") {
                    depth -= 1
                    i += 2
                    if depth == 0 { return true }
                } else {
                    high |= b
                    i += 1
                }
            }
            return false
        }
        if closed {
            // Only a comment with a non-ASCII byte needs the UTF-8 check.
            if high >= 0x80, let bad = Lexer.firstInvalidUTF8(bytes, start..<i) {
                error("malformed UTF-8 encoding", at: bad, length: 1)
            }
            position = i
            return nil
        }
        error("unclosed comment", at: start, length: 2)
        position = n
        return Token(kind: .invalid, offset: UInt32(start), length: UInt32(n - start))
    }

    // MARK: - Annotations

    /// `(@` and the annotation id; an empty id is lexed too (it is valid inside another
    /// annotation; the token stream reports it elsewhere as `empty annotation id`).
    private mutating func annotation() -> Token {
        let start = position
        var i = position + 2
        let n = bytes.count
        if i < n, bytes[i] == UInt8(ascii: "\"") {
            guard let end = scanString(from: i) else {
                if var last = diagnostics.popLast() {
                    last.message = "empty annotation id"
                    diagnostics.append(last)
                }
                position = min(n, max(position + 2, skipRun(from: i)))
                return Token(kind: .invalid, offset: UInt32(start), length: UInt32(position - start))
            }
            if Literals.decodeName(bytes[(i)..<end]) == nil {
                error("malformed UTF-8 encoding", at: i, length: end - i)
                position = end
                return Token(kind: .invalid, offset: UInt32(start), length: UInt32(end - start))
            }
            i = end
        } else {
            while i < n, Lexer.isIdChar(bytes[i]) { i += 1 }
        }
        position = i
        return Token(kind: .annotation, offset: UInt32(start), length: UInt32(i - start))
    }

    // MARK: - Runs of token characters

    /// Lexes a maximal run of identifier characters and strings, then classifies it.
    private mutating func run() -> Token {
        let start = position
        let n = bytes.count
        var i = position
        var strings = 0
        var plainChars = 0
        var firstStringEnd = -1
        // Whether a plain character is not an idchar (`,;[]{}`): decides id/keyword vs reserved.
        var nonIdChar = false
        while i < n {
            // The common case, a run of idchars, over raw memory.
            let runStart = i
            bytes.withUnsafeBufferPointer { buf in
                while i < n, Lexer.isIdChar(buf[i]) { i &+= 1 }
            }
            plainChars &+= i &- runStart
            if i >= n { break }
            let b = bytes[i]
            if Lexer.isIdChar(b) {
                plainChars += 1
                i += 1
            } else if b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
                || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") {
                plainChars += 1
                i += 1
                nonIdChar = true
            } else if b == UInt8(ascii: ";") {
                // `;;` starts a comment, which ends the token.
                if i + 1 < n, bytes[i + 1] == UInt8(ascii: ";") { break }
                plainChars += 1
                i += 1
                nonIdChar = true
            } else if b == UInt8(ascii: "\"") {
                guard let end = scanString(from: i) else {
                    if i == start + 1, bytes[start] == UInt8(ascii: "$"), var last = diagnostics.popLast() {
                        last.message = "empty identifier"
                        diagnostics.append(last)
                    }
                    // The error is reported; resume after the bad span.
                    position = max(i + 1, skipRun(from: i))
                    return Token(kind: .invalid, offset: UInt32(start), length: UInt32(position - start))
                }
                strings += 1
                if firstStringEnd < 0 { firstStringEnd = end }
                i = end
            } else {
                break
            }
        }
        if i == start {
            // Not whitespace, not a paren, not a token character.
            let b = bytes[start]
            var len = 1
            if b >= 0x80 {
                len = Lexer.utf8SequenceLength(bytes, at: start)
                if len == 0 {
                    // One error for the whole malformed sequence: skip its continuation bytes.
                    len = 1
                    while start + len < bytes.count, bytes[start + len] & 0xC0 == 0x80, len < 4 { len += 1 }
                    error("malformed UTF-8 encoding", at: start, length: len)
                } else {
                    error("illegal character", at: start, length: len)
                }
            } else {
                error("illegal character", at: start, length: 1)
            }
            position = start + len
            return Token(kind: .invalid, offset: UInt32(start), length: UInt32(len))
        }
        position = i
        let length = UInt32(i - start)
        let first = bytes[start]
        if strings > 0 {
            if strings == 1, plainChars == 0 {
                return Token(kind: .string, offset: UInt32(start), length: length)
            }
            if strings == 1, plainChars == 1, first == UInt8(ascii: "$"), firstStringEnd == i {
                if i - start == 3 {
                    error("empty identifier", at: start, length: i - start)
                    return Token(kind: .invalid, offset: UInt32(start), length: length)
                }
                return Token(kind: .id, offset: UInt32(start), length: length)
            }
            return Token(kind: .reserved, offset: UInt32(start), length: length)
        }
        if first == UInt8(ascii: "$") {
            if i - start == 1 {
                error("empty identifier", at: start, length: 1)
                return Token(kind: .invalid, offset: UInt32(start), length: length)
            }
            if !nonIdChar {
                return Token(kind: .id, offset: UInt32(start), length: length)
            }
            return Token(kind: .reserved, offset: UInt32(start), length: length)
        }
        let isLower = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
        // Numbers start with a sign, a digit, `inf` or `nan`: keywords (most start with `i`, as
        // `i32.add`) need no number scan.
        var mayBeNumber = !isLower
        if isLower, i - start >= 3 {
            let second = bytes[start + 1]
            mayBeNumber = (first == UInt8(ascii: "i") && second == UInt8(ascii: "n"))
                || (first == UInt8(ascii: "n") && second == UInt8(ascii: "a"))
        }
        if mayBeNumber, Literals.isNumber(bytes[start..<i]) {
            return Token(kind: .number, offset: UInt32(start), length: length)
        }
        if isLower, !nonIdChar {
            return Token(kind: .keyword, offset: UInt32(start), length: length)
        }
        return Token(kind: .reserved, offset: UInt32(start), length: length)
    }

    /// The end of the run of non-separator bytes starting at `i` (used to resume after errors).
    private func skipRun(from i: Int) -> Int {
        var j = i
        let n = bytes.count
        while j < n {
            let b = bytes[j]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") { break }
            j += 1
        }
        return j
    }

    // MARK: - Strings

    /// Scans a string literal starting at the opening quote; returns the offset after the
    /// closing quote, or nil after reporting an error.
    private mutating func scanString(from start: Int) -> Int? {
        let n = bytes.count
        var i = start + 1
        while i < n {
            i = Lexer.skipPlainStringBytes(bytes, from: i)
            guard i < n else { break }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return i + 1 }
            if b == 0x0A || b == 0x0D {
                error("unclosed string literal", at: start, length: i - start)
                return nil
            }
            if b < 0x20 || b == 0x7F {
                error("illegal control character in string literal", at: i, length: 1)
                return nil
            }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < n else { break }
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "\""),
                     UInt8(ascii: "'"), UInt8(ascii: "\\"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard let end = Lexer.scanUnicodeEscape(bytes, i) else {
                        error("illegal escape", at: i, length: 2)
                        return nil
                    }
                    i = end
                default:
                    if i + 2 < n, Lexer.hexValue(e) != nil, Lexer.hexValue(bytes[i + 2]) != nil {
                        i += 3
                    } else {
                        error("illegal escape", at: i, length: 2)
                        return nil
                    }
                }
                continue
            }
            if b >= 0x80 {
                let len = Lexer.utf8SequenceLength(bytes, at: i)
                if len == 0 {
                    error("malformed UTF-8 encoding", at: i, length: 1)
                    return nil
                }
                i += len
                continue
            }
            i += 1
        }
        error("unclosed string literal", at: start, length: n - start)
        return nil
    }

    /// The first offset from `i` that is not printable ASCII (other than `"` and `\\`) or a
    /// `\\hh` escape: the bytes the string scanner checks one by one (`(module binary …)`
    /// strings are megabytes of `\\hh`).
    static func skipPlainStringBytes(_ bytes: [UInt8], from start: Int) -> Int {
        Literals.hexTable.withUnsafeBufferPointer { hexBuffer in
            bytes.withUnsafeBufferPointer { p in
                guard let hex = hexBuffer.baseAddress, let b0 = p.baseAddress else { return start }
                let n = p.count
                var i = start
                while i < n {
                    let b = b0[i]
                    // i < n, a buffer's size: `&+` cannot overflow.
                    if b == UInt8(ascii: "\\") {
                        guard i &+ 2 < n, hex[Int(b0[i &+ 1])] | hex[Int(b0[i &+ 2])] < 16 else { return i }
                        i &+= 3
                    } else if b &- 0x20 < 0x5F && b != UInt8(ascii: "\"") {
                        i &+= 1
                    } else {
                        return i
                    }
                }
                return i
            }
        }
    }

    /// `\u{hex+}` at `i` (the backslash) with a valid scalar value: the offset after `}`.
    static func scanUnicodeEscape(_ bytes: [UInt8], _ i: Int) -> Int? {
        let n = bytes.count
        var j = i + 2
        guard j < n, bytes[j] == UInt8(ascii: "{") else { return nil }
        j += 1
        var value: UInt32 = 0
        var digits = 0
        var lastWasDigit = false
        while j < n, bytes[j] != UInt8(ascii: "}") {
            if bytes[j] == UInt8(ascii: "_"), lastWasDigit {
                lastWasDigit = false
                j += 1
                continue
            }
            guard let d = hexValue(bytes[j]) else { return nil }
            value = value > 0x10FFFF ? value : value << 4 | UInt32(d)
            digits += 1
            lastWasDigit = true
            j += 1
        }
        guard j < n, digits > 0, lastWasDigit, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return j + 1
    }

    // MARK: - Character classes

    /// The spec's `idchar`: printable ASCII except space, quotes, parens, comma, semicolon,
    /// brackets and braces.
    /// idchar: printable ASCII except `"(),;[]{}`, as a 128-bit mask (bit b set for byte b).
    /// Constants rather than a lazily built table: this runs once per source byte, and a
    /// global `let` costs a `swift_once` check on every call.
    @inline(__always)
    public static func isIdChar(_ b: UInt8) -> Bool {
        if b < 64 { return (0xF7FF_ECFA_0000_0000 as UInt64) >> UInt64(b) & 1 != 0 }
        if b < 128 { return (0x57FF_FFFF_D7FF_FFFF as UInt64) >> UInt64(b &- 64) & 1 != 0 }
        return false
    }

    static func allIdChars(_ bytes: [UInt8], _ r: Range<Int>) -> Bool {
        for i in r where !isIdChar(bytes[i]) { return false }
        return true
    }

    /// The end of the run of whitespace (space, tab, LF, CR) at `i`: the bulk of a formatted
    /// file is indentation, so this loop runs over raw memory.
    @inline(__always)
    static func skipSpaces(_ bytes: [UInt8], from i: Int) -> Int {
        bytes.withUnsafeBufferPointer { buf in
            var j = i
            let n = buf.count
            // Indentation: eight spaces at a time.
            if let base = UnsafeRawPointer(buf.baseAddress) {
                while j &+ 8 <= n, base.loadUnaligned(fromByteOffset: j, as: UInt64.self) == 0x2020_2020_2020_2020 {
                    j &+= 8
                }
            }
            while j < n {
                let b = buf[j]
                guard b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D else { break }
                j &+= 1
            }
            return j
        }
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The length of the well-formed UTF-8 sequence at `i` (1…4), or 0 if it is malformed
    /// (overlong forms, surrogates and values above U+10FFFF are malformed).
    static func utf8SequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let n = bytes.count
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && bytes[i + k] >= lo && bytes[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// The offset of the first malformed UTF-8 sequence in `r`, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8], _ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        while i < r.upperBound {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let len = utf8SequenceLength(bytes, at: i)
            if len == 0 || i + len > r.upperBound { return i }
            i += len
        }
        return nil
    }

    private mutating func error(_ message: String, at offset: Int, length: Int) {
        diagnostics.append(Diagnostic(.lex, message, at: .text(offset: UInt32(offset), length: UInt32(max(1, length)))))
    }
}
