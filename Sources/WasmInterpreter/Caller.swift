import WasmCore

/// What a host function works with while it runs: the store, the instance whose code called
/// it, and that instance's memory 0. A host function receives it as its first argument, so it
/// never needs to capture the store (a store captured by its own host function is never
/// freed: the closure and the store would keep each other alive).
///
/// A `Caller` is valid only during the call it was given to: it holds positions in the store's
/// run state. Memory views (`withMemory`) are valid only inside their closure: growing memory
/// or calling back into wasm may move it.
public struct Caller {
    /// The store the function runs in.
    public let store: Store
    /// Memory 0 of the calling function's instance (the store's empty memory when the host
    /// invoked the function directly, or the caller has no memory).
    let memory0: UnsafeMutablePointer<MemoryState>
    /// An instruction of the calling function (the call, or the one after it); nil when the
    /// host invoked the function directly.
    let callSite: UnsafePointer<Inst>?

    init(store: Store, memory0: UnsafeMutablePointer<MemoryState>, callSite: UnsafePointer<Inst>?) {
        self.store = store
        self.memory0 = memory0
        self.callSite = callSite
    }

    /// The instance whose function made the call; nil when the host invoked the function
    /// directly through `Store.invoke`. (Found from the call site: a scan of the store's
    /// functions, so read it once per call at most.)
    public var instance: Instance? {
        guard let site = callSite, let f = store.function(containing: site), f.instance >= 0 else { return nil }
        return Instance(store: store, index: f.instance)
    }

    /// The calling function's memory 0, if its instance has one.
    public var memory: MemoryAddress? {
        guard memory0 != store.emptyMemory, let i = store.memories.firstIndex(of: memory0) else { return nil }
        return MemoryAddress(index: i)
    }

    /// The size of the caller's memory 0 in bytes (0 without one).
    public var memoryByteCount: UInt64 { memory0.pointee.byteCount }

    /// Runs `body` on the caller's memory 0 in place (empty without one). The buffer is valid
    /// only inside `body`; `body` must not grow the memory or call into wasm.
    public func withMemory<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let m = memory0.pointee
        return try body(UnsafeMutableRawBufferPointer(start: m.base, count: Int(m.byteCount)))
    }

    /// A little-endian integer of the caller's memory at `address`.
    public func read<T: FixedWidthInteger>(_ type: T.Type, at address: UInt64) throws(Diagnostic) -> T {
        let m = memory0.pointee
        guard Self.inBounds(address, UInt64(MemoryLayout<T>.size), m.byteCount) else { throw Self.outOfBounds }
        return T(littleEndian: (m.base + Int(address)).loadUnaligned(as: T.self))
    }

    /// Writes a little-endian integer into the caller's memory at `address`.
    public func write<T: FixedWidthInteger>(_ value: T, at address: UInt64) throws(Diagnostic) {
        let m = memory0.pointee
        guard Self.inBounds(address, UInt64(MemoryLayout<T>.size), m.byteCount) else { throw Self.outOfBounds }
        (m.base + Int(address)).storeBytes(of: value.littleEndian, as: T.self)
    }

    /// Copies `count` bytes of the caller's memory starting at `address`.
    public func readBytes(at address: UInt64, count: Int) throws(Diagnostic) -> [UInt8] {
        let m = memory0.pointee
        guard count >= 0, Self.inBounds(address, UInt64(count), m.byteCount) else { throw Self.outOfBounds }
        return Array(UnsafeRawBufferPointer(start: m.base + Int(address), count: count))
    }

    /// Copies bytes into the caller's memory at `address`.
    public func writeBytes(_ bytes: [UInt8], at address: UInt64) throws(Diagnostic) {
        let m = memory0.pointee
        guard Self.inBounds(address, UInt64(bytes.count), m.byteCount) else { throw Self.outOfBounds }
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { (m.base + Int(address)).copyMemory(from: s, byteCount: bytes.count) }
        }
    }

    @inline(__always)
    static func inBounds(_ start: UInt64, _ count: UInt64, _ size: UInt64) -> Bool {
        let (end, o) = start.addingReportingOverflow(count)
        return !o && end <= size
    }

    static var outOfBounds: Diagnostic { Diagnostic(.trap, "out of bounds memory access") }
}

extension Store {
    /// The wasm function whose compiled code holds `pc` (off the hot path: a scan).
    func function(containing pc: UnsafePointer<Inst>) -> FuncEntry? {
        functionIndex(containing: pc).map { funcs[$0] }
    }

    /// The store address of the wasm function whose compiled code holds `pc`.
    func functionIndex(containing pc: UnsafePointer<Inst>) -> Int? {
        let p = UnsafeMutablePointer(mutating: pc)
        for k in 0..<funcCount where funcs[k].host < 0 {
            let e = funcs[k]
            if p >= e.code && p < e.code + e.codeCount { return k }
        }
        return nil
    }
}
