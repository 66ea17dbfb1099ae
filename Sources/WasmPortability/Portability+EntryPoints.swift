// Entry points: how a host is expected to start the module.
import WasmCore

extension Portability {
    /// Exports whose names carry a meaning for hosts and toolchains.
    static let conventionalEntries: [(name: String, role: String)] = [
        ("_start", "WASI command entry"),
        ("_initialize", "WASI reactor initialiser"),
        ("main", "C main"),
        ("__main_argc_argv", "C main(argc, argv)"),
        ("__main_void", "C main(void)"),
        ("__original_main", "C main before wasm-ld's wrapper"),
        ("_main", "C main (emscripten asm.js era)"),
        ("__wasm_call_ctors", "static constructors"),
    ]

    static func entryPoints(_ module: Module) -> EntryPoints {
        let names = FunctionNames(module)
        var conventional: [EntryPoint] = []
        for (name, role) in conventionalEntries {
            if let e = module.exports.first(where: { $0.kind == .func && $0.name == name }) {
                conventional.append(EntryPoint(name: name, functionIndex: e.index, role: role))
            }
        }
        let has = { (n: String) in conventional.contains(where: { $0.name == n }) }
        let kind: ModuleKind
        if has("_start") {
            kind = .command
        } else if has("_initialize") {
            kind = .reactor
        } else if has("main") || has("__main_argc_argv") || has("_main") {
            kind = .program
        } else {
            kind = .library
        }
        return EntryPoints(start: module.start, startName: module.start.flatMap(names.name),
                           conventional: conventional, kind: kind,
                           exports: module.exports.map { ExportedItem(name: $0.name, kind: $0.kind, index: $0.index) })
    }
}
