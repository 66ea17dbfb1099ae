// Decoding and validating function bodies on several threads gives what one thread gives:
// the same module, and for bad input the same first error (message and offset).

import Testing
import WasmBinary
import WasmCore
import WasmText
import WasmValidation

@Suite struct ParallelBodiesTests {
    /// A module of `count` functions of a few shapes (locals, blocks, memory, calls, data).
    static func wat(functions count: Int, invalidAt bad: Set<Int> = []) -> String {
        var s = "(module (memory 1) (data $d \"abc\") (global $g (mut i32) (i32.const 0))\n"
        for i in 0..<count {
            let body: String
            if bad.contains(i) {
                body = "(param i32) (result i32) (f32.add (local.get 0) (i32.const \(i)))"
            } else {
                switch i % 4 {
                case 0:
                    body = "(param i32) (result i32) (local i64 f64) (block (result i32) (i32.add (local.get 0) (i32.const \(i))))"
                case 1:
                    body = "(param i32) (result i32) (loop $l (br_if $l (i32.eqz (local.get 0)))) (i32.load offset=\(i) (local.get 0))"
                case 2:
                    body = "(param i32) (result i32) (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (call \(i - 1) (local.get 0))"
                default:
                    body = "(param i32) (result i32) (global.set $g (local.get 0)) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i64.const 12345678901) (drop) (i32.const 2)))"
                }
            }
            s += "  (func \(body))\n"
        }
        return s + ")\n"
    }

    static func binary(_ wat: String) throws -> [UInt8] {
        try BinaryEncoder.encode(WatParser.parse(wat).module)
    }

    static func decode(_ bytes: [UInt8], threads: Int) -> Result<Module, Diagnostic> {
        var o = DecodeOptions()
        o.threads = threads
        return Result { () throws(Diagnostic) in try BinaryDecoder.decode(bytes, options: o) }
    }

    static func validate(_ m: Module, threads: Int) -> Result<[FunctionMetadata], Diagnostic> {
        Result { () throws(Diagnostic) in
            try Validator.validate(m, limits: ValidationLimits(), threads: threads).functions
        }
    }

    @Test func sameModuleOnOneOrManyThreads() throws {
        let bytes = try Self.binary(Self.wat(functions: 97))
        let one = try Self.decode(bytes, threads: 1).get()
        for n in [2, 3, 8, 200] {
            #expect(try Self.decode(bytes, threads: n).get() == one, "threads \(n)")
            #expect(try Self.validate(one, threads: n).get() == Self.validate(one, threads: 1).get(), "threads \(n)")
        }
        #expect(one.functions.count == 97)
        // The data count section is required because bodies in any run use memory.init.
        #expect(one.hasDataCount)
    }

    /// Mutations of the code section: whatever one thread reports, four report too. Byte 0 of
    /// a body's size, a local count, an opcode: each shifts where the next bodies start.
    @Test func sameErrorOnOneOrManyThreads() throws {
        let bytes = try Self.binary(Self.wat(functions: 61))
        let code = try #require(BinaryDecoder.sections(bytes).first { $0.id == 10 })
        var rng = XorShift(seed: 0x9A7A_11E1)
        var errors = 0
        for _ in 0..<400 {
            var m = bytes
            let at = code.offset + Int(rng.next() % UInt64(code.size))
            m[at] = UInt8(truncatingIfNeeded: rng.next())
            if rng.next() % 3 == 0 { m[at + 1 < m.count ? at + 1 : at] = 0x7F }
            let one = Self.decode(m, threads: 1)
            let four = Self.decode(m, threads: 4)
            #expect(one == four, "byte \(at)")
            if case .failure = one { errors += 1 }
            if case .success(let module) = one {
                #expect(Self.validate(module, threads: 1) == Self.validate(module, threads: 4), "byte \(at)")
            }
        }
        // The mutations reached the error paths (most of them).
        #expect(errors > 200)
    }

    /// The module-wide cap on locals (4,000,000) is met by the 81st function of 50,000; an
    /// error in an earlier body comes first. Both in order, whatever the threads.
    @Test func moduleWideLocalsCapInOrder() throws {
        func module(badOpcodeIn bad: Int?) -> [UInt8] {
            var code: [UInt8] = [81]
            for i in 0..<81 {
                // One group of 50,000 i64 (LEB 0xD0 0x86 0x03), then `end` (or an illegal opcode).
                let body: [UInt8] = [0x01, 0xD0, 0x86, 0x03, 0x7E, i == bad ? 0xFF : 0x0B]
                code += [UInt8(body.count)] + body
            }
            let functions: [UInt8] = [81] + [UInt8](repeating: 0, count: 81)
            var out: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
            for (id, contents) in [(UInt8(1), [0x01, 0x60, 0x00, 0x00] as [UInt8]), (3, functions), (10, code)] {
                out += [id] + ByteWriter.uleb(UInt64(contents.count)) + contents
            }
            return out
        }
        let capped = module(badOpcodeIn: nil)
        guard case .failure(let e) = Self.decode(capped, threads: 1) else {
            Issue.record("expected too many locals")
            return
        }
        #expect(e.message == "too many locals")
        #expect(Self.decode(capped, threads: 3) == .failure(e))
        let earlier = module(badOpcodeIn: 79)
        guard case .failure(let e2) = Self.decode(earlier, threads: 1) else {
            Issue.record("expected an illegal opcode")
            return
        }
        #expect(e2.message.contains("illegal opcode"))
        #expect(Self.decode(earlier, threads: 3) == .failure(e2))
    }

    @Test func firstInvalidFunctionReported() throws {
        let m = try WatParser.parse(Self.wat(functions: 80, invalidAt: [23, 61])).module
        let one = Self.validate(m, threads: 1)
        guard case .failure(let e) = one else {
            Issue.record("expected a validation error")
            return
        }
        #expect(e.message.contains("type mismatch"))
        for n in [2, 5, 80] {
            #expect(Self.validate(m, threads: n) == one, "threads \(n)")
        }
        // Without the first bad one, the second is the error.
        let later = try WatParser.parse(Self.wat(functions: 80, invalidAt: [61])).module
        #expect(Self.validate(later, threads: 4) == Self.validate(later, threads: 1))
        #expect(Self.validate(later, threads: 4).map { _ in 0 } != one.map { _ in 0 })
    }
}
