// Robustness: random and mutated input through the decoder. Nothing may crash, and no input
// may take long (a slow one would point at a quadratic path or a count-driven allocation).

import Testing
import WasmBinary
import WasmCore

/// SplitMix64: deterministic, so a failure reproduces from the seed.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}

/// Small valid modules covering every section and many immediate shapes.
func sampleModules() -> [[UInt8]] {
    var out: [[UInt8]] = []

    var a = Module()
    a.types = [funcType([.i32, .i64], [.i32]), funcType(),
               SubType(composite: .struct([FieldType(.packed(.i8), mutable: true), FieldType(.val(.ref(.anyref)), mutable: false)])),
               SubType(isFinal: false, composite: .array(FieldType(.val(.f64), mutable: true)), explicitSub: true)]
    a.recGroups = [RecGroup(start: 2, count: 2, explicit: true)]
    a.imports = [Import(module: "env", name: "f", desc: .func(typeIndex: 1)),
                 Import(module: "env", name: "m", desc: .memory(MemoryType(limits: Limits(min: 1, max: 2))))]
    a.tables = [Table(type: TableType(elementType: .funcref, limits: Limits(min: 2)))]
    a.tags = [Tag(type: TagType(typeIndex: 1))]
    a.globals = [Global(type: GlobalType(.i32, mutable: true), initializer: expr(Instruction(.i32Const, .i32(42))))]
    var body = Expression()
    let labels = body.addLabels([0, 1])
    let catches = body.addCatches([Catch(kind: .catchAll, label: 0)])
    body.instructions = [
        Instruction(.block, .blockType(.value(.i32))),
        Instruction(.localGet, .index(0)),
        Instruction(.i32Load, .memArg(MemArg(offset: 4, align: 2))),
        Instruction(.localGet, .index(1)), Instruction(.i32WrapI64), Instruction(.i32Add),
        Instruction(.localGet, .index(0)),
        Instruction(.brTable, .brTable(labels)),
        Instruction(.end),
        Instruction(.tryTable, .tryTable(.empty, catches)), Instruction(.call, .index(0)), Instruction(.end),
        Instruction(.v128Const, .v128(V128(lo: 1, hi: 2))), Instruction(.i32x4ExtractLane, .lane(3)), Instruction(.drop),
        Instruction(.refNull, .heapType(.concrete(2))), Instruction(.refIsNull), Instruction(.drop),
        Instruction(.f64Const, .f64(0x4009_21FB_5444_2D18)), Instruction(.drop),
    ]
    body.instructions.append(Instruction(.end))
    a.functions = [Function(typeIndex: 0, locals: [.i32, .f32, .f32], body: body)]
    a.exports = [Export(name: "run", kind: .func, index: 1), Export(name: "g", kind: .global, index: 0)]
    a.elements = [ElementSegment(type: .funcref, mode: .active(index: 0, offset: expr(Instruction(.i32Const, .i32(0)))),
                                 items: [expr(Instruction(.refFunc, .index(1)))], usesExpressions: false)]
    a.datas = [DataSegment(mode: .active(index: 0, offset: expr(Instruction(.i32Const, .i32(16)))), bytes: Array("hello".utf8)),
               DataSegment(mode: .passive, bytes: [1, 2, 3])]
    a.hasDataCount = true
    a.customSections = [CustomSection(name: "meta", bytes: [1, 2, 3], placement: .after(1))]
    a.names.functions = [1: "run"]
    a.names.locals = [1: [0: "x"]]
    var named = EncodeOptions()
    named.debugNames = true
    out.append(BinaryEncoder.encode(a, options: named))

    var b = moduleWithBody(expr(
        Instruction(.loop, .blockType(.empty)),
        Instruction(.i32Const, .i32(1)), Instruction(.if, .blockType(.empty)),
        Instruction(.br, .index(1)), Instruction(.else), Instruction(.nop), Instruction(.end),
        Instruction(.end),
        Instruction(.memorySize, .index(0)), Instruction(.memoryGrow, .index(0)), Instruction(.drop)),
        locals: [.i64, .v128, .externref])
    b.memories = [Memory(type: MemoryType(limits: Limits(min: 1, addressType: .i64)))]
    b.start = 0
    out.append(BinaryEncoder.encode(b))

    out.append(withCodeBytes([0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x00, 0x0B]))
    return out
}

private func withCodeBytes(_ body: [UInt8]) -> [UInt8] {
    wasm((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (5, [0x01, 0x00, 0x01]),
         (10, [0x01] + ByteWriter.uleb(UInt64(body.count)) + body))
}

@Suite struct FuzzTests {
    /// Per input, in a debug build. Slow samples are re-run and the fastest run counts, so a
    /// preemption by another process on a shared machine is not taken for a slow input.
    static let budget = Duration.milliseconds(10)

    static func time(_ body: () -> Void) -> Duration {
        let clock = ContinuousClock()
        var best = clock.measure(body)
        var tries = 0
        while best > .milliseconds(2) && tries < 3 {
            best = min(best, clock.measure(body))
            tries += 1
        }
        return best
    }

    /// Builds the opcode table's lazy lookups before anything is timed.
    static func warmUp() {
        for s in sampleModules() { _ = try? BinaryDecoder.decode(s) }
    }

    @Test func samplesAreValidInput() throws {
        for s in sampleModules() {
            let m = try BinaryDecoder.decode(s)
            #expect(!m.functions.isEmpty)
        }
    }

    @Test func randomBytes() {
        Self.warmUp()
        var rng = SplitMix64(state: 0x5EED_0001)
        var slowest = Duration.zero
        var rejected = 0
        for i in 0..<10_000 {
            let n = rng.below(200)
            var bytes = (0..<n).map { _ in rng.byte() }
            // Most random strings die at the magic number; give half of them a valid preamble
            // so the section and instruction decoders see garbage too.
            if i % 2 == 0 { bytes = preamble + bytes }
            var failed = false
            let t = Self.time { failed = (try? BinaryDecoder.decode(bytes)) == nil }
            if failed { rejected += 1 }
            slowest = max(slowest, t)
        }
        print("random bytes: 10000 inputs, \(rejected) rejected, slowest \(slowest)")
        #expect(rejected > 9_000)
        #expect(slowest < Self.budget)
    }

    @Test func singleByteMutations() {
        Self.warmUp()
        var rng = SplitMix64(state: 0x5EED_0002)
        let samples = sampleModules()
        var slowest = Duration.zero
        var rejected = 0
        var unstable = 0
        for i in 0..<10_000 {
            var bytes = samples[i % samples.count]
            let at = rng.below(bytes.count)
            var v = rng.byte()
            if v == bytes[at] { v &+= 1 }
            bytes[at] = v
            var failure: Diagnostic?
            let t = Self.time {
                do throws(Diagnostic) {
                    let m = try BinaryDecoder.decode(bytes)
                    // Whatever decodes must encode, and decode again to the same module.
                    var o = EncodeOptions()
                    o.debugNames = true
                    let again = try BinaryDecoder.decode(BinaryEncoder.encode(m, options: o))
                    if comparable(again) != comparable(m) {
                        unstable += 1
                        if unstable <= 5 { print("UNSTABLE \(fieldDifference(comparable(m), comparable(again)))") }
                    }
                    failure = nil
                } catch {
                    failure = error
                }
            }
            if let failure {
                rejected += 1
                #expect(!failure.message.isEmpty)
            }
            slowest = max(slowest, t)
        }
        print("mutations: 10000 inputs, \(rejected) rejected, \(unstable) not stable under encode/decode, slowest \(slowest)")
        #expect(unstable == 0)
        #expect(rejected > 1_000)
        #expect(slowest < Self.budget)
    }

    @Test func truncations() {
        for s in sampleModules() {
            // A cut exactly between sections can leave a well-formed module.
            let boundaries = Set(((try? BinaryDecoder.sections(s)) ?? []).map(\.offset))
            for n in 0..<s.count where !boundaries.contains(n) {
                #expect(decodeError(Array(s[0..<n])) != nil, "prefix of length \(n) must be rejected")
            }
        }
    }
}

/// A module without offsets and custom section placements, which legitimately change when a
/// non-canonical input is re-encoded.
func comparable(_ m: Module) -> Module {
    var m = m
    func strip(_ e: inout WasmCore.Expression) { e.offsets = [] }
    for i in m.functions.indices {
        strip(&m.functions[i].body)
        m.functions[i].sourceOffset = 0
    }
    for i in m.globals.indices { strip(&m.globals[i].initializer) }
    for i in m.tables.indices {
        if var e = m.tables[i].initializer {
            strip(&e)
            m.tables[i].initializer = e
        }
    }
    for i in m.elements.indices {
        for j in m.elements[i].items.indices { strip(&m.elements[i].items[j]) }
        if case .active(let t, var off) = m.elements[i].mode {
            strip(&off)
            m.elements[i].mode = .active(index: t, offset: off)
        }
    }
    for i in m.datas.indices {
        if case .active(let t, var off) = m.datas[i].mode {
            strip(&off)
            m.datas[i].mode = .active(index: t, offset: off)
        }
    }
    for i in m.customSections.indices { m.customSections[i].placement = .after(0xFF) }
    return m
}

func fieldDifference(_ a: Module, _ b: Module) -> String {
    if a.types != b.types { return "types \(a.types) vs \(b.types)" }
    if a.recGroups != b.recGroups { return "recGroups \(a.recGroups) vs \(b.recGroups)" }
    if a.imports != b.imports { return "imports \(a.imports) vs \(b.imports)" }
    if a.functions != b.functions { return "functions" }
    if a.tables != b.tables { return "tables \(a.tables) vs \(b.tables)" }
    if a.memories != b.memories { return "memories \(a.memories) vs \(b.memories)" }
    if a.globals != b.globals { return "globals" }
    if a.tags != b.tags { return "tags" }
    if a.exports != b.exports { return "exports" }
    if a.start != b.start { return "start" }
    if a.elements != b.elements { return "elements \(a.elements) vs \(b.elements)" }
    if a.datas != b.datas { return "datas" }
    if a.hasDataCount != b.hasDataCount { return "hasDataCount" }
    if a.customSections != b.customSections { return "customs \(a.customSections) vs \(b.customSections)" }
    if a.names != b.names { return "names \(a.names) vs \(b.names)" }
    return "?"
}
