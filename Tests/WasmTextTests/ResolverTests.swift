import Testing
import WasmCore
@testable import WasmText

/// Names to indices in every index space, forward references, scoping and errors.
@Suite struct ResolverTests {
    @Test func forwardReferencesInEverySpace() throws {
        let m = try parse("""
        (module
          (func $use (result i32)
            (call $later)
            (global.get $g) drop
            (table.get $t (i32.const 0)) drop
            (memory.size $mem) drop
            (elem.drop $e) (data.drop $d)
            (throw $tag))
          (func $later)
          (global $g i32 (i32.const 0))
          (table $t 1 funcref)
          (memory $mem 1)
          (elem $e func $later)
          (data $d "")
          (tag $tag))
        """)
        let i = m.functions[0].body.instructions
        #expect(i[0] == Instruction(.call, .index(1)))
        #expect(i[1] == Instruction(.globalGet, .index(0)))
        #expect(i.contains(Instruction(.elemDrop, .index(0))))
        #expect(i.contains(Instruction(.dataDrop, .index(0))))
        #expect(i.contains(Instruction(.throw, .index(0))))
        #expect(m.names.functions == [0: "use", 1: "later"])
        #expect(m.names.globals == [0: "g"] && m.names.tables == [0: "t"] && m.names.memories == [0: "mem"])
        #expect(m.names.elems == [0: "e"] && m.names.datas == [0: "d"] && m.names.tags == [0: "tag"])
    }

    @Test func importsComeFirstInTheirSpaces() throws {
        let m = try parse("""
        (import "m" "g" (global $a i32))
        (global $b (import "m" "h") i64)
        (global $c i32 (global.get $a))
        (func (result i64) (global.get $b))
        """)
        #expect(m.globals[0].initializer.instructions[0] == Instruction(.globalGet, .index(0)))
        #expect(m.functions[0].body.instructions[0] == Instruction(.globalGet, .index(1)))
        #expect(m.names.globals == [0: "a", 1: "b", 2: "c"])
    }

    @Test func inlineTableAndMemorySegmentsTakeIndices() throws {
        let m = try parse("""
        (func $f)
        (table funcref (elem $f))
        (elem $e func $f)
        (memory (data "x"))
        (data $d "y")
        (func (elem.drop $e) (data.drop $d))
        """)
        #expect(m.functions[1].body.instructions[0] == Instruction(.elemDrop, .index(1)))
        #expect(m.functions[1].body.instructions[1] == Instruction(.dataDrop, .index(1)))
    }

    @Test func typesAndFieldsResolveBeforeUse() throws {
        let m = try parse("""
        (func (param (ref $p)) (result i32) (struct.get $p $y (local.get 0)))
        (type $p (struct (field $x i32) (field $y i32)))
        (type $q (struct (field $y f32)))
        """)
        #expect(m.functions[0].body.instructions[1] == Instruction(.structGet, .indices(0, 1)))
        #expect(parseErrors("(type $p (struct (field $x i32))) (func (param (ref $p)) (result i32) (struct.get $p $z (local.get 0)))") == ["unknown field $z"])
        #expect(parseErrors("(func (param (ref $nope)))") == ["unknown type $nope"])
    }

    @Test func labelsShadowAndLocalsAreFunctionScoped() throws {
        let m = try parse("(func (param $x i32) block $l block $l br $l end br $l end) (func (param $x f32) (local.get $x) drop)")
        let brs = m.functions[0].body.instructions.filter { $0.opcode == .br }
        #expect(brs == [Instruction(.br, .index(0)), Instruction(.br, .index(0))])
        #expect(m.names.locals == [0: [0: "x"], 1: [0: "x"]])
    }

    @Test func numericIndicesAreLeftToTheValidator() throws {
        let m = try parse("(func call 42 (local.get 7) drop)")
        #expect(m.functions[0].body.instructions[0] == Instruction(.call, .index(42)))
    }

    @Test func unknownNamesInEachSpace() {
        #expect(parseErrors("(func global.get $g drop)") == ["unknown global $g"])
        #expect(parseErrors("(func (table.size $t) drop)") == ["unknown table $t"])
        #expect(parseErrors("(func (memory.size $m) drop)") == ["unknown memory $m"])
        #expect(parseErrors("(func elem.drop $e)") == ["unknown elem segment $e"])
        #expect(parseErrors("(func data.drop $d)") == ["unknown data segment $d"])
        #expect(parseErrors("(func throw $x)") == ["unknown tag $x"])
        #expect(parseErrors("(export \"f\" (func $f))") == ["unknown function $f"])
        #expect(parseErrors("(start $s)") == ["unknown function $s"])
    }

    @Test func duplicatesInEachSpace() {
        #expect(parseErrors("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))") == ["duplicate global $g"])
        #expect(parseErrors("(memory $m 1) (memory $m 1)") == ["duplicate memory $m"])
        #expect(parseErrors("(table $t 1 funcref) (import \"a\" \"b\" (table $t 1 funcref))") == ["import after table", "duplicate table $t"])
        #expect(parseErrors("(type $t (func)) (rec (type $t (func)))") == ["duplicate type $t"])
        #expect(parseErrors("(tag $x) (tag $x)") == ["duplicate tag $x"])
        #expect(parseErrors("(elem $e func) (elem $e func)") == ["duplicate elem $e"])
        #expect(parseErrors("(data $d \"\") (data $d \"\")") == ["duplicate data $d"])
        #expect(parseErrors("(func $\"a\") (func $a)") == ["duplicate func $a"])
    }
}
