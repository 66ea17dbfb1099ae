// Builds and tests the consumer package of README.md (section "Using SwiftWAT in your package's tests") against this checkout, as a new
// user would: the files are taken from the document itself, with the dependency pointed at
// this checkout by path. Opt-in (it builds SwiftWAT from scratch in a temporary directory, a
// few minutes on 2 cores): SWIFTWAT_CONSUMER_TEST=1 swift test --filter ConsumerPackageTests
import Foundation
import Testing

@Suite struct ConsumerPackageTests {
    static let enabled = ProcessInfo.processInfo.environment["SWIFTWAT_CONSUMER_TEST"] == "1"

    /// The files of README.md (section "Using SwiftWAT in your package's tests"): each fenced block preceded by `<!-- file: PATH -->`.
    static func documentFiles(_ markdown: String) -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        var pendingPath: String?
        var collecting: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = collecting {
                if line.hasPrefix("```") {
                    if let p = pendingPath { out.append((p, lines.joined(separator: "\n") + "\n")) }
                    pendingPath = nil
                    collecting = nil
                } else {
                    lines.append(line)
                    collecting = lines
                }
            } else if line.hasPrefix("<!-- file: "), line.hasSuffix(" -->") {
                pendingPath = String(line.dropFirst(11).dropLast(4))
            } else if line.hasPrefix("```") {
                collecting = []
            }
        }
        return out
    }

    @Test func documentHasTheConsumerFiles() throws {
        let doc = try String(contentsOfFile: Conformance.packageRoot + "/README.md", encoding: .utf8)
        let files = Self.documentFiles(doc).map(\.path)
        #expect(files == ["Package.swift", "Tests/GreeterTests/WasmTests.swift", "Tests/GreeterTests/math.wast",
                          "Tests/GreeterTests/MathTests.swift"])
    }

    @Test(.enabled(if: enabled, "set SWIFTWAT_CONSUMER_TEST=1 to build the consumer package of the README"))
    func consumerPackageBuildsAndPasses() throws {
        let fm = FileManager.default
        let doc = try String(contentsOfFile: Conformance.packageRoot + "/README.md", encoding: .utf8)
        let dir = fm.temporaryDirectory.appendingPathComponent("swiftwat-consumer-\(getpid())").path
        try? fm.removeItem(atPath: dir)
        // The dependency's identity is its folder name: link this checkout as `SwiftWAT`.
        try fm.createDirectory(atPath: dir + "/Greeter", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir + "/SwiftWAT", withDestinationPath: Conformance.packageRoot)
        for (path, text) in Self.documentFiles(doc) {
            if path == "Package.swift" {
                #expect(text.contains(#".package(path: "../SwiftWAT")"#))
            }
            let full = dir + "/Greeter/" + path
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let (status, output) = try Self.run(["swift", "test", "--package-path", dir + "/Greeter",
                                             "--scratch-path", dir + "/.build"])
        #expect(status == 0, "swift test of the consumer package failed:\n\(output.suffix(4000))")
        #expect(output.contains("runsAScript"))
        #expect(output.contains("testScript"))
        try? fm.removeItem(atPath: dir)
    }

    static func run(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
