// What running a script produced: one result per command, counts, and renderings
// (human text with file:line:col, JSON, JUnit XML) written without Foundation.
import WasmCore

/// Why a command failed: a message and, where it applies, the expected and actual outcome.
public struct Failure: Error, Sendable, Hashable {
    public var message: String
    public var expected: String?
    public var actual: String?

    public init(_ message: String, expected: String? = nil, actual: String? = nil) {
        self.message = message
        self.expected = expected
        self.actual = actual
    }
}

public enum Outcome: Sendable, Hashable {
    case passed
    case failed(Failure)
    case skipped(String)
}

/// The result of one command.
public struct CommandResult: Sendable {
    /// The command's index in the script (0-based).
    public var index: Int
    public var keyword: String
    public var line: Int
    public var column: Int
    public var outcome: Outcome
    /// Warnings of the command's module (legacy spellings), rendered `file:line:col: warning: …`
    /// by `renderedWarnings`.
    public var warnings: [(line: Int, column: Int, message: String)]

    public init(index: Int, keyword: String, line: Int, column: Int, outcome: Outcome,
                warnings: [(line: Int, column: Int, message: String)] = []) {
        self.index = index
        self.keyword = keyword
        self.line = line
        self.column = column
        self.outcome = outcome
        self.warnings = warnings
    }

    public func renderedWarnings(file: String) -> [String] {
        warnings.map { "\(file):\($0.line):\($0.column): warning: \($0.message)" }
    }

    public var failure: Failure? {
        if case .failed(let f) = outcome { return f }
        return nil
    }

    /// `file:line:col: assertion failed: message` plus indented expected/actual lines.
    public func rendered(file: String) -> String {
        // A failure with no line (an unreadable file) is reported against the file itself.
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        switch outcome {
        case .passed:
            return "\(place): \(keyword): passed"
        case .skipped(let why):
            return "\(place): \(keyword): skipped: \(why)"
        case .failed(let f):
            var s = "\(place): assertion failed: \(keyword): \(f.message)"
            if let e = f.expected { s += "\n  expected: \(e)" }
            if let a = f.actual { s += "\n  actual:   \(a)" }
            return s
        }
    }
}

/// The results of running one script.
public struct ScriptReport: Sendable, CustomStringConvertible {
    public var file: String
    public var results: [CommandResult]
    /// Set when the run stopped early (`failFast`).
    public var stoppedEarly: Bool

    public init(file: String, results: [CommandResult] = [], stoppedEarly: Bool = false) {
        self.file = file
        self.results = results
        self.stoppedEarly = stoppedEarly
    }

    public var passed: Int { results.reduce(0) { $0 + ($1.outcome == .passed ? 1 : 0) } }
    public var failed: Int { results.reduce(0) { $0 + ($1.failure != nil ? 1 : 0) } }
    public var skipped: Int { results.reduce(0) { if case .skipped = $1.outcome { return $0 + 1 } else { return $0 } } }
    public var failures: [CommandResult] { results.filter { $0.failure != nil } }
    public var succeeded: Bool { failed == 0 }

    /// The summary line `file: N passed, M failed[, K skipped]`.
    public var summary: String {
        var s = "\(file): \(passed) passed, \(failed) failed"
        if skipped > 0 { s += ", \(skipped) skipped" }
        return s
    }

    /// Every failure with its location, then the summary line.
    public var description: String {
        var lines = failures.map { $0.rendered(file: file) }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }
}

// MARK: - Machine-readable reports

public enum ReportFormat {
    /// A JSON document: `{"files":[{"file":…,"passed":N,"failed":M,"skipped":K,"failures":[…]}],
    /// "passed":N,"failed":M,"skipped":K}`.
    public static func json(_ reports: [ScriptReport]) -> String {
        var out = "{\"files\":["
        var first = true
        var p = 0, f = 0, s = 0
        for r in reports {
            p += r.passed; f += r.failed; s += r.skipped
            if !first { out += "," }
            first = false
            out += "\n {\"file\":\(jsonString(r.file)),\"passed\":\(r.passed),\"failed\":\(r.failed),\"skipped\":\(r.skipped),\"failures\":["
            var firstFailure = true
            for c in r.failures {
                guard let fl = c.failure else { continue }
                if !firstFailure { out += "," }
                firstFailure = false
                out += "\n  {\"line\":\(c.line),\"column\":\(c.column),\"command\":\(jsonString(c.keyword)),\"message\":\(jsonString(fl.message))"
                if let e = fl.expected { out += ",\"expected\":\(jsonString(e))" }
                if let a = fl.actual { out += ",\"actual\":\(jsonString(a))" }
                out += "}"
            }
            out += "]}"
        }
        out += "\n],\"passed\":\(p),\"failed\":\(f),\"skipped\":\(s)}\n"
        return out
    }

    /// JUnit XML: one test suite per file, one test case per command.
    public static func junit(_ reports: [ScriptReport]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for r in reports {
            out += "  <testsuite name=\(xmlAttr(r.file)) tests=\"\(r.results.count)\" failures=\"\(r.failed)\" skipped=\"\(r.skipped)\">\n"
            for c in r.results {
                let name = xmlAttr("\(c.line):\(c.column) \(c.keyword)")
                switch c.outcome {
                case .passed:
                    out += "    <testcase classname=\(xmlAttr(r.file)) name=\(name)/>\n"
                case .skipped(let why):
                    out += "    <testcase classname=\(xmlAttr(r.file)) name=\(name)><skipped message=\(xmlAttr(why))/></testcase>\n"
                case .failed(let f):
                    var body = f.message
                    if let e = f.expected { body += "\nexpected: \(e)" }
                    if let a = f.actual { body += "\nactual: \(a)" }
                    out += "    <testcase classname=\(xmlAttr(r.file)) name=\(name)><failure message=\(xmlAttr(f.message))>\(xmlText(body))</failure></testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func jsonString(_ s: String) -> String { JSON.quote(s) }

    static func xmlText(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most control characters even escaped.
                if u.value < 0x20, u != "\n", u != "\t" { out += "?" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static func xmlAttr(_ s: String) -> String { "\"" + xmlText(s).replacingNewlines() + "\"" }
}

extension String {
    func replacingNewlines() -> String {
        var out = ""
        for u in unicodeScalars { if u == "\n" { out += "&#10;" } else { out.unicodeScalars.append(u) } }
        return out
    }
}
