import Testing
import WasmCore
@testable import WasmText

func parse(_ text: String, strict: Bool = false) throws -> Module {
    try WatParser.parse(text, options: TextOptions(strict: strict)).module
}

func parseErrors(_ text: String, strict: Bool = false) -> [String] {
    do {
        _ = try WatParser.parse(text, options: TextOptions(strict: strict))
        return []
    } catch {
        return error.items.map(\.message)
    }
}

func ops(_ e: Expression) -> [Opcode] { e.instructions.map(\.opcode) }

@Suite struct ParserTests {
    @Test func emptyModuleAndBareFields() throws {
        var empty = Module()
        empty.sourceKind = .text
        #expect(try parse("(module)") == empty)
        let m = try parse("(func) (memory 1)")
        #expect(m.functions.count == 1)
        #expect(m.memories.count == 1)
        #expect(try parse("(module $m)").names.module == "m")
    }

    @Test func inlineTypeUsesReuseFirstExplicitElseAppendAtEnd() throws {
        let m = try parse("""
        (module
          (func (param i32))
          (type $a (func))
          (func)
          (type $b (func))
          (func (result i64))
          (func (param i32))
          (rec (type $r (func (param f32))))
          (func (param f32)))
        """)
        #expect(m.types.count == 6)
        #expect(m.types[3].funcType == FuncType(params: [.i32]))
        #expect(m.types[4].funcType == FuncType(results: [.i64]))
        #expect(m.types[5].funcType == FuncType(params: [.f32]))
        #expect(m.functions.map(\.typeIndex) == [3, 0, 4, 3, 5])
        #expect(m.recGroups.map(\.explicit) == [false, false, true, false, false, false])
        #expect(m.names.types == [0: "a", 1: "b", 2: "r"])
    }

    @Test func explicitTypeUseWithInlineMustMatch() {
        #expect(parseErrors("(type (func (param i32))) (func (type 0) (param i64))") == ["inline function type"])
        #expect(parseErrors("(func (type 1) (param i32))") == ["unknown type"])
        #expect(parseErrors("(type (func (param i32))) (func (type 0) (param i32))").isEmpty)
    }

    @Test func typeDefinitions() throws {
        let m = try parse("""
        (rec (type $s (sub (struct (field $x i32) (field i64 f32) (field $y (mut i8)))))
             (type $t (sub final $s (struct (field $x i32) (field i64 f32) (field $y (mut i8)) (field (ref null $t))))))
        (type $a (array (mut i16)))
        (func (param (ref $s)) (result i32) (struct.get $s $y (local.get 0)))
        """)
        #expect(m.recGroups.first == RecGroup(start: 0, count: 2, explicit: true))
        #expect(m.types[0].isFinal == false && m.types[0].explicitSub)
        #expect(m.types[1].supertypes == [0] && m.types[1].isFinal)
        guard case .struct(let fields) = m.types[1].composite else { Issue.record("not a struct"); return }
        #expect(fields.count == 5)
        #expect(fields[4].storage == .val(.ref(RefType(nullable: true, .concrete(1)))))
        #expect(m.types[2].composite == .array(FieldType(.packed(.i16), mutable: true)))
        #expect(m.functions[0].body.instructions[1] == Instruction(.structGet, .indices(0, 3)))
        #expect(m.names.fields[0] == [0: "x", 3: "y"])
        #expect(parseErrors("(type (struct (field $x i32) (field $x i32)))") == ["duplicate field $x"])
    }

    @Test func foldedInstructionsUnfold() throws {
        let m = try parse("""
        (func (param i32) (result i32)
          (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
        """)
        #expect(ops(m.functions[0].body) == [.localGet, .if, .i32Const, .else, .i32Const, .end, .end])
        #expect(m.functions[0].body.instructions[1].immediate == .blockType(.value(.i32)))
        #expect(m.functions[0].body.offsets.count == 7)
    }

    @Test func labelsResolveToDepths() throws {
        let m = try parse("(func block $a loop $b (block $c br $a br $b br $c br 0) end end)")
        let brs = m.functions[0].body.instructions.filter { $0.opcode == .br }.map(\.immediate)
        #expect(brs == [.index(2), .index(1), .index(0), .index(0)])
        #expect(m.names.labels[0] == [0: "a", 1: "b", 2: "c"])
        #expect(parseErrors("(func block $a end $b)") == ["mismatching label"])
        #expect(parseErrors("(func block end $a)") == ["mismatching label"])
        #expect(parseErrors("(func br $x)") == ["unknown label $x"])
        #expect(parseErrors("(func block $a end $a)").isEmpty)
    }

    @Test func localsAndNames() throws {
        let m = try parse("(func $f (param $p i32) (param f32) (local $l i64) (local f64 i32) (local.get $l) (local.get $p) drop drop)")
        #expect(m.functions[0].locals == [.i64, .f64, .i32])
        #expect(m.functions[0].body.instructions[0] == Instruction(.localGet, .index(2)))
        #expect(m.names.locals[0] == [0: "p", 2: "l"])
        #expect(m.names.functions[0] == "f")
        #expect(parseErrors("(func (local.get $nope) drop)") == ["unknown local $nope"])
        #expect(parseErrors("(func (param $x i32) (local $x i32))") == ["duplicate local $x"])
    }

    @Test func importsExportsAndOrder() throws {
        let m = try parse("""
        (import "a" "f" (func $f (param i32)))
        (func $g (import "a" "g") (result i32))
        (global $h (import "a" "h") (mut i32))
        (func $k (export "k1") (export "k2") call $f)
        (export "h" (global $h))
        """)
        #expect(m.imports.map(\.name) == ["f", "g", "h"])
        #expect(m.functions.count == 1)
        #expect(m.exports == [Export(name: "k1", kind: .func, index: 2), Export(name: "k2", kind: .func, index: 2),
                              Export(name: "h", kind: .global, index: 0)])
        #expect(parseErrors("(func) (import \"a\" \"b\" (func))") == ["import after function"])
        #expect(parseErrors("(memory 1) (func (import \"a\" \"b\"))") == ["import after memory"])
        #expect(parseErrors("(func $f) (func $f)") == ["duplicate func $f"])
        #expect(parseErrors("(func call $nope)") == ["unknown function $nope"])
    }

    @Test func elementSegmentForms() throws {
        let m = try parse("""
        (table $t 10 funcref)
        (func $f)
        (elem (i32.const 0) $f)
        (elem (table $t) (offset (i32.const 1)) func $f $f)
        (elem $p funcref (ref.func $f) (item ref.null func))
        (elem declare func $f)
        (elem (i32.const 2) funcref (ref.func $f))
        (table $u funcref (elem $f $f $f))
        (table $v externref (elem (ref.null extern)))
        """)
        let e = m.elements
        #expect(e.count == 7)
        #expect(!e[0].usesExpressions && !e[0].explicitTable)
        #expect(!e[1].usesExpressions && e[1].explicitTable)
        #expect(e[2].usesExpressions && e[2].mode == .passive && e[2].items.count == 2)
        #expect(e[3].mode == .declarative)
        #expect(e[4].usesExpressions)
        #expect(e[5].explicitTable && !e[5].usesExpressions && e[5].items.count == 3)
        #expect(m.tables[1].type.limits == Limits(min: 3, max: 3))
        #expect(e[6].type == .externref && e[6].usesExpressions)
        #expect(m.names.elems == [2: "p"])
    }

    @Test func dataSegmentsAndMemories() throws {
        let m = try parse("""
        (memory $m 1 2)
        (memory $n i64 (data "abc" "\\01"))
        (data (i32.const 8) "x")
        (data (memory $n) (offset i64.const 0) "y")
        (data $d "passive")
        (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop $d))
        """)
        #expect(m.memories[0].type.limits == Limits(min: 1, max: 2))
        #expect(m.memories[1].type.limits == Limits(min: 1, max: 1, addressType: .i64))
        #expect(m.datas.map(\.bytes.count) == [4, 1, 1, 7])
        #expect(m.hasDataCount)
        #expect(m.functions[0].body.instructions[3] == Instruction(.memoryInit, .indices(3, 0)))
        guard case .active(let mem, let off) = m.datas[2].mode else { Issue.record("not active"); return }
        #expect(mem == 1 && off.instructions[0] == Instruction(.i64Const, .i64(0)))
    }

    @Test func immediates() throws {
        let m = try parse("""
        (memory $a 1) (memory $b 1) (table 1 funcref) (type $t (func))
        (func
          (i32.load offset=4 align=2 (i32.const 0)) drop
          (i64.load $b (i32.const 0)) drop
          (memory.copy $b $a (i32.const 0) (i32.const 0) (i32.const 0))
          (v128.const i16x8 1 -1 2 3 4 5 6 0xffff) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31) drop
          (v128.load8_lane 3 (i32.const 0) (v128.const i64x2 0 0)) drop
          (v128.load8_lane $b 1 (i32.const 0) (v128.const i64x2 0 0)) drop
          (call_indirect (type $t) (i32.const 0))
          (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)) drop
          (br_table 0 0 0 (i32.const 0)))
        """)
        let i = m.functions[0].body.instructions
        #expect(i[1] == Instruction(.i32Load, .memArg(MemArg(offset: 4, align: 1))))
        #expect(i[4] == Instruction(.i64Load, .memArg(MemArg(offset: 0, align: 3, memory: 1))))
        #expect(i[9] == Instruction(.memoryCopy, .indices(1, 0)))
        #expect(i[10] == Instruction(.v128Const, .v128(V128(bytes: [1, 0, 255, 255, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 255, 255]))))
        #expect(i[11] == Instruction(.i8x16Shuffle, .v128(V128(bytes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31]))))
        let lanes = i.filter { $0.opcode == .v128Load8Lane }
        #expect(lanes == [Instruction(.v128Load8Lane, .memArgLane(MemArg(align: 0), 3)),
                          Instruction(.v128Load8Lane, .memArgLane(MemArg(align: 0, memory: 1), 1))])
        #expect(i.first { $0.opcode == .callIndirect } == Instruction(.callIndirect, .indices(0, 0)))
        #expect(parseErrors("(memory 1) (func (i32.load align=3 (i32.const 0)) drop)") == ["alignment must be a power of two"])
        #expect(parseErrors("(func (i32.const 0x1_0000_0000) drop)") == ["constant out of range"])
        #expect(parseErrors("(func (v128.const i32x4 1 2 3) drop)") == ["wrong number of lane literals"])
        #expect(parseErrors("(func i32.frob)") == ["unknown operator i32.frob"])
    }

    @Test func referenceAndGCInstructions() throws {
        let m = try parse("""
        (type $s (struct)) (tag $e (param i32))
        (func (param anyref) (result anyref)
          (ref.null $s) drop (ref.null func) drop
          (ref.test (ref null $s) (local.get 0)) drop
          (block $l (result anyref) (br_on_cast $l anyref (ref $s) (local.get 0)))
          drop
          (try_table (catch $e 0) (catch_all_ref 0)) (local.get 0))
        """)
        let i = m.functions[0].body.instructions
        #expect(i[0] == Instruction(.refNull, .heapType(.concrete(0))))
        #expect(i[2] == Instruction(.refNull, .heapType(.func)))
        #expect(i[5] == Instruction(.refTest, .refType(RefType(nullable: true, .concrete(0)))))
        #expect(i[9] == Instruction(.brOnCast, .brOnCast(label: 0, from: .anyref, to: RefType(nullable: false, .concrete(0)))))
        guard case .tryTable(let bt, let r) = i[12].immediate else { Issue.record("no try_table"); return }
        #expect(bt == .empty)
        #expect(Array(m.functions[0].body.catches(r)) == [Catch(kind: .catch, tag: 0, label: 0), Catch(kind: .catchAllRef, label: 0)])
    }

    @Test func legacyExceptionsFlatAndFolded() throws {
        let m = try parse("""
        (tag $e)
        (func try $t catch $e rethrow $t catch_all end)
        (func (try (do (nop)) (catch $e) (catch_all)))
        (func block $b (try (do) (delegate $b)) end)
        """)
        #expect(ops(m.functions[0].body) == [.try, .catch, .rethrow, .catchAll, .end, .end])
        #expect(ops(m.functions[1].body) == [.try, .nop, .catch, .catchAll, .end, .end])
        #expect(m.functions[2].body.instructions[2] == Instruction(.delegate, .index(0)))
    }

    @Test func legacySpellingsWarnOrFail() throws {
        let text = "(module (table 0 anyfunc) (memory 1) (func (local i32) get_local 0 set_local 0 grow_memory drop))"
        let r = try WatParser.parse(text)
        #expect(r.warnings.map(\.message) == ["'anyfunc' is the legacy name of 'funcref'",
                                              "'get_local' is the legacy name of 'local.get'",
                                              "'set_local' is the legacy name of 'local.set'",
                                              "'grow_memory' is the legacy name of 'memory.grow'"])
        #expect(r.warnings.allSatisfy { $0.severity == .warning })
        #expect(parseErrors("(func (local i32) get_local 0 drop)", strict: true) == ["unknown operator get_local"])
        #expect(parseErrors("(table 0 anyfunc)", strict: true) == ["unknown operator anyfunc"])
    }

    @Test func moduleForms() throws {
        let s = TokenStream(name: "t.wast", text: """
        (module $a (func)) (module binary "\\00asm" "\\01\\00\\00\\00") (module definition $q quote "(func)") (module (func $x) (func $x))
        """)
        let a = try WatParser.parseModuleForm(s, at: 0)
        #expect(a.form.name == "a" && !a.form.isDefinition)
        guard case .text(let m) = a.form.source else { Issue.record("not text"); return }
        #expect(m.functions.count == 1)
        let b = try WatParser.parseModuleForm(s, at: a.next)
        guard case .binary(let bytes) = b.form.source else { Issue.record("not binary"); return }
        #expect(bytes == [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])
        let q = try WatParser.parseModuleForm(s, at: b.next)
        #expect(q.form.isDefinition && q.form.name == "q")
        guard case .quote(let text) = q.form.source else { Issue.record("not quote"); return }
        #expect(text == Array("(func)".utf8))
        #expect(throws: Diagnostics.self) { try WatParser.parseModuleForm(s, at: q.next) }
        #expect(s.matching(q.next).map { $0 + 1 } == s.tokens.count - 1)
    }

    @Test func optionalAndPairedIndices() throws {
        let m = try parse("""
        (type $t (func)) (type $a (array i8))
        (table $x 1 funcref) (table $y 1 funcref) (memory $m 1) (memory $n 1)
        (elem $e func) (data $d "")
        (func
          (table.init $y $e (i32.const 0) (i32.const 0) (i32.const 0))
          (table.init $e (i32.const 0) (i32.const 0) (i32.const 0))
          (memory.init $n $d (i32.const 0) (i32.const 0) (i32.const 0))
          (table.copy $y $x (i32.const 0) (i32.const 0) (i32.const 0))
          (call_indirect $y (type $t) (i32.const 0))
          (drop (array.new_fixed $a 3 (i32.const 1) (i32.const 2) (i32.const 3)))
          (drop (array.new_data $a $d (i32.const 0) (i32.const 0)))
          (drop (ref.null exn))
          block $outer try_table (catch_all $outer) end end
          (drop (select (result i64) (i64.const 1) (i64.const 2) (i32.const 0)))
          (return_call_indirect (type $t) (i32.const 0)))
        """)
        let i = m.functions[0].body.instructions
        #expect(i.filter { $0.opcode == .tableInit }.map(\.immediate) == [.indices(0, 1), .indices(0, 0)])
        #expect(i.first { $0.opcode == .memoryInit }?.immediate == .indices(0, 1))
        #expect(i.first { $0.opcode == .tableCopy }?.immediate == .indices(1, 0))
        #expect(i.first { $0.opcode == .callIndirect }?.immediate == .indices(0, 1))
        #expect(i.first { $0.opcode == .arrayNewFixed }?.immediate == .indices(1, 3))
        #expect(i.first { $0.opcode == .arrayNewData }?.immediate == .indices(1, 0))
        #expect(i.first { $0.opcode == .refNull }?.immediate == .heapType(.exn))
        #expect(i.first { $0.opcode == .selectTyped } != nil)
        #expect(i.first { $0.opcode == .returnCallIndirect }?.immediate == .indices(0, 0))
        guard case .tryTable(_, let r)? = i.first(where: { $0.opcode == .tryTable })?.immediate else {
            Issue.record("no try_table")
            return
        }
        #expect(Array(m.functions[0].body.catches(r)) == [Catch(kind: .catchAll, label: 0)])
    }

    @Test func lexicalErrorsInsideAScriptModuleForm() {
        let s = TokenStream(name: "t.wast", text: "(module (func (drop \"a\\q\")))")
        #expect(s.diagnostics.map(\.message) == ["illegal escape"])
        #expect(throws: Diagnostics.self) { try WatParser.parseModuleForm(s, at: 0) }
        do {
            _ = try WatParser.parseModuleForm(s, at: 0)
        } catch {
            #expect(error.items.map(\.message) == ["illegal escape"])
        }
    }

    @Test func recoveryReportsSeveralErrors() {
        let errs = parseErrors("(func i32.frob) (func (local.get $x)) (global i32 (i32.const 1.5)) (func)")
        #expect(errs == ["unknown operator i32.frob", "unknown local $x", "unexpected token"])
    }
}

@Suite struct AnnotationTests {
    @Test func customSectionsAtModuleLevel() throws {
        let m = try parse("""
        (module (@custom "a" "x" "y") (func) (@custom "b" (before func) "\\01")
          (@custom "c" (after last)))
        """)
        #expect(m.customSections == [CustomSection(name: "a", bytes: Array("xy".utf8), placement: .after(0xFF)),
                                     CustomSection(name: "b", bytes: [1], placement: .before(3)),
                                     CustomSection(name: "c", bytes: [], placement: .after(0xFF))])
        #expect(m.functions.count == 1)
        #expect(parseErrors("(@custom)") == ["@custom annotation: missing section name"])
        #expect(parseErrors("(func (@custom \"a\"))") == ["misplaced @custom annotation"])
        #expect(parseErrors("(@custom \"a\" (during func))") == ["@custom annotation: malformed placement"])
        #expect(parseErrors("(@custom \"a\" (after funky))") == ["@custom annotation: malformed section kind"])
    }

    @Test func annotationsAreWhitespaceAnywhere() throws {
        let m = try parse("(module (@a) (func (@b x (y)) (result (@c) i32) (i32.const (@d) 7)))")
        #expect(m.functions[0].body.instructions[0] == Instruction(.i32Const, .i32(7)))
    }

    @Test func nameAnnotationsSetDebugNames() throws {
        let m = try parse("""
        (module $id (@name "Modül") (type $t (@name "T") (func)) (import "a" "b" (global $x (@name "y") i32))
          (func (@name "λ") (type $t)) (func $f (@name "g")) (tag (@name "θ")))
        """)
        #expect(m.names.module == "Modül")
        #expect(m.names.types[0] == "T")
        #expect(m.names.functions == [0: "λ", 1: "g"])
        #expect(m.names.globals == [0: "y"])
        #expect(m.names.tags == [0: "θ"])
        #expect(parseErrors("(module (@name \"M1\") (@name \"M2\"))") == ["@name annotation: multiple module"])
        #expect(parseErrors("(module (func) (@name \"M\"))") == ["misplaced @name annotation"])
        #expect(parseErrors("(module (start $f (@name \"M\")) (func $f))") == ["misplaced @name annotation"])
    }

    @Test func branchHintMisuse() {
        #expect(parseErrors("(func (param i32) (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then)))").isEmpty)
        #expect(parseErrors("(func (param i32) local.get 0 (@metadata.code.branch_hint \"\\01\") (@metadata.code.branch_hint \"\\01\") if end)")
                == ["@metadata.code.branch_hint annotation: duplicate annotation"])
        #expect(parseErrors("(module (@metadata.code.branch_hint \"\\01\") (func))") == ["@metadata.code.branch_hint annotation: not in a function"])
        // Only `if` and `br_if` take a hint, flat or folded.
        #expect(parseErrors("(func (param i32) (block local.get 0 (@metadata.code.branch_hint \"\\00\") br_if 0))").isEmpty)
        #expect(parseErrors("(func (param i32) (block (@metadata.code.branch_hint \"\\00\") (br_if 0 (local.get 0))))").isEmpty)
        // Before another instruction a hint is kept (as wasm-tools does) with a warning: that is
        // a custom-section validation error, not a syntax error.
        for text in ["(func (param i32) (result i32) local.get 0 (@metadata.code.branch_hint \"\\01\") i32.eqz)",
                     "(func nop (@metadata.code.branch_hint \"\\01\") (block))"] {
            let parsed = try? WatParser.parse(text)
            #expect(parsed?.warnings.map(\.message) == ["@metadata.code.branch_hint annotation: invalid target"])
            #expect(parsed?.module.branchHints.count == 1)
        }
        #expect(parseErrors("(func (param i32) (if (local.get 0) (@metadata.code.branch_hint \"\\01\") (then)))")
                == ["@metadata.code.branch_hint annotation: invalid placement"])
    }
}
