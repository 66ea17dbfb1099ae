;; A self-contained allocator module: it imports nothing and grows its own memory, the shape the
;; article this project grew from found most portable. `malloc` bumps a heap pointer that starts
;; at `__heap_base` and asks for more pages with memory.grow, using wee_alloc's page rule
;; pages = (bytes + 65543) >> 16 (room for the request plus an 8-byte header, rounded up).
(module
  (memory (export "memory") 1 16)
  (global $heap_top (mut i32) (i32.const 1024))
  (global (export "__heap_base") i32 (i32.const 1024))

  ;; Returns the address of `size` fresh bytes, 8-byte aligned, or 0 when memory cannot grow.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $addr i32)
    (local $end i32)
    ;; Round the current top up to 8 bytes.
    (local.set $addr
      (i32.and (i32.add (global.get $heap_top) (i32.const 7)) (i32.const -8)))
    (local.set $end (i32.add (local.get $addr) (local.get $size)))
    ;; Grow when the block would end past the current memory.
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq
              (memory.grow (i32.shr_u (i32.add (local.get $size) (i32.const 65543)) (i32.const 16)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap_top (local.get $end))
    (local.get $addr))

  ;; Fills `n` bytes at `dst` with `byte` and returns `dst`.
  (func (export "memset") (param $dst i32) (param $byte i32) (param $n i32) (result i32)
    (memory.fill (local.get $dst) (local.get $byte) (local.get $n))
    (local.get $dst))
)
