;; allocator_freelist.wast -- malloc / free / realloc / calloc written in WAT.
;;
;; Why: the article compares libc allocators (dlmalloc in emscripten, musl's
;; malloc) that manage chunks inside linear memory and only ask for more pages
;; when they run out.  This script is a small allocator of that family, so the
;; runner is exercised on the memory traffic such code produces, and on every
;; way it can fail:
;;   * first-fit search over an explicit free list kept in address order;
;;   * block splitting, and coalescing with the previous and the next
;;     neighbour (boundary tags: each block has a header AND a footer word);
;;   * 8-byte aligned payloads; freed blocks are reused;
;;   * realloc shrinks in place, grows in place into a free neighbour, or
;;     moves -- preserving the contents -- and leaves the old block intact
;;     when it cannot;
;;   * calloc zeroes (even a reused, dirty block) and returns 0 when
;;     n * size overflows 32 bits;
;;   * malloc grows the memory with memory.grow and returns 0 once the
;;     declared maximum (3 pages) is reached, with earlier blocks intact;
;;   * free of an already free block traps ("unreachable", like libc abort);
;;   * `heap_check` walks the heap and the free list and returns the number
;;     of free blocks, or -1 on any inconsistency; it is called after almost
;;     every step, and deliberate corruptions must make it say -1.
;;
;; Heap layout (all addresses below are exact, so the script can assert them):
;;
;;   1024            prologue word: "size 0, used" -- the footer of nothing
;;   1028            first block
;;   ...             blocks: [header][payload ...][footer]
;;   mem_end - 4     epilogue word: "size 0, used" -- the header of nothing
;;
;; A block starts at an address = 4 (mod 8), its size is a multiple of 8
;; (header + payload + footer, at least 16), so every payload starts at a
;; multiple of 8.  Header and footer hold `size | used`.  A free block keeps
;; its free-list links in its payload: next at +4, prev at +8.

(module $heap
  (memory (export "memory") 1 3)
  (global $__heap_base (export "__heap_base") i32 (i32.const 1024))

  ;; Head of the free list (0 = empty), kept sorted by address.
  (global $free_head (mut i32) (i32.const 0))

  (func $first_block (result i32)
    (i32.add (global.get $__heap_base) (i32.const 4)))
  ;; memory.size * 64 KiB; cannot overflow, the maximum is 3 pages.
  (func $mem_end (result i32)
    (i32.shl (memory.size) (i32.const 16)))

  ;; --- boundary tags -------------------------------------------------------
  (func $size_of (param $b i32) (result i32)
    (i32.and (i32.load (local.get $b)) (i32.const -8)))
  (func $is_used (param $b i32) (result i32)
    (i32.and (i32.load (local.get $b)) (i32.const 1)))
  (func $set_block (param $b i32) (param $size i32) (param $used i32)
    (i32.store (local.get $b) (i32.or (local.get $size) (local.get $used)))
    (i32.store
      (i32.sub (i32.add (local.get $b) (local.get $size)) (i32.const 4))
      (i32.or (local.get $size) (local.get $used))))

  ;; --- free-list links (inside the payload of a free block) ---------------
  (func $next_free (param $b i32) (result i32)
    (i32.load offset=4 (local.get $b)))
  (func $prev_free (param $b i32) (result i32)
    (i32.load offset=8 (local.get $b)))
  (func $set_links (param $b i32) (param $next i32) (param $prev i32)
    (i32.store offset=4 (local.get $b) (local.get $next))
    (i32.store offset=8 (local.get $b) (local.get $prev)))

  ;; Make `$prev` (or the head, when $prev is 0) point forward to $b, and
  ;; `$next` (when not 0) point back to $b.
  (func $link_between (param $b i32) (param $prev i32) (param $next i32)
    (call $set_links (local.get $b) (local.get $next) (local.get $prev))
    (if (i32.eqz (local.get $prev))
      (then (global.set $free_head (local.get $b)))
      (else (i32.store offset=4 (local.get $prev) (local.get $b))))
    (if (local.get $next)
      (then (i32.store offset=8 (local.get $next) (local.get $b)))))

  ;; Insert $b keeping the list sorted by address: first fit then always
  ;; prefers the lowest address, which keeps the results predictable.
  (func $list_insert (param $b i32)
    (local $prev i32)
    (local $cur i32)
    (local.set $cur (global.get $free_head))
    (block $found
      (loop $walk
        (br_if $found (i32.eqz (local.get $cur)))
        (br_if $found (i32.gt_u (local.get $cur) (local.get $b)))
        (local.set $prev (local.get $cur))
        (local.set $cur (call $next_free (local.get $cur)))
        (br $walk)))
    (call $link_between (local.get $b) (local.get $prev) (local.get $cur)))

  (func $list_remove (param $b i32)
    (local $prev i32)
    (local $next i32)
    (local.set $prev (call $prev_free (local.get $b)))
    (local.set $next (call $next_free (local.get $b)))
    (if (i32.eqz (local.get $prev))
      (then (global.set $free_head (local.get $next)))
      (else (i32.store offset=4 (local.get $prev) (local.get $next))))
    (if (local.get $next)
      (then (i32.store offset=8 (local.get $next) (local.get $prev)))))

  ;; $new takes $old's place in the list (used when a split leaves the tail
  ;; of $old free: same neighbours, so the order is kept).
  (func $list_replace (param $old i32) (param $new i32)
    (call $link_between (local.get $new)
      (call $prev_free (local.get $old))
      (call $next_free (local.get $old))))

  ;; --- core ----------------------------------------------------------------

  ;; Block size for a request of $n bytes: payload + 8 bytes of tags, rounded
  ;; up to 8, at least 16.  0 when the request can never be met.
  (func $block_size_for (param $n i32) (result i32)
    (local $size i32)
    (if (i32.ge_u (local.get $n) (i32.const 0xFFFE0000))
      (then (return (i32.const 0))))
    (local.set $size
      (i32.and (i32.add (local.get $n) (i32.const 15)) (i32.const -8)))
    (if (result i32) (i32.lt_u (local.get $size) (i32.const 16))
      (then (i32.const 16))
      (else (local.get $size))))

  ;; First fit: the lowest free block of at least $size bytes, or 0.
  (func $find_fit (param $size i32) (result i32)
    (local $b i32)
    (local.set $b (global.get $free_head))
    (block $done
      (loop $walk
        (br_if $done (i32.eqz (local.get $b)))
        (br_if $done (i32.ge_u (call $size_of (local.get $b)) (local.get $size)))
        (local.set $b (call $next_free (local.get $b)))
        (br $walk)))
    (local.get $b))

  ;; $b has just been marked free and is NOT on the list.  Merge it with a
  ;; free next neighbour and a free previous neighbour (the prologue and the
  ;; epilogue are "used", so no edge cases), put the result on the list and
  ;; return it.
  (func $coalesce (param $b i32) (result i32)
    (local $size i32)
    (local $next i32)
    (local $prev_footer i32)
    (local $prev i32)
    (local.set $size (call $size_of (local.get $b)))
    (local.set $next (i32.add (local.get $b) (local.get $size)))
    (if (i32.eqz (call $is_used (local.get $next)))
      (then
        (call $list_remove (local.get $next))
        (local.set $size
          (i32.add (local.get $size) (call $size_of (local.get $next))))))
    (local.set $prev_footer (i32.load (i32.sub (local.get $b) (i32.const 4))))
    (if (i32.eqz (i32.and (local.get $prev_footer) (i32.const 1)))
      (then
        ;; The previous block is already on the list, at the right place.
        (local.set $prev
          (i32.sub (local.get $b)
                   (i32.and (local.get $prev_footer) (i32.const -8))))
        (call $set_block (local.get $prev)
          (i32.add (local.get $size) (call $size_of (local.get $prev)))
          (i32.const 0))
        (return (local.get $prev))))
    (call $set_block (local.get $b) (local.get $size) (i32.const 0))
    (call $list_insert (local.get $b))
    (local.get $b))

  ;; No free block is big enough: grow the memory by whole pages.  If the
  ;; last block is free, only the missing part is requested.  The old
  ;; epilogue becomes the header of the new free block.  0 when memory.grow
  ;; fails (declared maximum reached).
  (func $extend_heap (param $size i32) (result i32)
    (local $end i32)
    (local $last_footer i32)
    (local $need i32)
    (local $pages i32)
    (local $b i32)
    (local.set $end (call $mem_end))
    (local.set $need (local.get $size))
    (local.set $last_footer (i32.load (i32.sub (local.get $end) (i32.const 8))))
    (if (i32.eqz (i32.and (local.get $last_footer) (i32.const 1)))
      (then
        (local.set $need
          (i32.sub (local.get $need)
                   (i32.and (local.get $last_footer) (i32.const -8))))))
    (local.set $pages
      (i32.shr_u (i32.add (local.get $need) (i32.const 65535)) (i32.const 16)))
    (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
      (then (return (i32.const 0))))
    (local.set $b (i32.sub (local.get $end) (i32.const 4)))
    (call $set_block (local.get $b)
      (i32.shl (local.get $pages) (i32.const 16)) (i32.const 0))
    (i32.store (i32.sub (call $mem_end) (i32.const 4)) (i32.const 1))
    (call $coalesce (local.get $b)))

  ;; Hand out (the front of) free block $b, which is on the list.
  (func $place (param $b i32) (param $size i32)
    (local $have i32)
    (local $rest i32)
    (local.set $have (call $size_of (local.get $b)))
    (if (i32.ge_u (i32.sub (local.get $have) (local.get $size)) (i32.const 16))
      (then
        ;; Split: the tail stays free and takes $b's place in the list.
        (local.set $rest (i32.add (local.get $b) (local.get $size)))
        (call $list_replace (local.get $b) (local.get $rest))
        (call $set_block (local.get $rest)
          (i32.sub (local.get $have) (local.get $size)) (i32.const 0))
        (call $set_block (local.get $b) (local.get $size) (i32.const 1)))
      (else
        ;; Too small a remainder to be a block: use it all.
        (call $list_remove (local.get $b))
        (call $set_block (local.get $b) (local.get $have) (i32.const 1)))))

  ;; --- the C interface -----------------------------------------------------

  (func $malloc (export "malloc") (param $n i32) (result i32)
    (local $size i32)
    (local $b i32)
    (local.set $size (call $block_size_for (local.get $n)))
    (if (i32.eqz (local.get $size)) (then (return (i32.const 0))))
    (local.set $b (call $find_fit (local.get $size)))
    (if (i32.eqz (local.get $b))
      (then
        (local.set $b (call $extend_heap (local.get $size)))
        (if (i32.eqz (local.get $b)) (then (return (i32.const 0))))))
    (call $place (local.get $b) (local.get $size))
    (i32.add (local.get $b) (i32.const 4)))

  (func $free (export "free") (param $p i32)
    (local $b i32)
    (if (i32.eqz (local.get $p)) (then (return)))
    (local.set $b (i32.sub (local.get $p) (i32.const 4)))
    ;; Double free: abort, as libc does.
    (if (i32.eqz (call $is_used (local.get $b))) (then (unreachable)))
    (call $set_block (local.get $b) (call $size_of (local.get $b)) (i32.const 0))
    (drop (call $coalesce (local.get $b))))

  (func $realloc (export "realloc") (param $p i32) (param $n i32) (result i32)
    (local $b i32)
    (local $have i32)
    (local $size i32)
    (local $next i32)
    (local $total i32)
    (local $q i32)
    (if (i32.eqz (local.get $p))
      (then (return (call $malloc (local.get $n)))))
    (if (i32.eqz (local.get $n))
      (then (call $free (local.get $p)) (return (i32.const 0))))
    (local.set $size (call $block_size_for (local.get $n)))
    (if (i32.eqz (local.get $size)) (then (return (i32.const 0))))
    (local.set $b (i32.sub (local.get $p) (i32.const 4)))
    (local.set $have (call $size_of (local.get $b)))
    ;; 1. Big enough already: shrink in place, give back a usable tail.
    (if (i32.ge_u (local.get $have) (local.get $size))
      (then
        (if (i32.ge_u (i32.sub (local.get $have) (local.get $size)) (i32.const 16))
          (then
            (call $set_block (local.get $b) (local.get $size) (i32.const 1))
            (call $set_block (i32.add (local.get $b) (local.get $size))
              (i32.sub (local.get $have) (local.get $size)) (i32.const 0))
            (drop (call $coalesce (i32.add (local.get $b) (local.get $size))))))
        (return (local.get $p))))
    ;; 2. The next block is free and the two together suffice: grow in place.
    (local.set $next (i32.add (local.get $b) (local.get $have)))
    (if (i32.eqz (call $is_used (local.get $next)))
      (then
        (local.set $total
          (i32.add (local.get $have) (call $size_of (local.get $next))))
        (if (i32.ge_u (local.get $total) (local.get $size))
          (then
            (call $list_remove (local.get $next))
            (if (i32.ge_u (i32.sub (local.get $total) (local.get $size)) (i32.const 16))
              (then
                (call $set_block (local.get $b) (local.get $size) (i32.const 1))
                (call $set_block (i32.add (local.get $b) (local.get $size))
                  (i32.sub (local.get $total) (local.get $size)) (i32.const 0))
                (drop (call $coalesce (i32.add (local.get $b) (local.get $size)))))
              (else
                (call $set_block (local.get $b) (local.get $total) (i32.const 1))))
            (return (local.get $p))))))
    ;; 3. Move: allocate first, so that on failure the old block is untouched.
    (local.set $q (call $malloc (local.get $n)))
    (if (i32.eqz (local.get $q)) (then (return (i32.const 0))))
    ;; The whole old payload is smaller than $n here, copy all of it.
    (memory.copy (local.get $q) (local.get $p)
      (i32.sub (local.get $have) (i32.const 8)))
    (call $free (local.get $p))
    (local.get $q))

  (func $calloc (export "calloc") (param $count i32) (param $each i32) (result i32)
    (local $total i64)
    (local $p i32)
    ;; n * size in 64 bits: a product above 4 GiB - 1 is refused, not wrapped.
    (local.set $total
      (i64.mul (i64.extend_i32_u (local.get $count))
               (i64.extend_i32_u (local.get $each))))
    (if (i64.gt_u (local.get $total) (i64.const 0xFFFFFFFF))
      (then (return (i32.const 0))))
    (local.set $p (call $malloc (i32.wrap_i64 (local.get $total))))
    (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
    ;; A reused block still holds old bytes and list links: zero it.
    (memory.fill (local.get $p) (i32.const 0) (i32.wrap_i64 (local.get $total)))
    (local.get $p))

  ;; --- integrity -----------------------------------------------------------

  ;; Walk every block from the prologue to the epilogue and, in step, the
  ;; free list.  Returns the number of free blocks, or -1 if:
  ;;   the prologue or epilogue is damaged; a size is < 16, not a multiple of
  ;;   8, or runs past the epilogue; a footer differs from its header; two
  ;;   free blocks are adjacent (a missed coalesce); the free list is not
  ;;   exactly the free blocks in address order with matching back links.
  (func $heap_check (export "heap_check") (result i32)
    (local $b i32)
    (local $end i32)
    (local $h i32)
    (local $size i32)
    (local $expect i32)
    (local $list_prev i32)
    (local $prev_was_free i32)
    (local $count i32)
    (if (i32.ne (i32.load (global.get $__heap_base)) (i32.const 1))
      (then (return (i32.const -1))))
    (local.set $end (i32.sub (call $mem_end) (i32.const 4)))
    (local.set $b (call $first_block))
    (local.set $expect (global.get $free_head))
    (block $walked
      (loop $walk
        (br_if $walked (i32.eq (local.get $b) (local.get $end)))
        (local.set $h (i32.load (local.get $b)))
        (local.set $size (i32.and (local.get $h) (i32.const -8)))
        (if (i32.or
              (i32.lt_u (local.get $size) (i32.const 16))
              (i32.and (local.get $h) (i32.const 6)))
          (then (return (i32.const -1))))
        (if (i32.gt_u (local.get $size) (i32.sub (local.get $end) (local.get $b)))
          (then (return (i32.const -1))))
        (if (i32.ne
              (i32.load (i32.sub (i32.add (local.get $b) (local.get $size)) (i32.const 4)))
              (local.get $h))
          (then (return (i32.const -1))))
        (if (i32.and (local.get $h) (i32.const 1))
          (then (local.set $prev_was_free (i32.const 0)))
          (else
            (if (local.get $prev_was_free) (then (return (i32.const -1))))
            (if (i32.ne (local.get $b) (local.get $expect))
              (then (return (i32.const -1))))
            (if (i32.ne (call $prev_free (local.get $b)) (local.get $list_prev))
              (then (return (i32.const -1))))
            (local.set $list_prev (local.get $b))
            (local.set $expect (call $next_free (local.get $b)))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $prev_was_free (i32.const 1))))
        (local.set $b (i32.add (local.get $b) (local.get $size)))
        (br $walk)))
    (if (i32.ne (i32.load (local.get $end)) (i32.const 1))
      (then (return (i32.const -1))))
    ;; List entries left over are not free blocks of this heap.
    (if (local.get $expect) (then (return (i32.const -1))))
    (local.get $count))

  ;; The heap starts as one free block spanning all of the first page.
  (func $init
    (local $first i32)
    (local $end i32)
    (local.set $first (call $first_block))
    (local.set $end (i32.sub (call $mem_end) (i32.const 4)))
    (i32.store (global.get $__heap_base) (i32.const 1))   ;; prologue
    (i32.store (local.get $end) (i32.const 1))            ;; epilogue
    (call $set_block (local.get $first)
      (i32.sub (local.get $end) (local.get $first)) (i32.const 0))
    (call $list_insert (local.get $first)))
  (start $init)

  ;; --- test helpers ----------------------------------------------------------
  (func (export "usable_size") (param $p i32) (result i32)
    (i32.sub (call $size_of (i32.sub (local.get $p) (i32.const 4))) (i32.const 8)))
  (func (export "largest_free") (result i32)
    (local $b i32)
    (local $best i32)
    (local.set $b (global.get $free_head))
    (block $done
      (loop $walk
        (br_if $done (i32.eqz (local.get $b)))
        (if (i32.gt_u (call $size_of (local.get $b)) (local.get $best))
          (then (local.set $best (call $size_of (local.get $b)))))
        (local.set $b (call $next_free (local.get $b)))
        (br $walk)))
    (local.get $best))
  (func (export "size") (result i32) (memory.size))
  (func (export "load32") (param $addr i32) (result i32)
    (i32.load (local.get $addr)))
  (func (export "store32") (param $addr i32) (param $value i32)
    (i32.store (local.get $addr) (local.get $value)))
  ;; byte i of [p, p+n) := (seed + i) & 255
  (func (export "fill_pattern") (param $p i32) (param $n i32) (param $seed i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $p) (local.get $i))
                    (i32.add (local.get $seed) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  ;; 1 if [p, p+n) still holds the pattern written by fill_pattern, else 0.
  (func (export "check_pattern") (param $p i32) (param $n i32) (param $seed i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                    (i32.and (i32.add (local.get $seed) (local.get $i)) (i32.const 255)))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
  ;; 1 if [p, p+n) is all zero bytes.
  (func (export "is_zero") (param $p i32) (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.load8_u (i32.add (local.get $p) (local.get $i)))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
)

;; ---------------------------------------------------------------------------
;; Fresh heap: one free block of 65536 - 4 - 1028 = 64504 bytes.
;; ---------------------------------------------------------------------------
(assert_return (get $heap "__heap_base") (i32.const 1024))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(assert_return (invoke $heap "largest_free") (i32.const 64504))
(assert_return (invoke $heap "size") (i32.const 1))

;; Carve five blocks from the front; every payload is 8-aligned.
;;   malloc(24)  -> block 1028, 32 bytes    malloc(1)  -> block 1060, 16
;;   malloc(100) -> block 1076, 112         malloc(0)  -> block 1188, 16
;;   malloc(40)  -> block 1204, 48          rest: 1252, 64280 free
(assert_return (invoke $heap "malloc" (i32.const 24)) (i32.const 1032))
(assert_return (invoke $heap "malloc" (i32.const 1)) (i32.const 1064))
(assert_return (invoke $heap "malloc" (i32.const 100)) (i32.const 1080))
(assert_return (invoke $heap "malloc" (i32.const 0)) (i32.const 1192))
(assert_return (invoke $heap "malloc" (i32.const 40)) (i32.const 1208))
(assert_return (invoke $heap "usable_size" (i32.const 1080)) (i32.const 104))
(assert_return (invoke $heap "usable_size" (i32.const 1192)) (i32.const 8))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(assert_return (invoke $heap "largest_free") (i32.const 64280))

;; Free a block between two used ones: no merge, it joins the list...
(invoke $heap "free" (i32.const 1064))
(assert_return (invoke $heap "heap_check") (i32.const 2))
;; ...and first fit reuses it for the next request that fits.
(assert_return (invoke $heap "malloc" (i32.const 8)) (i32.const 1064))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(invoke $heap "free" (i32.const 1064))
(assert_return (invoke $heap "heap_check") (i32.const 2))

;; Coalesce with the NEXT neighbour: block 1028 (32) + free 1060 (16) = 48.
(invoke $heap "free" (i32.const 1032))
(assert_return (invoke $heap "heap_check") (i32.const 2))
(assert_return (invoke $heap "load32" (i32.const 1028)) (i32.const 48))
;; Coalesce with the PREVIOUS neighbour: free 1028 (48) + block 1076 (112).
(invoke $heap "free" (i32.const 1080))
(assert_return (invoke $heap "heap_check") (i32.const 2))
(assert_return (invoke $heap "load32" (i32.const 1028)) (i32.const 160))
(assert_return (invoke $heap "load32" (i32.const 1184)) (i32.const 160))

;; The merged hole is reused whole (exact fit: 150 -> 160-byte block)...
(assert_return (invoke $heap "malloc" (i32.const 150)) (i32.const 1032))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(invoke $heap "free" (i32.const 1032))
;; ...or split (16 -> 24-byte block, the 136-byte tail stays free).
(assert_return (invoke $heap "malloc" (i32.const 16)) (i32.const 1032))
(assert_return (invoke $heap "heap_check") (i32.const 2))
(assert_return (invoke $heap "load32" (i32.const 1052)) (i32.const 136))
(invoke $heap "free" (i32.const 1032))
(assert_return (invoke $heap "load32" (i32.const 1028)) (i32.const 160))

;; Block 1204 merges with the big tail; then block 1188 has free blocks on
;; BOTH sides and all three merge: the heap is one block again.
(invoke $heap "free" (i32.const 1208))
(assert_return (invoke $heap "heap_check") (i32.const 2))
(invoke $heap "free" (i32.const 1192))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(assert_return (invoke $heap "largest_free") (i32.const 64504))

;; free(NULL) is a no-op; freeing twice aborts.
(invoke $heap "free" (i32.const 0))
(assert_return (invoke $heap "heap_check") (i32.const 1))

;; ---------------------------------------------------------------------------
;; realloc
;; ---------------------------------------------------------------------------
;; p = malloc(20) at 1032 (block 32), q = malloc(20) at 1064 right behind it.
(assert_return (invoke $heap "malloc" (i32.const 20)) (i32.const 1032))
(invoke $heap "fill_pattern" (i32.const 1032) (i32.const 20) (i32.const 7))
(assert_return (invoke $heap "malloc" (i32.const 20)) (i32.const 1064))
;; Growing p to 200 cannot happen in place (q is in the way): it moves to
;; the free tail at 1092, with its 20 bytes, and 1028 becomes free.
(assert_return (invoke $heap "realloc" (i32.const 1032) (i32.const 200)) (i32.const 1096))
(assert_return (invoke $heap "check_pattern" (i32.const 1096) (i32.const 20) (i32.const 7)) (i32.const 1))
(assert_return (invoke $heap "heap_check") (i32.const 2))
;; Shrinking stays in place; the 96-byte tail merges with the free space.
(assert_return (invoke $heap "realloc" (i32.const 1096) (i32.const 100)) (i32.const 1096))
(assert_return (invoke $heap "usable_size" (i32.const 1096)) (i32.const 104))
(assert_return (invoke $heap "heap_check") (i32.const 2))
;; Growing when the next block is free: in place, contents untouched.
(assert_return (invoke $heap "realloc" (i32.const 1096) (i32.const 300)) (i32.const 1096))
(assert_return (invoke $heap "usable_size" (i32.const 1096)) (i32.const 304))
(assert_return (invoke $heap "check_pattern" (i32.const 1096) (i32.const 20) (i32.const 7)) (i32.const 1))
(assert_return (invoke $heap "heap_check") (i32.const 2))
;; Shrinking q (32 -> 16) leaves a 16-byte free block between two used ones.
(assert_return (invoke $heap "realloc" (i32.const 1064) (i32.const 8)) (i32.const 1064))
(assert_return (invoke $heap "heap_check") (i32.const 3))
;; realloc(NULL, n) is malloc(n): first fit takes the 32-byte hole at 1028.
(assert_return (invoke $heap "realloc" (i32.const 0) (i32.const 24)) (i32.const 1032))
(assert_return (invoke $heap "heap_check") (i32.const 2))
;; realloc(p, 0) frees p and returns NULL.
(assert_return (invoke $heap "realloc" (i32.const 1032) (i32.const 0)) (i32.const 0))
(assert_return (invoke $heap "heap_check") (i32.const 3))

;; ---------------------------------------------------------------------------
;; calloc
;; ---------------------------------------------------------------------------
;; Block 1028 was used and freed: its payload holds pattern bytes and list
;; links.  calloc reuses it and must hand it out zeroed.
(assert_return (invoke $heap "load32" (i32.const 1032)) (i32.const 1076))       ;; next link
(assert_return (invoke $heap "load32" (i32.const 1040)) (i32.const 0x1211100F)) ;; old bytes
(assert_return (invoke $heap "calloc" (i32.const 3) (i32.const 8)) (i32.const 1032))
(assert_return (invoke $heap "is_zero" (i32.const 1032) (i32.const 24)) (i32.const 1))
;; n * size overflowing 32 bits: refused, nothing allocated.
(assert_return (invoke $heap "calloc" (i32.const 0x10000) (i32.const 0x10000)) (i32.const 0))
(assert_return (invoke $heap "calloc" (i32.const 0x40000000) (i32.const 4)) (i32.const 0))
(assert_return (invoke $heap "calloc" (i32.const 0xFFFFFFFF) (i32.const 2)) (i32.const 0))
(assert_return (invoke $heap "heap_check") (i32.const 2))
;; A product that fits but exceeds the 3-page maximum: also 0.
(assert_return (invoke $heap "calloc" (i32.const 1000) (i32.const 1000)) (i32.const 0))
(assert_return (invoke $heap "size") (i32.const 1))
;; calloc(0, n) is a minimal block, first fit: the 16-byte hole at 1076.
(assert_return (invoke $heap "calloc" (i32.const 0) (i32.const 5)) (i32.const 1080))
(assert_return (invoke $heap "heap_check") (i32.const 1))

;; ---------------------------------------------------------------------------
;; Growing the memory, and running out of it.
;; Used: 1028(32) 1060(16) 1076(16) 1092(312); free: 1404, 64128 bytes.
;; ---------------------------------------------------------------------------
;; 100000 bytes need a 100008-byte block; the free tail has 64128, so one
;; page is added and merged with it.
(assert_return (invoke $heap "malloc" (i32.const 100000)) (i32.const 1408))
(assert_return (invoke $heap "size") (i32.const 2))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(invoke $heap "fill_pattern" (i32.const 1408) (i32.const 100000) (i32.const 3))
;; Another 100000 would need two more pages: 2 + 2 > 3.  malloc returns 0,
;; the memory and every block stay as they were.
(assert_return (invoke $heap "malloc" (i32.const 100000)) (i32.const 0))
(assert_return (invoke $heap "size") (i32.const 2))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(assert_return (invoke $heap "check_pattern" (i32.const 1408) (i32.const 100000) (i32.const 3)) (i32.const 1))
;; 90000 bytes fit after one more page (the maximum).
(assert_return (invoke $heap "malloc" (i32.const 90000)) (i32.const 101416))
(assert_return (invoke $heap "size") (i32.const 3))
;; The last 5184 bytes, exactly.
(assert_return (invoke $heap "largest_free") (i32.const 5184))
(assert_return (invoke $heap "malloc" (i32.const 5176)) (i32.const 191424))
(assert_return (invoke $heap "heap_check") (i32.const 0))
;; Nothing left, and the memory cannot grow: 0 for any size.
(assert_return (invoke $heap "malloc" (i32.const 1)) (i32.const 0))
(assert_return (invoke $heap "calloc" (i32.const 1) (i32.const 1)) (i32.const 0))
(assert_return (invoke $heap "realloc" (i32.const 0) (i32.const 1)) (i32.const 0))
(assert_return (invoke $heap "malloc" (i32.const 0xFFFFFFFF)) (i32.const 0))
(assert_return (invoke $heap "size") (i32.const 3))
;; A failed moving realloc returns 0 and leaves the old block as it was.
(assert_return (invoke $heap "realloc" (i32.const 1408) (i32.const 150000)) (i32.const 0))
(assert_return (invoke $heap "check_pattern" (i32.const 1408) (i32.const 100000) (i32.const 3)) (i32.const 1))
(assert_return (invoke $heap "heap_check") (i32.const 0))
;; Freeing makes room again; the same block comes back.
(invoke $heap "free" (i32.const 101416))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(assert_return (invoke $heap "malloc" (i32.const 90000)) (i32.const 101416))
(assert_return (invoke $heap "heap_check") (i32.const 0))

;; ---------------------------------------------------------------------------
;; Misuse and corruption.
;; ---------------------------------------------------------------------------
(invoke $heap "free" (i32.const 1032))
(assert_return (invoke $heap "heap_check") (i32.const 1))
(assert_trap (invoke $heap "free" (i32.const 1032)) "unreachable")
(assert_return (invoke $heap "heap_check") (i32.const 1))
;; Writing one word past the 8-byte payload of the block at 1064 clobbers
;; its footer (value 16|used = 17): the walker notices.
(invoke $heap "store32" (i32.const 1072) (i32.const 0))
(assert_return (invoke $heap "heap_check") (i32.const -1))
(invoke $heap "store32" (i32.const 1072) (i32.const 17))
(assert_return (invoke $heap "heap_check") (i32.const 1))
;; A free-list link pointing at a used block.
(invoke $heap "store32" (i32.const 1032) (i32.const 1060))
(assert_return (invoke $heap "heap_check") (i32.const -1))
(invoke $heap "store32" (i32.const 1032) (i32.const 0))
(assert_return (invoke $heap "heap_check") (i32.const 1))
;; A damaged epilogue.
(invoke $heap "store32" (i32.const 196604) (i32.const 0))
(assert_return (invoke $heap "heap_check") (i32.const -1))
(invoke $heap "store32" (i32.const 196604) (i32.const 1))
(assert_return (invoke $heap "heap_check") (i32.const 1))
;; The heap ends at the end of memory: one byte further traps.
(assert_trap (invoke $heap "load32" (i32.const 196608)) "out of bounds memory access")
