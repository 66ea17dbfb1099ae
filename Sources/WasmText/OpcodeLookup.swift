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

    /// A hash of `length` bytes at `start`: names of eight bytes or more by their first and
    /// last eight bytes (loaded as words; sibling names such as `…_s`/`…_u` differ at the end),
    /// shorter ones byte by byte (FNV-1a).
    @inline(__always)
    private static func hash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int {
        guard let base = b.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
        var h: UInt64
        if length >= 8 {
            let first = base.loadUnaligned(fromByteOffset: start, as: UInt64.self)
            let last = base.loadUnaligned(fromByteOffset: start &+ length &- 8, as: UInt64.self)
            h = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        } else {
            h = 14_695_981_039_346_656_037
            var i = start
            let end = start &+ length
            while i < end {
                h = (h ^ UInt64(b[i])) &* 1_099_511_628_211
                i &+= 1
            }
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h & 0x7FFF_FFFF)
    }

    /// Whether `length` bytes at `a` + `i` and `b` + `j` are equal, a word at a time.
    @inline(__always)
    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ i: Int, _ b: UnsafeBufferPointer<UInt8>, _ j: Int, _ length: Int) -> Bool {
        guard let pa = a.baseAddress.map(UnsafeRawPointer.init), let pb = b.baseAddress.map(UnsafeRawPointer.init) else {
            return length == 0
        }
        var k = 0
        while k &+ 8 <= length {
            if pa.loadUnaligned(fromByteOffset: i &+ k, as: UInt64.self) != pb.loadUnaligned(fromByteOffset: j &+ k, as: UInt64.self) {
                return false
            }
            k &+= 8
        }
        while k < length {
            if a[i &+ k] != b[j &+ k] { return false }
            k &+= 1
        }
        return true
    }

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
                            if OpcodeLookup.equal(p, s, b, start, length) { return opcodes[e - 1] }
                        }
                        h = (h &+ 1) & mask
                    }
                }
            }
        }
    }
}
