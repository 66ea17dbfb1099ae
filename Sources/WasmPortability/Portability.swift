// The portability analysis: a pure function of a module. It answers the question the project
// grew from ("which toolchain produces the module that runs in the most environments?") by
// reading what the module imports, how it manages memory and which features it needs.
import WasmCore

public enum Portability {
    /// Analyses a module. Never fails: a module that is not valid still has imports and
    /// exports to report (callers that want validity check it first).
    public static func analyze(_ module: Module) -> PortabilityReport {
        let host = hostInterface(module)
        var growthImports: [String] = []
        for imp in module.imports where imp.desc.kind == .func && hostGrowthNames.contains(imp.name) {
            growthImports.append(imp.module + "." + imp.name)
        }
        let memory = memoryModel(module, hostGrowthImports: growthImports)
        let features = features(module)
        return PortabilityReport(host: host, memory: memory, features: features,
                                 entryPoints: entryPoints(module), toolchain: toolchain(module),
                                 verdict: verdict(host: host, memory: memory, features: features))
    }

    static func verdict(host: HostInterface, memory: MemoryModel, features: FeatureUsage) -> Verdict {
        let mem = memoryPhrase(memory)
        if host.isSelfContained {
            return Verdict(portable: true, summary: "portable: no imports, \(mem), \(features.summary)")
        }
        let needs = host.abis.map { abiPhrase($0, host) }.joined(separator: ", ")
        return Verdict(portable: false, summary: "needs host: \(needs); \(mem); \(features.summary)")
    }

    static func plural(_ n: Int, _ word: String) -> String {
        n == 1 ? "1 \(word)" : "\(n) \(word)s"
    }

    private static func abiPhrase(_ use: ABIUse, _ host: HostInterface) -> String {
        let items = host.groups.flatMap(\.items).filter { $0.abi == use.abi }
        switch use.abi {
        case .unknown, .linker:
            let what = use.abi == .unknown ? "unrecognised" : "linker-provided"
            let list = items.prefix(3).map { TypeText.name($0.module + "." + $0.name) }.joined(separator: ", ")
            return "\(what) \(list)" + (items.count > 3 ? " and \(items.count - 3) more" : "")
        default:
            return "\(use.abi.displayName) (\(plural(use.count, "import")))"
        }
    }

    static func memoryPhrase(_ m: MemoryModel) -> String {
        guard let first = m.memories.first else { return "no memory" }
        let extra = m.memories.count - 1
        let more = extra == 0 ? "" : " (+\(extra) more \(extra == 1 ? "memory" : "memories"))"
        let pages = plural(Int(clamping: first.minPages), "page")
        switch m.growth {
        case .noMemory:
            return "no memory"
        case .code:
            if first.maxPages == first.minPages, m.memories.count == 1 {
                return "memory fixed at \(pages) (its memory.grow can only fail)"
            }
            if let max = first.maxPages {
                return "grows its own memory (\(first.minPages) to \(max) pages)" + more
            }
            return "grows its own memory" + more
        case .host, .fixed:
            if first.maxPages == first.minPages { return "memory fixed at \(pages)" + more }
            var phrase: String
            if first.importedFrom != nil {
                phrase = "imported memory of \(pages), grown only by the host"
            } else if !first.exportNames.isEmpty {
                phrase = "exported memory of \(pages), grown only by the host"
            } else {
                return "memory fixed at \(pages)" + more
            }
            if let g = m.hostGrowthImports.first { phrase += " through \(g)" }
            return phrase + more
        }
    }
}
