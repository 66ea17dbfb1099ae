import WasmCore

extension Store {
    /// The compiled code of a function, one instruction a line (for debugging and tests).
    public func disassemble(_ function: FunctionAddress) -> String {
        guard function.index >= 0 && function.index < funcCount else { return "" }
        let e = funcs[function.index]
        if e.host >= 0 { return "host function\n" }
        var out = "frame \(e.frameSize) slots, locals \(e.localStart)+\(e.localCount), consts \(e.constStart)+\(e.constCount)\n"
        for k in 0..<e.codeCount {
            let i = e.code[k]
            // A handler other than the op's own is a pair's (`Handlers.pairs`).
            let paired = unsafeBitCast(i.handler, to: UInt.self) != unsafeBitCast(Handlers.table[Int(i.op.rawValue)], to: UInt.self)
            out += "\(k): \(i.op) a=\(i.a) b=\(i.b) c=\(i.c) imm=\(Int64(bitPattern: i.imm))\(paired ? " +next" : "")\n"
        }
        return out
    }
}
