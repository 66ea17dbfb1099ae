// The memory model: where linear memory comes from, how big it is, who grows it, and where
// the linker put static data, the stack and the heap.
import WasmCore

extension Portability {
    static func memoryModel(_ module: Module, hostGrowthImports: [String]) -> MemoryModel {
        var memories: [MemoryInfo] = []
        for imp in module.imports {
            if case .memory(let t) = imp.desc {
                memories.append(info(index: UInt32(memories.count), t, importedFrom: imp.module + "." + imp.name))
            }
        }
        for m in module.memories {
            memories.append(info(index: UInt32(memories.count), m.type, importedFrom: nil))
        }
        for e in module.exports where e.kind == .memory && Int(e.index) < memories.count {
            memories[Int(e.index)].exportNames.append(e.name)
        }

        var growSites = 0
        for f in module.functions {
            for ins in f.body.instructions where ins.opcode == .memoryGrow { growSites += 1 }
        }
        let growth: MemoryGrowth
        if memories.isEmpty {
            growth = .noMemory
        } else if growSites > 0 {
            growth = .code
        } else if memories.contains(where: { $0.importedFrom != nil }) {
            growth = .host
        } else {
            growth = .fixed
        }

        return MemoryModel(memories: memories, growth: growth, growSites: growSites,
                           hostGrowthImports: hostGrowthImports,
                           heapBase: exportedGlobal("__heap_base", module),
                           dataEnd: exportedGlobal("__data_end", module),
                           stackPointer: stackPointer(module),
                           data: dataSpan(module))
    }

    private static func info(index: UInt32, _ t: MemoryType, importedFrom: String?) -> MemoryInfo {
        MemoryInfo(index: index, importedFrom: importedFrom, exportNames: [],
                   addressType: t.limits.addressType, shared: t.limits.shared,
                   minPages: t.limits.min, maxPages: t.limits.max, pageSize: t.bytesPerPage)
    }

    /// The type of global `index` and its constant initial value, if it is defined here with one.
    private static func global(_ index: UInt32, _ module: Module) -> (type: GlobalType, value: UInt64?)? {
        var i: UInt32 = 0
        for imp in module.imports {
            if case .global(let t) = imp.desc {
                if i == index { return (t, nil) }
                i += 1
            }
        }
        let defined = Int(index) - Int(i)
        guard defined >= 0, defined < module.globals.count else { return nil }
        let g = module.globals[defined]
        return (g.type, constantValue(g.initializer))
    }

    /// The value of `i32.const c` / `i64.const c` (as an unsigned address), else nil.
    static func constantValue(_ e: Expression) -> UInt64? {
        guard let first = e.instructions.first else { return nil }
        let rest = e.instructions.dropFirst()
        guard rest.allSatisfy({ $0.opcode == .end }) else { return nil }
        switch first.immediate {
        case .i32(let v) where first.opcode == .i32Const: return UInt64(UInt32(bitPattern: v))
        case .i64(let v) where first.opcode == .i64Const: return UInt64(bitPattern: v)
        default: return nil
        }
    }

    private static func exportedGlobal(_ name: String, _ module: Module) -> SymbolGlobal? {
        guard let e = module.exports.first(where: { $0.kind == .global && $0.name == name }),
              let g = global(e.index, module) else { return nil }
        return SymbolGlobal(name: name, globalIndex: e.index, value: g.value, mutable: g.type.mutable, source: .export)
    }

    /// wasm-ld keeps `__stack_pointer` internal: it is exported only with `--export-all` on
    /// some versions, named only in the name section, and otherwise just global 0, the first
    /// mutable i32 global. Report which of the three found it.
    private static func stackPointer(_ module: Module) -> SymbolGlobal? {
        if let s = exportedGlobal("__stack_pointer", module) { return s }
        let importedGlobals = UInt32(module.importedGlobalCount)
        if let (index, _) = module.names.globals.sorted(by: { $0.key < $1.key })
            .first(where: { $0.value == "__stack_pointer" }),
           let g = global(index, module) {
            return SymbolGlobal(name: "__stack_pointer", globalIndex: index, value: g.value,
                                mutable: g.type.mutable, source: .nameSection)
        }
        // An imported `env.__stack_pointer` (position-independent code) is the stack pointer too.
        var gi: UInt32 = 0
        for imp in module.imports {
            guard case .global(let t) = imp.desc else { continue }
            if imp.name == "__stack_pointer" {
                return SymbolGlobal(name: "__stack_pointer", globalIndex: gi, value: nil, mutable: t.mutable, source: .imported)
            }
            gi += 1
        }
        // A global the module names otherwise (`$heap_top` in a .wat) is not the stack pointer.
        guard let i = module.globals.firstIndex(where: { $0.type.mutable && $0.type.valType == .i32 }) else { return nil }
        let index = importedGlobals + UInt32(i)
        guard module.names.globals[index] == nil else { return nil }
        return SymbolGlobal(name: "__stack_pointer", globalIndex: index,
                            value: constantValue(module.globals[i].initializer), mutable: true, source: .heuristic)
    }

    private static func dataSpan(_ module: Module) -> DataSpan {
        var span = DataSpan(activeSegments: 0, passiveSegments: 0, relocatableSegments: 0,
                            totalBytes: 0, start: nil, end: nil)
        for d in module.datas {
            span.totalBytes &+= UInt64(d.bytes.count)
            switch d.mode {
            case .passive, .declarative:
                span.passiveSegments += 1
            case .active(_, let offset):
                span.activeSegments += 1
                guard let start = constantValue(offset) else {
                    span.relocatableSegments += 1
                    continue
                }
                let (end, overflow) = start.addingReportingOverflow(UInt64(d.bytes.count))
                let e = overflow ? UInt64.max : end
                span.start = min(span.start ?? start, start)
                span.end = max(span.end ?? e, e)
            }
        }
        return span
    }
}
