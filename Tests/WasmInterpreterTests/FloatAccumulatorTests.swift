import Testing
import WasmCore
@testable import WasmInterpreter

/// The float accumulators (FloatAccumulator.swift): an instruction marked to read an f64 operand
/// from it must give what it gives reading the slot, on every path that reaches it; the compiler
/// must not mark one that a jump lands on; and the marks must be there on the dependent chains
/// they are for. Debug builds (`swift test`) pause every 32 instructions, so the chains here also
/// pause and resume between a producer and the instruction reading its result.
@Suite struct FloatAccumulatorTests {
    static func pair(_ wat: String) throws -> (on: Instance, off: Instance) {
        var off = Store.Configuration()
        off.floatAccumulator = false
        return (try instance(wat), try instance(wat, store: Store(configuration: off)))
    }

    static let kernels = """
        (module
          (memory 1)
          ;; A dependent chain as in n-body: d2 = dx*dx + dy*dy + dz*dz; mag = dt / (d2 * sqrt d2).
          (func (export "chain") (param $dx f64) (param $dy f64) (param $dz f64) (param $dt f64) (result f64)
            (local $d2 f64)
            (local.set $d2 (f64.add (f64.add (f64.mul (local.get $dx) (local.get $dx))
                                             (f64.mul (local.get $dy) (local.get $dy)))
                                    (f64.mul (local.get $dz) (local.get $dz))))
            (f64.store (i32.const 8) (f64.sub (f64.load (i32.const 8)) (f64.mul (local.get $dx) (local.get $d2))))
            (f64.add (f64.load (i32.const 8))
              (f64.div (local.get $dt) (f64.mul (local.get $d2) (f64.sqrt (local.get $d2))))))
          ;; The value after the `if` comes from an f64 add on one arm and from a copy on the
          ;; other: the multiply at the join must read its slot (a jump lands there), while the
          ;; accumulator holds another f64 (the `f64.sub` before the `if`).
          (func (export "join") (param $c i32) (param $x f64) (param $y f64) (result f64) (local $t f64)
            (local.set $t (f64.sub (local.get $x) (local.get $y)))
            (f64.mul
              (if (result f64) (local.get $c)
                (then (f64.add (local.get $x) (local.get $y)))
                (else (local.get $y)))
              (local.get $t)))
          ;; A loop whose header reads the slot the instruction before the loop wrote; the back
          ;; edge comes from a body whose last float result is another value ($t): the header
          ;; is a label and must read its slot.
          (func (export "loop") (param $n i32) (param $x f64) (result f64) (local $s f64) (local $t f64)
            (local.set $s (f64.sqrt (local.get $x)))
            (loop $l
              (local.set $s (f64.add (f64.mul (local.get $s) (f64.const 0.5)) (local.get $x)))
              (local.set $t (f64.mul (local.get $s) (f64.const 3)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (f64.add (local.get $s) (local.get $t)))
          ;; 80 dependent operations: pauses fall between producers and their readers.
          (func (export "long") (param $x f64) (result f64)
            \(String(repeating: "(f64.add (f64.mul ", count: 40))(local.get $x)\(String(repeating: " (f64.const 1.0000001)) (f64.const -0.25))", count: 40)))
        )
        """

    static func f64(_ v: Double) -> Value { .f64(v.bitPattern) }

    @Test func markedInstructionsGiveWhatTheSlotsGive() throws {
        let (on, off) = try Self.pair(Self.kernels)
        let values: [Double] = [0, -0.0, 1.5, -3.25, 1e300, .infinity, -.infinity, .nan, .leastNormalMagnitude / 4]
        var calls = 0
        for x in values {
            for y in values {
                let cases: [(String, [Value])] = [
                    ("chain", [Self.f64(x), Self.f64(y), Self.f64(x - y), Self.f64(2)]),
                    ("join", [Value.i32(UInt32(1)), Self.f64(x), Self.f64(y)]), ("join", [Value.i32(UInt32(0)), Self.f64(x), Self.f64(y)]),
                    ("loop", [Value.i32(UInt32(5)), Self.f64(x)]), ("long", [Self.f64(y)]),
                ]
                for (name, args) in cases {
                    #expect(try on.store.invoke(on, name, args) == off.store.invoke(off, name, args), "\(name) \(args)")
                    calls += 1
                }
            }
        }
        #expect(calls == 405)
    }

    @Test func theMarkTakesNoSpace() {
        // `Inst.accumulator` sits in the padding after `op`: a compiled instruction stays 32 bytes.
        #expect(MemoryLayout<Inst>.size == 32)
    }

    @Test func dependentChainsAreMarkedAndJoinsAreNot() throws {
        let (on, off) = try Self.pair(Self.kernels)
        let chain = on.disassembly("chain")
        // mul -> mul-add (other) -> add; sub -> store of it; mul -> sqrt's reader; ...
        #expect(chain.components(separatedBy: " acc.").count - 1 >= 4, "\(chain)")
        #expect(!off.disassembly("chain").contains(" acc."))
        // The multiply after the `if` reads a slot a jump writes.
        let join = on.disassembly("join").split(separator: "\n")
        let mul = join.first { $0.contains(": f64Mul ") }
        #expect(mul != nil && !(mul?.contains(" acc.") ?? true), "\(join)")
        // The loop header (its first instruction) is not marked.
        let loop = on.disassembly("loop").split(separator: "\n").dropFirst()
        let header = loop.first { $0.contains("f64MulAdd") || $0.contains("f64Mul") }
        #expect(header != nil && !(header?.contains(" acc.") ?? true), "\(loop)")
        // 40 fused multiply-adds, each after the first reading the one before.
        #expect(on.disassembly("long").components(separatedBy: " acc.").count - 1 == 39)
    }

    /// Random straight-line and branching f64 and f32 code (seeded): results bit for bit the
    /// same with the accumulators on and off, NaN payloads included.
    @Test(arguments: ["f64", "f32"]) func randomFloatCodeAgrees(_ t: String) throws {
        var rng = SplitMix(seed: t == "f64" ? 0x5EED_F64 : 0x5EED_F32)
        let other = t == "f64" ? "f32" : "f64"
        let widen = t == "f64" ? "f64.promote_f32" : "f32.demote_f64"
        let leaves = ["(local.get $x)", "(local.get $y)", "(local.get $z)", "(\(t).const 0.5)", "(\(t).const -2)",
                      "(\(t).const nan:0x200001)", "(\(t).load (i32.const 16))", "(\(t).const 1e-40)"]
        let unary = ["sqrt", "neg", "abs", "ceil", "floor", "trunc", "nearest"]
        let binary = ["add", "sub", "mul", "div", "min", "max", "copysign"]
        func expr(_ depth: Int) -> String {
            if depth == 0 { return leaves[rng.next(leaves.count)] }
            switch rng.next(11) {
            case 0...1: return "(\(t).\(unary[rng.next(unary.count)]) \(expr(depth - 1)))"
            case 2: return "(if (result \(t)) (\(t).lt \(expr(depth - 1)) \(expr(depth - 1))) (then \(expr(depth - 1))) (else \(expr(depth - 1))))"
            case 3: return "(\(t).convert_i32_s (i32.trunc_sat_\(t)_s \(expr(depth - 1))))"
            case 4: return "(block (result \(t)) (local.set $z \(expr(depth - 1))) (\(t).store (i32.const 16) (local.get $z)) (local.get $z))"
            case 5: return "(\(widen) (\(other).mul (\(other).const 3) (\(t == "f64" ? "f32.demote_f64" : "f64.promote_f32") \(expr(depth - 1)))))"
            default: return "(\(t).\(binary[rng.next(binary.count)]) \(expr(depth - 1)) \(expr(depth - 1)))"
            }
        }
        var funcs = ""
        for k in 0..<40 {
            funcs += """
                (func (export "f\(k)") (param $x \(t)) (param $y \(t)) (result \(t)) (local $z \(t))
                  (local.set $z (\(t).mul (local.get $x) (local.get $y)))
                  \(expr(5)))

                """
        }
        let (on, off) = try Self.pair("(module (memory 1) (data (i32.const 16) \"\\00\\00\\c0\\7f\\00\\00\\f8\\7f\")\n\(funcs))")
        let inputs: [(Double, Double)] = [(1.5, -2.25), (0, -0.0), (.nan, 3), (1e308, 1e308), (-7, 0.125)]
        var marked = 0
        for k in 0..<40 {
            marked += on.disassembly("f\(k)").components(separatedBy: " acc.").count - 1
            for (x, y) in inputs {
                let args = t == "f64" ? [Self.f64(x), Self.f64(y)] : [Value.f32(Float(x)), Value.f32(Float(y))]
                #expect(try on.store.invoke(on, "f\(k)", args) == off.store.invoke(off, "f\(k)", args), "f\(k) \(x) \(y)")
            }
        }
        #expect(marked > 40)
    }
}

/// A small seeded generator (the tests' inputs must not change between runs).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
