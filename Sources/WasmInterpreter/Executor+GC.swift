#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

// The GC instructions that are rare or long: array allocation and the bulk array instructions.
// Operands sit in consecutive slots from `b` (the compiler materializes them there), so the
// slots up to the last operand are all the current frame holds live when an allocation
// collects.

extension Store {
    func executeGC(_ i: Inst, _ fp: UnsafeMutablePointer<UInt64>) -> TrapCode {
        let b = Int(i.b)
        let shift = Int(truncatingIfNeeded: i.imm >> 40 & 7)
        let header = i.imm & 0xF_FFFF_FFFF
        switch i.op {
        case .arrayNew, .arrayNewDefault:
            let width = shift == 4 ? 2 : 1
            let lengthSlot = i.op == .arrayNew ? b + width : b
            let n = Int(u32(fp[lengthSlot]))
            guard let p = allocateArray(header, count: n, shift: shift, live: fp + lengthSlot + 1) else { return heapExhausted() }
            if i.op == .arrayNew {
                let lo = fp[b]
                let hi = width == 2 ? fp[b + 1] : 0
                fillElements(p, from: 0, count: n, shift: shift, lo, hi)
            } else {
                memset(p + ObjectHeader.arrayElements, 0, n << shift)
            }
            fp[Int(i.a)] = RefBits.object(p)
        case .arrayNewFixed:
            let n = Int(i.c)
            let width = shift == 4 ? 2 : 1
            guard let p = allocateArray(header, count: n, shift: shift, live: fp + b + n * width) else { return heapExhausted() }
            for k in 0..<n {
                let s = b + k * width
                storeElement(p, k, shift, fp[s], width == 2 ? fp[s + 1] : 0)
            }
            fp[Int(i.a)] = RefBits.object(p)
        case .arrayNewData:
            let offset = Int(u32(fp[b]))
            let n = Int(u32(fp[b + 1]))
            let d = Int(i.c)
            guard d < datas.count else { return .memoryOutOfBounds }
            let bytes = n << shift
            guard offset + bytes <= datas[d].count else { return .memoryOutOfBounds }
            guard let p = allocateArray(header, count: n, shift: shift, live: fp + b + 2) else { return heapExhausted() }
            copyData(d, offset, to: p + ObjectHeader.arrayElements, bytes)
            fp[Int(i.a)] = RefBits.object(p)
        case .arrayNewElem:
            let offset = Int(u32(fp[b]))
            let n = Int(u32(fp[b + 1]))
            let e = Int(i.c)
            guard e < elems.count, offset + n <= elems[e].items.count else { return .tableOutOfBounds }
            guard let p = allocateArray(header, count: n, shift: 3, live: fp + b + 2) else { return heapExhausted() }
            let items = elems[e].items
            for k in 0..<n { storeElement(p, k, 3, items[offset + k], 0) }
            fp[Int(i.a)] = RefBits.object(p)
        case .arrayFill:
            // ref, offset, value (one or two slots), count
            let width = shift == 4 ? 2 : 1
            guard let p = array(fp[b]) else { return .nullArrayReference }
            let offset = Int(u32(fp[b + 1]))
            let n = Int(u32(fp[b + 2 + width]))
            guard offset + n <= length(p) else { return .arrayOutOfBounds }
            fillElements(p, from: offset, count: n, shift: shift, fp[b + 2], width == 2 ? fp[b + 3] : 0)
        case .arrayCopy:
            // destination, its offset, source, its offset, count
            guard let dst = array(fp[b]), let src = array(fp[b + 2]) else { return .nullArrayReference }
            let d = Int(u32(fp[b + 1]))
            let s = Int(u32(fp[b + 3]))
            let n = Int(u32(fp[b + 4]))
            guard d + n <= length(dst), s + n <= length(src) else { return .arrayOutOfBounds }
            if n > 0 {
                memmove(dst + ObjectHeader.arrayElements + d << shift, src + ObjectHeader.arrayElements + s << shift, n << shift)
            }
        case .arrayInitData:
            // ref, destination offset, data offset, count
            guard let p = array(fp[b]) else { return .nullArrayReference }
            let d = Int(u32(fp[b + 1]))
            let s = Int(u32(fp[b + 2]))
            let n = Int(u32(fp[b + 3]))
            let seg = Int(i.c)
            guard d + n <= length(p) else { return .arrayOutOfBounds }
            guard seg < datas.count, s + n << shift <= datas[seg].count else { return .memoryOutOfBounds }
            copyData(seg, s, to: p + ObjectHeader.arrayElements + d << shift, n << shift)
        case .arrayInitElem:
            guard let p = array(fp[b]) else { return .nullArrayReference }
            let d = Int(u32(fp[b + 1]))
            let s = Int(u32(fp[b + 2]))
            let n = Int(u32(fp[b + 3]))
            let seg = Int(i.c)
            guard d + n <= length(p) else { return .arrayOutOfBounds }
            guard seg < elems.count, s + n <= elems[seg].items.count else { return .tableOutOfBounds }
            let items = elems[seg].items
            for k in 0..<n { storeElement(p, d + k, 3, items[s + k], 0) }
        default:
            return .unreachable
        }
        return .none
    }

    /// A new array's memory with its header and length set (elements not initialised); nil
    /// when the heap limit refuses it. `live`: the end of the frame's live slots.
    func allocateArray(_ header: UInt64, count n: Int, shift: Int,
                       live: UnsafeMutablePointer<UInt64>?) -> UnsafeMutableRawPointer? {
        guard let p = gcAllocate(bytes: ObjectHeader.arrayElements + n << shift, stackLimit: live) else { return nil }
        p.storeBytes(of: header, as: UInt64.self)
        p.storeBytes(of: UInt64(n), toByteOffset: 8, as: UInt64.self)
        return p
    }

    @inline(__always)
    private func array(_ w: UInt64) -> UnsafeMutableRawPointer? { w == 0 ? nil : RefBits.pointer(w) }

    @inline(__always)
    private func length(_ p: UnsafeMutableRawPointer) -> Int { Int(p.load(fromByteOffset: 8, as: UInt32.self)) }

    /// Writes element `k` (of `1 << shift` bytes) from slot words, truncating packed values.
    @inline(__always)
    func storeElement(_ p: UnsafeMutableRawPointer, _ k: Int, _ shift: Int, _ lo: UInt64, _ hi: UInt64) {
        let e = p + ObjectHeader.arrayElements + k << shift
        switch shift {
        case 0: e.storeBytes(of: UInt8(truncatingIfNeeded: lo), as: UInt8.self)
        case 1: e.storeBytes(of: UInt16(truncatingIfNeeded: lo), as: UInt16.self)
        case 2: e.storeBytes(of: UInt32(truncatingIfNeeded: lo), as: UInt32.self)
        case 3: e.storeBytes(of: lo, as: UInt64.self)
        default:
            e.storeBytes(of: lo, as: UInt64.self)
            e.storeBytes(of: hi, toByteOffset: 8, as: UInt64.self)
        }
    }

    /// The slot words of element `k`.
    func loadElement(_ p: UnsafeMutableRawPointer, _ k: Int, _ shift: Int) -> (UInt64, UInt64) {
        let e = p + ObjectHeader.arrayElements + k << shift
        switch shift {
        case 0: return (UInt64(e.load(as: UInt8.self)), 0)
        case 1: return (UInt64(e.load(as: UInt16.self)), 0)
        case 2: return (UInt64(e.load(as: UInt32.self)), 0)
        case 3: return (e.load(as: UInt64.self), 0)
        default: return (e.load(as: UInt64.self), e.load(fromByteOffset: 8, as: UInt64.self))
        }
    }

    private func fillElements(_ p: UnsafeMutableRawPointer, from start: Int, count n: Int, shift: Int, _ lo: UInt64, _ hi: UInt64) {
        if shift == 0 {
            memset(p + ObjectHeader.arrayElements + start, Int32(UInt8(truncatingIfNeeded: lo)), n)
            return
        }
        for k in start..<(start + n) { storeElement(p, k, shift, lo, hi) }
    }

    private func copyData(_ d: Int, _ offset: Int, to dst: UnsafeMutableRawPointer, _ bytes: Int) {
        guard bytes > 0 else { return }
        datas[d].withUnsafeBytes { src in
            if let s = src.baseAddress { dst.copyMemory(from: s + offset, byteCount: bytes) }
        }
    }
}
