// GC references through the public testing API: made by the host or by wasm, passed in and
// out as every abstract reference type, compared as the script format's patterns do.
import Testing
import WasmTesting

/// Counts its live instances: a host closure holding one shows whether the store was freed.
final class StoreLifeToken: @unchecked Sendable {
    nonisolated(unsafe) static var live = 0
    init() { StoreLifeToken.live += 1 }
    deinit { StoreLifeToken.live -= 1 }
}

@Suite(.serialized) struct GCReferenceAPITests {
    static let module = """
        (module
          (type $point (struct (field i32)))
          (type $bytes (array i8))
          (global $g (export "g") (mut anyref) (ref.null any))
          (func (export "point") (result (ref $point)) (struct.new $point (i32.const 1)))
          (func (export "bytes") (result (ref $bytes)) (array.new_default $bytes (i32.const 2)))
          (func (export "unbox") (param i31ref) (result i32) (i31.get_s (local.get 0)))
          (func (export "id_eq") (param eqref) (result eqref) (local.get 0))
          (func (export "id_any") (param anyref) (result anyref) (local.get 0))
          (func (export "id_ext") (param externref) (result externref) (local.get 0))
          (func (export "internalize") (param externref) (result anyref) (any.convert_extern (local.get 0)))
          (func (export "externalize") (param anyref) (result externref) (extern.convert_any (local.get 0)))
          (func (export "is_struct") (param externref) (result i32)
            (ref.test (ref struct) (any.convert_extern (local.get 0))))
          (func (export "same") (param eqref eqref) (result i32) (ref.eq (local.get 0) (local.get 1)))
          (func (export "set") (param anyref) (global.set $g (local.get 0)))
          (func (export "structref") (param structref) (result structref) (local.get 0))
          (func (export "arrayref") (param arrayref) (result i32) (array.len (local.get 0))))
        """

    /// i31s made by the host go in as i31ref, eqref and anyref and come back with their value.
    @Test func hostMadeI31s() throws {
        let m = try Wasm.instantiate(wat: Self.module)
        #expect(try m.invoke("unbox", .i31(-7)) == [.int32(-7)])
        // 31 bits, as ref.i31 keeps them.
        #expect(try m.invoke("unbox", .i31(0x4000_0000)) == [.int32(-0x4000_0000)])
        #expect(ScriptRef.i31(0x7FFF_FFFF).i31Value == -1)
        let back = try m.invoke("id_eq", .i31(42))
        #expect(back[0].reference?.i31Value == 42)
        #expect(try m.invoke("id_any", .i31(-1))[0].reference?.i31Value == -1)
        #expect(try m.invoke("same", .i31(5), .i31(5)) == [.i32(1)])
        #expect(try m.invoke("same", .i31(5), .i31(6)) == [.i32(0)])
        #expect(ScriptRef.i31(5).isSameObject(as: .i31(5)) && !ScriptRef.i31(5).isSameObject(as: .i31(6)))
        // An i31 made by wasm is the same reference as one the host makes of its value.
        #expect(back[0].reference?.isSameObject(as: .i31(42)) == true)
        // Externalized by wasm, it keeps its value.
        let ext = try m.invoke("externalize", .i31(8))[0]
        #expect(ext == .ref(.object(.i31, externalized: true)))
        #expect(ext.reference?.i31Value == 8)
        // A global set from the host's i31.
        try m.invoke("set", .i31(3))
        #expect(try m.global("g").reference?.i31Value == 3)
        // An i31 is not a struct.
        #expect(throws: WasmError.self) { try m.invoke("structref", .i31(1)) }
    }

    /// Results match the script format's patterns: `(ref.struct)`, `(ref.array)`, `(ref.i31)`,
    /// `(ref.eq)`, `(ref.any)`, `(ref.host N)`, `(ref.extern N)`, `(ref.null)`.
    @Test func resultsMatchScriptPatterns() throws {
        let m = try Wasm.instantiate(wat: Self.module)
        let p = try m.invoke("point")[0]
        let a = try m.invoke("bytes")[0]
        let i = try m.invoke("id_eq", .i31(1))[0]
        #expect(p.matches(.refStruct) && p.matches(.refEq) && p.matches(.refAny))
        #expect(!p.matches(.refArray) && !p.matches(.refI31) && !p.matches(.refNull(nil)))
        #expect(a.matches(.refArray) && a.matches(.refEq) && !a.matches(.refStruct))
        #expect(i.matches(.refI31) && i.matches(.refEq) && i.matches(.refAny) && !i.matches(.refStruct))
        #expect(try m.invoke("id_any", .ref(.host(9)))[0].matches(.refHost(9)))
        #expect(!(try m.invoke("id_any", .ref(.host(9)))[0].matches(.refHost(8))))
        #expect(try m.invoke("id_ext", .ref(.extern(4)))[0].matches(.refExtern(4)))
        let null = try m.invoke("id_any", .ref(.null(nil)))[0]
        // (ref.any) and (ref.extern) are loose, as in the reference interpreter: a null matches.
        #expect(null.matches(.refNull(nil)) && null.matches(.refAny) && !null.matches(.refEq) && !null.matches(.refStruct))
        // An externalized struct is an externref, not a struct, to the patterns.
        let e = try m.invoke("externalize", p)[0]
        #expect(e.matches(.refType(.extern)) && !e.matches(.refStruct))
        // The same patterns a script writes, through the script runner.
        #expect(Wasm.runScript("""
            \(Self.module)
            (assert_return (invoke "point") (ref.struct))
            (assert_return (invoke "bytes") (ref.array))
            (assert_return (invoke "id_any" (ref.host 3)) (ref.host 3))
            (assert_return (invoke "internalize" (ref.extern 3)) (ref.host 3))
            """).failed == 0)
    }

    /// Structs and arrays go back in as structref, arrayref, eqref and anyref, and out again
    /// as the same objects; the host externalizes and internalizes them.
    @Test func objectsInAndOutByIdentity() throws {
        let m = try Wasm.instantiate(wat: Self.module)
        let p = try m.invoke("point")[0]
        let a = try m.invoke("bytes")[0]
        guard let pr = p.reference, let ar = a.reference else {
            Issue.record("not references: \(p) \(a)")
            return
        }
        #expect(try m.invoke("structref", p)[0].reference?.isSameObject(as: pr) == true)
        #expect(try m.invoke("id_eq", p)[0].reference?.isSameObject(as: pr) == true)
        #expect(try m.invoke("id_any", a)[0].reference?.isSameObject(as: ar) == true)
        #expect(try m.invoke("arrayref", a) == [.i32(2)])
        #expect(try m.invoke("same", p, p) == [.i32(1)])
        #expect(try m.invoke("same", p, a) == [.i32(0)])
        #expect(!pr.isSameObject(as: ar))
        // The wrong type is refused with the engine's message.
        do {
            _ = try m.invoke("structref", a)
            Issue.record("an array passed as a structref")
        } catch {
            #expect(error.messages.first?.hasPrefix("type mismatch") == true)
        }
        // Externalized by the host: an externref that wasm internalizes to the same struct.
        #expect(try m.invoke("is_struct", .ref(pr.externalized)) == [.i32(1)])
        #expect(try m.invoke("is_struct", .ref(ar.externalized)) == [.i32(0)])
        let inner = try m.invoke("internalize", .ref(pr.externalized))[0]
        #expect(inner.reference?.isSameObject(as: pr) == true)
        #expect(try m.invoke("id_ext", .ref(pr.externalized)) == [.ref(.object(.struct, externalized: true))])
        // Wasm's externalized struct is the host's.
        #expect(try m.invoke("externalize", p)[0].reference?.isSameObject(as: pr.externalized) == true)
        // An externalized struct is not an anyref.
        #expect(throws: WasmError.self) { try m.invoke("id_any", .ref(pr.externalized)) }
        // Host references, by number, whichever way they are seen.
        #expect(ScriptRef.host(9).isSameObject(as: .extern(9)) && !ScriptRef.host(9).isSameObject(as: .host(8)))
        #expect(ScriptRef.null(nil).isSameObject(as: .null(.struct)))
        // An engine object the host describes but did not get from the engine has no handle.
        #expect(throws: WasmError.self) { try m.invoke("id_any", .ref(.object(.struct, externalized: false))) }
    }

    /// Host functions take and return GC references too.
    @Test func hostFunctionsTakeAndReturnReferences() throws {
        let seen = Box()
        let double = HostFunction(type: FuncType(params: [.ref(.eqref)], results: [.ref(.i31ref)])) { args in
            seen.values.append(contentsOf: args)
            return [.i31((args.first?.reference?.i31Value ?? 0) &* 2)]
        }
        let m = try Wasm.instantiate(wat: """
            (module
              (import "env" "double" (func $double (param eqref) (result i31ref)))
              (type $s (struct))
              (func (export "run") (param i32) (result i32) (i31.get_s (call $double (ref.i31 (local.get 0)))))
              (func (export "pass") (result i32) (ref.is_null (call $double (struct.new $s)))))
            """, imports: ["env": ["double": double]])
        #expect(try m.invoke("run", .int32(21)) == [.int32(42)])
        #expect(try m.invoke("pass") == [.i32(0)])
        #expect(seen.values.count == 2 && seen.values[1].matches(.refStruct))
    }

    /// A reference the host keeps does not keep the store alive (no cycle through the handle
    /// or the host closures): the closure's token is freed with the instance.
    @Test func heldReferencesDoNotKeepTheStoreAlive() throws {
        let before = StoreLifeToken.live
        var kept: [ScriptValue] = []
        do {
            let token = StoreLifeToken()
            let note = HostFunction(type: FuncType(params: [.ref(.anyref)])) { args in
                _ = token
                return []
            }
            let m = try Wasm.instantiate(wat: """
                (module
                  (import "env" "note" (func $note (param anyref)))
                  (type $s (struct (field i32)))
                  (func (export "make") (result (ref $s)) (local $r (ref $s))
                    (local.set $r (struct.new $s (i32.const 5)))
                    (call $note (local.get $r))
                    (local.get $r)))
                """, imports: ["env": ["note": note]])
            kept = try m.invoke("make")
            #expect(StoreLifeToken.live == before + 1)
        }
        #expect(StoreLifeToken.live == before)
        #expect(kept[0].matches(.refStruct))
        // Another store refuses it.
        let other = try Wasm.instantiate(wat: Self.module)
        #expect(throws: WasmError.self) { try other.invoke("id_any", arguments: kept) }
    }
}
