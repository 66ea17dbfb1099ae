import Foundation
import Testing
import WasmCore
@testable import WasmText

/// Bad and big input: errors only, no crash, no hang, nothing quadratic.
@Suite struct ScaleTests {
    @Test func bigCorpusFileParsesQuickly() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/bench/corpus/big-smith.wat").standardized.path
        guard let data = FileManager.default.contents(atPath: path) else {
            print("SKIP: \(path) not found")
            return
        }
        let start = Date()
        let parsed = try WatParser.parse(SourceFile(name: "big-smith.wat", bytes: [UInt8](data)))
        let seconds = Date().timeIntervalSince(start)
        print("big-smith.wat: \(data.count) bytes, \(parsed.module.functions.count) functions in \(seconds) s")
        #expect(parsed.module.functions.count > 0)
        #expect(seconds < 120)
    }

    func errors(_ bytes: [UInt8], options: TextOptions = TextOptions()) -> [String] {
        do {
            _ = try WatParser.parse(SourceFile(name: "bad.wat", bytes: bytes), options: options)
            return []
        } catch {
            return error.items.map(\.message)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let open = [UInt8](repeating: UInt8(ascii: "("), count: 100_000)
        #expect(!errors(open).isEmpty)
        let folded = Array("(module (func ".utf8) + [UInt8](String(repeating: "(i32.add ", count: 100_000).utf8)
            + [UInt8](repeating: UInt8(ascii: ")"), count: 100_002)
        // No recursion: 100,000 nested folded instructions are fine (wasm-tools takes them too)…
        #expect(errors(folded + Array(")".utf8)).count == 1)
        let valid = Array("(module (func (result i32) ".utf8) + [UInt8](String(repeating: "(i32.add (i32.const 1) ", count: 100_000).utf8)
            + Array("(i32.const 0)".utf8) + [UInt8](repeating: UInt8(ascii: ")"), count: 100_002)
        #expect(errors(valid).isEmpty)
        // … and a configured cap gives a clear error.
        let msgs = errors(folded, options: TextOptions(maxNesting: 1_000))
        // The lexer stops a little past the cap (it counts parentheses, the parser instructions).
        #expect(msgs.first?.hasPrefix("nesting too deep: more than 10") == true)
        let blocks = Array("(module (func ".utf8) + [UInt8](String(repeating: "block ", count: 100_000).utf8)
            + [UInt8](String(repeating: "end ", count: 100_000).utf8) + Array("))".utf8)
        #expect(errors(blocks).isEmpty)
    }

    @Test func hugeIdentifierAndGarbage() {
        let id = Array("(module (func $".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000) + Array("))".utf8)
        #expect(errors(id).isEmpty)
        var garbage: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<100_000 {
            x = x &* 1_103_515_245 &+ 12345
            garbage.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        #expect(!errors(garbage).isEmpty)
        #expect(errors(garbage).count <= 20)
    }

    @Test func truncatedTextAtEveryPoint() {
        let text = Array("""
        (module (type $t (func (param i32) (result i32))) (import "a" "b" (func $f (type $t)))
          (memory 1) (data (i32.const 0) "hi") (table 2 funcref) (elem (i32.const 0) $f $g)
          (func $g (param $x i32) (result i32) (local $y i64)
            (block $b (result i32) (if (result i32) (local.get $x) (then (i32.const 1)) (else (i32.const 2))))
            local.get 0 i32.add v128.const i32x4 1 2 3 4 drop (f32.const 0x1p3) drop))
        """.utf8)
        #expect(errors(text).isEmpty)
        for n in 0..<text.count {
            #expect(!errors(Array(text[0..<n])).isEmpty || n == 0)
        }
    }

    /// `br $outer` under deep nesting resolves without scanning the label stack: 30,000 nested
    /// blocks with 30,000 `br $a` took about a minute (debug) with a linear scan per `br`.
    @Test func namedBranchesUnderDeepNestingAreLinear() throws {
        let n = 30_000
        let text = "(module (func (block $a " + String(repeating: "block ", count: n)
            + String(repeating: "(br $a) ", count: n) + String(repeating: "end ", count: n) + ")))"
        let start = Date()
        let m = try WatParser.parse(SourceFile(name: "labels.wat", text: text)).module
        let seconds = Date().timeIntervalSince(start)
        let brs = m.functions[0].body.instructions.filter { $0.opcode == .br }
        #expect(brs.count == n)
        #expect(brs.allSatisfy { $0.immediate == .index(UInt32(n)) })
        #expect(seconds < 20)
    }

    @Test func labelStackTracksShadowingAndRenames() {
        var s = LabelStack()
        s.append(LabelEntry(name: "a", opcode: .block, folded: false))
        s.append(LabelEntry(name: "b", opcode: .block, folded: false))
        s.append(LabelEntry(name: "a", opcode: .loop, folded: false))
        #expect(s.innermost(named: "a") == 2)
        #expect(s.innermost(named: "b") == 1)
        s.removeLast()
        #expect(s.innermost(named: "a") == 0)
        s[1] = LabelEntry(name: "a", opcode: .block, folded: false)
        #expect(s.innermost(named: "a") == 1)
        #expect(s.innermost(named: "b") == nil)
        s[1] = LabelEntry(name: nil, opcode: .block, folded: false)
        #expect(s.innermost(named: "a") == 0)
        s.removeLast()
        s.removeLast()
        #expect(s.innermost(named: "a") == nil)
        #expect(s.count == 0)
    }
}
