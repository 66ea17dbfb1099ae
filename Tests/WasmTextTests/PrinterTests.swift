import Foundation
import Testing
import WasmBinary
import WasmCore
@testable import WasmText

/// Golden printer output: each `Fixtures/printer/NAME.wat` is assembled (with its names), decoded
/// and printed; the text must equal `NAME.print.wat` (flat) and `NAME.fold.wat` (folded), which
/// `wasm-tools print` 1.262 wrote from the same module. The printed text must assemble back to
/// the same binary. `UPDATE_FIXTURES=1` rewrites the expected files from our output (review them).
@Suite struct PrinterFixtureTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("printer")

    static var fixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".wat") && !$0.hasSuffix(".print.wat") && !$0.hasSuffix(".fold.wat") }
            .map { String($0.dropLast(4)) }.sorted()
    }

    static func read(_ file: String) -> String? {
        FileManager.default.contents(atPath: dir.appendingPathComponent(file).path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func binary(_ text: String) throws -> [UInt8] {
        let m = try WatParser.parse(text, options: TextOptions(features: .all)).module
        var o = EncodeOptions()
        o.debugNames = true
        return BinaryEncoder.encode(m, options: o)
    }

    static func printed(_ bytes: [UInt8], folded: Bool) throws -> String {
        var d = DecodeOptions()
        d.features = .all
        let m = try BinaryDecoder.decode(bytes, options: d)
        return ModulePrinter(m, options: PrintOptions(foldInstructions: folded)).text()
    }

    @Test func thereAreFixtures() {
        #expect(Self.fixtures.count >= 7)
    }

    @Test(arguments: fixtures) func printsAsWasmTools(_ name: String) throws {
        let source = try #require(Self.read(name + ".wat"))
        let bytes = try Self.binary(source)
        for folded in [false, true] {
            let file = name + (folded ? ".fold.wat" : ".print.wat")
            let text = try Self.printed(bytes, folded: folded)
            if ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] != nil {
                FileManager.default.createFile(atPath: Self.dir.appendingPathComponent(file).path, contents: Data(text.utf8))
            }
            #expect(text == Self.read(file), "\(file)")
            // The text reads back to the same module, names included.
            #expect(try Self.binary(text) == bytes, "\(file) does not assemble back to the same binary")
        }
    }
}

@Suite struct PrinterTests {
    func printed(_ text: String, _ options: PrintOptions = PrintOptions()) throws -> String {
        let m = try WatParser.parse(text, options: TextOptions(features: .all)).module
        var o = EncodeOptions()
        o.debugNames = true
        var d = DecodeOptions()
        d.features = .all
        let decoded = try BinaryDecoder.decode(BinaryEncoder.encode(m, options: o), options: d)
        return ModulePrinter(decoded, options: options).text()
    }

    @Test func emptyModule() throws {
        #expect(try printed("(module)") == "(module)\n")
    }

    @Test func floatsReadBackBitForBit() throws {
        // Every class of float: zeros, subnormals, normals, the extremes, infinities, NaNs.
        let f32s: [UInt32] = [0, 0x8000_0000, 1, 0x0040_0000, 0x007F_FFFF, 0x0080_0000, 0x3F80_0000, 0x3DCC_CCCD,
                              0x7F7F_FFFF, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0x7FBF_FFFF]
        let f64s: [UInt64] = [0, 0x8000_0000_0000_0000, 1, 0x0008_0000_0000_0000, 0x3FF0_0000_0000_0000, 0x3FB9_9999_9999_999A,
                              0x7FEF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0xFFF0_0000_0000_0001]
        for bits in f32s {
            var b = TextBuffer()
            b.writeF32(bits)
            let literal = String(decoding: b.bytes, as: UTF8.self).split(separator: " ")[0]
            #expect(Literals.parseF32(ArraySlice(literal.utf8)) == bits, "\(literal)")
        }
        for bits in f64s {
            var b = TextBuffer()
            b.writeF64(bits)
            let literal = String(decoding: b.bytes, as: UTF8.self).split(separator: " ")[0]
            #expect(Literals.parseF64(ArraySlice(literal.utf8)) == bits, "\(literal)")
        }
    }

    @Test func floatCommentsAreRustDecimals() {
        func text(_ bits: UInt32) -> String {
            var b = TextBuffer()
            b.writeF32(bits)
            return String(decoding: b.bytes, as: UTF8.self)
        }
        #expect(text(0x3F80_0000) == "0x1p+0 (;=1;)")
        #expect(text(0x3DCC_CCCD) == "0x1.99999ap-4 (;=0.1;)")
        #expect(text(0x8000_0000) == "-0x0p+0 (;=-0;)")
        #expect(text(1) == "0x1.p-149 (;=0.000000000000000000000000000000000000000000001;)")
        #expect(text(0x7F7F_FFFF) == "0x1.fffffep+127 (;=340282350000000000000000000000000000000;)")
        #expect(text(0x7FC0_0000) == "nan (;=NaN;)")
        #expect(text(0xFF80_0001) == "-nan:0x1 (;=NaN;)")
        // Exactly halfway between two shortest spellings: Rust takes the one farther from zero
        // (Swift the even one).
        #expect(text(0x4A0E_2B8D) == "0x1.1c571ap+21 (;=2329315.3;)")
        #expect(text(0xC863_19E8) == "-0x1.c633dp+17 (;=-232551.63;)")
        #expect(text(0x4020_0000) == "0x1.4p+1 (;=2.5;)")
        var b = TextBuffer()
        b.writeF64(0xC301_DDFA_A703_36F2)
        #expect(String(decoding: b.bytes, as: UTF8.self) == "-0x1.1ddfaa70336f2p+49 (;=-628642902206174.3;)")
    }

    @Test func generatedNames() throws {
        let text = try printed("""
        (module
          (func (param i32) (local i64) block loop br 1 end end local.get 0 drop)
          (func $named (call 0 (i32.const 1)))
          (global (mut i32) (i32.const 0))
          (memory 1)
          (data (i32.const 0) "x"))
        """, PrintOptions(generateNames: true))
        #expect(text == """
        (module
          (type $t0 (;0;) (func (param i32)))
          (type $t1 (;1;) (func))
          (memory $M0 (;0;) 1)
          (global $g0 (;0;) (mut i32) i32.const 0)
          (func $f0 (;0;) (type $t0) (param $p0 i32)
            (local $l1 i64)
            block $B0
              loop $L1
                br $B0
              end
            end
            local.get $p0
            drop
          )
          (func $named (;1;) (type $t1)
            i32.const 1
            call $f0
          )
          (data $d0 (;0;) (i32.const 0) "x")
        )

        """)
    }

    @Test func generatedNamesAvoidExistingOnes() throws {
        let text = try printed("(module (func $f1) (func))", PrintOptions(generateNames: true))
        #expect(text.contains("(func $f1 (;0;)"))
        #expect(text.contains("(func $f1_ (;1;)"))
    }

    @Test func noDebugNames() throws {
        let text = try printed("(module (func $f (param $x i32)))", PrintOptions(debugNames: false))
        #expect(text.contains("(func (;0;) (type 0) (param i32))"))
    }

    @Test func deepFoldingDoesNotRecurse() throws {
        // 20,000 nested adds fold into one expression 20,000 levels deep.
        var body = "i32.const 0"
        for _ in 0..<20_000 { body += " i32.const 1 i32.add" }
        let text = try printed("(module (func (result i32) \(body)))", PrintOptions(foldInstructions: true))
        #expect(text.hasPrefix("(module\n  (type (;0;) (func (result i32)))\n  (func (;0;) (type 0) (result i32)\n    (i32.add\n"))
        #expect(text.utf8.count > 20_000 * 10)
    }

    @Test func offsetsPrefixLines() throws {
        let m = try BinaryDecoder.decode(try PrinterFixtureTests.binary("(module (func nop))"))
        var sink = OffsetPrefixSink(ByteSink())
        ModulePrinter(m, options: PrintOptions(printOffsets: true)).print(to: &sink)
        let lines = sink.base.string.split(separator: "\n")
        #expect(lines.first == "(module")
        #expect(lines.contains { $0.hasSuffix("nop") && $0.hasPrefix("(;@") })
    }

    /// `--print-offsets` as `wasm-tools print -p` 1.262 writes it for this binary (which
    /// wasm-tools assembled from the module in the comment): every entry of every section, the
    /// rec group's types at its first type, locals at the first declaration, custom sections
    /// at their name, each producers value, the closing parenthesis at the binary's end.
    @Test func offsetsAsWasmTools() throws {
        // (module $m
        //   (rec (type $a (struct (field i32))) (type $b (sub (array i8))))
        //   (type (func (param i32) (result i32)))
        //   (import "a" "b" (func $imp (type 2)))
        //   (import "a" "g" (global i32))
        //   (table 2 funcref)
        //   (memory 1)
        //   (tag (type 2))
        //   (global $g (mut i32) (i32.const 0))
        //   (export "f" (func $f))
        //   (start 0)
        //   (elem (i32.const 0) func $f)
        //   (elem declare funcref (ref.func 0) (ref.null func))
        //   (func $f (type 2) (local i64 i64) (local f32) local.get 0 if (result i32) i32.const 1 else i32.const 2 end)
        //   (data (i32.const 0) "hi")
        //   (@custom "c" (before first) "x")
        //   (@custom "d" "y")
        //   (@producers (language "wat" "1") (processed-by "me" "2"))
        // )
        let hex = [
            "0061736d0100000000030163780111024e025f017f0050005e780060017f017f020e0201610162000201610167037f00",
            "0302010204040170000205030100010d030100020606017f0141000b070501016600010801000910020041000b010107",
            "7002d2000bd0700b0a12011002027e017d2000047f41010541020b0b0b08010041000b0268690003016479002e097072",
            "6f64756365727302086c616e6775616765010377617401310c70726f6365737365642d627901026d6501320023046e61",
            "6d650002016d0109020003696d70010166040702000161010162070401010167",
        ].joined()
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[i..<j], radix: 16)))
            i = j
        }
        var d = DecodeOptions()
        d.features = .all
        let (m, layout) = try BinaryDecoder.decodeWithLayout(bytes, options: d)
        #expect(layout.end == bytes.count)
        var sink = OffsetPrefixSink(ByteSink())
        ModulePrinter(m, options: PrintOptions(printOffsets: true), layout: layout).print(to: &sink)
        #expect(sink.base.string == """
        (module $m
        (;@a     ;)  (@custom "c" (before first) "x")
        (;@10    ;)  (rec
        (;@12    ;)    (type $a (;0;) (struct (field i32)))
        (;@12    ;)    (type $b (;1;) (sub (array i8)))
                     )
        (;@1b    ;)  (type (;2;) (func (param i32) (result i32)))
        (;@23    ;)  (import "a" "b" (func $imp (;0;) (type 2) (param i32) (result i32)))
        (;@29    ;)  (import "a" "g" (global (;0;) i32))
        (;@37    ;)  (table (;0;) 2 funcref)
        (;@3d    ;)  (memory (;0;) 1)
        (;@42    ;)  (tag (;0;) (type 2) (param i32) (result i32))
        (;@47    ;)  (global $g (;1;) (mut i32) i32.const 0)
        (;@4f    ;)  (export "f" (func $f))
        (;@55    ;)  (start $imp)
        (;@59    ;)  (elem (;0;) (i32.const 0) func $f)
        (;@5f    ;)  (elem (;1;) declare funcref (ref.func $imp) (ref.null func))
        (;@6c    ;)  (func $f (;1;) (type 2) (param i32) (result i32)
        (;@6d    ;)    (local i64 i64 f32)
        (;@71    ;)    local.get 0
        (;@73    ;)    if (result i32) ;; label = @1
        (;@75    ;)      i32.const 1
        (;@77    ;)    else
        (;@78    ;)      i32.const 2
        (;@7a    ;)    end
        (;@7b    ;)  )
        (;@7f    ;)  (data (;0;) (i32.const 0) "hi")
        (;@88    ;)  (@custom "d" (after data) "y")
        (;@8d    ;)  (@producers
        (;@a2    ;)    (language "wat" "1")
        (;@b6    ;)    (processed-by "me" "2")
                     )
        (;@e0    ;))

        """)
        // Without printOffsets the layout changes nothing.
        #expect(ModulePrinter(m, options: PrintOptions(), layout: layout).text() == ModulePrinter(m).text())
    }

    /// Compact import groups with `--print-offsets`: each item at its name, a shared type at
    /// its group (wasm-tools print -p 1.262).
    @Test func compactImportOffsetsAsWasmTools() throws {
        // (import "m" (item "a" (func)) (item "b" (global i32)))
        // (import "n" (item "x") (item "y") (func)) (import "o" "p" (memory 1))
        let hex = "0061736d01000000010401600000022103016d007f02016100000162037f00016e007e00000201780179016f0170020001"
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[i..<j], radix: 16)))
            i = j
        }
        var d = DecodeOptions()
        d.features = .all
        let (m, layout) = try BinaryDecoder.decodeWithLayout(bytes, options: d)
        var sink = OffsetPrefixSink(ByteSink())
        ModulePrinter(m, options: PrintOptions(printOffsets: true), layout: layout).print(to: &sink)
        #expect(sink.base.string == """
        (module
        (;@b     ;)  (type (;0;) (func))
        (;@11    ;)  (import "m"
        (;@16    ;)    (item "a" (func (;0;) (type 0)))
        (;@1a    ;)    (item "b" (global (;0;) i32))
                     )
        (;@1f    ;)  (import "n"
        (;@26    ;)    (item "x")
        (;@28    ;)    (item "y")
        (;@1f    ;)    (func (type 0))
                     )
        (;@2a    ;)  (import "o" "p" (memory (;0;) 1))
        (;@31    ;))

        """)
    }

    /// A malformed branch hint section still gives the hints before the malformed part, as
    /// wasm-tools prints them (found by the print fuzz target: they were all dropped).
    @Test func malformedBranchHintSectionKeepsTheHintsBeforeIt() throws {
        let text = "(module (func (param i32) local.get 0 (@metadata.code.branch_hint \"\\01\") if end))"
        var d = DecodeOptions()
        d.features = .all
        var m = try BinaryDecoder.decode(try PrinterFixtureTests.binary(text), options: d)
        let k = try #require(m.customSections.firstIndex { $0.name == "metadata.code.branch_hint" })
        let valid = m.customSections[k].bytes
        #expect(valid.first == 1)
        // A second function whose hint has size 3.
        m.customSections[k].bytes = [0x02] + valid.dropFirst() + [0x01, 0x01, 0x00, 0x03, 0x01]
        let printed = ModulePrinter(m).text()
        #expect(printed.contains("    local.get 0\n    (@metadata.code.branch_hint \"\\01\")\n    if"), "\(printed)")
    }

    /// Two hints for one instruction (the function listed twice): the first counts, as in
    /// wasm-tools (found by the print fuzz target).
    @Test func firstOfTwoBranchHintsCounts() throws {
        let text = "(module (func (param i32) local.get 0 (@metadata.code.branch_hint \"\\01\") if end))"
        var d = DecodeOptions()
        d.features = .all
        var m = try BinaryDecoder.decode(try PrinterFixtureTests.binary(text), options: d)
        let k = try #require(m.customSections.firstIndex { $0.name == "metadata.code.branch_hint" })
        let valid = m.customSections[k].bytes
        // The same function and offset again, unlikely.
        m.customSections[k].bytes = [0x02] + valid.dropFirst() + valid.dropFirst().dropLast() + [0x00]
        let printed = ModulePrinter(m).text()
        #expect(printed.contains("    (@metadata.code.branch_hint \"\\01\")\n    if"), "\(printed)")
    }

    /// A branch hint on a block's `end` has no place in folded text (wasm-tools fails there):
    /// that function prints flat inside the folded module (found by the print fuzz target:
    /// the hint moved to the next instruction).
    @Test func hintOnEndPrintsTheFunctionFlatWhenFolded() throws {
        let text = """
        (module
          (func (param i32)
            block
              (@metadata.code.branch_hint "\\00")
            end
            nop)
          (func (param i32) (result i32)
            local.get 0
            (@metadata.code.branch_hint "\\01")
            if (result i32)
              i32.const 1
            else
              i32.const 2
            end))
        """
        let folded = try printed(text, PrintOptions(foldInstructions: true))
        #expect(folded.contains("""
              (func (;0;) (type 0) (param i32)
                block ;; label = @1
                  (@metadata.code.branch_hint "\\00")
                end
                nop
              )
            """), "\(folded)")
        // The other function folds, its hint on the `if`.
        #expect(folded.contains("    (@metadata.code.branch_hint \"\\01\")\n    (if (result i32) ;; label = @1\n      (local.get 0)\n"), "\(folded)")
        // And the text reads back to the same binary.
        let bytes = try PrinterFixtureTests.binary(text)
        #expect(try PrinterFixtureTests.binary(folded) == bytes)
    }

    /// A field name repeated within its struct prints as a synthetic identifier with its name
    /// in `(@name …)`, so the name section reads back the same (wasm-tools leaves the
    /// annotation out; found by the print fuzz target: the reprinted text differed).
    @Test func duplicateFieldNameReadsBack() throws {
        let text = "(module (type (struct (field $x i32) (field $\"#field1 x\" (@name \"x\") i32))))"
        let printed = try printed(text)
        #expect(printed.contains("(field $x i32) (field $\"#field1 x\" (@name \"x\") i32)"), "\(printed)")
        #expect(try PrinterFixtureTests.binary(printed) == PrinterFixtureTests.binary(text))
        #expect(try self.printed(printed) == printed)
    }

    /// A hint on a body's final `end` (never printed) does not keep the function from folding
    /// (found by the print fuzz target: the reprinted text folded where the first did not).
    @Test func hintOnFinalEndStillFolds() throws {
        var d = DecodeOptions()
        d.features = .all
        var m = try BinaryDecoder.decode(try PrinterFixtureTests.binary("(module (func (param i32) local.get 0 drop))"), options: d)
        // Function 0, one hint at body offset 4: locals (0), local.get 0 (1), drop (3), end (4).
        m.customSections.append(CustomSection(name: "metadata.code.branch_hint", bytes: [1, 0, 1, 4, 1, 0], placement: .after(3)))
        let folded = ModulePrinter(m, options: PrintOptions(foldInstructions: true)).text()
        #expect(folded.contains("    (drop\n      (local.get 0))\n"), "\(folded)")
    }
}
