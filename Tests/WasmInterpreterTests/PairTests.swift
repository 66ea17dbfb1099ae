import Testing
import WasmCore
@testable import WasmInterpreter

/// `Handlers.pairs`: each pair must give what its two instructions give run one by one, on
/// both sides of its branch and when its memory access traps; and it must be in use on the
/// code shape it was made for (the disassembly marks a paired instruction `+next`).
@Suite struct PairTests {
    /// Kernels in the shapes clang and hand-written loops produce, one per group of pairs.
    static let kernels = """
        (module
          (memory 1)
          ;; a free list in memory: nodes at 64, 128, 192, 256 (size at +0, next pointer at +4)
          (data (i32.const 64) "\\10\\00\\00\\00\\80\\00\\00\\00")
          (data (i32.const 128) "\\20\\00\\00\\00\\c0\\00\\00\\00")
          (data (i32.const 192) "\\30\\00\\00\\00\\00\\01\\00\\00")
          (data (i32.const 256) "\\40\\00\\00\\00\\00\\00\\00\\00")
          (data (i32.const 1024) "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10")
          ;; The last node before `limit` on the list from the head at 60: prev = p; p = *q;
          ;; if !p break; q = p + 4; while p < limit  (copy+load32UBrEqz, i32AddImm+brIfI32LtU).
          (func (export "walk") (param $limit i32) (result i32) (local $q i32) (local $p i32) (local $prev i32)
            (i32.store (i32.const 60) (i32.const 64))
            (local.set $q (i32.const 60))
            (block $done
              (loop $next
                (local.set $prev (local.get $p))
                (br_if $done (i32.eqz (local.tee $p (i32.load (local.get $q)))))
                (local.set $q (i32.add (local.get $p) (i32.const 4)))
                (br_if $next (i32.lt_u (local.get $p) (local.get $limit)))))
            (i32.add (i32.mul (local.get $prev) (i32.const 1000)) (local.get $p)))
          ;; Sizes of nodes read while the size is below `limit` (load32U+brIfI32LtU), through
          ;; two copied cursors (copyPair+load32U).
          (func (export "sizes") (param $node i32) (param $limit i32) (result i32) (local $s i32) (local $sum i32) (local $a i32) (local $b i32)
            (loop $next
              (local.set $a (local.get $node))
              (local.set $b (local.get $limit))
              (local.set $s (i32.load (local.get $a)))
              (local.set $sum (i32.add (local.get $sum) (local.get $s)))
              (local.set $node (i32.load offset=4 (local.get $node)))
              (br_if $next (i32.lt_u (local.get $s) (local.get $b))))
            (local.get $sum))
          ;; An unrolled byte copy of n bytes from 1024 to d (copy8Add pairs), pointers bumped
          ;; together (i32AddImm pairs); answers the bytes copied, summed with weights.
          (func (export "copy") (param $d i32) (param $n i32) (result i32) (local $s i32) (local $i i32) (local $h i32)
            (local.set $s (i32.const 1024))
            (loop $l
              (i32.store8 (local.get $d) (i32.load8_u (local.get $s)))
              (i32.store8 (i32.add (local.get $d) (i32.const 1)) (i32.load8_u (i32.add (local.get $s) (i32.const 1))))
              (i32.store8 (i32.add (local.get $d) (i32.const 2)) (i32.load8_u (i32.add (local.get $s) (i32.const 2))))
              (i32.store8 (i32.add (local.get $d) (i32.const 3)) (i32.load8_u (i32.add (local.get $s) (i32.const 3))))
              (local.set $d (i32.add (local.get $d) (i32.const 4)))
              (local.set $s (i32.add (local.get $s) (i32.const 4)))
              (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -4)))))
            (local.set $d (i32.sub (local.get $d) (i32.const 16)))
            (loop $sum
              (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (i32.load8_u (local.get $d))))
              (local.set $d (i32.add (local.get $d) (i32.const 1)))
              (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16))))
            (local.get $h))
          ;; A dot product of rows of f64 (load64AddShl+load64AddMul, f64MulAddL+i32AddImmBrLtUImm).
          (func (export "dot") (result f64) (local $k i32) (local $s f64)
            (loop $l
              (i32.store (i32.const 0) (local.get $k))
              (f64.store (i32.add (i32.const 2048) (i32.shl (local.get $k) (i32.const 3))) (f64.convert_i32_s (local.get $k)))
              (f64.store (i32.add (i32.const 4096) (i32.mul (local.get $k) (i32.const 16))) (f64.const 0.5))
              (br_if $l (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 64))))
            (local.set $k (i32.const 0))
            (loop $l
              (local.set $s (f64.add (local.get $s)
                (f64.mul (f64.load (i32.add (i32.const 2048) (i32.shl (local.get $k) (i32.const 3))))
                         (f64.load (i32.add (i32.const 4096) (i32.mul (local.get $k) (i32.const 16)))))))
              (br_if $l (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 64))))
            (local.get $s))
          ;; A pseudo-random generator whose value indexes a table call with copied arguments
          ;; (i32MulImmAddImm+i32ShrUImm, i32ShrUImm+copyPair) and a counted loop (copy+i32AddImmBrNez).
          (type $t (func (param i32 i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) $add $xor)
          (func $add (type $t) (i32.add (local.get 0) (local.get 1)))
          (func $xor (type $t) (i32.xor (local.get 0) (local.get 1)))
          (func (export "mix") (param $n i32) (result i32) (local $s i32) (local $h i32) (local $i i32) (local $j i32)
            (local.set $s (i32.const 7))
            (loop $l
              (local.set $j (local.get $n))
              (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 1103515245)) (i32.const 12345)))
              (local.set $i (i32.shr_u (local.get $s) (i32.const 31)))
              (local.set $h (call_indirect (type $t) (local.get $h) (local.get $s) (local.get $i)))
              (br_if $l (local.tee $n (i32.add (local.get $j) (i32.const -1)))))
            (local.get $h))
          ;; `switch` as clang compiles it: on a byte read through a pointer (load8U+brTable), on
          ;; a loaded word (load32U+brTable), and on a value less its lowest case (i32AddImm+brTable).
          (data (i32.const 2000) "\\00\\00\\00\\00\\01\\00\\00\\00\\02\\00\\00\\00\\07\\00\\00\\00")
          (func (export "byteSwitch") (param $p i32) (result i32)
            (block $d (block $two (block $one (block $zero
              (br_table $zero $one $two $d (i32.load8_u offset=1024 (local.get $p))))
              (return (i32.const 100)))
              (return (i32.const 101)))
              (return (i32.const 102)))
            (i32.const -1))
          (func (export "wordSwitch") (param $p i32) (result i32)
            (block $d (block $two (block $one (block $zero
              (br_table $zero $one $two $d (i32.load offset=2000 (local.get $p))))
              (return (i32.const 200)))
              (return (i32.const 201)))
              (return (i32.const 202)))
            (i32.const -2))
          (func (export "addSwitch") (param $c i32) (result i32)
            (block $d (block $two (block $one (block $zero
              (br_table $zero $one $two $d (i32.add (local.get $c) (i32.const -97))))
              (return (i32.const 300)))
              (return (i32.const 301)))
              (return (i32.const 302)))
            (i32.const -3))
        )
        """

    static func instances() throws -> (paired: Instance, single: Instance) {
        var off = Store.Configuration()
        off.pairedHandlers = false
        return (try instance(kernels), try instance(kernels, store: Store(configuration: off)))
    }

    static func trap(_ m: Instance, _ name: String, _ args: [Value]) -> Diagnostic? {
        do {
            _ = try m.store.invoke(m, name, args)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyPairIsUsedOnTheShapeItWasMadeFor() throws {
        let (paired, single) = try Self.instances()
        // (op, paired) per code slot of every kernel.
        var slots: [[(op: String, paired: Bool)]] = []
        for name in ["walk", "sizes", "copy", "dot", "mix", "byteSwitch", "wordSwitch", "addSwitch"] {
            slots.append(paired.disassembly(name).split(separator: "\n").dropFirst().map { line in
                let fields = line.split(separator: " ")
                return (fields.count > 1 ? String(fields[1]) : "", line.hasSuffix(" +next"))
            })
            #expect(!single.disassembly(name).contains("+next"))
        }
        for pair in Handlers.pairs {
            let used = slots.contains { code in
                code.indices.contains { k in
                    code[k].op == "\(pair.first)" && code[k].paired && k + pair.firstSlots < code.count
                        && code[k + pair.firstSlots].op == "\(pair.second)"
                }
            }
            #expect(used, "(\(pair.first), \(pair.second)) is not used by any kernel")
        }
    }

    @Test func pairsComputeWhatTheirInstructionsDo() throws {
        let (paired, single) = try Self.instances()
        var calls: [(name: String, args: [Value])] = [
            ("walk", [i32(0)]), ("walk", [i32(100)]), ("walk", [i32(150)]), ("walk", [i32(1000)]),
            ("sizes", [i32(64), i32(0x25)]), ("sizes", [i32(64), i32(1)]), ("sizes", [i32(192), i32(0x40)]),
            ("copy", [i32(3000), i32(16)]), ("copy", [i32(3001), i32(16)]),
            ("dot", []),
            ("mix", [i32(1)]), ("mix", [i32(1000)]),
        ]
        for k: Int32 in 0..<6 {
            calls.append(("byteSwitch", [i32(k * 7)]))
            calls.append(("wordSwitch", [i32(k * 4)]))
            calls.append(("addSwitch", [i32(k + 96)]))
        }
        for (name, args) in calls {
            let a = try paired.store.invoke(paired, name, args)
            let b = try single.store.invoke(single, name, args)
            #expect(a == b, "\(name)\(args)")
        }
        // Worked out by hand: the list 64 -> 128 -> 192 -> 256; below 150 the walk stops at 192.
        #expect(try paired.call("walk", i32(150)) == [i32(128_192)])
        #expect(try paired.call("walk", i32(1000)) == [i32(256_000)])
        let dot: Double = (0..<64).reduce(0.0) { sum, k in sum + Double(k) * 0.5 }
        #expect(try paired.call("dot") == [f64(dot)])
        #expect(try paired.call("sizes", i32(64), i32(0x25)) == [i32(0x10 + 0x20 + 0x30)])
        // Bytes at 1024 are 1, 2, ... 16, then zeros; words at 2000 are 0, 1, 2, 7.
        let switches: [(name: String, arg: Int32, result: Int32)] = [
            ("byteSwitch", 0, 101), ("byteSwitch", 1, 102), ("byteSwitch", 2, -1), ("byteSwitch", 16, 100),
            ("wordSwitch", 0, 200), ("wordSwitch", 4, 201), ("wordSwitch", 8, 202), ("wordSwitch", 12, -2),
            ("addSwitch", 96, -3), ("addSwitch", 97, 300), ("addSwitch", 98, 301), ("addSwitch", 99, 302), ("addSwitch", 100, -3),
        ]
        for (name, arg, result) in switches {
            #expect(try paired.call(name, i32(arg)) == [i32(result)], "\(name)(\(arg))")
        }
    }

    @Test func aTrapInEitherHalfIsTheInstructionsTrap() throws {
        let (paired, single) = try Self.instances()
        // `sizes` reads a node that straddles the end of memory (load32U after copyPair);
        // `copy` stores past the end of memory in the middle of its unrolled copies.
        // The switches' loads read past the end of memory.
        let traps: [(String, [Value])] = [("sizes", [i32(65534), i32(0x7fffffff)]), ("copy", [i32(65530), i32(16)]),
                                          ("byteSwitch", [i32(65536 - 1024)]), ("wordSwitch", [i32(65536 - 2002)])]
        for (name, args) in traps {
            let a = Self.trap(paired, name, args)
            let b = Self.trap(single, name, args)
            #expect(a != nil && a?.message == b?.message, "\(name): \(String(describing: a)) vs \(String(describing: b))")
        }
    }
}
