import Foundation
import Testing
import WasmCore
@testable import WasmText

/// `grammar/wat.ebnf` documents what the parser implements.
@Suite struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var grammar: String {
        (try? String(contentsOf: root.appendingPathComponent("grammar/wat.ebnf"), encoding: .utf8)) ?? ""
    }

    @Test func everyKeywordOfTheOpcodeTableIsInTheGrammar() {
        let g = Self.grammar
        #expect(!g.isEmpty)
        for op in Opcode.allCases {
            #expect(g.contains("'\(op.info.name)'"), "\(op.info.name) missing from grammar/wat.ebnf")
        }
        for (name, _) in Opcode.legacyAliases {
            #expect(g.contains("'\(name)'"), "legacy \(name) missing from grammar/wat.ebnf")
        }
        for (name, _) in Opcode.legacyTypeAliases {
            #expect(g.contains("'\(name)'"), "legacy \(name) missing from grammar/wat.ebnf")
        }
    }

    /// Every production a parsing function names in its doc comment is defined in the grammar.
    @Test func everyProductionNamedInTheParserIsDefined() throws {
        let g = Self.grammar
        let dir = Self.root.appendingPathComponent("Sources/WasmText")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") }
        var named = 0
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("/// `") && line.contains("` ::=") {
                guard let a = line.range(of: "/// `"), let b = line.range(of: "` ::=") else { continue }
                let prod = String(line[a.upperBound..<b.lowerBound])
                named += 1
                #expect(g.contains("\n\(prod) ") || g.contains("\n\(prod)\t") || g.contains(" \(prod) ::="), "\(f): production \(prod) not in grammar")
            }
        }
        #expect(named > 30)
    }
}
