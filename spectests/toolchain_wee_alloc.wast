;; toolchain_wee_alloc.wast -- the article's Rust + wee_alloc build, replayed.
;;
;; Why: the article's conclusion is that the Rust/wee_alloc module is the
;; most portable one because it imports NOTHING: it grows its memory itself
;; with `memory.grow` (`grow_memory` in the article's disassembly).  This
;; script checks exactly that:
;;
;;   * the module comes FIRST, before any `register`, so the engine has no
;;     modules to link against -- it must instantiate and run anyway;
;;   * it exports what the article lists: `memory`,
;;     `__indirect_function_table`, `__heap_base` (global 1), `__data_end`
;;     (global 2) and `main` -- nothing else;
;;   * `main(argc, argv)` does what the article's #[start] fn means to do:
;;     allocate a zeroed 10-byte Box, copy the first 6 bytes of argv[0] into
;;     it and return 1 for b"foobar", 0 otherwise.  (The article's loop
;;     actually dereferences `appname.offset(i)`, i.e. the first byte of
;;     argv[0..6]; we implement the evident intent.)
;;   * the allocator is a wee_alloc stand-in: a first-fit free list of cells
;;     (8-byte header: size, next) that splits from the cell's tail, as
;;     wee_alloc does, and refills the list with the article's
;;     `new_cell_for_free_list` rule:
;;         bytes = max(size_words * 4, align_words * 8 + 16384)
;;         pages = (bytes + 65543) >> 16        -> memory.grow(pages)
;;     (It does not merge neighbouring free cells, unlike wee_alloc.)
;;   * the module declares a maximum of 4 pages (Rust: -C link-arg=
;;     --max-memory=262144) so that running out is cheap: then the allocation
;;     fails, and Box::new aborts through the alloc-error handler --
;;     `unreachable`, i.e. a trap;
;;   * after `register`, a second module imports the memory, the table, the
;;     globals and `main` to look inside: page counts, box contents, calls
;;     through the table (including the trap messages for a null slot, a
;;     slot past the end and a wrong signature);
;;   * LEGACY SECTION (last in the file): the article's own
;;     `new_cell_for_free_list` instruction sequence in the article's
;;     spelling (`get_local`, `tee_local`, `grow_memory`), completed so that
;;     it runs.  Those names are legacy ON PURPOSE; the spec grammar rejects
;;     them, our runner accepts them with a warning, and reference tools were
;;     run on a copy with `local.get` / `local.tee` / `memory.grow`.
;;
;; Memory map of the Rust module (stack first, as rustc's wasm32 target):
;;        0 .. 0x8000  the shadow stack (__stack_pointer starts at 0x8000)
;;   0x8000 .. 32846   static data: argv fixtures and the literal b"foobar"
;;   32846             __data_end;  32848: __heap_base (16-aligned)
;;   65536 ..          cells obtained with memory.grow (wee_alloc does not
;;                     use the space between __heap_base and the first page)

(module $rust
  (type $alloc_t (func (param i32 i32) (result i32)))        ;; (size, align)
  (type $dealloc_t (func (param i32 i32 i32)))               ;; (ptr, size, align)
  (type $box_t (func (param i32) (result i32)))              ;; (size)

  (memory (export "memory") 1 4)
  (table $T (export "__indirect_function_table") 4 4 funcref)
  ;; Slot 0 stays null, as in rustc output; the allocator's entry points
  ;; are address-taken (think GlobalAlloc vtable).
  (elem (table $T) (i32.const 1) func $alloc $dealloc $box_new)

  (global $__stack_pointer (mut i32) (i32.const 0x8000))    ;; global 0
  (global $__heap_base i32 (i32.const 32848))               ;; global 1
  (global $__data_end i32 (i32.const 32846))                ;; global 2
  (export "__heap_base" (global 1))
  (export "__data_end" (global 2))
  (export "main" (func $main))

  ;; Fixtures standing in for what a host would pass as argv.
  (data (i32.const 32768) "\20\80\00\00\00\00\00\00")   ;; argv = {"foobar", NULL}
  (data (i32.const 32776) "\28\80\00\00\00\00\00\00")   ;; argv = {"foobaz", NULL}
  (data (i32.const 32784) "\30\80\00\00\00\00\00\00")   ;; argv = {"foobarbaz", NULL}
  (data (i32.const 32792) "\40\80\00\00\00\00\00\00")   ;; argv = {"fooba", NULL}
  (data (i32.const 32800) "foobar\00")                  ;; 0x8020
  (data (i32.const 32808) "foobaz\00")                  ;; 0x8028
  (data (i32.const 32816) "foobarbaz\00")               ;; 0x8030
  (data (i32.const 32832) "fooba\00")                   ;; 0x8040
  (data (i32.const 32840) "foobar")                     ;; b"foobar", ends at __data_end

  ;; Head of the free list of cells.  A cell: [size][next][size bytes].
  (global $free_list (mut i32) (i32.const 0))

  ;; The article's LargeAllocPolicy::new_cell_for_free_list, modern
  ;; spelling: grow the memory for a cell of at least size_words words and
  ;; put it on the free list.  Returns the cell, or 0 when memory.grow fails.
  (func $new_cell_for_free_list (param $size_words i32) (param $align_words i32)
                                (result i32)
    (local $size_bytes i32)
    (local $min_bytes i32)
    (local $pages i32)
    (local $old_pages i32)
    (local $cell i32)
    (local.set $size_bytes (i32.shl (local.get $size_words) (i32.const 2)))
    ;; (align + MIN_CELL_SIZE 2048 words) * 2, in bytes.
    (local.set $min_bytes
      (i32.add (i32.shl (local.get $align_words) (i32.const 3)) (i32.const 16384)))
    (local.set $pages
      (i32.shr_u
        (i32.add
          (select (local.get $size_bytes) (local.get $min_bytes)
                  (i32.lt_u (local.get $min_bytes) (local.get $size_bytes)))
          (i32.const 65543))
        (i32.const 16)))
    (local.set $old_pages (memory.grow (local.get $pages)))
    (if (i32.eq (local.get $old_pages) (i32.const -1))
      (then (return (i32.const 0))))
    (local.set $cell (i32.shl (local.get $old_pages) (i32.const 16)))
    (i32.store (local.get $cell)
      (i32.sub (i32.shl (local.get $pages) (i32.const 16)) (i32.const 8)))
    (i32.store offset=4 (local.get $cell) (global.get $free_list))
    (global.set $free_list (local.get $cell))
    (local.get $cell))

  ;; GlobalAlloc::alloc.  Cells are 8-aligned; larger alignments are not
  ;; supported by this stand-in (0 = allocation failure).
  (func $alloc (type $alloc_t) (param $size i32) (param $align i32) (result i32)
    (local $need i32)
    (local $cell i32)
    (local $prev i32)
    (local $have i32)
    (local $tail i32)
    (if (i32.or (i32.gt_u (local.get $align) (i32.const 8))
                (i32.gt_u (local.get $size) (i32.const 0x7FFFFFF0)))  ;; > isize::MAX-ish
      (then (return (i32.const 0))))
    ;; Whole words, then whole 8-byte units; at least one unit.
    (local.set $need
      (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8)))
    (if (i32.eqz (local.get $need)) (then (local.set $need (i32.const 8))))
    (block $found
      (loop $retry
        (local.set $prev (i32.const 0))
        (local.set $cell (global.get $free_list))
        (block $none
          (loop $walk
            (br_if $none (i32.eqz (local.get $cell)))
            (local.set $have (i32.load (local.get $cell)))
            (br_if $found (i32.ge_u (local.get $have) (local.get $need)))
            (local.set $prev (local.get $cell))
            (local.set $cell (i32.load offset=4 (local.get $cell)))
            (br $walk)))
        ;; Nothing fits: refill with a new cell (sizes in words), retry.
        (br_if $retry
          (call $new_cell_for_free_list
            (i32.shr_u (local.get $need) (i32.const 2))
            (i32.shr_u (i32.add (local.get $align) (i32.const 3)) (i32.const 2))))
        (return (i32.const 0))))
    ;; Split off the tail if what stays can still hold a header + 8 bytes.
    (if (i32.ge_u (local.get $have) (i32.add (local.get $need) (i32.const 16)))
      (then
        (i32.store (local.get $cell)
          (i32.sub (i32.sub (local.get $have) (local.get $need)) (i32.const 8)))
        (local.set $tail
          (i32.sub (i32.add (local.get $cell) (local.get $have)) (local.get $need)))
        (i32.store (local.get $tail) (local.get $need))
        (return (i32.add (local.get $tail) (i32.const 8)))))
    ;; Otherwise hand out the whole cell: unlink it.
    (if (i32.eqz (local.get $prev))
      (then (global.set $free_list (i32.load offset=4 (local.get $cell))))
      (else (i32.store offset=4 (local.get $prev) (i32.load offset=4 (local.get $cell)))))
    (i32.add (local.get $cell) (i32.const 8)))

  ;; GlobalAlloc::dealloc: the cell goes back to the front of the list.
  (func $dealloc (type $dealloc_t) (param $ptr i32) (param $size i32) (param $align i32)
    (local $cell i32)
    (local.set $cell (i32.sub (local.get $ptr) (i32.const 8)))
    (i32.store offset=4 (local.get $cell) (global.get $free_list))
    (global.set $free_list (local.get $cell)))

  ;; Box::new for a byte array: alloc or abort (#[alloc_error_handler] oom
  ;; -> core::intrinsics::abort -> unreachable).
  (func $box_new (type $box_t) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (call $alloc (local.get $size) (i32.const 1)))
    (if (i32.eqz (local.get $p)) (then (unreachable)))
    (local.get $p))

  ;; #[start] fn start(_argc: isize, _argv: *const *const u8) -> isize
  (func $main (param $argc i32) (param $argv i32) (result i32)
    (local $chunk i32)
    (local $appname i32)
    (local $i i32)
    (local $result i32)
    ;; let mut chunk: Box<[u8]> = Box::new([0; 10]);
    (local.set $chunk (call $box_new (i32.const 10)))
    (memory.fill (local.get $chunk) (i32.const 0) (i32.const 10))
    ;; for i in 0..6 { chunk[i] = appname[i] }
    (local.set $appname (i32.load (local.get $argv)))
    (block $copied
      (loop $copy
        (br_if $copied (i32.ge_u (local.get $i) (i32.const 6)))
        (i32.store8 (i32.add (local.get $chunk) (local.get $i))
                    (i32.load8_u (i32.add (local.get $appname) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    ;; match &chunk[..6] { b"foobar" => 1, _ => 0 }
    (local.set $result
      (i32.and
        (i32.eq (i32.load (local.get $chunk)) (i32.load (i32.const 32840)))
        (i32.eq (i32.load16_u offset=4 (local.get $chunk))
                (i32.load16_u (i32.const 32844)))))
    ;; The Box is dropped at the end of the scope.
    (call $dealloc (local.get $chunk) (i32.const 10) (i32.const 1))
    (local.get $result))
)

;; Nothing is registered, and it instantiated: no imports needed.
(assert_return (get $rust "__heap_base") (i32.const 32848))
(assert_return (get $rust "__data_end") (i32.const 32846))
;; main works, growing the memory by itself (first box: one page).
(assert_return (invoke $rust "main" (i32.const 1) (i32.const 32768)) (i32.const 1))  ;; foobar
(assert_return (invoke $rust "main" (i32.const 1) (i32.const 32776)) (i32.const 0))  ;; foobaz
(assert_return (invoke $rust "main" (i32.const 1) (i32.const 32784)) (i32.const 1))  ;; foobarbaz
(assert_return (invoke $rust "main" (i32.const 1) (i32.const 32792)) (i32.const 0))  ;; fooba\0
;; A wild argv pointer: the load traps.  The box allocated just before is
;; never dropped -- a trap does not unwind.
(assert_trap (invoke $rust "main" (i32.const 1) (i32.const 0x10000000)) "out of bounds memory access")
(assert_return (invoke $rust "main" (i32.const 1) (i32.const 32768)) (i32.const 1))

;; By contrast, an emscripten- or musl-style module cannot even link here:
;; nobody provides "env".
(assert_unlinkable
  (module (import "env" "memory" (memory 256 256)))
  "unknown import")
(assert_unlinkable
  (module (import "env" "__syscall1" (func (param i32 i32) (result i32))))
  "unknown import")

;; ---------------------------------------------------------------------------
;; Looking inside, through the exports.
;; ---------------------------------------------------------------------------
(register "rust" $rust)

(module $inspect
  (type $alloc_t (func (param i32 i32) (result i32)))
  (type $dealloc_t (func (param i32 i32 i32)))
  (type $box_t (func (param i32) (result i32)))
  (import "rust" "memory" (memory 1 4))
  (import "rust" "__indirect_function_table" (table 4 4 funcref))
  (import "rust" "__heap_base" (global $heap_base i32))
  (import "rust" "__data_end" (global $data_end i32))
  (import "rust" "main" (func $main (param i32 i32) (result i32)))

  (func (export "pages") (result i32) (memory.size))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "heap_base") (result i32) (global.get $heap_base))
  (func (export "data_end") (result i32) (global.get $data_end))
  ;; Re-export of an imported function.
  (export "main" (func $main))

  ;; The allocator, reached through the exported table.
  (func (export "alloc") (param $size i32) (param $align i32) (result i32)
    (call_indirect (type $alloc_t) (local.get $size) (local.get $align) (i32.const 1)))
  (func (export "dealloc") (param $ptr i32) (param $size i32) (param $align i32)
    (call_indirect (type $dealloc_t)
      (local.get $ptr) (local.get $size) (local.get $align) (i32.const 2)))
  (func (export "box_new") (param $size i32) (result i32)
    (call_indirect (type $box_t) (local.get $size) (i32.const 3)))
  ;; Misuse of the table.
  (func (export "call_slot") (param $slot i32) (result i32)
    (call_indirect (type $box_t) (i32.const 1) (local.get $slot)))
)

(assert_return (invoke $inspect "heap_base") (i32.const 32848))
(assert_return (invoke $inspect "data_end") (i32.const 32846))
;; Six runs of main grew the memory once: the box cell is reused.
(assert_return (invoke $inspect "pages") (i32.const 2))
;; The last box held "foobar" (then was freed); the leaked one was zeroed.
(assert_return (invoke $inspect "load8" (i32.const 131032)) (i32.const 0x66))   ;; 'f'
(assert_return (invoke $inspect "load8" (i32.const 131037)) (i32.const 0x72))   ;; 'r'
(assert_return (invoke $inspect "load8" (i32.const 131056)) (i32.const 0))

;; The freed box comes back first; the next cell is split from the tail of
;; the big free cell.
(assert_return (invoke $inspect "alloc" (i32.const 10) (i32.const 1)) (i32.const 131032))
(assert_return (invoke $inspect "alloc" (i32.const 10) (i32.const 1)) (i32.const 131008))
(assert_return (invoke $inspect "alloc" (i32.const 8) (i32.const 16)) (i32.const 0))
;; 200000 bytes: (200000 + 65543) >> 16 = 4 pages; 2 + 4 > 4, so memory.grow
;; fails, alloc returns 0, Box::new aborts.
(assert_return (invoke $inspect "alloc" (i32.const 200000) (i32.const 1)) (i32.const 0))
(assert_return (invoke $inspect "pages") (i32.const 2))
(assert_trap (invoke $inspect "box_new" (i32.const 200000)) "unreachable")
;; 100000 bytes: 2 pages, to the maximum; the block ends at the last byte.
(assert_return (invoke $inspect "alloc" (i32.const 100000) (i32.const 4)) (i32.const 162144))
(assert_return (invoke $inspect "pages") (i32.const 4))
;; First fit over the list [131072 (31056 free), 65536 (65456 free)].
(assert_return (invoke $inspect "alloc" (i32.const 60000) (i32.const 1)) (i32.const 71000))
(assert_return (invoke $inspect "alloc" (i32.const 30000) (i32.const 1)) (i32.const 132136))
;; Full: no cell fits 40000 and the memory cannot grow.
(assert_return (invoke $inspect "alloc" (i32.const 40000) (i32.const 1)) (i32.const 0))
;; Freeing the 100000-byte box lets it through.
(invoke $inspect "dealloc" (i32.const 162144) (i32.const 100000) (i32.const 4))
(assert_return (invoke $inspect "alloc" (i32.const 40000) (i32.const 1)) (i32.const 222144))
(assert_return (invoke $inspect "main" (i32.const 1) (i32.const 32768)) (i32.const 1))
(assert_return (invoke $inspect "pages") (i32.const 4))
(assert_trap (invoke $inspect "load8" (i32.const 262144)) "out of bounds memory access")
;; The table: slot 0 is null, slot 4 is past the end, slot 1 has the
;; (size, align) signature, not (size).
(assert_trap (invoke $inspect "call_slot" (i32.const 0)) "uninitialized element")
(assert_trap (invoke $inspect "call_slot" (i32.const 4)) "undefined element")
(assert_trap (invoke $inspect "call_slot" (i32.const 1)) "indirect call type mismatch")
;; Slot 3 (box_new) has the right type: a 1-byte box reuses the whole
;; 16-byte cell that main's box was just dropped into (222112 + 8).
(assert_return (invoke $inspect "call_slot" (i32.const 3)) (i32.const 222120))

;; Importing more than the module has fails.
(assert_unlinkable
  (module (import "rust" "__indirect_function_table" (table 5 funcref)))
  "incompatible import type")
(assert_unlinkable
  (module (import "rust" "main" (func (param i64 i64) (result i64))))
  "incompatible import type")

;; ===========================================================================
;; LEGACY SECTION -- the article's own spelling, kept apart on purpose.
;;
;; The article prints wee_alloc's new_cell_for_free_list as disassembled by
;; an MVP-era tool: `get_local`, `tee_local`, `grow_memory`.  The function
;; below follows that instruction sequence (params: result pointer, self,
;; size in words, align in words) up to `grow_memory`, then completes it:
;; the leading `i32.const 0` becomes the null cell that `select` picks when
;; the grow fails, the new cell's header gets its size, and the cell (or 0)
;; is written through the result pointer.
;; ===========================================================================
(module $legacy_wee_alloc
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param i32 i32 i32 i32)))
  (memory (export "memory") 1 8)

  (func $new_cell_for_free_list (type 1) (param i32 i32 i32 i32)
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
      ;; -- the article's excerpt ends here; stack: [0, old_pages or -1]
      tee_local 3
      i32.const 16
      i32.shl
      get_local 3
      i32.const -1
      i32.eq
      select                ;; grow failed ? 0 : old_pages << 16
      tee_local 3
      i32.eqz
      br_if 0 (;@1;)
      get_local 3           ;; header: pages * 64 KiB - 8 usable bytes
      get_local 2
      i32.const 16
      i32.shr_u
      i32.const 16
      i32.shl
      i32.const 8
      i32.sub
      i32.store
    end
    get_local 0
    get_local 3
    i32.store)

  ;; Result slot at address 16; self is unused.
  (func (export "new_cell") (type 0) (param $size_words i32) (param $align_words i32)
                                     (result i32)
    (call $new_cell_for_free_list
      (i32.const 16) (i32.const 0) (get_local $size_words) (get_local $align_words))
    (i32.load (i32.const 16)))
  (func (export "cell_size") (param $cell i32) (result i32)
    (i32.load (get_local $cell)))
  (func (export "pages") (result i32) (current_memory))
)

;; 3 words (a 10-byte box): the 16392-byte minimum wins, 1 page.
(assert_return (invoke $legacy_wee_alloc "new_cell" (i32.const 3) (i32.const 1)) (i32.const 65536))
(assert_return (invoke $legacy_wee_alloc "cell_size" (i32.const 65536)) (i32.const 65528))
(assert_return (invoke $legacy_wee_alloc "pages") (i32.const 2))
;; 16384 words = 64 KiB: plus the 8-byte header that is 2 pages.
(assert_return (invoke $legacy_wee_alloc "new_cell" (i32.const 16384) (i32.const 1)) (i32.const 131072))
(assert_return (invoke $legacy_wee_alloc "cell_size" (i32.const 131072)) (i32.const 131064))
(assert_return (invoke $legacy_wee_alloc "pages") (i32.const 4))
;; A large alignment raises the minimum: 2048 words -> 32768 bytes, 1 page.
(assert_return (invoke $legacy_wee_alloc "new_cell" (i32.const 0) (i32.const 2048)) (i32.const 262144))
;; 100000 words = 400000 bytes: 7 pages, 5 + 7 > 8 -- grow_memory gives -1,
;; the result is the null cell and the memory is unchanged.
(assert_return (invoke $legacy_wee_alloc "new_cell" (i32.const 100000) (i32.const 1)) (i32.const 0))
(assert_return (invoke $legacy_wee_alloc "pages") (i32.const 5))
(assert_return (invoke $legacy_wee_alloc "new_cell" (i32.const 3) (i32.const 1)) (i32.const 327680))
(assert_return (invoke $legacy_wee_alloc "pages") (i32.const 6))
(assert_trap (invoke $legacy_wee_alloc "cell_size" (i32.const 393216)) "out of bounds memory access")
