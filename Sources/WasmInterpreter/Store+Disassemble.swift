import WasmCore

extension Store {
    /// The compiled code of a function, one instruction a line (for debugging and tests).
    public func disassemble(_ function: FunctionAddress) -> String {
        guard function.index >= 0 && function.index < funcCount else { return "" }
        try? ensureCompiled(function.index)
        let e = funcs[function.index]
        if e.host >= 0 { return "host function\n" }
        var out = "frame \(e.frameSize) slots, locals \(e.localStart)+\(e.localCount), consts \(e.constStart)+\(e.constCount)\n"
        for k in 0..<e.codeCount {
            let i = e.code[k]
            // A handler other than the op's own is a pair's (`Handlers.pairs`) or a plain call's.
            let plain = [Handlers.callPlain, Handlers.i32AddImmCallPlain].contains { unsafeBitCast($0, to: UInt.self) == unsafeBitCast(i.handler, to: UInt.self) }
            let mark = i.accumulator != .none ? " acc.\(i.accumulator)" : Handlers.isOwnHandler(i) ? "" : (plain ? " plain" : " +next")
            out += "\(k): \(i.op) a=\(i.a) b=\(i.b) c=\(i.c) imm=\(Int64(bitPattern: i.imm))\(mark)\n"
        }
        return out
    }
}
