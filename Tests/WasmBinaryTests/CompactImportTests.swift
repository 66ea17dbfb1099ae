// The compact import section (a proposal): groups of imports sharing their module name, or their
// name and type, in text and binary, byte for byte what wasm-tools 1.262 writes.
import Testing
import WasmBinary
import WasmCore
import WasmText

@Suite struct CompactImportTests {
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }

    static func assemble(_ text: String, features: Features = .default) throws -> [UInt8] {
        BinaryEncoder.encode(try WatParser.parse(text, options: TextOptions(features: features)).module)
    }

    /// (text, what `wasm-tools parse` makes of it)
    static let cases: [(String, String)] = [
        ("""
         (module (import "m" (item "a" (func)) (item "b" (func (param i32)))) (import "m" "c" (func))
                 (import "n" "d" (func)) (import "n" "e" (func)))
         """,
         "0061736d0100000001080260000060017f00022004016d007f020161000001620001016d01630000016e01640000016e01650000"),
        ("(module (import \"m\" (item \"a\") (item \"b\") (func)))",
         "0061736d01000000010401600000020c01016d007e00000201610162"),
        ("(module (import \"m\"))", "0061736d01000000020601016d007f00"),
        ("""
         (module (import "a" "x" (func)) (import "m" (item "g" (global i32)) (item "t" (table 1 funcref)))
                 (import "m" (item "p") (item "q") (memory 1)))
         """,
         "0061736d01000000010401600000022303016101780000016d007f020167037f00017401700001016d007e0200010201700171"),
    ]

    @Test func assemblesAsWasmTools() throws {
        for (text, bytes) in Self.cases {
            #expect(try Self.assemble(text) == Self.hex(bytes), "\(text)")
        }
    }

    @Test func decodesAndReencodesTheGroups() throws {
        for (_, bytes) in Self.cases {
            let m = try BinaryDecoder.decode(Self.hex(bytes))
            #expect(!m.importGroups.isEmpty)
            #expect(BinaryEncoder.encode(m) == Self.hex(bytes))
        }
        let m = try BinaryDecoder.decode(Self.hex(Self.cases[3].1))
        #expect(m.imports.map(\.name) == ["x", "g", "t", "p", "q"])
        #expect(m.importGroups.map(\.form) == [.single, .items, .sharedType])
        #expect(m.importedMemoryCount == 2)
    }

    @Test func idsNameItemsButNotASharedType() throws {
        let m = try WatParser.parse("""
        (module (import "m" (item "a" (func $f)) (item "b" (global $g i32)))
                (func (call $f) (drop (global.get $g))))
        """).module
        #expect(m.imports.count == 2)
        #expect(throws: Diagnostics.self) { try WatParser.parse("(module (import \"m\" (item \"a\") (global $g i32)))") }
        #expect(throws: Diagnostics.self) { try WatParser.parse("(module (import \"m\" (item \"a\" (func)) (func)))") }
        #expect(throws: Diagnostics.self) { try WatParser.parse("(module (import \"m\" (item \"a\") (item \"b\" (func))))") }
    }

    @Test func needsTheFeature() throws {
        var off = Features.default
        off.remove(.compactImports)
        #expect(throws: Diagnostics.self) { try Self.assemble("(module (import \"m\" (item \"a\" (func))))", features: off) }
        var o = DecodeOptions()
        o.features = off
        #expect(throws: Diagnostic.self) { try BinaryDecoder.decode(Self.hex(Self.cases[1].1), options: o) }
    }

    /// Groups that do not describe the imports (hand-built modules) fall back to one entry each.
    @Test func incoherentGroupsAreIgnored() throws {
        var m = try WatParser.parse("(module (import \"m\" \"a\" (func)) (import \"n\" \"b\" (func)))").module
        let plain = BinaryEncoder.encode(m)
        m.importGroups = [ImportGroup(.items, count: 2, module: "m")]   // "b" is from "n"
        #expect(BinaryEncoder.encode(m) == plain)
        m.importGroups = [ImportGroup(.single, count: 1, module: "m")]  // covers one of two
        #expect(BinaryEncoder.encode(m) == plain)
    }
}
