// Instruction names to opcodes, looked up on the bytes of a token. The parser looks up one name
// per instruction; going through `Opcode.byName` would allocate a `String` and run SipHash for
// each, which cost a fifth of the time of assembling a big module.
import WasmCore

/// An open-addressing hash table over `Opcode.byName`, keyed by the name's bytes.
final class OpcodeLookup: Sendable {
    static let shared = OpcodeLookup()

    /// The names, concatenated.
    private let pool: [UInt8]
    /// Per slot: the index of the entry + 1, or 0 for an empty slot.
    private let slots: [UInt16]
    private let starts: [UInt32]
    private let lengths: [UInt8]
    private let opcodes: [Opcode]
    private let mask: Int
    /// The feature of each opcode, by raw value (`op.info` copies a struct with references).
    let features: [Feature]
    /// The immediate shape of each opcode, by raw value.
    let shapes: [ImmediateShape]

    /// The immediate shape of `op`, without copying its `OpcodeInfo`.
    @inline(__always)
    static func shape(_ op: Opcode) -> ImmediateShape {
        let table = shared.shapes
        let i = Int(op.rawValue)
        return i < table.count ? table[i] : op.info.immediates
    }

    private init() {
        var pool: [UInt8] = []
        var starts: [UInt32] = []
        var lengths: [UInt8] = []
        var opcodes: [Opcode] = []
        for (name, op) in Opcode.byName where name.utf8.count < 256 {
            starts.append(UInt32(pool.count))
            lengths.append(UInt8(name.utf8.count))
            opcodes.append(op)
            pool.append(contentsOf: name.utf8)
        }
        var size = 1
        while size < opcodes.count * 4 { size <<= 1 }
        var slots = [UInt16](repeating: 0, count: size)
        for e in opcodes.indices {
            let s = Int(starts[e])
            var h = pool.withUnsafeBufferPointer { OpcodeLookup.hash($0, s, Int(lengths[e])) } & (size - 1)
            while slots[h] != 0 { h = (h + 1) & (size - 1) }
            slots[h] = UInt16(e + 1)
        }
        self.pool = pool
        self.slots = slots
        self.starts = starts
        self.lengths = lengths
        self.opcodes = opcodes
        self.mask = size - 1
        self.features = Opcode.allCases.map(\.info.feature)
        self.shapes = Opcode.allCases.map(\.info.immediates)
    }

    /// FNV-1a over `length` bytes at `start`.
    @inline(__always)
    private static func hash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int {
        var h: UInt32 = 2_166_136_261
        var i = start
        let end = start + length
        while i < end {
            h = (h ^ UInt32(b[i])) &* 16_777_619
            i &+= 1
        }
        return Int(h)
    }

    /// The opcode named by `bytes[start..<start+length]`, if that is a current instruction name.
    /// The current instruction named by `bytes[start..<start+length]` if `allowed` has its
    /// feature.
    func find(_ bytes: [UInt8], start: Int, length: Int, allowed: Features) -> Opcode? {
        guard let op = find(bytes, start: start, length: length) else { return nil }
        let i = Int(op.rawValue)
        guard i < features.count, allowed.contains(features[i]) else { return nil }
        return op
    }

    func find(_ bytes: [UInt8], start: Int, length: Int) -> Opcode? {
        guard start >= 0, length > 0, length < 256, start + length <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Opcode? in
            slots.withUnsafeBufferPointer { slots -> Opcode? in
                pool.withUnsafeBufferPointer { p -> Opcode? in
                    var h = OpcodeLookup.hash(b, start, length) & mask
                    while true {
                        let e = Int(slots[h])
                        if e == 0 { return nil }
                        if Int(lengths[e - 1]) == length {
                            let s = Int(starts[e - 1])
                            var k = 0
                            while k < length, p[s &+ k] == b[start &+ k] { k &+= 1 }
                            if k == length { return opcodes[e - 1] }
                        }
                        h = (h &+ 1) & mask
                    }
                }
            }
        }
    }
}
