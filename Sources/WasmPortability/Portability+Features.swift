// Features used: read from the opcode table's feature of every instruction, and from what the
// table cannot see (types, section shapes, immediates that name a second memory or table).
import WasmCore

/// Collects the first evidence for each feature.
struct FeatureCollector {
    private var found: [Feature: (evidence: String, count: Int)] = [:]

    mutating func note(_ feature: Feature, _ evidence: @autoclosure () -> String) {
        if let f = found[feature] {
            found[feature] = (f.evidence, f.count + 1)
        } else {
            found[feature] = (evidence(), 1)
        }
    }

    func result() -> FeatureUsage {
        var used = [FeatureUse(feature: .mvp, evidence: "every module", count: 1)]
        for f in Feature.allCases where f != .mvp {
            if let e = found[f] { used.append(FeatureUse(feature: f, evidence: e.evidence, count: e.count)) }
        }
        return FeatureUsage(used: used)
    }
}

extension Portability {
    static func features(_ module: Module) -> FeatureUsage {
        var c = FeatureCollector()
        types(module, &c)
        sections(module, &c)
        let names = FunctionNames(module)
        let firstDefined = UInt32(module.importedFunctionCount)
        for (i, f) in module.functions.enumerated() {
            let where_ = "function " + names.label(firstDefined &+ UInt32(i))
            for t in f.locals { valType(t, module, "a local of " + where_, &c) }
            code(f.body, module, where_, &c)
        }
        return c.result()
    }

    private static func types(_ module: Module, _ c: inout FeatureCollector) {
        for (i, st) in module.types.enumerated() {
            if !st.isFinal || !st.supertypes.isEmpty || st.explicitSub { c.note(.gc, "type \(i) is a subtype") }
            if let d = st.descriptor { c.note(.customDescriptors, "type \(i) has descriptor type \(d)") }
            if let d = st.describes { c.note(.customDescriptors, "type \(i) describes type \(d)") }
            switch st.composite {
            case .func(let f):
                if f.results.count > 1 { c.note(.multiValue, "type \(i) returns \(f.results.count) values") }
                for t in f.params + f.results { valType(t, module, "type \(i)", &c) }
            case .struct(let fields):
                c.note(.gc, "type \(i) is a struct")
                for fl in fields { storage(fl.storage, module, "type \(i)", &c) }
            case .array(let fl):
                c.note(.gc, "type \(i) is an array")
                storage(fl.storage, module, "type \(i)", &c)
            }
        }
        for g in module.recGroups where g.explicit { c.note(.gc, "a rec group of \(g.count) types") }
    }

    private static func storage(_ s: StorageType, _ module: Module, _ where_: String, _ c: inout FeatureCollector) {
        if case .val(let t) = s { valType(t, module, where_, &c) }
    }

    /// Features implied by a value type appearing in a signature, local, global or block type.
    /// `funcref` is MVP only as a table's element type, so here it counts as reference types.
    static func valType(_ t: ValType, _ module: Module, _ where_: String, _ c: inout FeatureCollector) {
        switch t {
        case .i32, .i64, .f32, .f64: return
        case .v128: c.note(.simd, "v128 in " + where_)
        case .ref(let r): refType(r, module, where_, asTableElement: false, &c)
        }
    }

    static func refType(_ r: RefType, _ module: Module, _ where_: String, asTableElement: Bool,
                        _ c: inout FeatureCollector) {
        let text = TypeText.ref(r)
        switch r.heapType {
        case .func, .extern:
            if !r.nullable {
                c.note(.functionReferences, text + " in " + where_)
            } else if !(asTableElement && r.heapType == .func) {
                c.note(.referenceTypes, text + " in " + where_)
            }
        case .concrete:
            c.note(.functionReferences, text + " in " + where_)
        case .exact:
            c.note(.customDescriptors, text + " in " + where_)
        case .nofunc, .noextern, .any, .eq, .i31, .struct, .array, .none:
            c.note(.gc, text + " in " + where_)
        case .exn, .noexn:
            c.note(.exceptions, text + " in " + where_)
        }
    }

    private static func sections(_ module: Module, _ c: inout FeatureCollector) {
        for g in module.importGroups where g.form != .single {
            c.note(.compactImports, "\(g.count) imports from \(TypeText.name(g.module)) share their module name"
                   + (g.form == .sharedType ? " and type" : ""))
        }
        var tableCount = 0
        var memoryCount = 0
        for imp in module.imports {
            let name = TypeText.name(imp.module + "." + imp.name)
            switch imp.desc {
            case .func(_, let exact):
                if exact { c.note(.customDescriptors, "imported function " + name + " is exact") }
            case .table(let t):
                tableCount += 1
                table(t, "imported table " + name, module, &c)
            case .memory(let m):
                memoryCount += 1
                memory(m, "imported memory " + name, &c)
            case .global(let g):
                valType(g.valType, module, "imported global " + name, &c)
            case .tag:
                c.note(.exceptions, "imported tag " + name)
            }
        }
        for t in module.tables {
            table(t.type, "table \(tableCount)", module, &c)
            if let e = t.initializer {
                c.note(.functionReferences, "table \(tableCount) has an initialiser")
                constant(e, module, "the initialiser of table \(tableCount)", &c)
            }
            tableCount += 1
        }
        if tableCount > 1 { c.note(.referenceTypes, "\(tableCount) tables") }
        for m in module.memories {
            memory(m.type, "memory \(memoryCount)", &c)
            memoryCount += 1
        }
        if memoryCount > 1 { c.note(.multiMemory, "\(memoryCount) memories") }
        let firstGlobal = module.importedGlobalCount
        for (i, g) in module.globals.enumerated() {
            let name = "global \(firstGlobal + i)"
            valType(g.type.valType, module, name, &c)
            constant(g.initializer, module, "the initialiser of " + name, &c)
        }
        for _ in module.tags { c.note(.exceptions, "a tag is defined") }
        for (i, e) in module.elements.enumerated() { element(e, i, module, &c) }
        for (i, d) in module.datas.enumerated() {
            switch d.mode {
            case .passive, .declarative: c.note(.bulkMemory, "data segment \(i) is passive")
            case .active(let mem, let offset):
                if mem != 0 { c.note(.multiMemory, "data segment \(i) initialises memory \(mem)") }
                constant(offset, module, "the offset of data segment \(i)", &c)
            }
        }
        if module.hasDataCount { c.note(.bulkMemory, "a data count section") }
    }

    private static func table(_ t: TableType, _ name: String, _ module: Module, _ c: inout FeatureCollector) {
        if t.limits.addressType == .i64 { c.note(.memory64, name + " is 64-bit") }
        refType(t.elementType, module, name, asTableElement: true, &c)
    }

    private static func memory(_ m: MemoryType, _ name: String, _ c: inout FeatureCollector) {
        if m.limits.addressType == .i64 { c.note(.memory64, name + " is 64-bit") }
        if m.limits.shared { c.note(.threads, name + " is shared") }
        if let p = m.pageSizeLog2 { c.note(.customPageSizes, name + " has pages of \(p < 64 ? 1 << UInt64(p) : 0) bytes") }
    }

    private static func element(_ e: ElementSegment, _ i: Int, _ module: Module, _ c: inout FeatureCollector) {
        let name = "element segment \(i)"
        switch e.mode {
        case .passive: c.note(.bulkMemory, name + " is passive")
        case .declarative: c.note(.referenceTypes, name + " is declarative")
        case .active(let table, let offset):
            if table != 0 { c.note(.referenceTypes, name + " initialises table \(table)") }
            constant(offset, module, "the offset of " + name, &c)
        }
        refType(e.type, module, name, asTableElement: true, &c)
        // The compact MVP form lists function indices; only written expressions say more.
        guard e.usesExpressions else { return }
        c.note(.bulkMemory, name + " lists expressions")
        for item in e.items { constant(item, module, "an item of " + name, &c, elementItem: true) }
    }

    /// A constant expression: its instructions' features, and extended constants when it
    /// does arithmetic (MVP allows only one `*.const` or `global.get`).
    /// In element items `ref.func` and `ref.null` are the bulk-memory encoding of the list.
    private static func constant(_ e: Expression, _ module: Module, _ where_: String, _ c: inout FeatureCollector,
                                 elementItem: Bool = false) {
        for ins in e.instructions {
            let f = ins.opcode.info.feature
            switch ins.opcode {
            case .end, .i32Const, .i64Const, .f32Const, .f64Const, .globalGet: continue
            case .refFunc where elementItem, .refNull where elementItem: continue
            default: break
            }
            if f == .mvp {
                c.note(.extendedConst, ins.opcode.name + " in " + where_)
            } else {
                c.note(f, ins.opcode.name + " in " + where_)
            }
            immediate(ins.immediate, e, module, where_, &c)
        }
    }

    /// A function body: the table's feature of every instruction, plus what immediates reveal.
    private static func code(_ e: Expression, _ module: Module, _ where_: String, _ c: inout FeatureCollector) {
        for ins in e.instructions {
            let f = ins.opcode.info.feature
            if f != .mvp { c.note(f, ins.opcode.name + " in " + where_) }
            immediate(ins.immediate, e, module, where_, &c, opcode: ins.opcode)
        }
    }

    private static func immediate(_ imm: Immediate, _ e: Expression, _ module: Module, _ where_: String,
                                  _ c: inout FeatureCollector, opcode: Opcode? = nil) {
        switch imm {
        case .blockType(let bt):
            blockType(bt, module, where_, &c)
        case .tryTable(let bt, _):
            blockType(bt, module, where_, &c)
        case .memArg(let m), .memArgLane(let m, _):
            if m.memory != 0 { c.note(.multiMemory, "an access to memory \(m.memory) in " + where_) }
        case .index(let i):
            if let op = opcode, op.info.immediates == .memory, i != 0 {
                c.note(.multiMemory, op.name + " on memory \(i) in " + where_)
            }
        case .indices(let a, let b):
            guard let op = opcode else { return }
            switch op.info.immediates {
            case .memoryCopy where a != 0 || b != 0:
                c.note(.multiMemory, op.name + " between memories \(a) and \(b) in " + where_)
            case .memoryInit where b != 0:
                c.note(.multiMemory, op.name + " on memory \(b) in " + where_)
            case .callIndirect where b != 0:
                c.note(.referenceTypes, op.name + " through table \(b) in " + where_)
            default: break
            }
        case .selectTypes(let r):
            guard Int(r.start) + Int(r.count) <= e.typePool.count else { return }
            for t in e.types(r) { valType(t, module, "select in " + where_, &c) }
        case .heapType(let h):
            if case .concrete = h { c.note(.functionReferences, "a typed null in " + where_) }
            if case .exact = h { c.note(.customDescriptors, "an exact typed null in " + where_) }
        case .refType(let r):
            if r.heapType.isExact { c.note(.customDescriptors, "a cast to " + TypeText.ref(r) + " in " + where_) }
        case .brOnCast(_, let a, let b):
            for r in [a, b] where r.heapType.isExact {
                c.note(.customDescriptors, "a cast to " + TypeText.ref(r) + " in " + where_)
            }
        default:
            break
        }
    }

    private static func blockType(_ bt: BlockType, _ module: Module, _ where_: String, _ c: inout FeatureCollector) {
        switch bt {
        case .empty: return
        case .value(let t): valType(t, module, "a block of " + where_, &c)
        case .typeIndex(let ti):
            guard let f = TypeText.functionType(module, ti) else { return }
            if !f.params.isEmpty || f.results.count > 1 {
                c.note(.multiValue, "a block with type \(ti) in " + where_)
            }
        }
    }
}

/// Function labels for evidence: `3 $alloc` from the name section or the first export.
struct FunctionNames {
    private var names: [UInt32: String] = [:]

    init(_ module: Module) {
        for e in module.exports where e.kind == .func && names[e.index] == nil { names[e.index] = e.name }
        for (i, n) in module.names.functions { names[i] = n }
    }

    func name(_ index: UInt32) -> String? { names[index] }

    func label(_ index: UInt32) -> String {
        if let n = names[index] { return "\(index) $" + TypeText.name(n) }
        return String(index)
    }
}
