import Testing
@testable import WasmBinary
import WasmCore

@Suite struct LEB128Tests {
    func message(_ body: (inout ByteReader) throws(Diagnostic) -> Void, _ bytes: [UInt8]) -> String? {
        var r = ByteReader(bytes)
        do {
            try body(&r)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func unsignedMinimalEncoding() {
        #expect(ByteWriter.uleb(0) == [0x00])
        #expect(ByteWriter.uleb(127) == [0x7F])
        #expect(ByteWriter.uleb(128) == [0x80, 0x01])
        #expect(ByteWriter.uleb(624_485) == [0xE5, 0x8E, 0x26])
        #expect(ByteWriter.uleb(UInt64(UInt32.max)) == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(ByteWriter.uleb(UInt64.max).count == 10)
    }

    @Test func signedMinimalEncoding() {
        #expect(ByteWriter.sleb(0) == [0x00])
        #expect(ByteWriter.sleb(-1) == [0x7F])
        #expect(ByteWriter.sleb(63) == [0x3F])
        #expect(ByteWriter.sleb(64) == [0xC0, 0x00])
        #expect(ByteWriter.sleb(-64) == [0x40])
        #expect(ByteWriter.sleb(-65) == [0xBF, 0x7F])
        #expect(ByteWriter.sleb(-123_456) == [0xC0, 0xBB, 0x78])
        #expect(ByteWriter.sleb(Int64(Int32.min)) == [0x80, 0x80, 0x80, 0x80, 0x78])
        #expect(ByteWriter.sleb(Int64.min).count == 10)
    }

    @Test(arguments: [UInt64(0), 1, 127, 128, 300, 65_535, 1 << 31, UInt64(UInt32.max)])
    func unsignedRoundTrip(_ v: UInt64) throws {
        var r = ByteReader(ByteWriter.uleb(v))
        #expect(try r.u32() == UInt32(v))
        #expect(r.isAtEnd)
    }

    @Test(arguments: [Int64(0), 1, -1, 63, 64, -64, -65, Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min])
    func signedRoundTrip(_ v: Int64) throws {
        var r = ByteReader(ByteWriter.sleb(v))
        #expect(try r.s64() == v)
        if let v32 = Int32(exactly: v) {
            var r32 = ByteReader(ByteWriter.sleb(v))
            #expect(try r32.s32() == v32)
        }
    }

    @Test func nonMinimalEncodingsAreAccepted() throws {
        var r = ByteReader([0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(try r.u32() == 0)
        var s = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(try s.s32() == -1)
    }

    @Test func tooLong() {
        let u = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.u32() }, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(u == "integer representation too long")
        let s = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.s32() }, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(s == "integer representation too long")
        let l = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.s64() }, [UInt8](repeating: 0x80, count: 10) + [0x00])
        #expect(l == "integer representation too long")
    }

    @Test func tooLarge() {
        // The fifth byte of a u32 may only use its low 4 bits.
        let u = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.u32() }, [0xFF, 0xFF, 0xFF, 0xFF, 0x1F])
        #expect(u == "integer too large")
        // Signed: the unused bits must all equal the sign bit.
        let s = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.s32() }, [0xFF, 0xFF, 0xFF, 0xFF, 0x4F])
        #expect(s == "integer too large")
        let s2 = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.s32() }, [0x80, 0x80, 0x80, 0x80, 0x70])
        #expect(s2 == "integer too large")
        let s64 = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.s64() }, [UInt8](repeating: 0x80, count: 9) + [0x02])
        #expect(s64 == "integer too large")
        let s33 = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.s33() }, [0x80, 0x80, 0x80, 0x80, 0x20])
        #expect(s33 == "integer too large")
    }

    @Test func s33Range() throws {
        var r = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(try r.s33() == Int64(UInt32.max))
        var n = ByteReader([0x40])
        #expect(try n.s33() == -64)
    }

    @Test func truncated() {
        let u = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.u32() }, [0x80, 0x80])
        #expect(u == "unexpected end of section or function")
        let f = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.fixed64() }, [1, 2, 3])
        #expect(f == "unexpected end of section or function")
    }

    @Test func lengthOutOfBounds() {
        let m = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.length() }, [0x05, 1, 2])
        #expect(m == "length out of bounds")
    }

    @Test func utf8() {
        #expect(UTF8Validation.isValid(Array("héllo, 世界 🎉".utf8)))
        #expect(!UTF8Validation.isValid([0xC0, 0x80]))            // overlong NUL
        #expect(!UTF8Validation.isValid([0xED, 0xA0, 0x80]))      // surrogate
        #expect(!UTF8Validation.isValid([0xF4, 0x90, 0x80, 0x80])) // above U+10FFFF
        #expect(!UTF8Validation.isValid([0xE2, 0x82]))            // truncated
        #expect(!UTF8Validation.isValid([0x80]))                  // lone continuation
        let m = message({ (r: inout ByteReader) throws(Diagnostic) in _ = try r.name() }, [0x02, 0xC3, 0x28])
        #expect(m == "malformed UTF-8 encoding")
    }
}
