import Testing
import WasmCore
@testable import WasmInterpreter

/// `br_table` jumps to its chosen entry's target without running the entry, and a loop whose
/// header is a `br_table` dispatch repeats that header at its back edges (`repeatDispatch`).
@Suite struct BrTableDispatchTests {
    /// A small stack machine: opcodes 0 halt (return the top), 1 push imm8, 2 add, 3 dec-jnz
    /// (decrement the top; if not zero, jump back by imm8), 4 swap-ish (duplicate), others trap.
    static let vm = """
        (module
          (memory 1)
          (func (export "run") (param $pc i32) (result i32) (local $sp i32)
            (local.set $sp (i32.const 4096))
            (loop $next
              (block $bad (block $dup (block $loop (block $add (block $push (block $halt
                (br_table $halt $push $add $loop $dup $bad (i32.load8_u (local.get $pc))))
                ;; halt: a br_table entry that leaves the function
                (return (i32.load (local.get $sp))))
                ;; push
                (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
                (i32.store (local.get $sp) (i32.load8_u offset=1 (local.get $pc)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
                (br $next))
                ;; add
                (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
                (i32.store (local.get $sp) (i32.add (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
                (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                (br $next))
                ;; dec-jnz on the top, jumping back by imm8 while it is not zero
                (i32.store (local.get $sp) (i32.sub (i32.load (local.get $sp)) (i32.const 1)))
                (if (i32.load (local.get $sp))
                  (then (local.set $pc (i32.sub (local.get $pc) (i32.load8_u offset=1 (local.get $pc)))) (br $next)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
                (br $next))
                ;; dup
                (i32.store offset=4 (local.get $sp) (i32.load (local.get $sp)))
                (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                (br $next))
              (unreachable))
            (unreachable))
          ;; push 7; push 5; add; halt -> 12
          (data (i32.const 0) "\\01\\07\\01\\05\\02\\00")
          ;; push 3; dec-jnz 0 (loops on itself until zero); push 9; add; halt -> 9
          (data (i32.const 16) "\\01\\03\\03\\00\\01\\09\\02\\00")
          ;; push 1; dup; add; dup; add; halt -> 4
          (data (i32.const 32) "\\01\\01\\04\\02\\04\\02\\00")
          ;; opcode 9: the default entry, unreachable
          (data (i32.const 48) "\\01\\01\\09")
          ;; push 7 at the memory's end: the next dispatch's load (a repeated header) traps
          (data (i32.const 65534) "\\01\\07"))
        """

    @Test func dispatchLoopRunsEveryEntryAndTheDefault() throws {
        let m = try instance(Self.vm)
        #expect(try m.call("run", i32(0)) == [i32(12)])
        #expect(try m.call("run", i32(16)) == [i32(9)])
        #expect(try m.call("run", i32(32)) == [i32(4)])
        #expect(throws: Diagnostic.self) { try m.call("run", i32(48)) }
        // Beyond the memory: the header's load traps, and so does its copy at a back edge.
        #expect(throws: Diagnostic.self) { try m.call("run", i32(-1)) }
        #expect(throws: Diagnostic.self) { try m.call("run", i32(65534)) }
    }

    @Test func backEdgesRepeatTheDispatch() throws {
        let m = try instance(Self.vm)
        let lines = m.disassembly("run").split(separator: "\n")
        let tables = lines.filter { $0.contains(": brTable ") }
        // The header's and one at each of the five back edges.
        #expect(tables.count == 6, "\(lines.joined(separator: "\n"))")
        // The table's entries stay `br`s, the one leaving the function too.
        if let first = lines.firstIndex(where: { $0.contains(": brTable ") }) {
            #expect(lines[(first + 1)...(first + 6)].allSatisfy { $0.contains(": br ") })
        }
    }

    /// A loop with a parameter: the back edge copies the value first, then dispatches.
    @Test func loopParametersReachTheRepeatedDispatch() throws {
        let m = try instance("""
            (module
              (func (export "count") (param $n i32) (result i32) (local $steps i32)
                (local.get $n)
                (loop $l (param i32) (result i32)
                  (local.set $n)
                  (block $odd (block $even
                    (br_table $even $odd (i32.and (local.get $n) (i32.const 1))))
                    ;; even
                    (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
                    (br_if 2 (local.get $steps) (i32.eqz (local.get $n)))
                    (i32.shr_u (local.get $n) (i32.const 1))
                    (br $l))
                  ;; odd
                  (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
                  (br_if 1 (local.get $steps) (i32.eq (local.get $n) (i32.const 1)))
                  (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1))
                  (br $l))))
            """)
        // Collatz steps of 27 to 1 (111), counting the 1 itself: 112.
        #expect(try m.call("count", i32(27)) == [i32(112)])
        #expect(try m.call("count", i32(1)) == [i32(1)])
    }
}
