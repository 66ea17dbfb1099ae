import WasmCore
import WasmValidation

extension Store {
    /// Instantiates a validated module, in the spec's order: imports are resolved and checked
    /// (phase `.link`), then globals, tables, memories and element segments are created, exports
    /// recorded, active segments applied (traps leave earlier writes in place, phase `.trap`) and
    /// the start function run. Imports come from `imports` first, then from registered names.
    public func instantiate(_ validated: ValidatedModule,
                            imports: [String: [String: ExternalValue]] = [:]) throws(Diagnostic) -> Instance {
        let module = validated.module
        let typeIDs = typeRegistry.canonicalize(module)
        var rec = InstanceRecord()
        rec.types = typeIDs
        rec.functionNames = module.names.functions
        var funcTypeIndices: [UInt32] = []
        var explicit: [Name: [Name: ExternalValue]] = [:]
        for (m, d) in imports {
            var inner: [Name: ExternalValue] = [:]
            for (k, v) in d { inner[Name(k)] = v }
            explicit[Name(m)] = inner
        }

        func canon(_ t: ValType) -> ValType {
            t.mapIndex { i in Int(i) < typeIDs.count ? UInt32(typeIDs[Int(i)]) : i }
        }
        func canonRef(_ r: RefType) -> RefType {
            if case .ref(let c) = canon(.ref(r)) { return c }
            return r
        }
        // Values the evaluation of constant expressions holds while it allocates.
        let rootFloor = tempRoots.count
        defer { tempRoots.removeLast(tempRoots.count - rootFloor) }

        // Imports.
        for imp in module.imports {
            let m = Name(imp.module)
            let n = Name(imp.name)
            guard let ext = explicit[m]?[n] ?? registered[m]?[n] else {
                throw Diagnostic(.link, "unknown import \"\(imp.module)\" \"\(imp.name)\"")
            }
            let incompatible = Diagnostic(.link, "incompatible import type for \"\(imp.module)\" \"\(imp.name)\"")
            switch (imp.desc, ext) {
            case (.func(let ti, let exact), .function(let fa)):
                guard fa.index >= 0 && fa.index < funcCount, Int(ti) < typeIDs.count else { throw incompatible }
                let actual = funcs[fa.index].typeID
                // An exact import takes only a function of that very type (its dynamic type).
                guard actual == typeIDs[Int(ti)] || (!exact && typeRegistry.isSubtype(actual, of: typeIDs[Int(ti)])) else { throw incompatible }
                rec.funcs.append(fa.index)
                funcTypeIndices.append(ti)
            case (.table(let tt), .table(let ta)):
                guard ta.index >= 0 && ta.index < tables.count else { throw incompatible }
                let t = tables[ta.index].pointee
                let want = canon(.ref(tt.elementType))
                let have = ValType.ref(t.type.elementType)
                guard typeRegistry.matches(have, want), typeRegistry.matches(want, have),
                      Self.limitsMatch(t.type.limits, current: t.count, tt.limits) else { throw incompatible }
                rec.tables.append(ta.index)
            case (.memory(let mt), .memory(let ma)):
                guard ma.index >= 0 && ma.index < memories.count else { throw incompatible }
                memories[ma.index].pointee.refresh()
                let m = memories[ma.index].pointee
                guard m.pageSizeLog2 == (mt.pageSizeLog2 ?? 16),
                      Self.limitsMatch(m.type.limits, current: m.pages, mt.limits) else { throw incompatible }
                rec.memories.append(ma.index)
            case (.global(let gt), .global(let ga)):
                guard ga.index >= 0 && ga.index < globals.count else { throw incompatible }
                let have = globals[ga.index].type
                let want = canon(gt.valType)
                guard have.mutable == gt.mutable else { throw incompatible }
                if gt.mutable {
                    guard typeRegistry.matches(have.valType, want), typeRegistry.matches(want, have.valType) else { throw incompatible }
                } else {
                    guard typeRegistry.matches(have.valType, want) else { throw incompatible }
                }
                rec.globals.append(ga.index)
            case (.tag(let tt), .tag(let ta)):
                guard ta.index >= 0 && ta.index < tags.count, Int(tt.typeIndex) < typeIDs.count,
                      tags[ta.index] == typeIDs[Int(tt.typeIndex)] else { throw incompatible }
                rec.tags.append(ta.index)
            default:
                throw incompatible
            }
        }

        // Functions: entries first (constant expressions may take their references).
        let firstDefined = rec.funcs.count
        for f in module.functions {
            var type = Int(f.typeIndex) < module.types.count ? (module.types[Int(f.typeIndex)].funcType ?? FuncType()) : FuncType()
            // The store keeps types with canonical ids (host values are checked against them).
            type = FuncType(params: type.params.map(canon), results: type.results.map(canon))
            let entry = FuncEntry(code: hostStub, codeCount: 0, frameSize: 0,
                                  paramSlots: Self.slotCount(type.params), resultSlots: Self.slotCount(type.results),
                                  localStart: 0, localCount: 0, constStart: 0, consts: hostConsts, constCount: 0,
                                  typeID: Int(f.typeIndex) < typeIDs.count ? typeIDs[Int(f.typeIndex)] : 0,
                                  mem0: emptyMemory, host: -1, instance: instances.count)
            rec.funcs.append(addFunction(entry, type: type))
            funcTypeIndices.append(f.typeIndex)
        }

        // Globals, in order (each may read the ones before it).
        for g in module.globals {
            let (lo, hi) = try evaluate(g.initializer, rec)
            rec.globals.append(makeGlobal(GlobalType(canon(g.type.valType), mutable: g.type.mutable), lo, hi))
        }
        // Tables.
        for t in module.tables {
            var fill: UInt64 = 0
            if let e = t.initializer { fill = try evaluate(e, rec).0 }
            var type = t.type
            if case .ref(let r) = canon(.ref(type.elementType)) { type.elementType = r }
            rec.tables.append(try makeTable(type, fill: fill))
        }
        // Memories.
        for m in module.memories {
            rec.memories.append(try makeMemory(m.type))
        }
        // Tags (exception handling executes later; tags can already be exported and imported).
        for t in module.tags {
            let id = Int(t.type.typeIndex) < typeIDs.count ? typeIDs[Int(t.type.typeIndex)] : 0
            tags.append(id)
            rec.tags.append(tags.count - 1)
        }
        // Element and data segments.
        for seg in module.elements {
            var items: [UInt64] = []
            items.reserveCapacity(seg.items.count)
            for e in seg.items {
                let v = try evaluate(e, rec).0
                items.append(v)
                tempRoots.append(v)
            }
            elems.append(ElemRecord(items: items, type: canonRef(seg.type)))
            tempRoots.removeLast(items.count)
            rec.elems.append(elems.count - 1)
        }
        for d in module.datas {
            datas.append(d.bytes)
            rec.datas.append(datas.count - 1)
        }
        // Exports.
        for ex in module.exports {
            let i = Int(ex.index)
            let v: ExternalValue?
            switch ex.kind {
            case .func: v = i < rec.funcs.count ? .function(FunctionAddress(index: rec.funcs[i])) : nil
            case .table: v = i < rec.tables.count ? .table(TableAddress(index: rec.tables[i])) : nil
            case .memory: v = i < rec.memories.count ? .memory(MemoryAddress(index: rec.memories[i])) : nil
            case .global: v = i < rec.globals.count ? .global(GlobalAddress(index: rec.globals[i])) : nil
            case .tag: v = i < rec.tags.count ? .tag(TagAddress(index: rec.tags[i])) : nil
            }
            if let v {
                rec.exports[Name(ex.name)] = v
                rec.exportOrder.append((ex.name, v))
            }
        }

        // Compile every body for this instance.
        var ctx = CompileContext(
            module: module, typeIDs: typeIDs, funcAddrs: rec.funcs, funcTypeIndices: funcTypeIndices,
            globalCells: rec.globals.map { globals[$0].cell }, globalTypes: rec.globals.map { globals[$0].type.valType },
            tables: rec.tables.map { tables[$0] }, tableAddrs: rec.tables, memAddrs: rec.memories,
            memIs64: rec.memories.map { memories[$0].pointee.is64 }, elemAddrs: rec.elems, dataAddrs: rec.datas,
            fuel: configuration.fuel != nil)
        ctx.tagAddrs = rec.tags
        ctx.tagTypes = module.imports.compactMap { imp -> FuncType? in
            if case .tag(let t) = imp.desc { return ctx.funcType(typeIndex: t.typeIndex) }
            return nil
        } + module.tags.map { ctx.funcType(typeIndex: $0.type.typeIndex) }
        let mem0 = rec.memories.first.map { memories[$0] } ?? emptyMemory
        // Bodies are compiled at their first call (Store+Compile.swift): an instance costs
        // only its records until then. Eagerly, when so configured.
        let instanceIndex = instances.count
        lazyInstances[instanceIndex] = LazyInstance(context: ctx, mem0: mem0, pending: module.functions.count)
        for n in module.functions.indices {
            let addr = rec.funcs[firstDefined + n]
            funcs[addr].localCount = Store.notCompiled
            funcs[addr].callPath = 2
            uncompiled[addr] = n
        }
        if !configuration.lazyCompilation {
            for n in module.functions.indices { try compileFunction(rec.funcs[firstDefined + n]) }
        }

        let index = instances.count
        instances.append(rec)

        // Active segments, in order; declarative ones are dropped.
        for (n, seg) in module.elements.enumerated() {
            switch seg.mode {
            case .active(let t, let offsetExpr):
                guard Int(t) < rec.tables.count else { continue }
                let table = tables[rec.tables[Int(t)]]
                var offset = try evaluate(offsetExpr, rec).0
                if !table.pointee.is64 { offset = UInt64(UInt32(truncatingIfNeeded: offset)) }
                let items = elems[rec.elems[n]].items
                let (end, o) = offset.addingReportingOverflow(UInt64(items.count))
                guard !o, end <= table.pointee.count else { throw Diagnostic(.trap, "out of bounds table access") }
                for (k, v) in items.enumerated() { table.pointee.elements[Int(offset) + k] = v }
                elems[rec.elems[n]].items = []
            case .declarative:
                elems[rec.elems[n]].items = []
            case .passive:
                break
            }
        }
        for (n, seg) in module.datas.enumerated() {
            guard case .active(let mi, let offsetExpr) = seg.mode, Int(mi) < rec.memories.count else { continue }
            let m = memories[rec.memories[Int(mi)]]
            m.pointee.refresh()
            var offset = try evaluate(offsetExpr, rec).0
            if !m.pointee.is64 { offset = UInt64(UInt32(truncatingIfNeeded: offset)) }
            let bytes = seg.bytes
            let (end, o) = offset.addingReportingOverflow(UInt64(bytes.count))
            guard !o, end <= m.pointee.byteCount else { throw Diagnostic(.trap, "out of bounds memory access") }
            bytes.withUnsafeBytes { src in
                if let b = src.baseAddress, !bytes.isEmpty { (m.pointee.base + Int(offset)).copyMemory(from: b, byteCount: bytes.count) }
            }
            datas[rec.datas[n]] = []
        }

        let instance = Instance(store: self, index: index)
        if let s = module.start, Int(s) < rec.funcs.count {
            _ = try invoke(FunctionAddress(index: rec.funcs[Int(s)]), [])
        }
        return instance
    }

    /// Import matching of limits: the external value's current size and declared maximum
    /// against the import's declared limits.
    static func limitsMatch(_ have: Limits, current: UInt64, _ want: Limits) -> Bool {
        guard have.addressType == want.addressType, have.shared == want.shared else { return false }
        guard current >= want.min else { return false }
        if let wmax = want.max {
            guard let hmax = have.max, hmax <= wmax else { return false }
        }
        return true
    }

    /// Evaluates a constant expression (extended constants and GC allocations included) to slot
    /// words. Values on its stack are roots while it allocates.
    func evaluate(_ e: Expression, _ rec: InstanceRecord) throws(Diagnostic) -> (UInt64, UInt64) {
        var st: [(UInt64, UInt64)] = []
        let floor = tempRoots.count
        defer { tempRoots.removeLast(tempRoots.count - floor) }
        func push(_ v: (UInt64, UInt64)) {
            st.append(v)
            tempRoots.append(v.0)
        }
        func pop() -> (UInt64, UInt64) {
            guard let v = st.popLast() else { return (0, 0) }
            tempRoots.removeLast()
            return v
        }
        func popAll(_ n: Int) {
            for _ in 0..<min(n, st.count) { _ = pop() }
        }
        func canonical(_ x: UInt32) throws(Diagnostic) -> Int {
            guard Int(x) < rec.types.count else { throw Diagnostic(.instantiate, "unknown type \(x)") }
            return rec.types[Int(x)]
        }
        func allocate(_ bytes: Int) throws(Diagnostic) -> UnsafeMutableRawPointer {
            guard let p = gcAllocate(bytes: bytes, stackLimit: nil) else {
                throw Diagnostic(.exhaustion, TrapCode.gcHeapExhausted.message + " (limit \(heap.limit) bytes)")
            }
            return p
        }
        for ins in e.instructions {
            switch (ins.opcode, ins.immediate) {
            case (.i32Const, .i32(let v)): push((UInt64(UInt32(bitPattern: v)), 0))
            case (.i64Const, .i64(let v)): push((UInt64(bitPattern: v), 0))
            case (.f32Const, .f32(let v)): push((UInt64(v), 0))
            case (.f64Const, .f64(let v)): push((v, 0))
            case (.v128Const, .v128(let v)): push((v.lo, v.hi))
            case (.refNull, _): push((0, 0))
            case (.refFunc, .index(let f)):
                guard Int(f) < rec.funcs.count else { throw Diagnostic(.instantiate, "unknown function \(f)") }
                push((RefBits.function(rec.funcs[Int(f)]), 0))
            case (.globalGet, .index(let g)):
                guard Int(g) < rec.globals.count else { throw Diagnostic(.instantiate, "unknown global \(g)") }
                let cell = globals[rec.globals[Int(g)]].cell
                push((cell[0], cell[1]))
            case (.i32Add, _), (.i32Sub, _), (.i32Mul, _):
                let y = UInt32(truncatingIfNeeded: pop().0)
                let x = UInt32(truncatingIfNeeded: pop().0)
                let r = ins.opcode == .i32Add ? x &+ y : ins.opcode == .i32Sub ? x &- y : x &* y
                push((UInt64(r), 0))
            case (.i64Add, _), (.i64Sub, _), (.i64Mul, _):
                let y = pop().0
                let x = pop().0
                push((ins.opcode == .i64Add ? x &+ y : ins.opcode == .i64Sub ? x &- y : x &* y, 0))
            case (.refI31, _):
                push((RefBits.i31(UInt32(truncatingIfNeeded: pop().0)), 0))
            case (.anyConvertExtern, _), (.externConvertAny, _):
                break
            case (.structNew, .index(let x)), (.structNewDefault, .index(let x)),
                 (.structNewDesc, .index(let x)), (.structNewDefaultDesc, .index(let x)):
                let id = try canonical(x)
                // A type with a descriptor is made by struct.new_desc only (its layout has the word).
                let described = ins.opcode == .structNewDesc || ins.opcode == .structNewDefaultDesc
                guard case .struct(let fields)? = typeRegistry.types(id)?.composite, typeRegistry.layout(id)?.hasDescriptor == described else {
                    throw Diagnostic(.instantiate, "unsupported: \(ins.opcode.name) of type \(x) in a constant expression")
                }
                let (index, slots) = StructLayout.slots(fields)
                let withFields = ins.opcode == .structNew || ins.opcode == .structNewDesc
                let descriptor = ins.opcode == .structNewDesc || ins.opcode == .structNewDefaultDesc
                let n = withFields ? fields.count : 0
                guard st.count >= n + (descriptor ? 1 : 0) else { throw Diagnostic(.instantiate, "type mismatch: struct.new needs \(n) operands") }
                // The descriptor is the last operand (custom descriptors).
                let desc = descriptor ? st[st.count - 1].0 : 0
                if descriptor && desc == 0 { throw TrapCode.nullDescriptorReference.diagnostic }
                // Allocated while the field values are still on the (rooted) stack.
                let p = try allocate(StructLayout.size(slots: slots, hasDescriptor: descriptor))
                p.storeBytes(of: ObjectHeader.make(id, .struct) | (descriptor ? ObjectHeader.descriptorBit : 0), as: UInt64.self)
                if descriptor { p.storeBytes(of: desc, toByteOffset: 8, as: UInt64.self) }
                let f = (p + StructLayout.fieldBase(hasDescriptor: descriptor)).assumingMemoryBound(to: UInt64.self)
                for k in 0..<slots { f[k] = 0 }
                for (k, v) in st.dropLast(descriptor ? 1 : 0).suffix(n).enumerated() {
                    f[index[k]] = v.0
                    if fields[k].storage == .val(.v128) { f[index[k] + 1] = v.1 }
                }
                popAll(n + (descriptor ? 1 : 0))
                push((RefBits.object(p), 0))
            case (.arrayNew, .index(let x)), (.arrayNewDefault, .index(let x)), (.arrayNewFixed, .indices(let x, _)):
                let id = try canonical(x)
                guard case .array(let field)? = typeRegistry.types(id)?.composite else { throw Diagnostic(.instantiate, "unknown array type \(x)") }
                let shift = Int(ArrayLayout.elementShift(field.storage))
                var count = 0
                var operands = 0
                switch ins.immediate {
                case .indices(_, let n):
                    count = Int(n)
                    operands = count
                default:
                    count = Int(UInt32(truncatingIfNeeded: st.last?.0 ?? 0))
                    operands = ins.opcode == .arrayNew ? 2 : 1
                }
                guard st.count >= operands else { throw Diagnostic(.instantiate, "type mismatch: array operands") }
                guard let p = allocateArray(ObjectHeader.make(id, .array), count: count, shift: shift, live: nil) else {
                    throw Diagnostic(.exhaustion, TrapCode.gcHeapExhausted.message + " (limit \(heap.limit) bytes)")
                }
                switch ins.opcode {
                case .arrayNewFixed:
                    for (k, v) in st.suffix(count).enumerated() { storeElement(p, k, shift, v.0, v.1) }
                case .arrayNew:
                    let v = st[st.count - 2]
                    for k in 0..<count { storeElement(p, k, shift, v.0, v.1) }
                default:
                    for k in 0..<count { storeElement(p, k, shift, 0, 0) }
                }
                popAll(operands)
                push((RefBits.object(p), 0))
            case (.end, _):
                break
            default:
                throw Diagnostic(.instantiate, "unsupported: \(ins.opcode.name) in a constant expression")
            }
        }
        return st.last ?? (0, 0)
    }
}

extension Store {
    /// Writes each `call`'s callee code pointer into the instruction's free `a` (low half) and
    /// `c` (high half) fields, once every function it can reach is compiled: the callee's first
    /// handler then starts without waiting for the store's function table and the callee's
    /// record (they are still read, for the frame, but off the path to the next instruction).
    func linkDirectCalls<C: Collection>(_ functions: C) where C.Element == Int {
        for addr in functions where addr >= 0 && addr < funcCount {
            let e = funcs[addr]
            for k in 0..<e.codeCount where e.code[k].op == .call {
                let f = Int(UInt32(truncatingIfNeeded: e.code[k].imm))
                guard f < funcCount, funcs[f].host < 0 else { continue }
                // A callee compiled later links this call then (Store+Compile.swift).
                if funcs[f].localCount == Store.notCompiled {
                    pendingLinks[f, default: []].append(CallSite(function: addr, index: k))
                    continue
                }
                linkCall(in: addr, at: k)
            }
        }
    }

    /// Links the `call` at `k` of function `addr` (its callee compiled): see `linkDirectCalls`.
    func linkCall(in addr: Int, at k: Int) {
        let e = funcs[addr]
        guard k < e.codeCount, e.code[k].op == .call else { return }
        let f = Int(UInt32(truncatingIfNeeded: e.code[k].imm))
        guard f < funcCount, funcs[f].host < 0, funcs[f].codeCount > 0 else { return }
        let callee = funcs[f]
        let bits = UInt64(UInt(bitPattern: callee.code))
        e.code[k].a = UInt32(truncatingIfNeeded: bits)
        e.code[k].c = UInt32(truncatingIfNeeded: bits >> 32)
        // A callee with nothing to initialise in its frame, sharing this function's
        // memory 0, takes the plain call (`Handlers.callPlain`). Only instructions still
        // on their op's own handler change: a pair's handler keeps the pair.
        guard callee.localCount == 0, callee.constCount == 0, callee.mem0 == e.mem0,
              Handlers.isOwnHandler(e.code[k]) else { return }
        e.code[k].imm = UInt64(UInt32(f)) | UInt64(callee.frameSize) << 32
        e.code[k].handler = Handlers.callPlain
        if k > 0, e.code[k - 1].op == .i32AddImmCall, Handlers.isOwnHandler(e.code[k - 1]) {
            e.code[k - 1].handler = Handlers.i32AddImmCallPlain
        }
    }
}
