;; memory_grow_limits.wast -- how far a linear memory can grow, and what the
;; program sees at the edges.
;;
;; Why: every allocator in the article (dlmalloc under emscripten, musl's
;; malloc over brk/mmap, Rust's wee_alloc) ends up asking the engine for more
;; pages, directly with `memory.grow` or through a host function that does it.
;; Their "out of memory" paths all hinge on `memory.grow` returning -1 and on
;; loads/stores trapping one byte past the end.  This script pins those rules:
;;
;;   1. grow by 0 returns the current size; growing to exactly the declared
;;      maximum succeeds; one page more returns -1 and leaves the size alone.
;;   2. new pages read as zero, old contents survive a grow.
;;   3. the last byte before the end is accessible, the first byte after it
;;      traps with "out of bounds memory access" -- before and after growing,
;;      for 1-, 4- and 8-byte accesses, and for offsets that would wrap.
;;   4. a memory without a maximum stops at 65,536 pages (4 GiB).  Only
;;      over-limit requests are asserted (they must return -1 at once), so a
;;      conforming engine never has to reserve 4 GiB to run this file.
;;   5. invalid limits are rejected at validation ("memory size",
;;      "size minimum must not be greater than maximum").
;;   6. an imported memory grown by the importer is seen grown by the exporter
;;      (and the other way round); import matching uses the current size.
;;   7. memory64: `(memory i64 1 4)`, sizes and grow results are i64, a failed
;;      grow returns i64 -1.
;;   8. LEGACY SECTION (last in the file): the pre-standard spellings
;;      `grow_memory` / `current_memory` / `get_local` give the same results.
;;      Those modules use the legacy names ON PURPOSE: the article quotes code
;;      in that spelling.  The spec grammar no longer accepts them (our runner
;;      does, with a warning); reference tools were checked on a copy with the
;;      names replaced by `memory.grow` / `memory.size` / `local.get`.

;; ---------------------------------------------------------------------------
;; 1-3. A bounded memory: 1 page initially, at most 4.
;; ---------------------------------------------------------------------------
(module $bounded
  (memory (export "memory") 1 4)

  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))

  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "store8") (param $addr i32) (param $value i32)
    (i32.store8 (local.get $addr) (local.get $value)))
  (func (export "load32") (param $addr i32) (result i32)
    (i32.load (local.get $addr)))
  (func (export "store32") (param $addr i32) (param $value i32)
    (i32.store (local.get $addr) (local.get $value)))
  (func (export "load64") (param $addr i32) (result i64)
    (i64.load (local.get $addr)))

  ;; The static offset is added to the dynamic address without wrapping
  ;; (the effective address is a 33-bit sum), so addr=1 with offset
  ;; 0xFFFFFFFF must trap instead of reading address 0.
  (func (export "load8_far_offset") (param $addr i32) (result i32)
    (i32.load8_u offset=0xFFFFFFFF (local.get $addr)))
  ;; offset=65535 with addr=1 lands exactly on the first byte after page 0.
  (func (export "load8_offset_65535") (param $addr i32) (result i32)
    (i32.load8_u offset=65535 (local.get $addr)))
)

;; grow by 0 is a query: it returns the current size and changes nothing.
(assert_return (invoke $bounded "size") (i32.const 1))
(assert_return (invoke $bounded "grow" (i32.const 0)) (i32.const 1))
(assert_return (invoke $bounded "size") (i32.const 1))

;; The edge of page 0: byte 65535 is the last valid byte.
(assert_return (invoke $bounded "load8" (i32.const 65535)) (i32.const 0))
(invoke $bounded "store8" (i32.const 65535) (i32.const 0xAB))
(assert_return (invoke $bounded "load8" (i32.const 65535)) (i32.const 0xAB))
(assert_trap (invoke $bounded "load8" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke $bounded "store8" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
;; Wider accesses: the last fully-inside position works, one byte later the
;; access straddles the end and traps.  (Whether a straddling store writes its
;; in-bounds bytes first is deliberately not asserted.)
(assert_return (invoke $bounded "load32" (i32.const 65532)) (i32.const 0xAB000000))
(assert_trap (invoke $bounded "load32" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke $bounded "store32" (i32.const 65533) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke $bounded "load64" (i32.const 65528)) (i64.const 0xAB00000000000000))
(assert_trap (invoke $bounded "load64" (i32.const 65529)) "out of bounds memory access")
;; Addresses are unsigned: -1 is 4 GiB - 1, far out of bounds.
(assert_trap (invoke $bounded "load8" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke $bounded "load8_far_offset" (i32.const 1)) "out of bounds memory access")
(assert_return (invoke $bounded "load8_offset_65535" (i32.const 0)) (i32.const 0xAB))
(assert_trap (invoke $bounded "load8_offset_65535" (i32.const 1)) "out of bounds memory access")

;; Grow by one page: the old size comes back, the new page reads as zero,
;; the old contents survive, and the edge moves by exactly 65536 bytes.
(assert_return (invoke $bounded "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $bounded "size") (i32.const 2))
(assert_return (invoke $bounded "load8" (i32.const 65535)) (i32.const 0xAB))
(assert_return (invoke $bounded "load8" (i32.const 65536)) (i32.const 0))
(assert_return (invoke $bounded "load64" (i32.const 131064)) (i64.const 0))
(assert_return (invoke $bounded "load8" (i32.const 131071)) (i32.const 0))
(assert_trap (invoke $bounded "load8" (i32.const 131072)) "out of bounds memory access")
;; The 4 bytes 65533..65536 now exist; little-endian, byte 65535 is byte 2.
(assert_return (invoke $bounded "load32" (i32.const 65533)) (i32.const 0x00AB0000))
(assert_return (invoke $bounded "load8_offset_65535" (i32.const 1)) (i32.const 0))
(invoke $bounded "store32" (i32.const 131068) (i32.const 0x01020304))
(assert_return (invoke $bounded "load8" (i32.const 131071)) (i32.const 0x01))

;; Grow to exactly the maximum (2 + 2 = 4): succeeds.
(assert_return (invoke $bounded "grow" (i32.const 2)) (i32.const 2))
(assert_return (invoke $bounded "size") (i32.const 4))
(assert_return (invoke $bounded "load8" (i32.const 262143)) (i32.const 0))
(assert_trap (invoke $bounded "load8" (i32.const 262144)) "out of bounds memory access")
;; One page more: -1, and memory.size after the failed grow is unchanged.
(assert_return (invoke $bounded "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $bounded "size") (i32.const 4))
;; A failed grow must not touch the contents either.
(assert_return (invoke $bounded "load8" (i32.const 65535)) (i32.const 0xAB))
(assert_return (invoke $bounded "load32" (i32.const 131068)) (i32.const 0x01020304))
;; Huge requests (as unsigned page counts) fail the same way.
(assert_return (invoke $bounded "grow" (i32.const 0x10000)) (i32.const -1))
(assert_return (invoke $bounded "grow" (i32.const -1)) (i32.const -1))
(assert_return (invoke $bounded "size") (i32.const 4))
;; grow by 0 at the maximum is still a successful query.
(assert_return (invoke $bounded "grow" (i32.const 0)) (i32.const 4))
(assert_trap (invoke $bounded "load8" (i32.const 262144)) "out of bounds memory access")

;; ---------------------------------------------------------------------------
;; Zero-sized memories: nothing is accessible until the first grow.
;; ---------------------------------------------------------------------------
(module $empty
  (memory 0 1)
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
)
(assert_return (invoke $empty "size") (i32.const 0))
(assert_trap (invoke $empty "load8" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke $empty "grow" (i32.const 0)) (i32.const 0))
(assert_trap (invoke $empty "load8" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke $empty "grow" (i32.const 2)) (i32.const -1))
(assert_return (invoke $empty "grow" (i32.const 1)) (i32.const 0))
(assert_return (invoke $empty "load8" (i32.const 0)) (i32.const 0))
(assert_return (invoke $empty "load8" (i32.const 65535)) (i32.const 0))
(assert_trap (invoke $empty "load8" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke $empty "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $empty "size") (i32.const 1))

;; A maximum of 0 pages: even one page is too many.
(module $frozen
  (memory 0 0)
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
)
(assert_return (invoke $frozen "grow" (i32.const 0)) (i32.const 0))
(assert_return (invoke $frozen "grow" (i32.const 1)) (i32.const -1))

;; ---------------------------------------------------------------------------
;; 4. No declared maximum: the hard limit is 65,536 pages of 64 KiB = 4 GiB.
;; Every grow below either stays tiny or asks for MORE than 65,536 pages in
;; total, so the -1 is required by the spec, not a resource accident, and an
;; engine can answer it without reserving anything.
;; ---------------------------------------------------------------------------
(module $unbounded
  (memory 1)
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
)
(assert_return (invoke $unbounded "size") (i32.const 1))
;; 1 + 65537 pages: over the 4 GiB limit.
(assert_return (invoke $unbounded "grow" (i32.const 65537)) (i32.const -1))
(assert_return (invoke $unbounded "size") (i32.const 1))
;; 1 + 65536 pages: still one page over the limit.
(assert_return (invoke $unbounded "grow" (i32.const 65536)) (i32.const -1))
(assert_return (invoke $unbounded "grow" (i32.const 0x80000000)) (i32.const -1))
(assert_return (invoke $unbounded "grow" (i32.const 0xFFFFFFFF)) (i32.const -1))
(assert_return (invoke $unbounded "size") (i32.const 1))
;; Small grows work as usual...
(assert_return (invoke $unbounded "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $unbounded "load8" (i32.const 131071)) (i32.const 0))
;; ...and now 2 + 65535 is over the limit too.
(assert_return (invoke $unbounded "grow" (i32.const 65535)) (i32.const -1))
(assert_return (invoke $unbounded "size") (i32.const 2))

;; A declared maximum of exactly 65,536 pages is valid (but never used here).
(module $max_declared
  (memory 0 65536)
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
)
(assert_return (invoke $max_declared "grow" (i32.const 65537)) (i32.const -1))
(assert_return (invoke $max_declared "grow" (i32.const 1)) (i32.const 0))

;; ---------------------------------------------------------------------------
;; 5. Limits that cannot be declared at all.
;; ---------------------------------------------------------------------------
(assert_invalid (module (memory 65537)) "memory size")
(assert_invalid (module (memory 0 65537)) "memory size")
(assert_invalid (module (memory 2 1)) "size minimum must not be greater than maximum")
(assert_invalid
  (module (memory 1) (func (drop (memory.grow (i64.const 1)))))
  "type mismatch")

;; ---------------------------------------------------------------------------
;; 6. A shared memory: exported by one instance, imported and grown by another.
;; ---------------------------------------------------------------------------
(module $exporter
  (memory (export "mem") 1 3)
  ;; A marker on the last byte of page 0, to see that growing keeps it.
  (data (i32.const 65535) "\2a")
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
)
(register "exporter" $exporter)

(module $importer
  (import "exporter" "mem" (memory 1 3))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "store8") (param $addr i32) (param $value i32)
    (i32.store8 (local.get $addr) (local.get $value)))
)

(assert_return (invoke $importer "size") (i32.const 1))
(assert_return (invoke $importer "load8" (i32.const 65535)) (i32.const 42))
(assert_trap (invoke $importer "store8" (i32.const 65536) (i32.const 7)) "out of bounds memory access")
;; The importer grows; the exporter sees the new page, and the byte written
;; into it.
(assert_return (invoke $importer "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $exporter "size") (i32.const 2))
(invoke $importer "store8" (i32.const 65541) (i32.const 7))
(assert_return (invoke $exporter "load8" (i32.const 65541)) (i32.const 7))
(assert_return (invoke $exporter "load8" (i32.const 65535)) (i32.const 42))
;; The exporter grows to its maximum; the importer sees it.
(assert_return (invoke $exporter "grow" (i32.const 1)) (i32.const 2))
(assert_return (invoke $importer "size") (i32.const 3))
(assert_return (invoke $importer "load8" (i32.const 196607)) (i32.const 0))
(assert_trap (invoke $importer "load8" (i32.const 196608)) "out of bounds memory access")
;; Past the maximum, from either side: -1, size unchanged for both.
(assert_return (invoke $importer "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $exporter "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $exporter "size") (i32.const 3))

;; An importer that declares no maximum links fine, but the memory keeps the
;; exporter's maximum of 3 pages: declaring less cannot lift a limit.
(module $lax_importer
  (import "exporter" "mem" (memory 1))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
)
(assert_return (invoke $lax_importer "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $lax_importer "grow" (i32.const 0)) (i32.const 3))

;; Import matching compares against the CURRENT size (3 pages now).
(module $exact_importer
  (import "exporter" "mem" (memory 3 3))
  (func (export "size") (result i32) (memory.size))
)
(assert_return (invoke $exact_importer "size") (i32.const 3))
(assert_unlinkable
  (module (import "exporter" "mem" (memory 4)))
  "incompatible import type")
(assert_unlinkable
  (module (import "exporter" "mem" (memory 1 2)))
  "incompatible import type")
(assert_unlinkable
  (module (import "exporter" "mem" (memory i64 1)))
  "incompatible import type")

;; ---------------------------------------------------------------------------
;; 7. memory64: the same rules with i64 addresses, sizes and grow results.
;; ---------------------------------------------------------------------------
(module $bounded64
  (memory (export "memory") i64 1 4)
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param $pages i64) (result i64)
    (memory.grow (local.get $pages)))
  (func (export "load8") (param $addr i64) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "store8") (param $addr i64) (param $value i32)
    (i32.store8 (local.get $addr) (local.get $value)))
  (func (export "load32") (param $addr i64) (result i32)
    (i32.load (local.get $addr)))
)
(assert_return (invoke $bounded64 "size") (i64.const 1))
(assert_return (invoke $bounded64 "grow" (i64.const 0)) (i64.const 1))
(invoke $bounded64 "store8" (i64.const 65535) (i32.const 0x5A))
(assert_return (invoke $bounded64 "load8" (i64.const 65535)) (i32.const 0x5A))
(assert_trap (invoke $bounded64 "load8" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke $bounded64 "load32" (i64.const 65533)) "out of bounds memory access")
;; An address that only fits in 64 bits, and the largest unsigned address.
(assert_trap (invoke $bounded64 "load8" (i64.const 0x1_0000_0000)) "out of bounds memory access")
(assert_trap (invoke $bounded64 "load8" (i64.const -1)) "out of bounds memory access")
;; Grow to exactly the maximum, then one page more.
(assert_return (invoke $bounded64 "grow" (i64.const 3)) (i64.const 1))
(assert_return (invoke $bounded64 "size") (i64.const 4))
(assert_return (invoke $bounded64 "load8" (i64.const 65535)) (i32.const 0x5A))
(assert_return (invoke $bounded64 "load8" (i64.const 262143)) (i32.const 0))
(assert_trap (invoke $bounded64 "load8" (i64.const 262144)) "out of bounds memory access")
(assert_return (invoke $bounded64 "grow" (i64.const 1)) (i64.const -1))
(assert_return (invoke $bounded64 "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke $bounded64 "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke $bounded64 "size") (i64.const 4))

;; memory64 without maximum: the limit is 2^48 pages (2^64 bytes).  Again only
;; requests beyond that limit are asserted.
(module $unbounded64
  (memory i64 1)
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param $pages i64) (result i64)
    (memory.grow (local.get $pages)))
)
(assert_return (invoke $unbounded64 "grow" (i64.const 0x1_0000_0000_0000)) (i64.const -1))
(assert_return (invoke $unbounded64 "grow" (i64.const 0x8000_0000_0000_0000)) (i64.const -1))
(assert_return (invoke $unbounded64 "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke $unbounded64 "size") (i64.const 1))
(assert_return (invoke $unbounded64 "grow" (i64.const 1)) (i64.const 1))
(assert_return (invoke $unbounded64 "size") (i64.const 2))

(assert_invalid (module (memory i64 0 0x1_0000_0000_0001)) "memory size")
(assert_invalid (module (memory i64 2 1)) "size minimum must not be greater than maximum")
(assert_invalid
  (module (memory i64 1) (func (drop (memory.grow (i32.const 1)))))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (func (result i32) (memory.size)))
  "type mismatch")

;; A 64-bit memory shared between instances.
(register "exporter64" $bounded64)
(module $importer64
  (import "exporter64" "memory" (memory i64 4))
  (func (export "size") (result i64) (memory.size))
  (func (export "load8") (param $addr i64) (result i32)
    (i32.load8_u (local.get $addr)))
)
(assert_return (invoke $importer64 "size") (i64.const 4))
(assert_return (invoke $importer64 "load8" (i64.const 65535)) (i32.const 0x5A))
(assert_unlinkable
  (module (import "exporter64" "memory" (memory 4)))
  "incompatible import type")

;; ===========================================================================
;; 8. LEGACY SPELLINGS -- kept apart, at the end, on purpose.
;;
;; `grow_memory`, `current_memory` and `get_local` are the names the MVP drafts
;; used (and the article's disassembly prints).  They were renamed to
;; `memory.grow`, `memory.size` and `local.get`; the spec grammar rejects the
;; old names, our runner accepts them with a warning.  The results must be
;; identical to the modern spelling above.  (Reference tools were run on a
;; copy where sed replaced the legacy names.)
;; ===========================================================================
(module $legacy
  (memory 1 3)
  (func (export "size") (result i32) (current_memory))
  (func (export "grow") (param $pages i32) (result i32)
    (grow_memory (get_local $pages)))
  ;; The same in flat (non-folded) form, as a disassembler prints it.
  (func (export "grow_flat") (param i32) (result i32)
    get_local 0
    grow_memory)
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (get_local $addr)))
)
(assert_return (invoke $legacy "size") (i32.const 1))
(assert_return (invoke $legacy "grow" (i32.const 0)) (i32.const 1))
(assert_return (invoke $legacy "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $legacy "grow_flat" (i32.const 1)) (i32.const 2))
(assert_return (invoke $legacy "size") (i32.const 3))
(assert_return (invoke $legacy "load8" (i32.const 196607)) (i32.const 0))
(assert_trap (invoke $legacy "load8" (i32.const 196608)) "out of bounds memory access")
(assert_return (invoke $legacy "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $legacy "grow_flat" (i32.const 65537)) (i32.const -1))
(assert_return (invoke $legacy "size") (i32.const 3))
