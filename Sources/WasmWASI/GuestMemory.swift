import WasmCore
import WasmInterpreter

/// The calling instance's memory during one WASI call, with bounds-checked accessors: a pointer
/// or length outside it is `EFAULT`, never a host access out of bounds. Little-endian, as wasm.
struct GuestMemory {
    let buffer: UnsafeMutableRawBufferPointer

    /// `count` bytes at `address`.
    func bytes(_ address: UInt32, _ count: UInt32) throws(Errno) -> UnsafeMutableRawBufferPointer {
        let end = UInt64(address) + UInt64(count)
        guard end <= UInt64(buffer.count), let base = buffer.baseAddress else {
            if count == 0 && UInt64(address) <= UInt64(buffer.count) { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
            throw .fault
        }
        return UnsafeMutableRawBufferPointer(start: base + Int(address), count: Int(count))
    }

    func load<T: FixedWidthInteger>(_ address: UInt32, as: T.Type) throws(Errno) -> T {
        let b = try bytes(address, UInt32(MemoryLayout<T>.size))
        return T(littleEndian: b.loadUnaligned(as: T.self))
    }

    func store<T: FixedWidthInteger>(_ value: T, at address: UInt32) throws(Errno) {
        let b = try bytes(address, UInt32(MemoryLayout<T>.size))
        b.storeBytes(of: value.littleEndian, as: T.self)
    }

    func u32(_ address: UInt32) throws(Errno) -> UInt32 { try load(address, as: UInt32.self) }

    /// Copies `data` to `address`.
    func write(_ data: [UInt8], at address: UInt32) throws(Errno) {
        let b = try bytes(address, UInt32(truncatingIfNeeded: data.count))
        guard data.count <= UInt32.max else { throw .fault }
        data.withUnsafeBytes { src in if let s = src.baseAddress, let d = b.baseAddress { d.copyMemory(from: s, byteCount: data.count) } }
    }

    /// A path or name argument: its bytes.
    func string(_ address: UInt32, _ count: UInt32) throws(Errno) -> [UInt8] {
        Array(try bytes(address, count))
    }

    /// An array of `iovec`/`ciovec` (`buf: u32, buf_len: u32`): the buffers it names.
    func vectors(_ address: UInt32, _ count: UInt32) throws(Errno) -> [UnsafeMutableRawBufferPointer] {
        guard count <= 1 << 16 else { throw .invalid }
        var out: [UnsafeMutableRawBufferPointer] = []
        out.reserveCapacity(Int(count))
        for k in 0..<count {
            let at = UInt64(address) + UInt64(k) * 8
            guard at <= UInt64(UInt32.max) else { throw .fault }
            let base = try u32(UInt32(at))
            let len = try u32(UInt32(at) &+ 4)
            out.append(try bytes(base, len))
        }
        return out
    }
}

/// The arguments of one WASI call.
struct Arguments {
    let values: [Value]

    func u32(_ k: Int) -> UInt32 {
        guard k < values.count else { return 0 }
        switch values[k] {
        case .i32(let v): return v
        case .i64(let v): return UInt32(truncatingIfNeeded: v)
        default: return 0
        }
    }

    func u64(_ k: Int) -> UInt64 {
        guard k < values.count else { return 0 }
        switch values[k] {
        case .i64(let v): return v
        case .i32(let v): return UInt64(v)
        default: return 0
        }
    }
}
