// The public testing API, as another package uses it.
import Testing
import WasmTesting

@Suite struct WasmTestingTests {
    @Test func assemblesToABinaryModule() throws {
        let bytes = try Wasm.assemble("(module (func (export \"f\") (result i32) (i32.const 7)))")
        #expect(Array(bytes.prefix(8)) == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        let instance = try Wasm.instantiate(binary: bytes)
        #expect(try instance.invoke("f") == [.i32(7)])
    }

    @Test func assemblyErrorsRenderWithLocation() {
        do {
            _ = try Wasm.assemble("(module\n  (func (result i32) (i32.const)))", name: "bad.wat")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("bad.wat:2:"))
            #expect(!error.messages.isEmpty)
        }
    }

    /// GC references come out as the script format's kinds and go back in through their handle.
    @Test func passesGCReferencesInAndOut() throws {
        let instance = try Wasm.instantiate(wat: """
            (module
              (type $point (struct (field $x i32) (field $y i32)))
              (type $bytes (array (mut i8)))
              (func (export "point") (param i32 i32) (result (ref $point)) (struct.new $point (local.get 0) (local.get 1)))
              (func (export "y") (param (ref $point)) (result i32) (struct.get $point $y (local.get 0)))
              (func (export "bytes") (param i32) (result (ref $bytes)) (array.new_default $bytes (local.get 0)))
              (func (export "len") (param arrayref) (result i32) (array.len (local.get 0)))
              (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
              (func (export "unbox") (param i31ref) (result i32) (i31.get_s (local.get 0)))
              (func (export "same") (param eqref eqref) (result i32) (ref.eq (local.get 0) (local.get 1)))
              (func (export "ext") (param anyref) (result externref) (extern.convert_any (local.get 0))))
            """)
        let p = try instance.invoke("point", .i32(3), .i32(4))
        #expect(p == [.ref(.object(.struct, externalized: false))])
        #expect(try instance.invoke("y", arguments: p) == [.i32(4)])
        let b = try instance.invoke("bytes", .i32(10))
        #expect(b == [.ref(.object(.array, externalized: false))])
        #expect(try instance.invoke("len", arguments: b) == [.i32(10)])
        let i = try instance.invoke("i31", .int32(-7))
        #expect(try instance.invoke("unbox", arguments: i) == [.int32(-7)])
        #expect(try instance.invoke("same", p[0], p[0]) == [.i32(1)])
        let q = try instance.invoke("point", .i32(3), .i32(4))
        #expect(try instance.invoke("same", p[0], q[0]) == [.i32(0)])
        guard case .ref(let pr) = p[0], case .ref(let qr) = q[0] else { return }
        #expect(pr.isSameObject(as: pr) && !pr.isSameObject(as: qr))
        #expect(try instance.invoke("ext", arguments: p) == [.ref(.object(.struct, externalized: true))])
    }

    @Test func invokesWithHostFunctions() throws {
        let log = Box()
        let record = HostFunction(type: FuncType(params: [.i32])) { args in
            log.values.append(contentsOf: args)
            return []
        }
        let instance = try Wasm.instantiate(wat: """
            (module
              (import "env" "record" (func $record (param i32)))
              (global (export "g") i32 (i32.const 9))
              (func (export "run") (param i32) (result i32)
                (call $record (local.get 0))
                (i32.mul (local.get 0) (i32.const 3))))
            """, imports: ["env": ["record": record]])
        #expect(try instance.invoke("run", .i32(5)) == [.i32(15)])
        #expect(log.values == [.i32(5)])
        #expect(try instance.global("g") == .i32(9))
    }

    /// A host function that reads the caller's memory (a `print(ptr, len)` import) gets it
    /// through its `Caller`.
    @Test func hostFunctionsReadTheCallersMemory() throws {
        var printed: [String] = []
        let print = HostFunction(type: FuncType(params: [.i32, .i32])) { caller, args in
            guard case .i32(let p) = args[0], case .i32(let n) = args[1],
                  let bytes = try? caller.readBytes(at: UInt64(p), count: Int(n)) else { return [] }
            printed.append(String(decoding: bytes, as: UTF8.self))
            return []
        }
        let instance = try Wasm.instantiate(wat: """
            (module
              (import "env" "print" (func $print (param i32 i32)))
              (memory 1) (data (i32.const 100) "hello")
              (func (export "run") (call $print (i32.const 100) (i32.const 5))))
            """, imports: ["env": ["print": print]])
        _ = try instance.invoke("run")
        #expect(printed == ["hello"])
    }

    @Test func trapsAreThrown() throws {
        let instance = try Wasm.instantiate(wat: "(module (func (export \"boom\") unreachable))")
        do {
            _ = try instance.invoke("boom")
            Issue.record("expected a trap")
        } catch {
            #expect(error.messages == ["unreachable"])
        }
    }

    @Test func invalidModulesAreThrown() {
        #expect(throws: WasmError.self) {
            _ = try Wasm.instantiate(wat: "(module (func (result i32) (f32.const 0)))")
        }
    }

    @Test func scriptReportDescribesFailures() {
        let report = Wasm.runScript("""
            (module (func (export "one") (result i32) (i32.const 1)))
            (assert_return (invoke "one") (i32.const 1))
            (assert_return (invoke "one") (i32.const 2))
            """, name: "mine.wast")
        #expect(report.passed == 2)
        #expect(report.failed == 1)
        #expect(report.description.contains("mine.wast:3:1: assertion failed: assert_return: wrong return values"))
        #expect(report.description.contains("expected: i32.const 2"))
        #expect(report.description.hasSuffix("mine.wast: 2 passed, 1 failed"))
    }

    @Test func spectestIsAvailable() throws {
        let instance = try Wasm.instantiate(wat: """
            (module
              (import "spectest" "global_i32" (global $g i32))
              (import "spectest" "print_i32" (func $p (param i32)))
              (func (export "g") (result i32) (call $p (global.get $g)) (global.get $g)))
            """)
        #expect(try instance.invoke("g") == [.i32(666)])
    }
}

final class Box: @unchecked Sendable {
    var values: [ScriptValue] = []
}

@Suite struct ThrowIfFailedTests {
    @Test func throwsTheReportOnlyOnFailure() throws {
        try Wasm.runScript("(module (func (export \"f\") (result i32) (i32.const 1)))\n(assert_return (invoke \"f\") (i32.const 1))").throwIfFailed()
        do {
            try Wasm.runScript("(module (func (export \"f\") (result i32) (i32.const 1)))\n(assert_return (invoke \"f\") (i32.const 2))", name: "x.wast").throwIfFailed()
            Issue.record("expected a throw")
        } catch {
            #expect(error.description.contains("x.wast:2:1: assertion failed"))
            #expect(error.report.failed == 1)
        }
    }
}

@Suite struct ValueConvenienceTests {
    @Test func signedAndFloatHelpers() throws {
        let instance = try Wasm.instantiate(wat: """
            (module
              (func (export "neg") (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
              (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5))))
            """)
        #expect(try instance.invoke("neg", .int32(5)).first?.int32 == -5)
        #expect(try instance.invoke("half", .float64(3)).first?.float64 == 1.5)
        #expect(ScriptValue.int64(-1) == .i64(.max))
        #expect(ScriptValue.float32(1).float32 == 1)
        #expect(ScriptValue.i32(1).float32 == nil)
    }
}
