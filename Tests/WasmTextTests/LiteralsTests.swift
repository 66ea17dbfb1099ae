import Testing
@testable import WasmText

@Suite struct LiteralsTests {
    func b(_ s: String) -> ArraySlice<UInt8> { ArraySlice(Array(s.utf8)) }

    @Test func integers() {
        #expect(Literals.parseInteger(b("0"), bits: 32) == 0)
        #expect(Literals.parseInteger(b("1_000"), bits: 32) == 1000)
        #expect(Literals.parseInteger(b("-1"), bits: 32) == 0xFFFF_FFFF)
        #expect(Literals.parseInteger(b("-0"), bits: 32) == 0)
        #expect(Literals.parseInteger(b("0xFFFF_FFFF"), bits: 32) == 0xFFFF_FFFF)
        #expect(Literals.parseInteger(b("4294967296"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("-2147483648"), bits: 32) == 0x8000_0000)
        #expect(Literals.parseInteger(b("-2147483649"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("+2147483647"), bits: 32) == 0x7FFF_FFFF)
        #expect(Literals.parseInteger(b("+2147483648"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("0xffffffffffffffff"), bits: 64) == .max)
        #expect(Literals.parseInteger(b("18446744073709551616"), bits: 64) == nil)
        #expect(Literals.parseInteger(b("-9223372036854775808"), bits: 64) == 0x8000_0000_0000_0000)
        #expect(Literals.parseInteger(b("1__0"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("_1"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("1_"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("0x"), bits: 32) == nil)
        #expect(Literals.parseInteger(b("1.0"), bits: 32) == nil)
        #expect(Literals.parseUnsigned(b("+1"), bits: 32) == nil)
        #expect(Literals.parseUnsigned(b("255"), bits: 8) == 255)
        #expect(Literals.parseUnsigned(b("256"), bits: 8) == nil)
    }

    @Test func f32() {
        #expect(Literals.parseF32(b("0x1p-149")) == 1)
        #expect(Literals.parseF32(b("0x1p-150")) == 0)
        #expect(Literals.parseF32(b("0x1.8p-149")) == 2)
        #expect(Literals.parseF32(b("-0")) == 0x8000_0000)
        #expect(Literals.parseF32(b("1")) == 0x3F80_0000)
        #expect(Literals.parseF32(b("1.5")) == 0x3FC0_0000)
        #expect(Literals.parseF32(b("inf")) == 0x7F80_0000)
        #expect(Literals.parseF32(b("-inf")) == 0xFF80_0000)
        #expect(Literals.parseF32(b("nan")) == 0x7FC0_0000)
        #expect(Literals.parseF32(b("-nan")) == 0xFFC0_0000)
        #expect(Literals.parseF32(b("nan:0x200000")) == 0x7FA0_0000)
        #expect(Literals.parseF32(b("nan:0x7fffff")) == 0x7FFF_FFFF)
        #expect(Literals.parseF32(b("nan:0x800000")) == nil)
        #expect(Literals.parseF32(b("nan:0x0")) == nil)
        #expect(Literals.parseF32(b("0x1p128")) == nil)
        #expect(Literals.parseF32(b("0x1.fffffep127")) == 0x7F7F_FFFF)
        #expect(Literals.parseF32(b("0x1.ffffffp127")) == nil)
        #expect(Literals.parseF32(b("0x1.fffffefffffffffffp127")) == 0x7F7F_FFFF)
        #expect(Literals.parseF32(b("1e39")) == nil)
        #expect(Literals.parseF32(b("3.4028235e38")) == 0x7F7F_FFFF)
        #expect(Literals.parseF32(b("1_000.000_1")) == Float("1000.0001")?.bitPattern)
        #expect(Literals.parseF32(b("0x1.00000100000000000p-50")) == 0x2680_0000)
        #expect(Literals.parseF32(b("0x1.000001000000000001p-50")) == 0x2680_0001)
        #expect(Literals.parseF32(b("0x1.000003p0")) == 0x3F80_0002)
        #expect(Literals.parseF32(b("0x.8p1")) == nil)
        #expect(Literals.parseF32(b("1.")) == 0x3F80_0000)
        #expect(Literals.parseF32(b("0x1.p0")) == 0x3F80_0000)
        #expect(Literals.parseF32(b("1e")) == nil)
    }

    @Test func f64() {
        #expect(Literals.parseF64(b("0x1p-1074")) == 1)
        #expect(Literals.parseF64(b("0x1p-1075")) == 0)
        #expect(Literals.parseF64(b("0x1.8p-1074")) == 2)
        #expect(Literals.parseF64(b("0x1p-1022")) == 0x0010_0000_0000_0000)
        #expect(Literals.parseF64(b("0x0.fffffffffffff8p-1022")) == 0x0010_0000_0000_0000)
        #expect(Literals.parseF64(b("1e400")) == nil)
        #expect(Literals.parseF64(b("1e-400")) == 0)
        #expect(Literals.parseF64(b("nan:0x8000000000000")) == 0x7FF8_0000_0000_0000)
        #expect(Literals.parseF64(b("nan:0x10000000000000")) == nil)
        #expect(Literals.parseF64(b("0x1.fffffffffffffp1023")) == 0x7FEF_FFFF_FFFF_FFFF)
        #expect(Literals.parseF64(b("0x1.fffffffffffff8p1023")) == nil)
        #expect(Literals.parseF64(b("0.1")) == (0.1 as Double).bitPattern)
        #expect(Literals.parseF64(b("-0x0p0")) == 0x8000_0000_0000_0000)
        #expect(Literals.parseF64(b("123456789")) == (123456789.0 as Double).bitPattern)
    }

    @Test func strings() {
        #expect(Literals.decodeString(b("\"a\\tb\\n\\r\\\"\\'\\\\\"")) == Array("a\tb\n\r\"'\\".utf8))
        #expect(Literals.decodeString(b("\"\\00\\ff\\7F\"")) == [0, 0xFF, 0x7F])
        #expect(Literals.decodeString(b("\"\\u{41}\\u{1F600}\\u{e9}\"")) == Array("A😀é".utf8))
        #expect(Literals.decodeName(b("\"\\ff\"")) == nil)
        #expect(Literals.decodeName(b("\"ok\"")) == "ok")
        #expect(Literals.decodeIdentifier(b("$\"a b\"")) == "a b")
        #expect(Literals.decodeIdentifier(b("$x")) == "x")
    }

    /// `appendString` appends what `decodeString` gives, and leaves the buffer as it was for a
    /// token that is not a well-formed string.
    @Test func appendingStringsDecodesAsDecodeString() {
        let tokens = ["\"\"", "\"abc\"", "\"\\00\\ff\\7F\"", "\"a\\tb\\n\\r\\\"\\'\\\\\"", "\"\\u{41}x\\u{1F600}\"",
                      "\"\\0\"", "\"\\q\"", "\"\\\"", "\"unclosed", "x\"", "\"", "\"\\u{110000}\"", "\"\\0g\""]
        for t in tokens {
            var out: [UInt8] = [9, 8]
            let ok = Literals.appendString(b(t), to: &out)
            if let d = Literals.decodeString(b(t)) {
                #expect(ok, "\(t)")
                #expect(out == [9, 8] + d, "\(t)")
            } else {
                #expect(!ok, "\(t)")
                #expect(out == [9, 8], "\(t)")
            }
            var empty: [UInt8] = []
            #expect(Literals.appendString(b(t), to: &empty) == ok)
        }
    }

    @Test func numberSyntax() {
        for s in ["0", "+1", "-0x1F", "1.5", "1e5", "1E-5", "1.e5", "0x1p3", "0x1.8P-3", "inf", "-nan", "nan:0x1", "1_0.0_1e1_0"] {
            #expect(Literals.isNumber(b(s)), "\(s)")
        }
        for s in ["", "+", "0x", "1_", "1._0", "e5", "0xg", "nan:0x", "nan:1", "infinity", "1.5f", "0x1e+1", "--1"] {
            #expect(!Literals.isNumber(b(s)), "\(s)")
        }
    }
}
