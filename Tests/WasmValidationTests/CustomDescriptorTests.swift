// Validation of the custom-descriptors proposal: exact reference types, descriptor clauses and
// their instructions, with the reference interpreter's messages; and that none of it changes
// what a WebAssembly 3.0 module means when the proposal is off.
import Testing
import WasmCore
import WasmText
import WasmValidation

@Suite struct CustomDescriptorValidationTests {
    static var on: Features {
        var f = Features.default
        f.insert(.customDescriptors)
        return f
    }

    /// The validator's message for a text module (nil when valid).
    static func message(_ text: String, _ features: Features = on) -> String? {
        var o = TextOptions()
        o.features = features
        do {
            let m = try WatParser.parse(text, options: o).module
            _ = try Validator.validate(m, features: features)
            return nil
        } catch let e as Diagnostics {
            return e.first?.message ?? "?"
        } catch let e as Diagnostic {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    static let pair = "(rec (type $a (sub (descriptor $b) (struct (field i32)))) (type $b (sub (describes $a) (struct))))"

    @Test func allocationsAndFunctionReferencesAreExact() {
        #expect(Self.message("""
        (module (type $t (struct)) (type $v (array i8)) (type $f (func))
          (func $g (type $f))
          (elem declare func $g)
          (func (result (ref (exact $t))) (struct.new $t))
          (func (result (ref (exact $v))) (array.new_default $v (i32.const 1)))
          (func (result (ref (exact $f))) (ref.func $g)))
        """) == nil)
        // Without the proposal the same allocation is typed `(ref 0)`, as in WebAssembly 3.0.
        #expect(Self.message("(module (type $t (struct)) (func (result i32) (struct.new $t)))", .default)
                == "type mismatch: instruction requires [i32] but stack has [(ref 0)]")
        #expect(Self.message("(module (type $t (struct)) (func (result i32) (struct.new $t)))")
                == "type mismatch: instruction requires [i32] but stack has [(ref (exact 0))]")
    }

    @Test func exactSubtyping() {
        let sub = "(type $super (sub (struct))) (type $sub (sub $super (struct)))"
        #expect(Self.message("(module \(sub) (func (param (ref (exact $sub))) (result (ref $super)) (local.get 0)))") == nil)
        #expect(Self.message("(module \(sub) (func (param (ref none)) (result (ref (exact $sub))) (local.get 0)))") == nil)
        #expect(Self.message("(module \(sub) (func (param (ref $sub)) (result (ref (exact $super))) (local.get 0)))")?
                .hasPrefix("type mismatch") == true)
        #expect(Self.message("(module \(sub) (func (param (ref (exact $sub))) (result (ref (exact $super))) (local.get 0)))")?
                .hasPrefix("type mismatch") == true)
    }

    @Test func exactImports() {
        let inexact = "(module (type $f (func)) (import \"\" \"\" (func $i (type $f))) (global (ref (exact $f)) (ref.func $i)))"
        #expect(Self.message(inexact)?.hasPrefix("type mismatch") == true)
        #expect(Self.message(inexact.replacingOccurrences(of: "(func $i (type $f))", with: "(func $i (exact (type $f)))")) == nil)
    }

    @Test func descriptorClauses() {
        #expect(Self.message("(module \(Self.pair))") == nil)
        #expect(Self.message("(module (type (descriptor 1) (struct)))") == "descriptor type is outside rec group")
        #expect(Self.message("(module (rec (type (descriptor 1) (struct)) (type (struct))))") == "type is not described by its descriptor")
        #expect(Self.message("(module (rec (type (describes 1) (struct)) (type (descriptor 0) (struct))))") == "forward use of described type")
        #expect(Self.message("(module (rec (type (descriptor 1) (array i8)) (type (describes 0) (struct))))") == "descriptor type must be a struct")
        #expect(Self.message("""
        (module (rec (type $A (sub (descriptor $A.desc) (struct))) (type $A.desc (sub (describes $A) (struct)))
                     (type $B (sub $A (descriptor $B.desc) (struct))) (type $B.desc (sub (describes $B) (struct)))))
        """) == "descriptor type 3 does not match 1")
        #expect(Self.message("""
        (module (rec (type $A (sub (descriptor $A.desc) (struct))) (type $A.desc (sub (describes $A) (struct)))
                     (type $B (sub $A (struct)))))
        """) == "sub type 2 does not match super type 0")
    }

    @Test func descriptorInstructions() {
        #expect(Self.message("""
        (module \(Self.pair)
          (func (param (ref null (exact $b))) (result (ref (exact $a))) (struct.new_desc $a (i32.const 1) (local.get 0)))
          (func (param (ref (exact $a))) (result (ref (exact $b))) (ref.get_desc $a (local.get 0)))
          (func (param (ref $a)) (result (ref $b)) (ref.get_desc $a (local.get 0)))
          (func (param anyref (ref $b)) (result (ref $a)) (ref.cast_desc_eq (ref $a) (local.get 0) (local.get 1)))
          (func (param anyref (ref (exact $b))) (result anyref)
            (br_on_cast_desc_eq 0 anyref (ref (exact $a)) (local.get 0) (local.get 1))))
        """) == nil)
        #expect(Self.message("(module \(Self.pair) (func (result anyref) (struct.new $a (i32.const 0))))")
                == "type with descriptor requires descriptor allocation")
        #expect(Self.message("(module (type $s (struct)) (func (result anyref) (struct.new_default_desc $s (unreachable))))")
                == "type without descriptor requires non-descriptor allocation")
        // The descriptor of a `struct.new_desc` must be exact.
        #expect(Self.message("(module \(Self.pair) (func (param (ref $b)) (result anyref) (struct.new_desc $a (i32.const 0) (local.get 0))))")?
                .hasPrefix("type mismatch") == true)
        #expect(Self.message("(module \(Self.pair) (func (param (ref $b)) (result anyref) (ref.get_desc $b (local.get 0))))")
                == "type without descriptor 1")
        #expect(Self.message("(module (func (result anyref) (ref.cast_desc_eq (ref any) (unreachable))))")
                == "type any does not have a descriptor")
        // An inexact source gives an inexact descriptor.
        #expect(Self.message("(module \(Self.pair) (func (param (ref $a)) (result (ref (exact $b))) (ref.get_desc $a (local.get 0))))")?
                .hasPrefix("type mismatch") == true)
    }

    /// With the proposal, a branching cast's types only need a common top type.
    @Test func brOnCastRelaxedOnlyWithTheProposal() {
        let text = "(module (func (result anyref) (br_on_cast 0 structref arrayref (unreachable))))"
        #expect(Self.message(text) == nil)
        #expect(Self.message(text, .default)?.hasPrefix("type mismatch") == true)
        #expect(Self.message("(module (func (param (ref func)) (result (ref any)) (br_on_cast 0 (ref func) (ref any) (local.get 0)) (unreachable)))")?
                .hasPrefix("type mismatch on cast") == true)
    }

    @Test func syntaxNeedsTheFeature() {
        #expect(Self.message("(module (type (struct)) (global (ref null (exact 0)) (ref.null (exact 0))))", .default)?
                .contains("--enable-custom-descriptors") == true)
        #expect(Self.message("(module \(Self.pair))", .default)?.contains("--enable-custom-descriptors") == true)
    }
}
