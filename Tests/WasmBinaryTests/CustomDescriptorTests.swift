// Custom descriptors in the binary format: exact heap types (0x62 u32), describes/descriptor
// clauses (0x4C/0x4D), exact function imports (0x20) and the instructions 0xFB 32…38, byte for
// byte what wasm-tools 1.262 writes, and decoded back to the same module.
import Testing
import WasmBinary
import WasmCore
import WasmText

@Suite struct CustomDescriptorBinaryTests {
    static var features: Features {
        var f = Features.default
        f.insert(.customDescriptors)
        return f
    }

    static let text = """
    (module
      (rec (type $a (sub (descriptor $b) (struct))) (type $b (sub (describes $a) (struct (field i32)))))
      (type $f (func))
      (import "m" "f" (func (exact (type $f))))
      (func (param (ref null $a)) (param (ref null (exact $b))) (result anyref)
        (drop (struct.new_desc $a (local.get 1)))
        (drop (struct.new_default_desc $a (local.get 1)))
        (drop (ref.get_desc $a (local.get 0)))
        (drop (ref.cast_desc_eq (ref $a) (local.get 0) (local.get 1)))
        (drop (ref.cast_desc_eq (ref null (exact $a)) (local.get 0) (local.get 1)))
        (drop (block (result anyref) (br_on_cast_desc_eq 0 anyref (ref $a) (local.get 0) (local.get 1))))
        (drop (block (result anyref) (br_on_cast_desc_eq_fail 0 anyref (ref null (exact $a)) (local.get 0) (local.get 1))))
        (ref.null (exact $a))
      )
    )
    """

    /// `wasm-tools parse | wasm-tools strip -a` of `text`.
    static let wasmTools: [UInt8] = [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1D, 0x03, 0x4E, 0x02, 0x50, 0x00, 0x4D, 0x01, 0x5F,
        0x00, 0x50, 0x00, 0x4C, 0x00, 0x5F, 0x01, 0x7F, 0x00, 0x60, 0x00, 0x00, 0x60, 0x02, 0x63, 0x00, 0x63, 0x62,
        0x01, 0x01, 0x6E, 0x02, 0x07, 0x01, 0x01, 0x6D, 0x01, 0x66, 0x20, 0x02, 0x03, 0x02, 0x01, 0x03, 0x0A, 0x47,
        0x01, 0x45, 0x00, 0x20, 0x01, 0xFB, 0x20, 0x00, 0x1A, 0x20, 0x01, 0xFB, 0x21, 0x00, 0x1A, 0x20, 0x00, 0xFB,
        0x22, 0x00, 0x1A, 0x20, 0x00, 0x20, 0x01, 0xFB, 0x23, 0x00, 0x1A, 0x20, 0x00, 0x20, 0x01, 0xFB, 0x24, 0x62,
        0x00, 0x1A, 0x02, 0x6E, 0x20, 0x00, 0x20, 0x01, 0xFB, 0x25, 0x01, 0x00, 0x6E, 0x00, 0x0B, 0x1A, 0x02, 0x6E,
        0x20, 0x00, 0x20, 0x01, 0xFB, 0x26, 0x03, 0x00, 0x6E, 0x62, 0x00, 0x0B, 0x1A, 0xD0, 0x62, 0x00, 0x0B,
    ]

    @Test func encodesAsWasmTools() throws {
        var o = TextOptions()
        o.features = Self.features
        let m = try WatParser.parse(Self.text, options: o).module
        #expect(BinaryEncoder.encode(m) == Self.wasmTools)
    }

    @Test func decodesAndReencodes() throws {
        var o = DecodeOptions()
        o.features = Self.features
        let m = try BinaryDecoder.decode(Self.wasmTools, options: o)
        #expect(m.types[0].descriptor == 1 && m.types[1].describes == 0)
        #expect(m.imports.first?.desc == .func(typeIndex: 2, exact: true))
        #expect(BinaryEncoder.encode(m) == Self.wasmTools)
    }

    @Test func refusedWithoutTheFeature() {
        #expect(decodeError(Self.wasmTools)?.message == "malformed definition type")
        // (ref (exact 0)) in a struct field.
        let exactField = wasm((1, [0x01, 0x5F, 0x01, 0x64, 0x62, 0x00, 0x00]))
        #expect(decodeError(exactField) != nil)
        #expect(decodeError(exactField, features: Self.features) == nil)
    }

    /// The index after 0x62 is a u32, as wasm-tools writes it: 0x41 is type 65, not -63.
    @Test func exactIndexIsUnsigned() throws {
        var types: [UInt8] = [66]
        for _ in 0..<66 { types += [0x5F, 0x00] }
        let global: [UInt8] = [0x01, 0x63, 0x62, 0x41, 0x00, 0xD0, 0x62, 0x41, 0x0B]
        var o = DecodeOptions()
        o.features = Self.features
        let m = try BinaryDecoder.decode(wasm((1, types), (6, global)), options: o)
        #expect(m.globals[0].type.valType == .ref(RefType(nullable: true, .exact(65))))
    }

    /// `62 62` is exact type 98 when the module has that type, else the repeated prefix the
    /// proposal's tests call malformed.
    @Test func repeatedExactPrefix() {
        let field: [UInt8] = [0x01, 0x5F, 0x01, 0x64, 0x62, 0x62, 0x00, 0x00]
        #expect(decodeError(wasm((1, field)), features: Self.features)?.message == "malformed storage type")
        var many: [UInt8] = [99, 0x5F, 0x01, 0x64, 0x62, 0x62, 0x00]
        for _ in 1..<99 { many += [0x5F, 0x00] }
        #expect(decodeError(wasm((1, many)), features: Self.features) == nil)
    }

    @Test func exactFuncExportIsMalformed() {
        let bytes = wasm((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (7, [0x01, 0x00, 0x20, 0x00]),
                         (10, [0x01, 0x02, 0x00, 0x0B]))
        #expect(decodeError(bytes, features: Self.features)?.message == "malformed export kind")
    }
}
