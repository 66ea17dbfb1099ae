import Testing
import WasmCore
@testable import WasmText

/// The article this project grew from printed pre-2019 spellings; they assemble (with warnings)
/// to the same module as the modern spelling.
@Suite struct LegacyArticleTests {
    @Test func articleSpellingsEqualModernSpellings() throws {
        let old = """
        (module
          (type (;0;) (func))
          (type (;1;) (func (param i32) (result i32)))
          (type (;2;) (func)) (type (;3;) (func)) (type (;4;) (func)) (type (;5;) (func)) (type (;6;) (func))
          (type (;7;) (func (param i32 i32 i32) (result i32)))
          (import "env" "memory" (memory (;0;) 256 256))
          (import "env" "enlargeMemory" (func (;0;) (type 0)))
          (import "env" "__syscall3" (func $__syscall3 (type 7)))
          (table 1 anyfunc)
          (func (type 1) (param i32) (result i32) (local i32)
            block
              get_local 2
              i32.const 2
              i32.shl
              tee_local 2
              grow_memory
              drop
            end
            get_local 1))
        """
        let new = old.replacingOccurrences(of: "get_local", with: "local.get")
            .replacingOccurrences(of: "tee_local", with: "local.tee")
            .replacingOccurrences(of: "grow_memory", with: "memory.grow")
            .replacingOccurrences(of: "anyfunc", with: "funcref")
        let a = try WatParser.parse(old)
        let b = try WatParser.parse(new)
        #expect(a.module == b.module)
        #expect(b.warnings.isEmpty)
        #expect(a.warnings.map(\.message) == [
            "'anyfunc' is the legacy name of 'funcref'",
            "'get_local' is the legacy name of 'local.get'",
            "'tee_local' is the legacy name of 'local.tee'",
            "'grow_memory' is the legacy name of 'memory.grow'",
            "'get_local' is the legacy name of 'local.get'",
        ])
        #expect(a.module.imports.map(\.name) == ["memory", "enlargeMemory", "__syscall3"])
        #expect(a.module.names.functions == [1: "__syscall3"])
        #expect(throws: Diagnostics.self) { try WatParser.parse(old, options: TextOptions(strict: true)) }
    }

    /// The article's wee_alloc function, verbatim apart from the line breaks of its name.
    @Test func articleFunctionAssembles() throws {
        let text = """
        (module (type (func)) (type (func (param i32 i32 i32 i32))) (memory 1)
        (func $_$LT$wee_alloc..LargeAllocPolicy$u20$as$u20$wee_alloc..AllocPolicy$LT$$u27$a$GT$$GT$::new_cell_for_free_list::h33e771c3c233d123 (type 1) (param i32 i32
        i32 i32)
        block ;; label = @1
        i32.const 0
        get_local 2
        i32.const 2
        i32.shl
        tee_local 2
        get_local 3
        i32.const 3
        i32.shl
        i32.const 16384
        i32.add
        tee_local 3
        get_local 3
        get_local 2
        i32.lt_u
        select
        i32.const 65543
        i32.add
        tee_local 2
        i32.const 16
        i32.shr_u
        grow_memory
        drop drop
        end))
        """
        let r = try WatParser.parse(text)
        #expect(r.warnings.count == 8)
        #expect(r.module.names.functions[0]?.hasSuffix("::h33e771c3c233d123") == true)
        #expect(r.module.functions[0].body.instructions.contains(Instruction(.memoryGrow, .index(0))))
    }
}
