import WasmCore

/// Module validation (spec section "Validation"): `Module` → `ValidatedModule`.
public enum Validator {
    /// Validates a module; throws the first error found, with the spec's message.
    public static func validate(_ module: Module, features: Features = .default) throws(Diagnostic) -> ValidatedModule {
        try validate(module, features: features, limits: ValidationLimits())
    }

    /// Validates a module under implementation limits (nesting, locals, operand stack).
    ///
    /// `threads` validates the function bodies on that many threads: 0 picks by size (a thread
    /// per `parallelInstructions` instructions, up to the cores). The result and any error are
    /// the same: the error of the first function, in order, that has one.
    public static func validate(_ module: Module, features: Features = .default, limits: ValidationLimits,
                                threads: Int = 0) throws(Diagnostic) -> ValidatedModule {
        var ctx = ModuleContext()
        ctx.features = features
        ctx.limits = limits
        ctx.sourceKind = module.sourceKind

        try defineTypes(module, into: &ctx)
        try checkImports(module, into: &ctx)

        for f in module.functions {
            guard Int(f.typeIndex) < ctx.types.count else {
                throw Diagnostic(.validate, "unknown type \(f.typeIndex)", at: ctx.sourceKind.location(offset: f.sourceOffset))
            }
            guard ctx.types.funcType(f.typeIndex) != nil else {
                throw Diagnostic(.validate, "non-function type \(f.typeIndex)", at: ctx.sourceKind.location(offset: f.sourceOffset))
            }
            ctx.functions.append(f.typeIndex)
        }
        for t in module.tables {
            try checkTableType(t.type, ctx)
            ctx.tables.append(t.type)
        }
        for m in module.memories {
            try checkMemoryType(m.type, ctx)
            ctx.memories.append(m.type)
        }
        for t in module.tags {
            try checkTagType(t.type, ctx)
            ctx.tags.append(t.type.typeIndex)
        }
        ctx.declaredFunctions = declaredFunctions(module, count: ctx.functions.count)
        for g in module.globals { ctx.globals.append(g.type) }
        ctx.elements = module.elements.map(effectiveType)
        ctx.dataCount = module.datas.count

        var v = FunctionValidator(ctx: ctx)

        // Globals see only the globals before them.
        let importedGlobals = module.importedGlobalCount
        for (i, g) in module.globals.enumerated() {
            try ctx.check(g.type.valType)
            try v.validateConstant(g.initializer, type: g.type.valType, globals: importedGlobals + i)
        }
        let allGlobals = ctx.globals.count
        // The table section precedes the global section: initialisers see imported globals only.
        for t in module.tables {
            if let initExpr = t.initializer {
                try v.validateConstant(initExpr, type: .ref(t.type.elementType), globals: importedGlobals)
            } else if !t.type.elementType.nullable {
                throw Diagnostic(.validate, "type mismatch: table of non-defaultable type \(TypeContext.describe(t.type.elementType)) needs an initializer")
            }
        }
        for seg in module.elements {
            try ctx.check(seg.type.heapType)
            let segType = effectiveType(seg)
            for item in seg.items {
                try v.validateConstant(item, type: .ref(segType), globals: allGlobals)
            }
            if case .active(let x, let offset) = seg.mode {
                guard Int(x) < ctx.tables.count else { throw Diagnostic(.validate, "unknown table \(x)") }
                let tt = ctx.tables[Int(x)]
                guard ctx.types.isSubtype(segType, tt.elementType) else {
                    throw Diagnostic(.validate, "type mismatch: element segment's type \(TypeContext.describe(segType)) does not match table's element type \(TypeContext.describe(tt.elementType))")
                }
                try v.validateConstant(offset, type: tt.limits.addressType.valType, globals: allGlobals)
            }
        }
        for seg in module.datas {
            if case .active(let x, let offset) = seg.mode {
                guard Int(x) < ctx.memories.count else { throw Diagnostic(.validate, "unknown memory \(x)") }
                try v.validateConstant(offset, type: ctx.memories[Int(x)].limits.addressType.valType, globals: allGlobals)
            }
        }

        let metadata = try validateFunctions(module.functions, with: v, threads: threads)

        if let s = module.start {
            guard Int(s) < ctx.functions.count, let ft = ctx.funcType(ofFunction: s) else {
                throw Diagnostic(.validate, "unknown function \(s)")
            }
            guard ft.params.isEmpty, ft.results.isEmpty else {
                throw Diagnostic(.validate, "start function must not have parameters or results")
            }
        }

        try checkExports(module, ctx)

        if !features.contains(.multiMemory) && ctx.memories.count > 1 {
            throw Diagnostic(.validate, "multiple memories")
        }
        return ValidatedModule(module: module, features: features, functions: metadata, types: ctx.types)
    }

    /// With `threads == 0`, the bodies get a thread per this many instructions, up to the cores.
    public static let parallelInstructions = 16_384

    static func validateFunctions(_ functions: [Function], with v: FunctionValidator,
                                  threads: Int) throws(Diagnostic) -> [FunctionMetadata] {
        var n = threads
        if n == 0 {
            var instructions = 0
            for f in functions { instructions += f.body.instructions.count }
            n = min(Parallel.processorCount, instructions / parallelInstructions)
        }
        guard n > 1, functions.count > 1 else {
            var v = v
            return try validateRun(functions[...], with: &v)
        }
        let shared = ReadOnly((functions: functions, validator: v))
        let results = Parallel.mapRuns(count: functions.count, threads: n) { range -> Result<[FunctionMetadata], Diagnostic> in
            var v = shared.value.validator
            return Result { () throws(Diagnostic) in try validateRun(shared.value.functions[range], with: &v) }
        }
        var metadata: [FunctionMetadata] = []
        metadata.reserveCapacity(functions.count)
        for r in results {
            switch r {
            case .success(let m): metadata.append(contentsOf: m)
            case .failure(let error): throw error
            }
        }
        return metadata
    }

    static func validateRun(_ functions: ArraySlice<Function>, with v: inout FunctionValidator) throws(Diagnostic) -> [FunctionMetadata] {
        var metadata: [FunctionMetadata] = []
        metadata.reserveCapacity(functions.count)
        for f in functions {
            guard let ft = v.ctx.types.funcType(f.typeIndex) else { continue }
            let h = try v.validateFunction(f, type: ft)
            metadata.append(FunctionMetadata(maxStackHeight: h))
        }
        return metadata
    }

    /// A segment of function indices (`func $f $g`, binary elemkind 0x00) has type
    /// `(ref func)` in WebAssembly 3.0, whatever the producer wrote.
    static func effectiveType(_ seg: ElementSegment) -> RefType {
        if !seg.usesExpressions && seg.type == .funcref { return RefType(nullable: false, .func) }
        return seg.type
    }

    // MARK: Types

    static func defineTypes(_ module: Module, into ctx: inout ModuleContext) throws(Diagnostic) {
        let types = module.types
        if module.recGroups.isEmpty {
            for i in 0..<types.count { try ctx.types.addGroup(types[i..<(i + 1)]) }
            return
        }
        var next = 0
        for g in module.recGroups {
            let s = Int(g.start)
            let e = s + Int(g.count)
            guard s == next, e <= types.count else {
                throw Diagnostic(.validate, "malformed rec group")
            }
            try ctx.types.addGroup(types[s..<e])
            next = e
        }
        // Types not covered by a group form singleton groups.
        while next < types.count {
            try ctx.types.addGroup(types[next..<(next + 1)])
            next += 1
        }
    }

    // MARK: Imports

    static func checkImports(_ module: Module, into ctx: inout ModuleContext) throws(Diagnostic) {
        for imp in module.imports {
            switch imp.desc {
            case .func(let x, let exact):
                guard Int(x) < ctx.types.count else { throw Diagnostic(.validate, "unknown type \(x)") }
                guard ctx.types.funcType(x) != nil else { throw Diagnostic(.validate, "non-function type \(x)") }
                ctx.functions.append(x)
                if !exact { ctx.inexactFunctions.insert(UInt32(ctx.functions.count - 1)) }
            case .table(let tt):
                try checkTableType(tt, ctx)
                ctx.tables.append(tt)
            case .memory(let mt):
                try checkMemoryType(mt, ctx)
                ctx.memories.append(mt)
            case .global(let gt):
                try ctx.check(gt.valType)
                ctx.globals.append(gt)
            case .tag(let tt):
                try checkTagType(tt, ctx)
                ctx.tags.append(tt.typeIndex)
            }
        }
    }

    static func checkLimits(_ l: Limits, range: UInt64, message: String) throws(Diagnostic) {
        guard l.min <= range else { throw Diagnostic(.validate, message) }
        if let max = l.max {
            guard max <= range else { throw Diagnostic(.validate, message) }
            guard l.min <= max else { throw Diagnostic(.validate, "size minimum must not be greater than maximum") }
        }
    }

    static func checkTableType(_ tt: TableType, _ ctx: ModuleContext) throws(Diagnostic) {
        switch tt.limits.addressType {
        case .i32: try checkLimits(tt.limits, range: 0xFFFF_FFFF, message: "table size must be at most 2^32-1")
        case .i64: try checkLimits(tt.limits, range: UInt64.max, message: "table size must be at most 2^64-1")
        }
        try ctx.check(tt.elementType.heapType)
    }

    static func checkMemoryType(_ mt: MemoryType, _ ctx: ModuleContext) throws(Diagnostic) {
        // Custom page sizes: one-byte and 64 KiB pages only.
        if let p = mt.pageSizeLog2, p != 0 && p != 16 {
            throw Diagnostic(.validate, "invalid custom page size")
        }
        switch (mt.limits.addressType, mt.pageSizeLog2 ?? 16) {
        case (.i32, 16): try checkLimits(mt.limits, range: 0x1_0000, message: "memory size must be at most 65536 pages (4GiB)")
        case (.i64, 16): try checkLimits(mt.limits, range: 0x1_0000_0000_0000, message: "memory size must be at most 2^48 pages (256TiB)")
        case (.i32, _): try checkLimits(mt.limits, range: mt.maxPagesOfAddressType, message: "memory size must be at most 2^32-1 pages (4GiB) of 1 byte")
        case (.i64, _): try checkLimits(mt.limits, range: mt.maxPagesOfAddressType, message: "memory size must be at most 2^64-1 pages of 1 byte")
        }
        if mt.limits.shared && mt.limits.max == nil {
            throw Diagnostic(.validate, "shared memory must have maximum")
        }
    }

    static func checkTagType(_ tt: TagType, _ ctx: ModuleContext) throws(Diagnostic) {
        guard Int(tt.typeIndex) < ctx.types.count else { throw Diagnostic(.validate, "unknown type \(tt.typeIndex)") }
        guard let ft = ctx.types.funcType(tt.typeIndex) else { throw Diagnostic(.validate, "non-function type \(tt.typeIndex)") }
        guard ft.results.isEmpty else { throw Diagnostic(.validate, "non-empty tag result type") }
    }

    // MARK: References and exports

    /// C.refs: function indices named outside function bodies and the start function.
    static func declaredFunctions(_ module: Module, count: Int) -> [Bool] {
        var declared = [Bool](repeating: false, count: count)
        func scan(_ e: Expression) {
            for ins in e.instructions where ins.opcode == .refFunc {
                if case .index(let x) = ins.immediate, Int(x) < count { declared[Int(x)] = true }
            }
        }
        for ex in module.exports where ex.kind == .func && Int(ex.index) < count { declared[Int(ex.index)] = true }
        for g in module.globals { scan(g.initializer) }
        for t in module.tables { if let e = t.initializer { scan(e) } }
        for seg in module.elements {
            for item in seg.items { scan(item) }
            if case .active(_, let offset) = seg.mode { scan(offset) }
        }
        for seg in module.datas { if case .active(_, let offset) = seg.mode { scan(offset) } }
        return declared
    }

    static func checkExports(_ module: Module, _ ctx: ModuleContext) throws(Diagnostic) {
        // Names compare by bytes: Swift's String equality would merge canonically
        // equivalent spellings, which are distinct export names.
        var names = Set<[UInt8]>()
        names.reserveCapacity(module.exports.count)
        for ex in module.exports {
            let i = Int(ex.index)
            switch ex.kind {
            case .func: guard i < ctx.functions.count else { throw Diagnostic(.validate, "unknown function \(ex.index)") }
            case .table: guard i < ctx.tables.count else { throw Diagnostic(.validate, "unknown table \(ex.index)") }
            case .memory: guard i < ctx.memories.count else { throw Diagnostic(.validate, "unknown memory \(ex.index)") }
            case .global: guard i < ctx.globals.count else { throw Diagnostic(.validate, "unknown global \(ex.index)") }
            case .tag: guard i < ctx.tags.count else { throw Diagnostic(.validate, "unknown tag \(ex.index)") }
            }
            guard names.insert(Array(ex.name.utf8)).inserted else { throw Diagnostic(.validate, "duplicate export name") }
        }
    }
}

