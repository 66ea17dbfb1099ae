// The report for tools: `--json`. Field names are stable; enums use their raw values.
import WasmCore

extension PortabilityReport {
    /// The report as a JSON object. `file`, when given, is included as the first field.
    public func json(file: String? = nil) -> String {
        jsonValue(file: file).rendered()
    }

    func jsonValue(file: String?) -> JSON {
        var fields: [(String, JSON)] = []
        if let file { fields.append(("file", .string(file))) }
        fields.append(("verdict", .object([("portable", .bool(verdict.portable)), ("summary", .string(verdict.summary))])))
        fields.append(("host", hostJSON))
        fields.append(("memory", memoryJSON))
        fields.append(("features", .array(features.used.map { u in
            .object([("feature", .string(u.feature.flagName)), ("name", .string(u.feature.displayName)),
                     ("evidence", .string(u.evidence)), ("count", .unsigned(UInt64(u.count))),
                     ("proposal", .bool(u.feature.isProposal))])
        })))
        fields.append(("entryPoints", entryJSON))
        fields.append(("toolchain", toolchainJSON))
        return .object(fields)
    }

    private var hostJSON: JSON {
        .object([
            ("selfContained", .bool(host.isSelfContained)),
            ("importCount", .unsigned(UInt64(host.importCount))),
            ("abis", .array(host.abis.map { u in
                .object([("abi", .string(u.abi.rawValue)), ("name", .string(u.abi.displayName)),
                         ("modules", .strings(u.modules)), ("count", .unsigned(UInt64(u.count)))])
            })),
            ("wasi", host.wasi.map { w in
                .object([("capabilities", .strings(w.capabilities.map(\.rawValue))), ("functions", .strings(w.functions)),
                         ("unknown", .strings(w.unknown))])
            } ?? .null),
            ("modules", .array(host.groups.map { g in
                .object([("module", .string(g.module)), ("abis", .strings(g.abis.map(\.rawValue))),
                         ("imports", .array(g.items.map { i in
                             .object([("name", .string(i.name)), ("kind", .string(TypeText.kind(i.kind))),
                                      ("type", .string(i.type)), ("abi", .string(i.abi.rawValue))])
                         }))])
            })),
        ])
    }

    private var memoryJSON: JSON {
        func symbol(_ s: SymbolGlobal?) -> JSON {
            guard let s else { return .null }
            return .object([("global", .unsigned(UInt64(s.globalIndex))), ("value", .optional(s.value)),
                            ("mutable", .bool(s.mutable)), ("source", .string(s.source.rawValue))])
        }
        let d = memory.data
        return .object([
            ("growth", .string(memory.growth.rawValue)),
            ("growSites", .unsigned(UInt64(memory.growSites))),
            ("hostGrowthImports", .strings(memory.hostGrowthImports)),
            ("memories", .array(memory.memories.map { m in
                .object([("index", .unsigned(UInt64(m.index))), ("imported", .optional(m.importedFrom)),
                         ("exports", .strings(m.exportNames)),
                         ("addressType", .string(m.addressType == .i64 ? "i64" : "i32")),
                         ("shared", .bool(m.shared)), ("pageSize", .unsigned(m.pageSize)),
                         ("minPages", .unsigned(m.minPages)), ("maxPages", .optional(m.maxPages)),
                         ("minBytes", .unsigned(m.minBytes)), ("maxBytes", .optional(m.maxBytes))])
            })),
            ("heapBase", symbol(memory.heapBase)),
            ("dataEnd", symbol(memory.dataEnd)),
            ("stackPointer", symbol(memory.stackPointer)),
            ("data", .object([("activeSegments", .unsigned(UInt64(d.activeSegments))),
                              ("passiveSegments", .unsigned(UInt64(d.passiveSegments))),
                              ("relocatableSegments", .unsigned(UInt64(d.relocatableSegments))),
                              ("bytes", .unsigned(d.totalBytes)),
                              ("start", .optional(d.start)), ("end", .optional(d.end))])),
        ])
    }

    private var entryJSON: JSON {
        let e = entryPoints
        let start: JSON = e.start.map { s in
            .object([("function", .unsigned(UInt64(s))), ("name", .optional(e.startName))])
        } ?? .null
        return .object([
            ("kind", .string(e.kind.rawValue)),
            ("start", start),
            ("conventional", .array(e.conventional.map { c in
                .object([("name", .string(c.name)), ("function", .unsigned(UInt64(c.functionIndex))),
                         ("role", .string(c.role))])
            })),
            ("exports", .array(e.exports.map { x in
                .object([("name", .string(x.name)), ("kind", .string(TypeText.kind(x.kind))),
                         ("index", .unsigned(UInt64(x.index)))])
            })),
        ])
    }

    private var toolchainJSON: JSON {
        .object([
            ("producers", .object(toolchain.producers.map { ($0.field, .strings($0.values)) })),
            ("targetFeatures", .strings(toolchain.targetFeatures)),
            ("customSections", .strings(toolchain.customSections)),
        ])
    }
}

extension Portability {
    /// Several reports as one JSON array, for `wasm-portability --json a.wasm b.wasm`.
    public static func json(_ reports: [(file: String, report: PortabilityReport)]) -> String {
        JSON.array(reports.map { $0.report.jsonValue(file: $0.file) }).rendered()
    }

    /// Reports and failures in input order, one JSON array: a file that could not be analysed
    /// is `{"file": …, "errors": [{"phase": …, "message": …, "location": "file:2:7"}]}`, so a
    /// tool reading the array sees every file it asked about.
    public static func json(_ results: [(file: String, result: Result<PortabilityReport, PortabilityError>)]) -> String {
        JSON.array(results.map { entry in
            switch entry.result {
            case .success(let report): return report.jsonValue(file: entry.file)
            case .failure(let error): return error.jsonValue
            }
        }).rendered()
    }
}

extension PortabilityError {
    var jsonValue: JSON {
        .object([
            ("file", .string(file)),
            ("errors", .array(diagnostics.map { d in
                .object([("phase", .string(d.phase.rawValue)), ("message", .string(d.message)),
                         ("location", .string(location(d)))])
            })),
        ])
    }

    /// `file:line:col` (text), `file:0x1f` (binary) or just `file`.
    private func location(_ d: Diagnostic) -> String {
        switch d.location {
        case .none: return file
        case .binary(let offset): return "\(file):0x\(String(offset, radix: 16))"
        case .text(let offset, _):
            guard let source else { return "\(file):@\(offset)" }
            let (line, col) = source.lineColumn(of: Int(offset))
            return "\(file):\(line):\(col)"
        }
    }
}
