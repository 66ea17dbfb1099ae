import Foundation
import Testing
import WasmCore
import WasmText
import WasmValidation

/// The suite through `wasm-tools json-from-wast` dumps (`$WASM_DUMPS/X.json` with modules in
/// `$WASM_DUMPS/X/`): binary modules are decoded (once the decoder is wired into
/// `SuiteValidation.decodeBinary`), text-only ones parsed; each is validated and compared with
/// the expectation in the json. Make the dumps with:
///   wasm-tools json-from-wast testsuite/X.wast -o $WASM_DUMPS/X.json --wasm-dir $WASM_DUMPS/X/
@Suite struct DumpValidationTests {
    @Test func dumpedSuiteModules() throws {
        guard let dir = ProcessInfo.processInfo.environment["WASM_DUMPS"] else {
            print("SKIP: WASM_DUMPS not set (directory of wasm-tools json-from-wast dumps)")
            return
        }
        if SuiteValidation.decodeBinary == nil {
            print("NOTE: binary decoder not wired in; .wasm dumps are counted as skipped")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        var scoped = SuiteValidation.Counts()
        var failures: [String] = []
        for f in files {
            let name = String(f.dropLast(5))
            guard let data = FileManager.default.contents(atPath: dir + "/" + f),
                  let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let commands = json["commands"] as? [[String: Any]] else { continue }
            var c = SuiteValidation.Counts()
            for cmd in commands {
                let type = cmd["type"] as? String ?? ""
                let expectValid = ["module", "module_definition", "assert_uninstantiable", "assert_unlinkable"].contains(type)
                guard expectValid || type == "assert_invalid", let fn = cmd["filename"] as? String,
                      let bytes = FileManager.default.contents(atPath: "\(dir)/\(name)/\(fn)") else { continue }
                let line = cmd["line"] as? Int ?? 0
                let module: Module?
                if fn.hasSuffix(".wasm") {
                    module = SuiteValidation.decodeBinary.flatMap { try? $0([UInt8](bytes)) }
                } else {
                    module = try? WatParser.parse(SourceFile(name: fn, bytes: [UInt8](bytes))).module
                }
                guard let module else { c.skipped += 1; continue }
                let result: Diagnostic?
                do {
                    _ = try Validator.validate(module)
                    result = nil
                } catch {
                    result = error
                }
                if expectValid {
                    c.validTotal += 1
                    if let result { failures.append("\(name):\(line): valid module rejected: \(result.message)") } else { c.validAccepted += 1 }
                } else {
                    c.invalidTotal += 1
                    let expected = cmd["text"] as? String ?? ""
                    if let result, result.message.hasPrefix(expected) {
                        c.invalidRejected += 1
                    } else {
                        failures.append("\(name):\(line): got '\(result?.message ?? "no error")', expected '\(expected)'")
                    }
                }
            }
            print("\(name): invalid \(c.invalidRejected)/\(c.invalidTotal), valid \(c.validAccepted)/\(c.validTotal), skipped \(c.skipped)")
            scoped.invalidRejected += c.invalidRejected
            scoped.invalidTotal += c.invalidTotal
            scoped.validAccepted += c.validAccepted
            scoped.validTotal += c.validTotal
            scoped.skipped += c.skipped
        }
        print("dumped suite modules: \(scoped.passed)/\(scoped.total), skipped \(scoped.skipped)")
        for x in failures.prefix(60) { print("FAIL", x) }
        #expect(failures.isEmpty)
    }
}
