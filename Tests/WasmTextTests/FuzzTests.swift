import Foundation
import Testing
import WasmCore
@testable import WasmText

/// Mutated suite modules: every outcome is a module or diagnostics, never a crash or a hang.
@Suite struct TextFuzzTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let pieces: [[UInt8]] = ["(", ")", "(func", "(module", "$x", "\"", "0x", "-", "1", "nan:0x", "(;", ";)", ";;",
                                    "(@a", "block", "end", "else", "(then", "(else", "(if", "i32.const", "v128.const i8x16",
                                    "(type 0)", "(param", "(result", "(rec", "(sub", "(elem", "(data", "(table", "(memory",
                                    "offset=", "align=3", "\\u{", "\u{FF}", "\u{0}", "try", "catch", "delegate", "(do",
                                    "br_table", "select", "(ref null", "ref.null", "struct.get", "$", "i8x16.shuffle"]
        .map { Array($0.utf8) }

    func mutate(_ s: [UInt8], _ r: inout Rng) -> [UInt8] {
        var b = s
        for _ in 0..<(1 + r.below(4)) {
            let at = r.below(b.count + 1)
            switch r.below(4) {
            case 0 where !b.isEmpty: b.remove(at: min(at, b.count - 1))
            case 1: b.insert(contentsOf: Self.pieces[r.below(Self.pieces.count)], at: at)
            case 2 where !b.isEmpty: b[min(at, b.count - 1)] = UInt8(truncatingIfNeeded: r.next())
            default: b = Array(b[0..<at])
            }
        }
        return b
    }

    @Test func mutatedSuiteModulesNeverCrash() {
        let files = TestSuite.files().filter { !$0.contains("/") }.prefix(120)
        guard !files.isEmpty else {
            print("SKIP: test suite not found")
            return
        }
        // FUZZ_ITERATIONS raises the mutations per module for a longer local run.
        let iterations = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 20
        var r = Rng(state: 0x5eed)
        var runs = 0
        for f in files {
            let stream = TokenStream(SourceFile(name: f, bytes: TestSuite.read(f)))
            for form in TestSuite.forms(stream).prefix(iterations > 20 ? 40 : 6) where form.keyword == "module" {
                let text = Array(stream.bytes[Int(stream.tokens[form.start].offset)...Int(stream.tokens[form.end].offset)])
                for _ in 0..<iterations {
                    let m = mutate(text, &r)
                    for strict in [false, true] {
                        _ = try? WatParser.parse(SourceFile(name: "fuzz", bytes: m), options: TextOptions(strict: strict))
                    }
                    runs += 1
                }
            }
        }
        print("fuzz runs: \(runs)")
        #expect(runs > 1000)
    }
}
