// Entry points, the toolchain sections, and both renderings.
import Testing
import WasmCore
@testable import WasmPortability
#if canImport(Foundation)
import Foundation
#endif

@Suite struct EntryPointTests {
    @Test func wasiCommandAndReactor() {
        var b = ModuleBuilder()
        b.function([], export: "_start")
        #expect(Portability.analyze(b.module).entryPoints.kind == .command)
        var r = ModuleBuilder()
        r.function([], export: "_initialize")
        r.function([], export: "compute")
        let e = Portability.analyze(r.module).entryPoints
        #expect(e.kind == .reactor)
        #expect(e.conventional == [EntryPoint(name: "_initialize", functionIndex: 0, role: "WASI reactor initialiser")])
        #expect(e.exports.map(\.name) == ["_initialize", "compute"])
    }

    @Test func startFunctionWithName() {
        var b = ModuleBuilder()
        b.function([])
        b.module.start = 0
        b.module.names.functions[0] = "init"
        let e = Portability.analyze(b.module).entryPoints
        #expect(e.start == 0)
        #expect(e.startName == "init")
        #expect(e.kind == .library)
        #expect(Portability.analyze(b.module).text().contains("start function: 0 $init"))
    }

    @Test func exportsOfEveryKind() {
        var b = ModuleBuilder()
        b.memory(1)
        b.function([], export: "f")
        b.global(.i32, export: "g")
        b.export("mem", .memory, 0)
        let e = Portability.analyze(b.module).entryPoints
        #expect(e.exports == [ExportedItem(name: "f", kind: .func, index: 0), ExportedItem(name: "g", kind: .global, index: 0),
                              ExportedItem(name: "mem", kind: .memory, index: 0)])
    }
}

@Suite struct ToolchainTests {
    /// A `producers` section as clang writes it.
    private func producers() -> [UInt8] {
        func name(_ s: String) -> [UInt8] { [UInt8(s.utf8.count)] + Array(s.utf8) }
        return [2] + name("language") + [1] + name("C11") + name("")
            + name("processed-by") + [1] + name("clang") + name("19.1.5")
    }

    @Test func producersAndTargetFeatures() {
        var m = Module()
        m.customSections = [
            CustomSection(name: "producers", bytes: producers()),
            CustomSection(name: "target_features", bytes: [2, 0x2B, 8] + Array("sign-ext".utf8) + [0x2B, 15] + Array("mutable-globals".utf8)),
        ]
        let t = Portability.analyze(m).toolchain
        #expect(t.producers == [Toolchain.ProducerField(field: "language", values: ["C11"]),
                                Toolchain.ProducerField(field: "processed-by", values: ["clang 19.1.5"])])
        #expect(t.targetFeatures == ["+sign-ext", "+mutable-globals"])
        #expect(t.customSections == ["producers", "target_features"])
    }

    @Test func malformedCustomSectionsAreIgnored() {
        var m = Module()
        let bad: [[UInt8]] = [[], [5], [1, 200], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [1, 3, 0x61]]
        m.customSections = bad.map { CustomSection(name: "producers", bytes: $0) }
            + bad.map { CustomSection(name: "target_features", bytes: $0) }
        let t = Portability.analyze(m).toolchain
        #expect(t.producers.isEmpty)
        #expect(t.targetFeatures.isEmpty)
        #expect(t.customSections.count == 10)
    }
}

@Suite struct RenderingTests {
    @Test func textStartsWithTheVerdict() {
        let r = Portability.analyze(emscriptenShape())
        let lines = r.text(file: "emscripten.wasm").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "emscripten.wasm: needs host: emscripten env (7 imports); memory fixed at 256 pages; MVP")
        #expect(lines.contains("    enlargeMemory            func (result i32)"))
        #expect(lines.contains("  growth: no memory.grow; the host provides the memory, already at its maximum (so env.enlargeMemory cannot grow it)"))
    }

    @Test func jsonEscapesNames() {
        var b = ModuleBuilder()
        b.importFunc("we\"ird\\", "tab\there\u{1}")
        let json = Portability.analyze(b.module).json()
        #expect(json.contains(#""module": "we\"ird\\""#))
        #expect(json.contains(#""name": "tab\there\u0001""#))
    }

    #if canImport(Foundation)
    @Test(arguments: ["emscripten", "musl", "rust"])
    func jsonParses(shape: String) throws {
        let m = shape == "emscripten" ? emscriptenShape() : shape == "musl" ? muslShape() : rustShape()
        let json = Portability.analyze(m).json(file: shape + ".wasm")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let verdict = object?["verdict"] as? [String: Any]
        #expect(verdict?["portable"] as? Bool == (shape == "rust"))
        #expect(object?["file"] as? String == shape + ".wasm")
        let memory = object?["memory"] as? [String: Any]
        #expect(memory?["growth"] as? String == (shape == "rust" ? "code" : shape == "musl" ? "fixed" : "host"))
    }

    @Test func severalReportsAreOneArray() throws {
        let json = Portability.json([("a.wasm", Portability.analyze(rustShape())), ("b.wasm", Portability.analyze(muslShape()))])
        let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(array?.compactMap { $0["file"] as? String } == ["a.wasm", "b.wasm"])
    }
    #endif
}

extension RenderingTests {
    @Test func controlCharactersInNamesAreEscapedInText() {
        var b = ModuleBuilder()
        b.importFunc("e\u{1B}[31mnv", "f\u{7}")
        b.function([], export: "x\ny")
        let text = Portability.analyze(b.module).text()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("\"e\\u{1b}[31mnv\": 1 import"))
        #expect(text.contains("x\\u{a}y"))
        #expect(text.hasPrefix("needs host: unrecognised e\\u{1b}[31mnv.f\\u{7};"))
    }
}
