#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore

/// A host function: its type and the Swift closure that implements it. The closure gets the
/// `Caller` (the store, the calling instance and its memory, valid during the call) and the
/// arguments, and returns the results. What it throws ends the wasm call that reached it: a
/// `Diagnostic` as it is (a `.trap`, or an `.exit` such as WASI's `proc_exit`), anything else
/// as the trap `host function failed: …`.
public struct HostFunction {
    public var type: FuncType
    public var body: (Caller, [Value]) throws -> [Value]

    public init(type: FuncType, _ body: @escaping (Caller, [Value]) throws -> [Value]) {
        self.type = type
        self.body = body
    }

    /// A host function that needs only its arguments.
    public init(type: FuncType, _ body: @escaping ([Value]) throws -> [Value]) {
        self.type = type
        self.body = { _, args in try body(args) }
    }
}

/// An instantiated module: a handle into its store.
public struct Instance {
    public let store: Store
    public let index: Int

    /// The export named `name`, if any.
    public func export(_ name: String) -> ExternalValue? { store.instances[index].exports[Name(name)] }

    /// Exports in declaration order.
    public var exports: [(name: String, value: ExternalValue)] { store.instances[index].exportOrder }
}

/// What an instance holds, by store address.
struct InstanceRecord {
    var types: [Int] = []
    var funcs: [Int] = []
    var tables: [Int] = []
    var memories: [Int] = []
    var globals: [Int] = []
    var tags: [Int] = []
    var elems: [Int] = []
    var datas: [Int] = []
    var exports: [Name: ExternalValue] = [:]
    var exportOrder: [(name: String, value: ExternalValue)] = []
    /// The name section's function names (for backtraces), by function index.
    var functionNames: [UInt32: String] = [:]
}

/// A name compared byte for byte: wasm names are UTF-8 strings that are equal only when their
/// bytes are (Swift's `String` equality would merge canonically equivalent spellings).
struct Name: Hashable {
    let bytes: [UInt8]
    init(_ s: String) { bytes = Array(s.utf8) }
}

struct GlobalRecord {
    /// Two words (v128 needs both), at a stable address compiled code reads directly.
    var cell: UnsafeMutablePointer<UInt64>
    /// The type with concrete heap types as canonical ids.
    var type: GlobalType
}

struct ElemRecord {
    var items: [UInt64]
    var type: RefType
}

/// The store: owns every function, table, memory, global, tag, segment and instance, as arenas
/// indexed by handles. Not thread-safe: one thread uses a store at a time.
public final class Store {
    public struct Configuration: Sendable {
        /// Total bytes all memories of the store may occupy; growth beyond returns -1.
        public var maxMemoryBytes: UInt64 = 4 << 30
        /// Largest number of elements of one table.
        public var maxTableElements: UInt64 = 10_000_000
        /// Call depth at which a call traps with `call stack exhausted`.
        public var maxCallDepth: Int = 20_000
        /// Size of the value stack in 64-bit slots.
        public var valueStackSlots: Int = 1 << 21
        /// When set, every call and loop iteration uses one unit; at zero the run traps `out of fuel`.
        public var fuel: UInt64? = nil
        /// Bytes the GC heap's objects may occupy. An allocation that would exceed it after a
        /// full collection traps (`out of GC heap memory`, phase `.exhaustion`); one larger than
        /// the limit by itself traps at once.
        public var maxGCHeapBytes: UInt64 = 4 << 30
        /// The least allocation volume between two collections (bytes). A collection gives the
        /// next cycle as much again as it found live, and at least this; 0 collects at every
        /// allocation (a stress test of the collector).
        public var gcTriggerBytes: Int = 4 << 20
        /// Whether common adjacent pairs of instructions run as one (`Handlers.pairs`); tests
        /// turn it off to check a pair against its two instructions run one by one.
        var pairedHandlers = true
        /// Whether f32 and f64 results are carried to the next instruction in a register as well
        /// (FloatAccumulator.swift); tests turn it off to compare.
        var floatAccumulator = true
        /// Whether a function's body is compiled at its first call (the default: instantiating
        /// a module with many functions costs little more than its records) or every body at
        /// instantiation, where a body the interpreter cannot run then fails `instantiate`
        /// instead of its first call.
        public var lazyCompilation = true

        public init() {}
    }

    /// What `memory.grow` did over the store's life (for `wasm-run --stats`): counted in the
    /// grow path, so it costs nothing elsewhere.
    public struct MemoryStatistics: Sendable {
        /// Calls of `memory.grow` (and `Store.grow`), failed ones included.
        public var growCalls = 0
        /// Calls that returned -1.
        public var failedGrows = 0
        /// Pages added by the calls that succeeded.
        public var pagesGrown: UInt64 = 0
        /// How many successful calls asked for each size in pages.
        public var growSizes: [UInt64: Int] = [:]
    }

    public let configuration: Configuration
    public internal(set) var memoryStatistics = MemoryStatistics()
    /// Bytes all memories of the store occupy together (the largest they reached: memories
    /// never shrink).
    public var memoryBytes: UInt64 { totalMemoryBytes }
    /// Remaining fuel (meaningful when `configuration.fuel` is set). Can be refilled.
    public var fuel: UInt64 = 0

    // Functions: a manually grown buffer so the run loop reads entries without ARC.
    var funcs: UnsafeMutablePointer<FuncEntry>
    var funcCount = 0
    var funcCapacity = 64
    var funcTypes: [FuncType] = []
    var hostFunctions: [HostFunction] = []

    var memories: [UnsafeMutablePointer<MemoryState>] = []
    var tables: [UnsafeMutablePointer<TableState>] = []
    var globals: [GlobalRecord] = []
    var tags: [Int] = []
    var datas: [[UInt8]] = []
    var elems: [ElemRecord] = []
    var instances: [InstanceRecord] = []
    var registered: [Name: [Name: ExternalValue]] = [:]
    var typeRegistry = TypeRegistry()
    var totalMemoryBytes: UInt64 = 0

    // Execution state: one value stack and one control stack, reused across (nested) invocations.
    var stack: UnsafeMutablePointer<UInt64>?
    var stackTop = 0
    var frames: UnsafeMutablePointer<Frame>?
    /// The first free frame record while a host function runs (nested invocations start there).
    var frameTop: UnsafeMutablePointer<Frame>?
    let emptyMemory: UnsafeMutablePointer<MemoryState>
    /// Code and constants shared by host function entries (never executed).
    let hostStub: UnsafeMutablePointer<Inst>
    let hostConsts: UnsafeMutablePointer<UInt64>
    /// Nesting of `invoke` (host functions calling back into wasm), bounded like calls.
    var invokeDepth = 0
    var pendingError: Diagnostic?
    /// Appended to the next trap's message (e.g. the element index of `uninitialized element`).
    var trapDetail = ""
    /// Lazy compilation (Store+Compile.swift): each instance's compile context while some of its
    /// bodies are not compiled, the defined index of each uncompiled function by store address,
    /// and the `call`s of compiled code waiting for their callee to be compiled to be linked.
    var lazyInstances: [Int: LazyInstance] = [:]
    var uncompiled: [Int: Int] = [:]
    var pendingLinks: [Int: [CallSite]] = [:]
    /// Exception handling state (see Executor+Exceptions.swift).
    var exceptionState = ExceptionState()
    /// Where the last trap left the wasm stack: an instruction of each frame, innermost first
    /// (`Store+Backtrace.swift`).
    var trapSites: [UnsafePointer<Inst>] = []
    var omittedTrapFrames = 0
    /// The GC heap (see GCHeap.swift, Store+GC.swift).
    let heap: GCHeap
    /// References the host holds, by slot word (see `objectReference`).
    var hostRoots: [UInt64: HostRoot] = [:]
    /// References held only by Swift code of the store while it allocates (constant
    /// expressions being evaluated, segments being built).
    var tempRoots: [UInt64] = []
    /// Tells this store's host handles from other stores'.
    let storeID = UInt64.random(in: 1...UInt64.max)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        heap = GCHeap(limit: Int(clamping: configuration.maxGCHeapBytes), minimumTrigger: configuration.gcTriggerBytes)
        funcs = .allocate(capacity: funcCapacity)
        emptyMemory = .allocate(capacity: 1)
        emptyMemory.initialize(to: MemoryState(
            base: RawAlloc.zeroed(bytes: 16) ?? UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16),
            byteCount: 0, maxPages: 0, is64: false, type: MemoryType(limits: Limits(min: 0, max: 0)),
            pageSizeLog2: 16, shared: nil))
        fuel = configuration.fuel ?? 0
        hostStub = .allocate(capacity: 1)
        hostStub.initialize(to: Inst(.unreachable))
        Inst.resolveHandlers(hostStub, count: 1)
        hostConsts = .allocate(capacity: 1)
        hostConsts.initialize(to: 0)
    }

    deinit {
        for i in 0..<funcCount {
            if funcs[i].code != hostStub { funcs[i].code.deallocate() }
            if funcs[i].consts != hostConsts { funcs[i].consts.deallocate() }
        }
        funcs.deallocate()
        for m in memories {
            if m.pointee.shared == nil { RawAlloc.release(m.pointee.base) }
            m.deinitialize(count: 1)
            m.deallocate()
        }
        RawAlloc.release(emptyMemory.pointee.base)
        emptyMemory.deallocate()
        for t in tables { t.pointee.elements.deallocate(); t.deallocate() }
        for g in globals { g.cell.deallocate() }
        hostStub.deallocate()
        hostConsts.deallocate()
        if let s = stack { free(s) }
        frames?.deallocate()
    }

    // MARK: Registration (the script's `register`)

    /// Makes an instance's exports importable under `name`.
    public func register(_ instance: Instance, as name: String) {
        registered[Name(name)] = instances[instance.index].exports
    }

    /// Makes a host module (named external values) importable under `name`.
    public func register(_ exports: [String: ExternalValue], as name: String) {
        var d: [Name: ExternalValue] = [:]
        for (k, v) in exports { d[Name(k)] = v }
        registered[Name(name)] = d
    }

    /// The external value registered as `module`.`name`.
    public func registeredExport(module: String, name: String) -> ExternalValue? { registered[Name(module)]?[Name(name)] }

    // MARK: Allocation (host modules and instantiation)

    func addFunction(_ entry: FuncEntry, type: FuncType) -> Int {
        if funcCount == funcCapacity {
            let bigger = UnsafeMutablePointer<FuncEntry>.allocate(capacity: funcCapacity * 2)
            bigger.moveInitialize(from: funcs, count: funcCount)
            funcs.deallocate()
            funcs = bigger
            funcCapacity *= 2
        }
        (funcs + funcCount).initialize(to: entry)
        funcTypes.append(type)
        funcCount += 1
        return funcCount - 1
    }

    /// A host function, callable from wasm through an import and through `invoke`. The body
    /// reaches the store, the calling instance and its memory through its `Caller`: capturing
    /// the store instead would keep it alive forever.
    public func allocateFunction(type: FuncType, _ body: @escaping (Caller, [Value]) throws -> [Value]) -> FunctionAddress {
        allocateFunction(HostFunction(type: type, body))
    }

    /// A host function that needs only its arguments.
    public func allocateFunction(type: FuncType, _ body: @escaping ([Value]) throws -> [Value]) -> FunctionAddress {
        allocateFunction(HostFunction(type: type, body))
    }

    /// A host function, callable from wasm through an import and through `invoke`.
    public func allocateFunction(_ function: HostFunction) -> FunctionAddress {
        let type = function.type
        let canonical = typeRegistry.canonicalize(Self.singleTypeModule(type))
        hostFunctions.append(function)
        let entry = FuncEntry(code: hostStub, codeCount: 1, frameSize: 0,
                              paramSlots: Self.slotCount(type.params), resultSlots: Self.slotCount(type.results),
                              localStart: 0, localCount: 0, constStart: 0, consts: hostConsts, constCount: 0,
                              typeID: canonical.first ?? 0, mem0: emptyMemory, host: hostFunctions.count - 1,
                              instance: -1)
        return FunctionAddress(index: addFunction(entry, type: type))
    }

    /// A memory of the given type, zero-filled.
    public func allocateMemory(type: MemoryType) throws(Diagnostic) -> MemoryAddress {
        MemoryAddress(index: try makeMemory(type))
    }

    /// A table of the given type filled with `initial`.
    public func allocateTable(type: TableType, initial: Value? = nil) throws(Diagnostic) -> TableAddress {
        // What a table holds is read as its element type (call_indirect takes a function).
        if let v = initial, !valueMatches(v, .ref(type.elementType)) { throw Diagnostic(.link, "type mismatch: table initial value") }
        let fill = initial.map { slots(of: $0).0 } ?? 0
        return TableAddress(index: try makeTable(type, fill: fill))
    }

    /// A global of the given type holding `value`.
    public func allocateGlobal(type: GlobalType, value: Value) throws(Diagnostic) -> GlobalAddress {
        guard valueMatches(value, type.valType) else { throw Diagnostic(.link, "type mismatch: global value") }
        let (lo, hi) = slots(of: value)
        return GlobalAddress(index: makeGlobal(type, lo, hi))
    }

    /// A tag of the given function type (exception handling comes later; tags can be imported).
    public func allocateTag(type: FuncType) -> TagAddress {
        let id = typeRegistry.canonicalize(Self.singleTypeModule(type)).first ?? 0
        tags.append(id)
        return TagAddress(index: tags.count - 1)
    }

    func makeGlobal(_ type: GlobalType, _ lo: UInt64, _ hi: UInt64) -> Int {
        let cell = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        cell[0] = lo
        cell[1] = hi
        globals.append(GlobalRecord(cell: cell, type: type))
        return globals.count - 1
    }

    func makeMemory(_ type: MemoryType) throws(Diagnostic) -> Int {
        let is64 = type.limits.addressType == .i64
        let cap = type.maxPagesOfAddressType
        let maxPages = min(type.limits.max ?? cap, cap)
        guard type.limits.min <= cap else {
            throw Diagnostic(.instantiate, "memory size must be at most \(cap) pages")
        }
        let log2 = type.pageSizeLog2 ?? 16
        guard log2 < 64 else { throw Diagnostic(.instantiate, "invalid custom page size") }
        let room = configuration.maxMemoryBytes &- min(totalMemoryBytes, configuration.maxMemoryBytes)
        let bytes = type.limits.min << UInt64(log2)
        guard type.limits.min <= room >> UInt64(log2) else {
            throw Diagnostic(.instantiate, "out of memory: cannot allocate \(type.limits.min) pages (host limit \(configuration.maxMemoryBytes) bytes)")
        }
        if type.limits.shared {
            let shared = try SharedMemory(type: type, maxBytes: configuration.maxMemoryBytes)
            totalMemoryBytes += bytes
            return addMemory(shared)
        }
        // The address space for the memory's maximum (within the host limit) is reserved now.
        let (maxBytes, maxOverflow) = maxPages.multipliedReportingOverflow(by: UInt64(1) << UInt64(log2))
        let reserve = min(maxOverflow ? UInt64.max : maxBytes, configuration.maxMemoryBytes)
        guard let base = RawAlloc.zeroed(bytes: bytes, reserve: reserve) else {
            throw Diagnostic(.instantiate, "out of memory: cannot allocate \(type.limits.min) pages (host limit \(configuration.maxMemoryBytes) bytes)")
        }
        totalMemoryBytes += bytes
        let p = UnsafeMutablePointer<MemoryState>.allocate(capacity: 1)
        p.initialize(to: MemoryState(base: base, byteCount: bytes, maxPages: maxPages, is64: is64, type: type,
                                     pageSizeLog2: log2, shared: nil))
        memories.append(p)
        return memories.count - 1
    }

    /// This store's view of a shared memory (created here or elsewhere).
    func addMemory(_ shared: SharedMemory) -> Int {
        let type = shared.type
        let cap = type.maxPagesOfAddressType
        let p = UnsafeMutablePointer<MemoryState>.allocate(capacity: 1)
        p.initialize(to: MemoryState(base: shared.base, byteCount: shared.byteCount,
                                     maxPages: min(type.limits.max ?? cap, cap), is64: type.limits.addressType == .i64,
                                     type: type, pageSizeLog2: shared.pageSizeLog2, shared: shared))
        memories.append(p)
        return memories.count - 1
    }

    /// A shared memory made importable in this store: the same memory, at the same address,
    /// that every other store holding it uses (on any thread).
    public func allocateMemory(shared: SharedMemory) -> MemoryAddress {
        MemoryAddress(index: addMemory(shared))
    }

    /// The shared memory behind `memory`, to hand to other stores (nil when it is not shared).
    public func sharedMemory(_ memory: MemoryAddress) -> SharedMemory? {
        memory.index >= 0 && memory.index < memories.count ? memories[memory.index].pointee.shared : nil
    }

    func makeTable(_ type: TableType, fill: UInt64) throws(Diagnostic) -> Int {
        let is64 = type.limits.addressType == .i64
        let cap: UInt64 = is64 ? UInt64.max : UInt64(UInt32.max)
        let maxCount = min(type.limits.max ?? cap, cap)
        let n = type.limits.min
        guard n <= configuration.maxTableElements else {
            throw Diagnostic(.instantiate, "out of memory: table of \(n) elements exceeds the host limit")
        }
        let capacity = max(n, 1)
        let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(capacity))
        elements.initialize(repeating: fill, count: Int(capacity))
        let p = UnsafeMutablePointer<TableState>.allocate(capacity: 1)
        p.initialize(to: TableState(elements: elements, count: n, capacity: capacity, maxCount: maxCount, is64: is64, type: type))
        tables.append(p)
        return tables.count - 1
    }

    static func slotCount(_ types: [ValType]) -> UInt32 {
        var n: UInt32 = 0
        for t in types { n += t == .v128 ? 2 : 1 }
        return n
    }

    static func singleTypeModule(_ type: FuncType) -> Module {
        var m = Module()
        m.types = [SubType(composite: .func(type))]
        return m
    }

    // MARK: Inspection

    /// The type of a function.
    public func type(of function: FunctionAddress) -> FuncType? {
        function.index >= 0 && function.index < funcTypes.count ? funcTypes[function.index] : nil
    }

    /// The value of a global.
    public func value(of global: GlobalAddress) -> Value? {
        guard global.index >= 0 && global.index < globals.count else { return nil }
        let g = globals[global.index]
        return value(of: g.type.valType, g.cell[0], g.cell[1])
    }

    /// The type of a global.
    public func type(of global: GlobalAddress) -> GlobalType? {
        global.index >= 0 && global.index < globals.count ? globals[global.index].type : nil
    }

    /// Sets a global (the host may set immutable ones too, e.g. before linking).
    public func setValue(_ value: Value, of global: GlobalAddress) throws(Diagnostic) {
        guard global.index >= 0 && global.index < globals.count else { throw Diagnostic(.link, "unknown global") }
        let g = globals[global.index]
        guard valueMatches(value, g.type.valType) else { throw Diagnostic(.trap, "type mismatch: global value") }
        let (lo, hi) = slots(of: value)
        g.cell[0] = lo
        g.cell[1] = hi
    }

    /// The size of a memory in pages.
    public func pages(of memory: MemoryAddress) -> UInt64? {
        guard memory.index >= 0 && memory.index < memories.count else { return nil }
        memories[memory.index].pointee.refresh()
        return memories[memory.index].pointee.pages
    }

    /// The size of a memory in bytes (pages times its page size).
    public func byteCount(of memory: MemoryAddress) -> UInt64? {
        guard memory.index >= 0 && memory.index < memories.count else { return nil }
        memories[memory.index].pointee.refresh()
        return memories[memory.index].pointee.byteCount
    }

    /// Copies `count` bytes of a memory starting at `offset`.
    public func readMemory(_ memory: MemoryAddress, at offset: UInt64, count: Int) throws(Diagnostic) -> [UInt8] {
        guard memory.index >= 0 && memory.index < memories.count, count >= 0 else { throw Diagnostic(.trap, "unknown memory") }
        memories[memory.index].pointee.refresh()
        let m = memories[memory.index].pointee
        let (end, o) = offset.addingReportingOverflow(UInt64(count))
        guard !o, end <= m.byteCount else { throw Diagnostic(.trap, "out of bounds memory access") }
        let src = UnsafeRawBufferPointer(start: m.base + Int(offset), count: count)
        return Array(src)
    }

    /// Writes bytes into a memory at `offset`.
    public func writeMemory(_ memory: MemoryAddress, at offset: UInt64, bytes: [UInt8]) throws(Diagnostic) {
        guard memory.index >= 0 && memory.index < memories.count else { throw Diagnostic(.trap, "unknown memory") }
        memories[memory.index].pointee.refresh()
        let m = memories[memory.index].pointee
        let (end, o) = offset.addingReportingOverflow(UInt64(bytes.count))
        guard !o, end <= m.byteCount else { throw Diagnostic(.trap, "out of bounds memory access") }
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { (m.base + Int(offset)).copyMemory(from: s, byteCount: bytes.count) }
        }
    }

    /// The number of elements of a table.
    public func size(of table: TableAddress) -> UInt64? {
        table.index >= 0 && table.index < tables.count ? tables[table.index].pointee.count : nil
    }

    /// An element of a table.
    public func element(of table: TableAddress, at index: UInt64) throws(Diagnostic) -> Value {
        guard table.index >= 0 && table.index < tables.count else { throw Diagnostic(.trap, "unknown table") }
        let t = tables[table.index].pointee
        guard index < t.count else { throw Diagnostic(.trap, "out of bounds table access") }
        return value(of: .ref(t.type.elementType), t.elements[Int(index)], 0)
    }

    /// Grows a memory by `delta` pages; returns the old size, or nil when it cannot grow.
    public func grow(_ memory: MemoryAddress, by delta: UInt64) -> UInt64? {
        guard memory.index >= 0 && memory.index < memories.count else { return nil }
        let r = growMemory(memories[memory.index], by: delta)
        return r == UInt64.max ? nil : r
    }

    /// memory.grow: the old size in pages, or UInt64.max (-1) when the limits refuse.
    func growMemory(_ m: UnsafeMutablePointer<MemoryState>, by delta: UInt64) -> UInt64 {
        let r = growMemoryPages(m, by: delta)
        memoryStatistics.growCalls += 1
        if r == UInt64.max {
            memoryStatistics.failedGrows += 1
        } else {
            memoryStatistics.pagesGrown &+= delta
            memoryStatistics.growSizes[delta, default: 0] += 1
        }
        return r
    }

    private func growMemoryPages(_ m: UnsafeMutablePointer<MemoryState>, by delta: UInt64) -> UInt64 {
        let room = configuration.maxMemoryBytes &- min(totalMemoryBytes, configuration.maxMemoryBytes)
        let log2 = UInt64(m.pointee.pageSizeLog2)
        if let shared = m.pointee.shared {
            let r = shared.grow(by: delta, allowed: room)
            m.pointee.byteCount = shared.byteCount
            guard let old = r else { return UInt64.max }
            totalMemoryBytes += delta << log2
            return old
        }
        let old = m.pointee.pages
        let (newPages, o) = old.addingReportingOverflow(delta)
        guard !o, newPages <= m.pointee.maxPages else { return UInt64.max }
        if delta == 0 { return old }
        guard delta <= room >> log2 else { return UInt64.max }
        let addBytes = delta << log2
        let newBytes = newPages << log2
        guard let base = RawAlloc.grow(m.pointee.base, from: m.pointee.byteCount, to: newBytes) else { return UInt64.max }
        m.pointee.base = base
        m.pointee.byteCount = newBytes
        totalMemoryBytes += addBytes
        return old
    }

    /// table.grow: the old size, or UInt64.max (-1) when the limits refuse.
    func growTable(_ t: UnsafeMutablePointer<TableState>, by delta: UInt64, fill: UInt64) -> UInt64 {
        let old = t.pointee.count
        let (n, o) = old.addingReportingOverflow(delta)
        guard !o, n <= t.pointee.maxCount, n <= configuration.maxTableElements else { return UInt64.max }
        if n > t.pointee.capacity {
            let cap = max(n, min(t.pointee.capacity &* 2, configuration.maxTableElements))
            let e = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(cap))
            e.moveInitialize(from: t.pointee.elements, count: Int(old))
            (e + Int(old)).initialize(repeating: 0, count: Int(cap - old))
            t.pointee.elements.deallocate()
            t.pointee.elements = e
            t.pointee.capacity = cap
        }
        (t.pointee.elements + Int(old)).update(repeating: fill, count: Int(delta))
        t.pointee.count = n
        return old
    }
}
