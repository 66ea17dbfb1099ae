#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

@inline(__always) private func u32(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
@inline(__always) private func ptr<T>(_ bits: UInt64, _: T.Type) -> UnsafeMutablePointer<T> {
    UnsafeMutablePointer<T>(bitPattern: UInt(truncatingIfNeeded: bits)).unsafelyUnwrapped
}
@inline(__always) private func rel(_ imm: UInt64) -> Int { Int(Int64(bitPattern: imm)) }

extension Store {
    /// Runs function `entry` whose frame starts at `startFP` (arguments in place) until it
    /// returns (results at `startFP[0...]`) or traps. Calls and returns are handled by the loop
    /// itself: wasm recursion never recurses in Swift.
    func execute(_ entry: Int, _ startFP: UnsafeMutablePointer<UInt64>) -> TrapCode {
        guard let stackBase = stack, let frameBase = frames else { return .callStackExhausted }
        let stackEnd = stackBase + configuration.valueStackSlots
        let maxDepth = configuration.maxCallDepth
        let entryFrameTop = frameTop
        // Frame records as a pointer pair: a call compares against the limit, a return against
        // the entry frame.
        let frameStart = entryFrameTop ?? frameBase
        let frameLimit = frameBase + maxDepth
        var frame = frameStart
        var funcs = self.funcs
        var fuel = Int64(clamping: self.fuel)
        defer {
            if configuration.fuel != nil { self.fuel = UInt64(max(fuel, 0)) }
            frameTop = entryFrameTop
        }

        var fp = startFP
        let first = funcs[entry]
        if fp + Int(first.frameSize) > stackEnd { return .callStackExhausted }
        Self.prepareFrame(funcs + entry, fp)
        var pc = first.code
        var mem0 = first.mem0
        var memBase = mem0.pointee.base
        var memSize = mem0.pointee.byteCount

        while true {
            // Operands are read where a case needs them, not all up front: the dispatch itself
            // then loads only the opcode.
            let ip = pc
            pc += 1
            switch ip.pointee.op {
            case .unreachable:
                return .unreachable
            case .br:
                pc += rel(ip.pointee.imm)
            case .brIf:
                if u32(fp[Int(ip.pointee.b)]) != 0 { pc += rel(ip.pointee.imm) }
            case .brIfNot:
                if u32(fp[Int(ip.pointee.b)]) == 0 { pc += rel(ip.pointee.imm) }
            case .brIfEqz:
                if u32(fp[Int(ip.pointee.b)]) == 0 { pc += rel(ip.pointee.imm) }
            case .brIfNez:
                if u32(fp[Int(ip.pointee.b)]) != 0 { pc += rel(ip.pointee.imm) }
            case .i32AddBrNez:
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r != 0 { pc += rel(ip.pointee.imm) }
            case .i32AddBrEqz:
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r == 0 { pc += rel(ip.pointee.imm) }
            case .i32SubBrNez:
                let r = u32(fp[Int(ip.pointee.b)]) &- u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r != 0 { pc += rel(ip.pointee.imm) }
            case .i32SubBrEqz:
                let r = u32(fp[Int(ip.pointee.b)]) &- u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r == 0 { pc += rel(ip.pointee.imm) }
            case .brIfI32Eq:
                if u32(fp[Int(ip.pointee.b)]) == u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32Ne:
                if u32(fp[Int(ip.pointee.b)]) != u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32LtS:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) < Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32LtU:
                if u32(fp[Int(ip.pointee.b)]) < u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32GtS:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) > Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32GtU:
                if u32(fp[Int(ip.pointee.b)]) > u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32LeS:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) <= Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32LeU:
                if u32(fp[Int(ip.pointee.b)]) <= u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32GeS:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >= Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32GeU:
                if u32(fp[Int(ip.pointee.b)]) >= u32(fp[Int(ip.pointee.c)]) { pc += rel(ip.pointee.imm) }
            case .brIfI32EqImm:
                if u32(fp[Int(ip.pointee.b)]) == ip.pointee.c { pc += rel(ip.pointee.imm) }
            case .brIfI32NeImm:
                if u32(fp[Int(ip.pointee.b)]) != ip.pointee.c { pc += rel(ip.pointee.imm) }
            case .brIfI32LtSImm:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) < Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
            case .brIfI32LtUImm:
                if u32(fp[Int(ip.pointee.b)]) < ip.pointee.c { pc += rel(ip.pointee.imm) }
            case .brIfI32GtSImm:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) > Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
            case .brIfI32GtUImm:
                if u32(fp[Int(ip.pointee.b)]) > ip.pointee.c { pc += rel(ip.pointee.imm) }
            case .brIfI32LeSImm:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) <= Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
            case .brIfI32LeUImm:
                if u32(fp[Int(ip.pointee.b)]) <= ip.pointee.c { pc += rel(ip.pointee.imm) }
            case .brIfI32GeSImm:
                if Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >= Int32(bitPattern: ip.pointee.c) { pc += rel(ip.pointee.imm) }
            case .brIfI32GeUImm:
                if u32(fp[Int(ip.pointee.b)]) >= ip.pointee.c { pc += rel(ip.pointee.imm) }
            case .i32AddImmBrNez:
                let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r != 0 { pc += rel(ip.pointee.imm) }
            case .i32AddImmBrEqz:
                let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
                fp[Int(ip.pointee.a)] = UInt64(r)
                if r == 0 { pc += rel(ip.pointee.imm) }
            case .i32AddImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c)
            case .i32MulImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) &* ip.pointee.c)
            case .i32AndImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) & ip.pointee.c)
            case .i32OrImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) | ip.pointee.c)
            case .i32XorImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) ^ ip.pointee.c)
            case .i32ShlImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) << (ip.pointee.c & 31))
            case .i32ShrUImm:
                fp[Int(ip.pointee.a)] = UInt64(u32(fp[Int(ip.pointee.b)]) >> (ip.pointee.c & 31))
            case .i32ShrSImm:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >> Int32(ip.pointee.c & 31)))
            case .i32AddBrLtU:
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                let imm = ip.pointee.imm
                if r < u32(fp[Int(truncatingIfNeeded: imm >> 32)]) { pc += Int(Int32(truncatingIfNeeded: imm)) } else { pc += 1 }
            case .i32AddImmBrLtU:
                let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
                fp[Int(ip.pointee.a)] = UInt64(r)
                let imm = ip.pointee.imm
                if r < u32(fp[Int(truncatingIfNeeded: imm >> 32)]) { pc += Int(Int32(truncatingIfNeeded: imm)) } else { pc += 1 }
            case .i32AddBrLtUImm:
                let r = u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(r)
                let imm = ip.pointee.imm
                if r < UInt32(truncatingIfNeeded: imm >> 32) { pc += Int(Int32(truncatingIfNeeded: imm)) } else { pc += 1 }
            case .i32AddImmBrLtUImm:
                let r = u32(fp[Int(ip.pointee.b)]) &+ ip.pointee.c
                fp[Int(ip.pointee.a)] = UInt64(r)
                let imm = ip.pointee.imm
                if r < UInt32(truncatingIfNeeded: imm >> 32) { pc += Int(Int32(truncatingIfNeeded: imm)) } else { pc += 1 }
            case .f64MulAddL:
                let p = Double(bitPattern: fp[Int(ip.pointee.b)]) * Double(bitPattern: fp[Int(ip.pointee.c)])
                let imm = ip.pointee.imm
                fp[Int(truncatingIfNeeded: imm >> 32)] = p.bitPattern
                let o = Double(bitPattern: fp[Int(truncatingIfNeeded: imm & 0xFFFF_FFFF)])
                fp[Int(ip.pointee.a)] = (o + p).bitPattern
                pc += 1
            case .f64MulAddR:
                let p = Double(bitPattern: fp[Int(ip.pointee.b)]) * Double(bitPattern: fp[Int(ip.pointee.c)])
                let imm = ip.pointee.imm
                fp[Int(truncatingIfNeeded: imm >> 32)] = p.bitPattern
                let o = Double(bitPattern: fp[Int(truncatingIfNeeded: imm & 0xFFFF_FFFF)])
                fp[Int(ip.pointee.a)] = (p + o).bitPattern
                pc += 1
            case .brTable:
                pc += Int(min(u32(fp[Int(ip.pointee.b)]), ip.pointee.c))
            case .copy:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
            case .copy2:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
                fp[Int(ip.pointee.a) + 1] = fp[Int(ip.pointee.b) + 1]
            case .fuel:
                fuel -= 1
                if fuel < 0 { return .outOfFuel }
            case .ret1:
                fp[0] = fp[Int(ip.pointee.b)]
                if frame == frameStart { return .none }
                frame -= 1
                let fr = frame.pointee
                pc = fr.returnPC
                fp = fr.fp
                mem0 = fr.mem0
                memBase = mem0.pointee.base
                memSize = mem0.pointee.byteCount
            case .i32AddRet1:
                fp[0] = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)]))
                if frame == frameStart { return .none }
                frame -= 1
                let fr = frame.pointee
                pc = fr.returnPC
                fp = fr.fp
                mem0 = fr.mem0
                memBase = mem0.pointee.base
                memSize = mem0.pointee.byteCount
            case .ret:
                if frame == frameStart { return .none }
                frame -= 1
                let fr = frame.pointee
                pc = fr.returnPC
                fp = fr.fp
                mem0 = fr.mem0
                memBase = mem0.pointee.base
                memSize = mem0.pointee.byteCount
            case .call:
                let f = Int(truncatingIfNeeded: ip.pointee.imm)
                let e = funcs + f
                let newFP = fp + Int(ip.pointee.b)
                if e.pointee.host >= 0 {
                    frameTop = frame
                    let t = callHost(e.pointee.host, f, newFP)
                    frameTop = entryFrameTop
                    if t != .none { return t }
                    funcs = self.funcs
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                    continue
                }
                if frame >= frameLimit || newFP + Int(e.pointee.frameSize) > stackEnd { return .callStackExhausted }
                frame.initialize(to: Frame(returnPC: pc, fp: fp, mem0: mem0))
                frame += 1
                Self.prepareFrame(e, newFP)
                fp = newFP
                pc = e.pointee.code
                // Calls within an instance keep the cached memory (it is current: grows reload it).
                if e.pointee.mem0 != mem0 {
                    mem0 = e.pointee.mem0
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                }
            case .callIndirect:
                let f = tableFunction(ptr(ip.pointee.imm, TableState.self), fp[Int(ip.pointee.c)], typeID: Int(ip.pointee.a), funcs)
                if f < 0 { return TrapCode(rawValue: UInt8(-f)) ?? .unreachable }
                let e = funcs + f
                let newFP = fp + Int(ip.pointee.b)
                if e.pointee.host >= 0 {
                    frameTop = frame
                    let t = callHost(e.pointee.host, f, newFP)
                    frameTop = entryFrameTop
                    if t != .none { return t }
                    funcs = self.funcs
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                    continue
                }
                if frame >= frameLimit || newFP + Int(e.pointee.frameSize) > stackEnd { return .callStackExhausted }
                frame.initialize(to: Frame(returnPC: pc, fp: fp, mem0: mem0))
                frame += 1
                Self.prepareFrame(e, newFP)
                fp = newFP
                pc = e.pointee.code
                // Calls within an instance keep the cached memory (it is current: grows reload it).
                if e.pointee.mem0 != mem0 {
                    mem0 = e.pointee.mem0
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                }
            case .callRef:
                let r = fp[Int(ip.pointee.c)]
                if r == 0 { return .nullFunctionReference }
                let f = Int(r &- 1)
                let e = funcs + f
                let newFP = fp + Int(ip.pointee.b)
                if e.pointee.host >= 0 {
                    frameTop = frame
                    let t = callHost(e.pointee.host, f, newFP)
                    frameTop = entryFrameTop
                    if t != .none { return t }
                    funcs = self.funcs
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                    continue
                }
                if frame >= frameLimit || newFP + Int(e.pointee.frameSize) > stackEnd { return .callStackExhausted }
                frame.initialize(to: Frame(returnPC: pc, fp: fp, mem0: mem0))
                frame += 1
                Self.prepareFrame(e, newFP)
                fp = newFP
                pc = e.pointee.code
                // Calls within an instance keep the cached memory (it is current: grows reload it).
                if e.pointee.mem0 != mem0 {
                    mem0 = e.pointee.mem0
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                }
            case .returnCall, .returnCallIndirect, .returnCallRef:
                var f = Int(truncatingIfNeeded: ip.pointee.imm)
                if ip.pointee.op == .returnCallIndirect {
                    let r = tableFunction(ptr(ip.pointee.imm, TableState.self), fp[Int(ip.pointee.c)], typeID: Int(ip.pointee.a), funcs)
                    if r < 0 { return TrapCode(rawValue: UInt8(-r)) ?? .unreachable }
                    f = r
                } else if ip.pointee.op == .returnCallRef {
                    let r = fp[Int(ip.pointee.c)]
                    if r == 0 { return .nullFunctionReference }
                    f = Int(r &- 1)
                }
                let e = funcs[f]
                let args = fp + Int(ip.pointee.b)
                if e.host >= 0 {
                    frameTop = frame
                    let t = callHost(e.host, f, args)
                    frameTop = entryFrameTop
                    if t != .none { return t }
                    funcs = self.funcs
                    for k in 0..<Int(e.resultSlots) { fp[k] = args[k] }
                    if frame == frameStart { return .none }
                    frame -= 1
                    let fr = frame.pointee
                    pc = fr.returnPC
                    fp = fr.fp
                    mem0 = fr.mem0
                    memBase = mem0.pointee.base
                    memSize = mem0.pointee.byteCount
                    continue
                }
                for k in 0..<Int(e.paramSlots) { fp[k] = args[k] }
                if fp + Int(e.frameSize) > stackEnd { return .callStackExhausted }
                Self.prepareFrame(funcs + f, fp)
                pc = e.code
                mem0 = e.mem0
                memBase = mem0.pointee.base
                memSize = mem0.pointee.byteCount
            case .exnThrow, .exnThrowRef:
                let t = unwind(ip, pc: &pc, fp: &fp, frame: &frame, frameStart: frameStart, mem0: &mem0)
                if t != .none { return t }
                memBase = mem0.pointee.base
                memSize = mem0.pointee.byteCount
            case .select:
                fp[Int(ip.pointee.a)] = u32(fp[Int(truncatingIfNeeded: ip.pointee.imm)]) != 0 ? fp[Int(ip.pointee.b)] : fp[Int(ip.pointee.c)]
            case .select2:
                let take = u32(fp[Int(truncatingIfNeeded: ip.pointee.imm)]) != 0 ? Int(ip.pointee.b) : Int(ip.pointee.c)
                fp[Int(ip.pointee.a)] = fp[take]
                fp[Int(ip.pointee.a) + 1] = fp[take + 1]
            case .brOnNull:
                if fp[Int(ip.pointee.b)] == 0 { pc += rel(ip.pointee.imm) }
            case .brOnNonNull:
                if fp[Int(ip.pointee.b)] != 0 { pc += rel(ip.pointee.imm) }
            case .refIsNull:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] == 0 ? 1 : 0
            case .refAsNonNull:
                if fp[Int(ip.pointee.b)] == 0 { return .nullReference }
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)]
            case .globalGet:
                fp[Int(ip.pointee.a)] = ptr(ip.pointee.imm, UInt64.self).pointee
            case .globalSet:
                ptr(ip.pointee.imm, UInt64.self).pointee = fp[Int(ip.pointee.b)]
            case .globalGet2:
                let g = ptr(ip.pointee.imm, UInt64.self)
                fp[Int(ip.pointee.a)] = g[0]
                fp[Int(ip.pointee.a) + 1] = g[1]
            case .globalSet2:
                let g = ptr(ip.pointee.imm, UInt64.self)
                g[0] = fp[Int(ip.pointee.b)]
                g[1] = fp[Int(ip.pointee.b) + 1]

            // Memory 0, 32-bit addresses: the effective address cannot overflow 64 bits.
            case .load8S:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 1 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int8.self)))
            case .load8U:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 1 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self))
            case .load16S:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 2 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int16.self)))
            case .load16U:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 2 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self))
            case .load32S:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int32.self)))
            case .load32U:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
            case .load64:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
            case .load8SAdd:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 1 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int8.self)))
            case .load8UAdd:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 1 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.load(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self))
            case .load16SAdd:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 2 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int16.self)))
            case .load16UAdd:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 2 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self))
            case .load32SAdd:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: Int32.self)))
            case .load32UAdd:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
            case .load64Add:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)]) &+ u32(fp[Int(ip.pointee.c)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
            case .load32UAddShl:
                let imm = ip.pointee.imm
                let idx = u32(fp[Int(ip.pointee.b)]) << UInt32(truncatingIfNeeded: imm >> 32)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)]) &+ idx) &+ (imm & 0xFFFF_FFFF)
                if ea &+ 4 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = UInt64(memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self))
                pc += 1
            case .load64AddShl:
                let imm = ip.pointee.imm
                let idx = u32(fp[Int(ip.pointee.b)]) << UInt32(truncatingIfNeeded: imm >> 32)
                let ea = UInt64(u32(fp[Int(ip.pointee.c)]) &+ idx) &+ (imm & 0xFFFF_FFFF)
                if ea &+ 8 > memSize { return .memoryOutOfBounds }
                fp[Int(ip.pointee.a)] = memBase.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
                pc += 1
            case .store8:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 1 > memSize { return .memoryOutOfBounds }
                memBase.storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt8.self)
            case .store16:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 2 > memSize { return .memoryOutOfBounds }
                memBase.storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt16.self)
            case .store32:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 4 > memSize { return .memoryOutOfBounds }
                memBase.storeBytes(of: u32(fp[Int(ip.pointee.c)]), toByteOffset: Int(truncatingIfNeeded: ea), as: UInt32.self)
            case .store64:
                let ea = UInt64(u32(fp[Int(ip.pointee.b)])) &+ ip.pointee.imm
                if ea &+ 8 > memSize { return .memoryOutOfBounds }
                memBase.storeBytes(of: fp[Int(ip.pointee.c)], toByteOffset: Int(truncatingIfNeeded: ea), as: UInt64.self)
            case .loadG:
                let t = genericLoad(fp, a: Int(ip.pointee.a), b: Int(ip.pointee.b), c: ip.pointee.c, offset: ip.pointee.imm)
                if t != .none { return t }
            case .storeG:
                let t = genericStore(fp, a: Int(ip.pointee.a), b: Int(ip.pointee.b), c: ip.pointee.c, offset: ip.pointee.imm)
                if t != .none { return t }
            case .simd:
                let t = executeSIMD(ip, fp, mem0)
                if t != .none { return t }
                pc += Int(truncatingIfNeeded: ip.pointee.imm >> 48 & 0xFF)

            case .memorySize, .memoryGrow, .memoryFill, .memoryCopy, .memoryInit, .dataDrop,
                 .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill, .tableCopy, .tableInit, .elemDrop:
                let t = bulk(ip.pointee, fp)
                if t != .none { return t }
                memBase = mem0.pointee.base
                memSize = mem0.pointee.byteCount

            // BEGIN GENERATED NUMERIC (scripts/gen-numeric.py)
            case .i32Add:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x &+ y)
            case .i32Sub:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x &- y)
            case .i32Mul:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x &* y)
            case .i32And:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x & y)
            case .i32Or:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x | y)
            case .i32Xor:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x ^ y)
            case .i32Shl:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x &<< y)
            case .i32ShrU:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(x &>> y)
            case .i32ShrS:
                let x = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: x &>> y))
            case .i32Rotl:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64((x &<< y) | (x &>> (32 &- y)))
            case .i32Rotr:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64((x &>> y) | (x &<< (32 &- y)))
            case .i32DivU:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                if y == 0 { return .integerDivideByZero }
                fp[Int(ip.pointee.a)] = UInt64(x / y)
            case .i32RemU:
                let x = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                if y == 0 { return .integerDivideByZero }
                fp[Int(ip.pointee.a)] = UInt64(x % y)
            case .i32DivS:
                let x = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                if y == 0 { return .integerDivideByZero }
                if x == Int32.min && y == -1 { return .integerOverflow }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: x / y))
            case .i32RemS:
                let x = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])
                let y = Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)])
                if y == 0 { return .integerDivideByZero }
                fp[Int(ip.pointee.a)] = y == -1 ? 0 : UInt64(UInt32(bitPattern: x % y))
            case .i32Clz:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]).leadingZeroBitCount)
            case .i32Ctz:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]).trailingZeroBitCount)
            case .i32Popcnt:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]).nonzeroBitCount)
            case .i32Eqz:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) == 0 ? 1 : 0
            case .i32Eq:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) == UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64Eq:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] == fp[Int(ip.pointee.c)] ? 1 : 0
            case .i32Ne:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) != UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64Ne:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] != fp[Int(ip.pointee.c)] ? 1 : 0
            case .i32LtU:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) < UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32LtS:
                fp[Int(ip.pointee.a)] = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) < Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64LtU:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] < fp[Int(ip.pointee.c)] ? 1 : 0
            case .i64LtS:
                fp[Int(ip.pointee.a)] = Int64(bitPattern: fp[Int(ip.pointee.b)]) < Int64(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32GtU:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) > UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32GtS:
                fp[Int(ip.pointee.a)] = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) > Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64GtU:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] > fp[Int(ip.pointee.c)] ? 1 : 0
            case .i64GtS:
                fp[Int(ip.pointee.a)] = Int64(bitPattern: fp[Int(ip.pointee.b)]) > Int64(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32LeU:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) <= UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32LeS:
                fp[Int(ip.pointee.a)] = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) <= Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64LeU:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] <= fp[Int(ip.pointee.c)] ? 1 : 0
            case .i64LeS:
                fp[Int(ip.pointee.a)] = Int64(bitPattern: fp[Int(ip.pointee.b)]) <= Int64(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32GeU:
                fp[Int(ip.pointee.a)] = UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >= UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i32GeS:
                fp[Int(ip.pointee.a)] = Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)]) >= Int32(truncatingIfNeeded: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64GeU:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] >= fp[Int(ip.pointee.c)] ? 1 : 0
            case .i64GeS:
                fp[Int(ip.pointee.a)] = Int64(bitPattern: fp[Int(ip.pointee.b)]) >= Int64(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .f32Eq:
                fp[Int(ip.pointee.a)] = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])) == Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])) ? 1 : 0
            case .f64Eq:
                fp[Int(ip.pointee.a)] = Double(bitPattern: fp[Int(ip.pointee.b)]) == Double(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .f32Ne:
                fp[Int(ip.pointee.a)] = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])) != Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])) ? 1 : 0
            case .f64Ne:
                fp[Int(ip.pointee.a)] = Double(bitPattern: fp[Int(ip.pointee.b)]) != Double(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .f32Lt:
                fp[Int(ip.pointee.a)] = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])) < Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])) ? 1 : 0
            case .f64Lt:
                fp[Int(ip.pointee.a)] = Double(bitPattern: fp[Int(ip.pointee.b)]) < Double(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .f32Gt:
                fp[Int(ip.pointee.a)] = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])) > Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])) ? 1 : 0
            case .f64Gt:
                fp[Int(ip.pointee.a)] = Double(bitPattern: fp[Int(ip.pointee.b)]) > Double(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .f32Le:
                fp[Int(ip.pointee.a)] = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])) <= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])) ? 1 : 0
            case .f64Le:
                fp[Int(ip.pointee.a)] = Double(bitPattern: fp[Int(ip.pointee.b)]) <= Double(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .f32Ge:
                fp[Int(ip.pointee.a)] = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])) >= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)])) ? 1 : 0
            case .f64Ge:
                fp[Int(ip.pointee.a)] = Double(bitPattern: fp[Int(ip.pointee.b)]) >= Double(bitPattern: fp[Int(ip.pointee.c)]) ? 1 : 0
            case .i64Add:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x &+ y
            case .i64Sub:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x &- y
            case .i64Mul:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x &* y
            case .i64And:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x & y
            case .i64Or:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x | y
            case .i64Xor:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x ^ y
            case .i64Shl:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x &<< y
            case .i64ShrU:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = x &>> y
            case .i64ShrS:
                let x = Int64(bitPattern: fp[Int(ip.pointee.b)])
                let y = Int64(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: x &>> y)
            case .i64Rotl:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = (x &<< y) | (x &>> (64 &- y))
            case .i64Rotr:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                fp[Int(ip.pointee.a)] = (x &>> y) | (x &<< (64 &- y))
            case .i64DivU:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                if y == 0 { return .integerDivideByZero }
                fp[Int(ip.pointee.a)] = x / y
            case .i64RemU:
                let x = fp[Int(ip.pointee.b)]
                let y = fp[Int(ip.pointee.c)]
                if y == 0 { return .integerDivideByZero }
                fp[Int(ip.pointee.a)] = x % y
            case .i64DivS:
                let x = Int64(bitPattern: fp[Int(ip.pointee.b)])
                let y = Int64(bitPattern: fp[Int(ip.pointee.c)])
                if y == 0 { return .integerDivideByZero }
                if x == Int64.min && y == -1 { return .integerOverflow }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: x / y)
            case .i64RemS:
                let x = Int64(bitPattern: fp[Int(ip.pointee.b)])
                let y = Int64(bitPattern: fp[Int(ip.pointee.c)])
                if y == 0 { return .integerDivideByZero }
                fp[Int(ip.pointee.a)] = y == -1 ? 0 : UInt64(bitPattern: x % y)
            case .i64Clz:
                fp[Int(ip.pointee.a)] = UInt64(fp[Int(ip.pointee.b)].leadingZeroBitCount)
            case .i64Ctz:
                fp[Int(ip.pointee.a)] = UInt64(fp[Int(ip.pointee.b)].trailingZeroBitCount)
            case .i64Popcnt:
                fp[Int(ip.pointee.a)] = UInt64(fp[Int(ip.pointee.b)].nonzeroBitCount)
            case .i64Eqz:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] == 0 ? 1 : 0
            case .f32Abs:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] & 0x7FFF_FFFF
            case .f32Neg:
                fp[Int(ip.pointee.a)] = (fp[Int(ip.pointee.b)] ^ 0x8000_0000) & 0xFFFF_FFFF
            case .f32Copysign:
                fp[Int(ip.pointee.a)] = (fp[Int(ip.pointee.b)] & 0x7FFF_FFFF) | (fp[Int(ip.pointee.c)] & 0x8000_0000)
            case .f64Abs:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] & 0x7FFF_FFFF_FFFF_FFFF
            case .f64Neg:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] ^ 0x8000_0000_0000_0000
            case .f64Copysign:
                fp[Int(ip.pointee.a)] = (fp[Int(ip.pointee.b)] & 0x7FFF_FFFF_FFFF_FFFF) | (fp[Int(ip.pointee.c)] & 0x8000_0000_0000_0000)
            case .f32Ceil:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((x.rounded(.up)).bitPattern)
            case .f64Ceil:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (x.rounded(.up)).bitPattern
            case .f32Floor:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((x.rounded(.down)).bitPattern)
            case .f64Floor:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (x.rounded(.down)).bitPattern
            case .f32Trunc:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((x.rounded(.towardZero)).bitPattern)
            case .f64Trunc:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (x.rounded(.towardZero)).bitPattern
            case .f32Nearest:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((x.rounded(.toNearestOrEven)).bitPattern)
            case .f64Nearest:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (x.rounded(.toNearestOrEven)).bitPattern
            case .f32Sqrt:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                fp[Int(ip.pointee.a)] = UInt64((x.squareRoot()).bitPattern)
            case .f64Sqrt:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                fp[Int(ip.pointee.a)] = (x.squareRoot()).bitPattern
            case .f32Add:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                let y = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]))
                fp[Int(ip.pointee.a)] = UInt64((x + y).bitPattern)
            case .f64Add:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let y = Double(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = (x + y).bitPattern
            case .f32Sub:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                let y = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]))
                fp[Int(ip.pointee.a)] = UInt64((x - y).bitPattern)
            case .f64Sub:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let y = Double(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = (x - y).bitPattern
            case .f32Mul:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                let y = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]))
                fp[Int(ip.pointee.a)] = UInt64((x * y).bitPattern)
            case .f64Mul:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let y = Double(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = (x * y).bitPattern
            case .f32Div:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                let y = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]))
                fp[Int(ip.pointee.a)] = UInt64((x / y).bitPattern)
            case .f64Div:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let y = Double(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = (x / y).bitPattern
            case .f32Min:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                let y = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]))
                fp[Int(ip.pointee.a)] = UInt64((Numerics.fmin(x, y)).bitPattern)
            case .f64Min:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let y = Double(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = (Numerics.fmin(x, y)).bitPattern
            case .f32Max:
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
                let y = Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.c)]))
                fp[Int(ip.pointee.a)] = UInt64((Numerics.fmax(x, y)).bitPattern)
            case .f64Max:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let y = Double(bitPattern: fp[Int(ip.pointee.c)])
                fp[Int(ip.pointee.a)] = (Numerics.fmax(x, y)).bitPattern
            case .i32WrapI64:
                fp[Int(ip.pointee.a)] = fp[Int(ip.pointee.b)] & 0xFFFF_FFFF
            case .i64ExtendI32S:
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
            case .i64ExtendI32U:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))
            case .i32Extend8S:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: fp[Int(ip.pointee.b)]))))
            case .i32Extend16S:
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: fp[Int(ip.pointee.b)]))))
            case .i64Extend8S:
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
            case .i64Extend16S:
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
            case .i64Extend32S:
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
            case .i32TruncF32S:
                let x = Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
                let t = Numerics.truncCheck(x, lowerExclusive: -2147483649.0, upperExclusive: 2147483648.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(x)))
            case .i32TruncF32U:
                let x = Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
                let t = Numerics.truncCheck(x, lowerExclusive: -1.0, upperExclusive: 4294967296.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(x))
            case .i64TruncF32S:
                let x = Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
                let t = Numerics.truncCheck(x, lowerExclusive: -9223372036854777856.0, upperExclusive: 9223372036854775808.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(x))
            case .i64TruncF32U:
                let x = Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
                let t = Numerics.truncCheck(x, lowerExclusive: -1.0, upperExclusive: 18446744073709551616.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(x)
            case .i32TruncSatF32S:
                fp[Int(ip.pointee.a)] = Numerics.satI32(Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))))
            case .i32TruncSatF32U:
                fp[Int(ip.pointee.a)] = Numerics.satU32(Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))))
            case .i64TruncSatF32S:
                fp[Int(ip.pointee.a)] = Numerics.satI64(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
            case .i64TruncSatF32U:
                fp[Int(ip.pointee.a)] = Numerics.satU64(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])))
            case .i32TruncF64S:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let t = Numerics.truncCheck(x, lowerExclusive: -2147483649.0, upperExclusive: 2147483648.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(bitPattern: Int32(x)))
            case .i32TruncF64U:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let t = Numerics.truncCheck(x, lowerExclusive: -1.0, upperExclusive: 4294967296.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(UInt32(x))
            case .i64TruncF64S:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let t = Numerics.truncCheck(x, lowerExclusive: -9223372036854777856.0, upperExclusive: 9223372036854775808.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(bitPattern: Int64(x))
            case .i64TruncF64U:
                let x = Double(bitPattern: fp[Int(ip.pointee.b)])
                let t = Numerics.truncCheck(x, lowerExclusive: -1.0, upperExclusive: 18446744073709551616.0)
                if t != .none { return t }
                fp[Int(ip.pointee.a)] = UInt64(x)
            case .i32TruncSatF64S:
                fp[Int(ip.pointee.a)] = Numerics.satI32(Double(bitPattern: fp[Int(ip.pointee.b)]))
            case .i32TruncSatF64U:
                fp[Int(ip.pointee.a)] = Numerics.satU32(Double(bitPattern: fp[Int(ip.pointee.b)]))
            case .i64TruncSatF64S:
                fp[Int(ip.pointee.a)] = Numerics.satI64(Double(bitPattern: fp[Int(ip.pointee.b)]))
            case .i64TruncSatF64U:
                fp[Int(ip.pointee.a)] = Numerics.satU64(Double(bitPattern: fp[Int(ip.pointee.b)]))
            case .f32ConvertI32S:
                fp[Int(ip.pointee.a)] = UInt64(Float(Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])).bitPattern)
            case .f32ConvertI32U:
                fp[Int(ip.pointee.a)] = UInt64(Float(UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])).bitPattern)
            case .f32ConvertI64S:
                fp[Int(ip.pointee.a)] = UInt64(Float(Int64(bitPattern: fp[Int(ip.pointee.b)])).bitPattern)
            case .f32ConvertI64U:
                fp[Int(ip.pointee.a)] = UInt64(Float(fp[Int(ip.pointee.b)]).bitPattern)
            case .f32DemoteF64:
                fp[Int(ip.pointee.a)] = UInt64(Float(Double(bitPattern: fp[Int(ip.pointee.b)])).bitPattern)
            case .f64ConvertI32S:
                fp[Int(ip.pointee.a)] = Double(Int32(truncatingIfNeeded: fp[Int(ip.pointee.b)])).bitPattern
            case .f64ConvertI32U:
                fp[Int(ip.pointee.a)] = Double(UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)])).bitPattern
            case .f64ConvertI64S:
                fp[Int(ip.pointee.a)] = Double(Int64(bitPattern: fp[Int(ip.pointee.b)])).bitPattern
            case .f64ConvertI64U:
                fp[Int(ip.pointee.a)] = Double(fp[Int(ip.pointee.b)]).bitPattern
            case .f64PromoteF32:
                fp[Int(ip.pointee.a)] = Double(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(ip.pointee.b)]))).bitPattern
            // END GENERATED NUMERIC
            }
        }
    }

    /// Zeroes a new frame's locals and copies in its constants (short loops: most bodies have
    /// a handful of each, where a memset/memmove call would cost more than the copy).
    @inline(__always)
    static func prepareFrame(_ e: UnsafeMutablePointer<FuncEntry>, _ fp: UnsafeMutablePointer<UInt64>) {
        // Written out for small counts: a generic loop costs more in setup than the copies.
        let n = Int(e.pointee.localCount)
        if n != 0 {
            let locals = fp + Int(e.pointee.localStart)
            locals[0] = 0
            if n > 1 {
                locals[1] = 0
                var k = 2
                while k < n { locals[k] = 0; k += 1 }
            }
        }
        let m = Int(e.pointee.constCount)
        if m != 0 {
            let consts = fp + Int(e.pointee.constStart)
            let src = e.pointee.consts
            consts[0] = src[0]
            if m > 1 {
                consts[1] = src[1]
                var k = 2
                while k < m { consts[k] = src[k]; k += 1 }
            }
        }
    }

    /// The function a `call_indirect` reaches: its address, or a negated trap code.
    @inline(__always)
    func tableFunction(_ t: UnsafeMutablePointer<TableState>, _ index: UInt64, typeID: Int,
                       _ funcs: UnsafeMutablePointer<FuncEntry>) -> Int {
        let idx = t.pointee.is64 ? index : UInt64(u32(index))
        if idx >= t.pointee.count {
            trapDetail = " \(idx)"
            return -Int(TrapCode.undefinedElement.rawValue)
        }
        let r = t.pointee.elements[Int(idx)]
        if r == 0 {
            trapDetail = " \(idx)"
            return -Int(TrapCode.uninitializedElement.rawValue)
        }
        let f = Int(r &- 1)
        let actual = funcs[f].typeID
        if actual != typeID && !typeRegistry.isSubtype(actual, of: typeID) {
            return -Int(TrapCode.indirectCallTypeMismatch.rawValue)
        }
        return f
    }
}
