// The report for people: the verdict first, then the evidence behind it.
import WasmCore

extension PortabilityReport {
    /// The human-readable report. `file` heads the first line when given.
    public func text(file: String? = nil) -> String {
        var out: [String] = []
        out.append((file.map { $0 + ": " } ?? "") + verdict.summary)
        out.append("")
        hostLines(&out)
        out.append("")
        memoryLines(&out)
        out.append("")
        featureLines(&out)
        out.append("")
        entryLines(&out)
        toolchainLines(&out)
        return out.joined(separator: "\n") + "\n"
    }

    private func hostLines(_ out: inout [String]) {
        if host.isSelfContained {
            out.append("host interface: none (self-contained, no imports)")
            return
        }
        let abis = host.abis.map { "\($0.abi.displayName) \($0.count)" }.joined(separator: ", ")
        out.append("host interface: \(Portability.plural(host.importCount, "import")) (\(abis))")
        if let w = host.wasi {
            out.append("  WASI preview 1 capabilities: " + (w.capabilities.isEmpty ? "none" : w.capabilities.map(\.displayName).joined(separator: ", ")))
            if !w.unknown.isEmpty {
                out.append("  not in WASI preview 1 (no preview 1 host links them): " + w.unknown.map(TypeText.name).joined(separator: ", "))
            }
        }
        for g in host.groups {
            let abis = g.abis.map(\.displayName).joined(separator: ", ")
            out.append("  \"\(TypeText.name(g.module))\": \(Portability.plural(g.items.count, "import")), \(abis)")
            let width = min(40, g.items.map { TypeText.name($0.name).count }.max() ?? 0)
            let typeWidth = min(60, g.items.map { $0.type.count }.max() ?? 0)
            for i in g.items {
                var line = "    " + pad(TypeText.name(i.name), width) + "  "
                line += g.abis.count > 1 ? pad(i.type, typeWidth) + "  [\(i.abi.displayName)]" : i.type
                out.append(line)
            }
        }
    }

    private func memoryLines(_ out: inout [String]) {
        let m = memory
        guard !m.memories.isEmpty else {
            out.append("memory: none")
            return
        }
        out.append("memory:")
        for mem in m.memories {
            var origin = mem.importedFrom.map { "imported from \(TypeText.name($0))" } ?? "defined"
            if !mem.exportNames.isEmpty {
                origin += ", exported as " + mem.exportNames.map { "\"\(TypeText.name($0))\"" }.joined(separator: ", ")
            }
            var shape = mem.addressType == .i64 ? "64-bit" : "32-bit"
            if mem.shared { shape += ", shared" }
            if mem.pageSize != MemoryType.pageSize { shape += ", \(bytes(mem.pageSize)) pages" }
            var size = "\(Portability.plural(Int(clamping: mem.minPages), "page")) (\(bytes(mem.minBytes))) initial"
            if let max = mem.maxPages, let maxBytes = mem.maxBytes {
                size += max == mem.minPages ? ", same maximum" : ", maximum \(max) (\(bytes(maxBytes)))"
            } else {
                size += ", no maximum"
            }
            out.append("  memory \(mem.index): \(origin); \(shape); \(size)")
        }
        switch m.growth {
        case .noMemory: break
        case .code:
            let sites = m.growSites == 1 ? "1 memory.grow" : "\(m.growSites) memory.grow instructions"
            out.append("  growth: the code grows memory itself (\(sites))")
        case .host:
            var line = "  growth: no memory.grow; the host provides the memory"
            let atMaximum = m.memories.allSatisfy { $0.maxPages == $0.minPages }
            if atMaximum {
                line += ", already at its maximum"
                if !m.hostGrowthImports.isEmpty {
                    line += " (so " + m.hostGrowthImports.joined(separator: ", ") + " cannot grow it)"
                }
            } else if !m.hostGrowthImports.isEmpty {
                line += " and grows it through " + m.hostGrowthImports.joined(separator: ", ")
            }
            out.append(line)
        case .fixed:
            let exported = m.memories.contains { !$0.exportNames.isEmpty && $0.maxPages != $0.minPages }
            var line = exported ? "  growth: no memory.grow; only the host can grow it, through the export"
                                : "  growth: no memory.grow; memory stays at its initial size"
            if !m.hostGrowthImports.isEmpty {
                line += " unless the host grows it through " + m.hostGrowthImports.joined(separator: ", ")
            }
            out.append(line)
        }
        for s in [m.heapBase, m.dataEnd] { if let s { out.append("  " + symbol(s)) } }
        if let sp = m.stackPointer { out.append("  stack pointer: " + symbol(sp)) }
        let d = m.data
        if d.activeSegments + d.passiveSegments == 0 {
            out.append("  data: none")
        } else {
            var line = "  data: \(Portability.plural(d.activeSegments + d.passiveSegments, "segment")), \(bytes(d.totalBytes))"
            if let s = d.start, let e = d.end { line += ", active ones span [\(s), \(e))" }
            if d.passiveSegments > 0 { line += "; \(d.passiveSegments) passive" }
            if d.relocatableSegments > 0 { line += "; \(d.relocatableSegments) at host-given offsets" }
            out.append(line)
        }
    }

    private func symbol(_ s: SymbolGlobal) -> String {
        let value = s.value.map { String($0) } ?? (s.source == .imported ? "given by the host" : "set at instantiation")
        var line = "\(s.name) = \(value) (global \(s.globalIndex)"
        switch s.source {
        case .export: line += ", exported"
        case .nameSection: line += ", found by its name"
        case .imported: line += ", imported"
        case .heuristic: line += ", guessed: the first mutable i32 global"
        }
        return line + ")"
    }

    private func featureLines(_ out: inout [String]) {
        out.append("features: " + features.summary)
        for u in features.used where u.feature != .mvp {
            let more = u.count > 1 ? " (and \(u.count - 1) more)" : ""
            let kind = u.feature.isProposal ? " (proposal past WebAssembly 3.0)" : ""
            out.append("  \(u.feature.displayName)\(kind): \(u.evidence)\(more)")
        }
    }

    private func entryLines(_ out: inout [String]) {
        let e = entryPoints
        let kind: String
        switch e.kind {
        case .command: kind = "command (exports _start)"
        case .reactor: kind = "reactor (exports _initialize)"
        case .program: kind = "program (exports a main, no _start)"
        case .library: kind = "library (no conventional entry point)"
        }
        out.append("entry points: " + kind)
        if let s = e.start {
            out.append("  start function: \(s)" + (e.startName.map { " $" + TypeText.name($0) } ?? ""))
        } else {
            out.append("  start function: none")
        }
        for c in e.conventional { out.append("  \(c.name): function \(c.functionIndex), \(c.role)") }
        out.append("exports: " + (e.exports.isEmpty ? "none" : String(e.exports.count)))
        let width = min(40, e.exports.map { TypeText.name($0.name).count }.max() ?? 0)
        for x in e.exports {
            out.append("  " + pad(TypeText.name(x.name), width) + "  " + TypeText.kind(x.kind) + " \(x.index)")
        }
    }

    private func toolchainLines(_ out: inout [String]) {
        let t = toolchain
        guard !t.producers.isEmpty || !t.targetFeatures.isEmpty else { return }
        out.append("")
        out.append("toolchain (from custom sections):")
        for p in t.producers { out.append("  \(TypeText.name(p.field)): " + TypeText.name(p.values.joined(separator: ", "))) }
        if !t.targetFeatures.isEmpty { out.append("  target features: " + TypeText.name(t.targetFeatures.joined(separator: " "))) }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    /// 65536 → `64 KiB`; exact multiples only, else bytes.
    private func bytes(_ n: UInt64) -> String {
        if n == UInt64.max { return "more than 16 EiB" }
        let units = [(UInt64(1) << 40, "TiB"), (UInt64(1) << 30, "GiB"), (UInt64(1) << 20, "MiB"), (UInt64(1) << 10, "KiB")]
        for (size, name) in units where n >= size && n % size == 0 { return "\(n / size) \(name)" }
        return n == 1 ? "1 byte" : "\(n) bytes"
    }
}
