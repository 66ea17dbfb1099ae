// Recognising host ABIs from import names. The names are conventions of toolchains, not of the
// spec, so each rule below says which toolchain emits it.
import WasmCore

extension Portability {
    static func hostInterface(_ module: Module) -> HostInterface {
        var groups: [ImportGroup] = []
        var groupIndex: [String: Int] = [:]
        for imp in module.imports {
            let item = ImportedItem(module: imp.module, name: imp.name, kind: imp.desc.kind,
                                    type: TypeText.importDesc(module, imp.desc),
                                    abi: classify(module: imp.module, name: imp.name, desc: imp.desc, in: module))
            if let g = groupIndex[imp.module] {
                groups[g].items.append(item)
            } else {
                groupIndex[imp.module] = groups.count
                groups.append(ImportGroup(module: imp.module, items: [item], abis: []))
            }
        }
        for g in groups.indices {
            adoptLinkerImports(&groups[g])
            var abis: [HostABI] = []
            for item in groups[g].items where !abis.contains(item.abi) { abis.append(item.abi) }
            groups[g].abis = abis
        }

        var uses: [ABIUse] = []
        for g in groups {
            for item in g.items {
                if let u = uses.firstIndex(where: { $0.abi == item.abi }) {
                    uses[u].count += 1
                    if !uses[u].modules.contains(g.module) { uses[u].modules.append(g.module) }
                } else {
                    uses.append(ABIUse(abi: item.abi, modules: [g.module], count: 1))
                }
            }
        }
        var host = HostInterface(groups: groups, abis: uses)
        host.wasi = wasiUsage(host)
        return host
    }

    /// The memory, table and linker globals a JavaScript runtime provides belong to that ABI:
    /// the article's emscripten module imports `env.memory` from the same glue that provides
    /// `env.enlargeMemory`, and AssemblyScript's loader hands over `env.memory` with `env.abort`.
    /// So when such an ABI owns a module name, its linker imports are counted with it. musl's
    /// syscalls are no runtime that provides memory: there the memory stays linker-provided.
    private static func adoptLinkerImports(_ group: inout ImportGroup) {
        var owners: [HostABI] = []
        for item in group.items where item.abi != .linker && item.abi != .unknown && !owners.contains(item.abi) {
            guard item.abi == .emscripten || item.abi == .assemblyScript else { return }
            owners.append(item.abi)
        }
        guard owners.count == 1, let owner = owners.first else { return }
        for i in group.items.indices where group.items[i].abi == .linker {
            group.items[i].abi = owner
        }
    }

    static func classify(module: String, name: String, desc: ImportDesc, in m: Module) -> HostABI {
        // wasm-bindgen's shims can sit under any module name (`wbg`, `__wbindgen_placeholder__`,
        // or the JS file's path), so its prefixes are checked first.
        if name.hasPrefix("__wbindgen_") || name.hasPrefix("__wbg_") { return .wasmBindgen }
        switch module {
        case "wasi_snapshot_preview1", "wasi_unstable": return .wasiPreview1
        case "gojs", "go": return .go
        case "spectest": return .spectest
        case "wbg", "__wbindgen_placeholder__", "__wbindgen_externref_xform__": return .wasmBindgen
        case "GOT.mem", "GOT.func": return .linker
        case "env": return classifyEnv(name: name, desc: desc, in: m)
        default: return .unknown
        }
    }

    /// Names emscripten's asm.js-era runtime (fastcomp, 2013–2019) provided, as in the article.
    static let legacyEmscriptenNames: Set<String> = [
        "enlargeMemory", "getTotalMemory", "abortOnCannotGrowMemory", "abortStackOverflow",
        "DYNAMICTOP_PTR", "STACKTOP", "STACK_MAX", "ABORT", "tempDoublePtr", "memoryBase",
        "tableBase", "setTempRet0", "getTempRet0", "segfault", "alignfault",
        "__handle_stack_overflow", "__call_sighandler",
    ]

    /// Name prefixes of emscripten imports: current (`emscripten_*`, `__syscall_*`, `invoke_*`,
    /// embind) and legacy (`___*` are C symbols with fastcomp's extra underscore, e.g.
    /// `___setErrNo`, `___syscall140`; `nullFunc_*` and `jsCall_*` are asm.js table stubs).
    static let emscriptenPrefixes = [
        "emscripten_", "_emscripten_", "__syscall_", "invoke_", "_embind_", "_emval_", "_wasmfs_",
        "___", "_llvm_", "nullFunc_", "jsCall_",
    ]

    /// Functions through which a module asks its host for more memory.
    static let hostGrowthNames: Set<String> = [
        "enlargeMemory", "emscripten_resize_heap", "_emscripten_resize_heap", "sbrk", "brk",
    ]

    private static func classifyEnv(name: String, desc: ImportDesc, in m: Module) -> HostABI {
        // musl's wasm port (and the clang + musl toolchain in the article) leaves the kernel
        // interface to the host as `__syscall0` … `__syscall6`.
        if name.hasPrefix("__syscall") {
            let rest = name.utf8.dropFirst(9)
            if !rest.isEmpty, rest.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .muslSyscalls }
        }
        if legacyEmscriptenNames.contains(name) { return .emscripten }
        for p in emscriptenPrefixes where name.hasPrefix(p) { return .emscripten }
        // Current emscripten implements libc pieces in JavaScript as `_name_js`.
        if name.hasPrefix("_"), name.hasSuffix("_js"), name.utf8.count > 4 { return .emscripten }
        switch name {
        case "seed", "trace":
            return .assemblyScript
        case "abort":
            // AssemblyScript's abort(message, fileName, line, column); emscripten's is abort(what).
            if case .func(let ti, _) = desc, let f = TypeText.functionType(m, ti),
               f.params == [.i32, .i32, .i32, .i32], f.results.isEmpty {
                return .assemblyScript
            }
            return .emscripten
        case "memory", "table", "__indirect_function_table", "__stack_pointer", "__memory_base",
             "__table_base", "__heap_base", "__data_end":
            return .linker
        default:
            return .unknown
        }
    }
}
