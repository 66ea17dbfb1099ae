// Fuzz target 5: the printer's round trip. Any input that decodes and validates must print
// (flat and folded) to text that parses back to the same module: print → parse → encode gives
// the input's canonical encoding (custom sections included), and printing that binary again,
// names included, gives the same text. A difference aborts (a fuzzer finding).
#if canImport(Glibc)
import Glibc
#endif
import WasmCore
import WasmBinary
import WasmText
import WasmValidation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var decode = DecodeOptions()
    decode.features = .all
    guard let module = try? BinaryDecoder.decode(bytes(data, size), options: decode),
          (try? Validator.validate(module, features: .all)) != nil else { return 0 }
    // The canonical form of the input, what the text must read back to byte for byte, custom
    // sections included: the text format has no data count section of its own (the assembler
    // writes one when code needs it), and a name section the decoder kept raw (malformed, or
    // a second one) is not printed (docs/printer.md, "Differences"). Names are compared by
    // the text: one for a local or label that does not exist has no place in it, so the
    // reprinted text must be the same, which it cannot be if a printed name were lost.
    var canonical = module
    canonical.hasDataCount = false
    canonical.customSections.removeAll { $0.name == "name" }
    // Branch hints print at their instructions, so they read back as the assembler writes
    // them (before the code section, in instruction order); one at no instruction (or at a
    // body's final `end`) has no place in the text.
    if let k = canonical.customSections.firstIndex(where: { $0.name == "metadata.code.branch_hint" }) {
        // The printer reads the first such section; it prints none of them as a section.
        canonical.branchHints = branchHints(canonical.customSections[k].bytes, module)
        canonical.customSections.removeAll { $0.name == "metadata.code.branch_hint" }
    }
    let encode = EncodeOptions()
    let expected = BinaryEncoder.encode(canonical, options: encode)
    var withNames = EncodeOptions()
    withNames.debugNames = true
    for folded in [false, true] {
        let kind = folded ? "folded" : "flat"
        let options = PrintOptions(foldInstructions: folded)
        let text = ModulePrinter(module, options: options).text()
        let parsed: Module
        do throws(Diagnostics) {
            parsed = try WatParser.parse(text, name: "printed.wat", options: TextOptions(features: .all)).module
        } catch {
            print("print (\(kind)): our text does not parse: \(error.items.first?.message ?? "?")")
            print(text)
            fflush(nil)
            abort()
        }
        let again = BinaryEncoder.encode(parsed, options: encode)
        if again != expected {
            let at = (0..<min(again.count, expected.count)).first { again[$0] != expected[$0] } ?? min(again.count, expected.count)
            print("print (\(kind)): the text assembles to other bytes, first difference at byte \(at) (\(again.count) vs \(expected.count) bytes)")
            print(text)
            fflush(nil)
            abort()
        }
        guard let reread = try? BinaryDecoder.decode(BinaryEncoder.encode(parsed, options: withNames), options: decode) else {
            print("print (\(kind)): the reassembled binary does not decode")
            fflush(nil)
            abort()
        }
        if ModulePrinter(reread, options: options).text() != text {
            print("print (\(kind)): printing the reassembled binary gives other text")
            fflush(nil)
            abort()
        }
    }
    return 0
}

/// The hints of a `metadata.code.branch_hint` section that name an instruction of a defined
/// function (not its final `end`); in a malformed section, those before the malformed part
/// (which is what wasm-tools prints too).
func branchHints(_ bytes: [UInt8], _ m: Module) -> [BranchHint] {
    var i = 0
    func u32() -> UInt32? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count, shift < 35 {
            let b = bytes[i]
            i += 1
            v |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return v <= UInt64(UInt32.max) ? UInt32(v) : nil }
            shift += 7
        }
        return nil
    }
    let imported = m.importedFunctionCount
    var out: [BranchHint] = []
    guard let n = u32() else { return out }
    for _ in 0..<n {
        guard let f = u32(), let count = u32() else { return out }
        let defined = Int(f) - imported
        var byOffset: [UInt32: Int] = [:]
        if defined >= 0, defined < m.functions.count {
            let fn = m.functions[defined]
            let offsets = fn.body.offsets
            for k in 0..<max(0, fn.body.instructions.count - 1) where k < offsets.count && offsets[k] >= fn.sourceOffset {
                byOffset[offsets[k] - fn.sourceOffset] = k
            }
        }
        for _ in 0..<count {
            guard let offset = u32(), let size = u32(), size == 1, i < bytes.count, bytes[i] <= 1 else { return out }
            let likely = bytes[i] == 1
            i += 1
            if let k = byOffset[offset] { out.append(BranchHint(function: f, instruction: UInt32(k), likely: likely)) }
        }
    }
    return out
}
