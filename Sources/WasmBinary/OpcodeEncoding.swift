// The binary side of the opcode table as plain data (no strings), indexed by `Opcode.rawValue`,
// so the hot loops of the decoder and encoder do no reference counting per instruction.

import WasmCore

struct OpcodeEncoding: Sendable {
    let prefix: OpcodePrefix
    let code: UInt32
    let shape: ImmediateShape
    let feature: Feature

    /// Built from `Opcode.info`, the one table; nothing here is listed by hand.
    static let table: [OpcodeEncoding] = Opcode.allCases.map { op in
        let i = op.info
        return OpcodeEncoding(prefix: i.prefix, code: i.code, shape: i.immediates, feature: i.feature)
    }

    @inline(__always)
    static func of(_ op: Opcode) -> OpcodeEncoding { table[Int(op.rawValue)] }
}
