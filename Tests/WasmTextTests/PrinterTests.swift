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
        #expect(lines.first == "(;@0     ;)(module")
        #expect(lines.contains { $0.hasSuffix("nop") && $0.hasPrefix("(;@") })
    }
}
