#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

// The run loop's out-of-line paths: memories other than the fast one, bulk memory and table
// instructions, and calls into host functions. They may touch class state; the hot path never does.

extension Store {
    @inline(__always)
    private func address(_ v: UInt64, _ is64: Bool) -> UInt64 { is64 ? v : UInt64(UInt32(truncatingIfNeeded: v)) }

    /// Whether [start, start + count) lies within `size`, without overflow.
    @inline(__always)
    private func inBounds(_ start: UInt64, _ count: UInt64, _ size: UInt64) -> Bool {
        let (end, o) = start.addingReportingOverflow(count)
        return !o && end <= size
    }

    func genericLoad(_ fp: UnsafeMutablePointer<UInt64>, a: Int, b: Int, c: UInt32, offset: UInt64) -> TrapCode {
        memories[Int(c >> 8)].pointee.refresh()
        let m = memories[Int(c >> 8)].pointee
        guard let kind = AccessKind(rawValue: c & 0xFF) else { return .unreachable }
        let (ea, o) = address(fp[b], m.is64).addingReportingOverflow(offset)
        guard !o, inBounds(ea, kind.bytes, m.byteCount) else { return .memoryOutOfBounds }
        let p = m.base + Int(ea)
        switch kind {
        case .l8s: fp[a] = UInt64(bitPattern: Int64(p.load(as: Int8.self)))
        case .l8u: fp[a] = UInt64(p.load(as: UInt8.self))
        case .l16s: fp[a] = UInt64(bitPattern: Int64(p.loadUnaligned(as: Int16.self)))
        case .l16u: fp[a] = UInt64(p.loadUnaligned(as: UInt16.self))
        case .l32s: fp[a] = UInt64(bitPattern: Int64(p.loadUnaligned(as: Int32.self)))
        case .l32u: fp[a] = UInt64(p.loadUnaligned(as: UInt32.self))
        case .l64: fp[a] = p.loadUnaligned(as: UInt64.self)
        default: return .unreachable
        }
        return .none
    }

    func genericStore(_ fp: UnsafeMutablePointer<UInt64>, a: Int, b: Int, c: UInt32, offset: UInt64) -> TrapCode {
        memories[Int(c >> 8)].pointee.refresh()
        let m = memories[Int(c >> 8)].pointee
        guard let kind = AccessKind(rawValue: c & 0xFF) else { return .unreachable }
        let (ea, o) = address(fp[b], m.is64).addingReportingOverflow(offset)
        guard !o, inBounds(ea, kind.bytes, m.byteCount) else { return .memoryOutOfBounds }
        let p = m.base + Int(ea)
        let v = fp[a]
        switch kind {
        case .s8: p.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case .s16: p.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
        case .s32: p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        case .s64: p.storeBytes(of: v, as: UInt64.self)
        default: return .unreachable
        }
        return .none
    }

    /// Bulk memory and table instructions, memory.size/grow, table.get/set/size/grow.
    func bulk(_ i: Inst, _ fp: UnsafeMutablePointer<UInt64>) -> TrapCode {
        let a = Int(i.a)
        let b = Int(i.b)
        let c = Int(i.c)
        let hiIndex = Int(i.imm >> 32)
        let loIndex = Int(i.imm & 0xFFFF_FFFF)
        switch i.op {
        case .memorySize:
            memories[Int(i.imm)].pointee.refresh()
            fp[a] = memories[Int(i.imm)].pointee.pages
        case .memoryGrow:
            let m = memories[Int(i.imm)]
            let is64 = m.pointee.is64
            let r = growMemory(m, by: address(fp[b], is64))
            fp[a] = r == UInt64.max ? (is64 ? UInt64.max : 0xFFFF_FFFF) : r
        case .memoryFill:
            memories[Int(i.imm)].pointee.refresh()
            let m = memories[Int(i.imm)].pointee
            let d = address(fp[a], m.is64)
            let n = address(fp[c], m.is64)
            guard inBounds(d, n, m.byteCount) else { return .memoryOutOfBounds }
            if n > 0 { memset(m.base + Int(d), Int32(UInt8(truncatingIfNeeded: fp[b])), Int(n)) }
        case .memoryCopy:
            memories[hiIndex].pointee.refresh()
            memories[loIndex].pointee.refresh()
            let dm = memories[hiIndex].pointee
            let sm = memories[loIndex].pointee
            let d = address(fp[a], dm.is64)
            let s = address(fp[b], sm.is64)
            let n = address(fp[c], dm.is64 && sm.is64)
            guard inBounds(d, n, dm.byteCount), inBounds(s, n, sm.byteCount) else { return .memoryOutOfBounds }
            if n > 0 { memmove(dm.base + Int(d), sm.base + Int(s), Int(n)) }
        case .memoryInit:
            memories[hiIndex].pointee.refresh()
            let m = memories[hiIndex].pointee
            let d = address(fp[a], m.is64)
            let s = UInt64(UInt32(truncatingIfNeeded: fp[b]))
            let n = UInt64(UInt32(truncatingIfNeeded: fp[c]))
            let data = datas[loIndex]
            guard inBounds(s, n, UInt64(data.count)), inBounds(d, n, m.byteCount) else { return .memoryOutOfBounds }
            if n > 0 {
                data.withUnsafeBytes { src in
                    if let base = src.baseAddress { (m.base + Int(d)).copyMemory(from: base + Int(s), byteCount: Int(n)) }
                }
            }
        case .dataDrop:
            datas[Int(i.imm)] = []
        case .tableGet:
            let t = tablePointer(i.imm).pointee
            let idx = address(fp[b], t.is64)
            guard idx < t.count else { return .tableOutOfBounds }
            fp[a] = t.elements[Int(idx)]
        case .tableSet:
            let t = tablePointer(i.imm).pointee
            let idx = address(fp[b], t.is64)
            guard idx < t.count else { return .tableOutOfBounds }
            t.elements[Int(idx)] = fp[c]
        case .tableSize:
            fp[a] = tablePointer(i.imm).pointee.count
        case .tableGrow:
            let t = tablePointer(i.imm)
            let is64 = t.pointee.is64
            let r = growTable(t, by: address(fp[c], is64), fill: fp[b])
            fp[a] = r == UInt64.max ? (is64 ? UInt64.max : 0xFFFF_FFFF) : r
        case .tableFill:
            let t = tablePointer(i.imm).pointee
            let d = address(fp[a], t.is64)
            let n = address(fp[c], t.is64)
            guard inBounds(d, n, t.count) else { return .tableOutOfBounds }
            if n > 0 { (t.elements + Int(d)).update(repeating: fp[b], count: Int(n)) }
        case .tableCopy:
            let dt = tables[hiIndex].pointee
            let st = tables[loIndex].pointee
            let d = address(fp[a], dt.is64)
            let s = address(fp[b], st.is64)
            let n = address(fp[c], dt.is64 && st.is64)
            guard inBounds(d, n, dt.count), inBounds(s, n, st.count) else { return .tableOutOfBounds }
            if n > 0 { memmove(dt.elements + Int(d), st.elements + Int(s), Int(n) * 8) }
        case .tableInit:
            let t = tables[hiIndex].pointee
            let d = address(fp[a], t.is64)
            let s = UInt64(UInt32(truncatingIfNeeded: fp[b]))
            let n = UInt64(UInt32(truncatingIfNeeded: fp[c]))
            let items = elems[loIndex].items
            guard inBounds(s, n, UInt64(items.count)), inBounds(d, n, t.count) else { return .tableOutOfBounds }
            for k in 0..<Int(n) { t.elements[Int(d) + k] = items[Int(s) + k] }
        case .elemDrop:
            elems[Int(i.imm)].items = []
        default:
            return .unreachable
        }
        return .none
    }

    @inline(__always)
    private func tablePointer(_ bits: UInt64) -> UnsafeMutablePointer<TableState> {
        UnsafeMutablePointer<TableState>(bitPattern: UInt(truncatingIfNeeded: bits)).unsafelyUnwrapped
    }

    /// Calls host function `h` (store function `f`) with arguments at `fp`, writing results
    /// there. `memory0` and `site` (an instruction of the calling function) describe the caller.
    func callHost(_ h: Int, _ f: Int, _ fp: UnsafeMutablePointer<UInt64>,
                  memory0: UnsafeMutablePointer<MemoryState>, site: UnsafePointer<Inst>) -> TrapCode {
        let type = funcTypes[f]
        var args: [Value] = []
        args.reserveCapacity(type.params.count)
        var s = 0
        for p in type.params {
            args.append(value(of: p, fp[s], p == .v128 ? fp[s + 1] : 0))
            s += p == .v128 ? 2 : 1
        }
        clearTrapSites()
        let savedTop = stackTop
        if let base = stack {
            let used = fp - base
            stackTop = used + Int(max(funcs[f].paramSlots, funcs[f].resultSlots)) + 2
        }
        defer { stackTop = savedTop }
        let results: [Value]
        do {
            results = try hostFunctions[h].body(Caller(store: self, memory0: memory0, callSite: site), args)
        } catch let d as Diagnostic {
            pendingError = d
            return .hostError
        } catch {
            pendingError = Diagnostic(.trap, "host function failed: \(error)")
            return .hostError
        }
        guard results.count == type.results.count else {
            pendingError = Diagnostic(.trap, "type mismatch: host function returned \(results.count) values, expected \(type.results.count)")
            return .hostError
        }
        s = 0
        for (v, t) in zip(results, type.results) {
            guard valueMatches(v, t) else {
                pendingError = Diagnostic(.trap, "type mismatch: host function result")
                return .hostError
            }
            let (lo, hi) = slots(of: v)
            fp[s] = lo
            if t == .v128 { fp[s + 1] = hi }
            s += t == .v128 ? 2 : 1
        }
        return .none
    }
}
