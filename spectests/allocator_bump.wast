;; allocator_bump.wast -- the simplest dynamic memory: a bump allocator that
;; starts at `__heap_base` and grows the memory itself.
;;
;; Why: the article's portable winner (Rust + wee_alloc) needs no host help
;; because it calls `memory.grow` directly.  This script keeps only that idea:
;;   * the heap starts at `__heap_base`, an exported immutable global, as the
;;     clang/rustc linkers emit it;
;;   * when a request does not fit, memory grows by the page count the
;;     article quotes from wee_alloc's `new_cell_for_free_list`:
;;         pages = (bytes + 65543) >> 16        (computed with i32.shr_u)
;;     65543 = 65536 + 7, so this is ceil((bytes + 8) / 65536): the request
;;     plus wee_alloc's 8-byte cell header, rounded up to whole pages;
;;   * when memory cannot grow (declared maximum reached) `alloc` returns 0,
;;     and `box_new` -- the Rust flavour, whose allocation-error handler
;;     aborts -- traps with "unreachable".
;; Assertions cover the page rule itself, returned addresses and their
;; alignment, growth, exhaustion under a declared maximum of 4 pages with the
;; memory left intact, wrap-around guards and the trap past the last page.

(module $bump
  ;; 1 page at start, never more than 4 (256 KiB): small enough to exhaust.
  (memory (export "memory") 1 4)

  ;; Static data lives below __heap_base; the heap begins at 1024.
  (data (i32.const 16) "bump\00")
  (global $__heap_base (export "__heap_base") i32 (i32.const 1024))

  ;; The bump pointer.  0 means "not started yet": the first allocation reads
  ;; __heap_base (a global initialiser may not read a defined global in
  ;; Wasm 1.0/2.0, so the start is taken lazily instead).
  (global $next (mut i32) (i32.const 0))

  ;; wee_alloc's rule: pages needed for a fresh cell holding `bytes`.
  (func $pages_for (export "pages_for") (param $bytes i32) (result i32)
    (i32.shr_u
      (i32.add (local.get $bytes) (i32.const 65543))
      (i32.const 16)))

  ;; Is [0, end) inside the current memory?  Done in i64 so that
  ;; memory.size * 65536 cannot overflow whatever the size.
  (func $fits (param $end i32) (result i32)
    (i64.le_u
      (i64.extend_i32_u (local.get $end))
      (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16))))

  ;; alloc(size, align) -> address, or 0 when the request cannot be met.
  ;; `align` must be a power of two (as Rust's Layout demands).
  (func $alloc (export "alloc") (param $size i32) (param $align i32) (result i32)
    (local $ptr i32)
    (local $end i32)
    ;; Reject a bad layout: align == 0 or not a power of two.
    (if (i32.or
          (i32.eqz (local.get $align))
          (i32.ne (i32.and (local.get $align)
                           (i32.sub (local.get $align) (i32.const 1)))
                  (i32.const 0)))
      (then (return (i32.const 0))))
    ;; Sizes this large can never fit (and would wrap the i32 page rule).
    (if (i32.ge_u (local.get $size) (i32.const 0xFFFF0000))
      (then (return (i32.const 0))))
    (if (i32.eqz (global.get $next))
      (then (global.set $next (global.get $__heap_base))))
    ;; Round the bump pointer up to the alignment.
    (local.set $ptr
      (i32.and
        (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (if (i32.lt_u (local.get $ptr) (global.get $next))
      (then (return (i32.const 0))))              ;; rounding wrapped
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr))
      (then (return (i32.const 0))))              ;; end wrapped past 4 GiB
    ;; Grow until the block fits.  With align <= 8 one round always does,
    ;; thanks to the 8 spare bytes in the page rule; larger alignments may
    ;; need another round.  memory.grow == -1 means the maximum is reached.
    (block $done
      (loop $grow
        (br_if $done (call $fits (local.get $end)))
        (if (i32.eq (memory.grow (call $pages_for (local.get $size)))
                    (i32.const -1))
          (then (return (i32.const 0))))
        (br $grow)))
    (global.set $next (local.get $end))
    (local.get $ptr))

  ;; Box::new: Rust's alloc error handler aborts, which is `unreachable`.
  (func (export "box_new") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (call $alloc (local.get $size) (i32.const 8)))
    (if (i32.eqz (local.get $ptr)) (then (unreachable)))
    (local.get $ptr))

  ;; A bump allocator frees everything at once.
  (func (export "reset") (global.set $next (global.get $__heap_base)))

  (func (export "next") (result i32) (global.get $next))
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "store8") (param $addr i32) (param $value i32)
    (i32.store8 (local.get $addr) (local.get $value)))
)

;; __heap_base is an exported immutable global.
(assert_return (get $bump "__heap_base") (i32.const 1024))
(assert_return (invoke $bump "next") (i32.const 0))
(assert_return (invoke $bump "load8" (i32.const 16)) (i32.const 0x62)) ;; 'b'

;; The page rule: ceil((bytes + 8) / 65536).
(assert_return (invoke $bump "pages_for" (i32.const 0)) (i32.const 1))
(assert_return (invoke $bump "pages_for" (i32.const 1)) (i32.const 1))
(assert_return (invoke $bump "pages_for" (i32.const 65528)) (i32.const 1))
(assert_return (invoke $bump "pages_for" (i32.const 65529)) (i32.const 2))
(assert_return (invoke $bump "pages_for" (i32.const 65536)) (i32.const 2))
(assert_return (invoke $bump "pages_for" (i32.const 131064)) (i32.const 2))
(assert_return (invoke $bump "pages_for" (i32.const 131065)) (i32.const 3))
(assert_return (invoke $bump "pages_for" (i32.const 200000)) (i32.const 4))
;; shr_u, not shr_s: the largest safe request gives 65535 pages, not -1.
(assert_return (invoke $bump "pages_for" (i32.const 0xFFFEFFF8)) (i32.const 65535))

;; Bad layouts.
(assert_return (invoke $bump "alloc" (i32.const 8) (i32.const 0)) (i32.const 0))
(assert_return (invoke $bump "alloc" (i32.const 8) (i32.const 3)) (i32.const 0))

;; Small allocations: consecutive, each rounded up to its alignment.
(assert_return (invoke $bump "alloc" (i32.const 10) (i32.const 1)) (i32.const 1024))
(assert_return (invoke $bump "alloc" (i32.const 4) (i32.const 4)) (i32.const 1036))
(assert_return (invoke $bump "alloc" (i32.const 1) (i32.const 1)) (i32.const 1040))
(assert_return (invoke $bump "alloc" (i32.const 8) (i32.const 8)) (i32.const 1048))
(assert_return (invoke $bump "alloc" (i32.const 0) (i32.const 16)) (i32.const 1056))
(assert_return (invoke $bump "alloc" (i32.const 3) (i32.const 16)) (i32.const 1056))
(assert_return (invoke $bump "next") (i32.const 1059))
(assert_return (invoke $bump "size") (i32.const 1))

;; 64 KiB does not fit in the rest of page 0: grow by
;; (65536 + 65543) >> 16 = 2 pages, 1 -> 3.
(assert_return (invoke $bump "alloc" (i32.const 65536) (i32.const 8)) (i32.const 1064))
(assert_return (invoke $bump "size") (i32.const 3))
(assert_return (invoke $bump "next") (i32.const 66600))
;; Both ends of the new block are usable memory.
(invoke $bump "store8" (i32.const 1064) (i32.const 0x11))
(invoke $bump "store8" (i32.const 66599) (i32.const 0x22))
(assert_return (invoke $bump "load8" (i32.const 66599)) (i32.const 0x22))

;; 200000 bytes would need 4 more pages: 3 + 4 > 4, memory.grow says -1,
;; alloc says 0 and changes nothing.
(assert_return (invoke $bump "alloc" (i32.const 200000) (i32.const 8)) (i32.const 0))
(assert_return (invoke $bump "size") (i32.const 3))
(assert_return (invoke $bump "next") (i32.const 66600))
;; The Rust-style Box::new aborts instead.
(assert_trap (invoke $bump "box_new" (i32.const 200000)) "unreachable")
(assert_return (invoke $bump "next") (i32.const 66600))

;; 100000 bytes still fit in the 3 pages: no growth.
(assert_return (invoke $bump "alloc" (i32.const 100000) (i32.const 8)) (i32.const 66600))
(assert_return (invoke $bump "size") (i32.const 3))
;; 40000 bytes do not: grow by (40000 + 65543) >> 16 = 1 page, to the maximum.
(assert_return (invoke $bump "box_new" (i32.const 40000)) (i32.const 166600))
(assert_return (invoke $bump "size") (i32.const 4))
;; At the maximum: 60000 bytes do not fit and cannot be grown for.
(assert_return (invoke $bump "alloc" (i32.const 60000) (i32.const 8)) (i32.const 0))
;; But what fits in the last page is still handed out, up to the last byte.
(assert_return (invoke $bump "alloc" (i32.const 55000) (i32.const 8)) (i32.const 206600))
(assert_return (invoke $bump "alloc" (i32.const 544) (i32.const 8)) (i32.const 261600))
(assert_return (invoke $bump "next") (i32.const 262144))
(assert_return (invoke $bump "alloc" (i32.const 1) (i32.const 1)) (i32.const 0))
;; A zero-sized request at the very end is fine (nothing to touch)...
(assert_return (invoke $bump "alloc" (i32.const 0) (i32.const 1)) (i32.const 262144))
;; ...and touching past the end traps.
(invoke $bump "store8" (i32.const 262143) (i32.const 0x33))
(assert_trap (invoke $bump "store8" (i32.const 262144) (i32.const 0x33)) "out of bounds memory access")
(assert_trap (invoke $bump "box_new" (i32.const 1)) "unreachable")

;; Requests that would wrap 32-bit arithmetic are refused, not mis-served.
(assert_return (invoke $bump "alloc" (i32.const 0xFFFFFFF0) (i32.const 1)) (i32.const 0))
(assert_return (invoke $bump "alloc" (i32.const 0xFFFF0000) (i32.const 8)) (i32.const 0))
(assert_return (invoke $bump "alloc" (i32.const 1) (i32.const 0x80000000)) (i32.const 0))
(assert_return (invoke $bump "size") (i32.const 4))

;; Growing never lost earlier contents.
(assert_return (invoke $bump "load8" (i32.const 1064)) (i32.const 0x11))
(assert_return (invoke $bump "load8" (i32.const 66599)) (i32.const 0x22))
(assert_return (invoke $bump "load8" (i32.const 262143)) (i32.const 0x33))

;; Freeing everything restarts at __heap_base; the memory does not shrink.
(invoke $bump "reset")
(assert_return (invoke $bump "alloc" (i32.const 16) (i32.const 8)) (i32.const 1024))
(assert_return (invoke $bump "alloc" (i32.const 200000) (i32.const 8)) (i32.const 1040))
(assert_return (invoke $bump "size") (i32.const 4))

;; A second instance of the same kind of module has its own memory and its
;; own bump pointer: allocations in $bump do not show up here.
(module $bump2
  (memory 1 1)
  (global $__heap_base (export "__heap_base") i32 (i32.const 4096))
  (global $next (mut i32) (i32.const 0))
  (func $alloc (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (if (i32.eqz (global.get $next))
      (then (global.set $next (global.get $__heap_base))))
    ;; 8-byte alignment only, to keep this one short.
    (local.set $ptr
      (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
    (if (i64.gt_u
          (i64.add (i64.extend_i32_u (local.get $ptr))
                   (i64.extend_i32_u (local.get $size)))
          (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
      (then
        ;; The same wee_alloc page rule; max 1 page, so this always fails.
        (if (i32.eq
              (memory.grow
                (i32.shr_u (i32.add (local.get $size) (i32.const 65543))
                           (i32.const 16)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    (local.get $ptr))
)
(assert_return (get $bump2 "__heap_base") (i32.const 4096))
(assert_return (invoke $bump2 "alloc" (i32.const 5)) (i32.const 4096))
(assert_return (invoke $bump2 "alloc" (i32.const 8)) (i32.const 4104))
(assert_return (invoke $bump2 "alloc" (i32.const 61424)) (i32.const 4112))
(assert_return (invoke $bump2 "alloc" (i32.const 1)) (i32.const 0))
