;; toolchain_musl.wast -- the article's clang + musl build, replayed.
;;
;; Why: the article shows that clang with musl libc produces a module whose
;; malloc talks to a "kernel" through host functions `env.__syscall0` ...
;; `__syscall6`, and which exports `memory`, `_start` and `__heap_base`.
;; Such a module only runs where somebody implements those syscalls.  This
;; script implements them in WAT and runs the article's C example on top:
;;
;;   * `env`: __syscall0 .. __syscall6, all (i32 ...) -> i32 with the
;;     syscall number first.  Implemented (i386 numbers, as musl uses them on
;;     32-bit targets): brk (45) and mmap2 (192) -- both GROW THE MEMORY --,
;;     munmap (91), write (4), getpid (20), exit_group (252); anything else
;;     returns -ENOSYS.  Errors are returned Linux-style as -errno.
;;   * the application imports the six syscalls the article lists, in the
;;     article's order (it lists no __syscall5), and exports `memory`,
;;     `_start` and `__heap_base` (global 1, after `__stack_pointer`).
;;
;; One deliberate difference from the article's listing: the application
;; also imports `env.memory` (what clang's --import-memory produces) and
;; re-exports it as "memory".  In a .wast script a host function can only
;; grow a memory it can reach, and `env` is instantiated before the
;; application exists, so the memory has to come from `env` for brk/mmap to
;; grow it.  The last section shows the article's exact shape (own memory,
;; syscall imports only) linking fine but not seeing the kernel's pages.
;;
;; The libc side is a small musl-like malloc: requests of 32 KiB and more
;; go straight to mmap2 (so the example's malloc(64*1024) maps one fresh
;; page); smaller ones are bumped from a brk heap that starts at
;; __heap_base, and when brk refuses (the kernel's data limit) a fresh
;; 64 KiB mapping becomes the heap, as musl's expand_heap does.  malloc
;; returns 0 when the kernel answers -ENOMEM (memory at its maximum).
;;
;; Memory map (env's memory, 2 pages initially, at most 6):
;;     1024  static data (strings, argv vectors)
;;  ..0x20000 the 64 KiB stack, growing down from __stack_pointer
;;   0x20000 __heap_base = the initial program break = end of the image
;;   0x30000 the kernel's data limit: brk never goes past it
;;   beyond  pages handed out by mmap2, in memory.grow order

;; ---------------------------------------------------------------------------
;; No env yet: the article's import list cannot be satisfied.
;; ---------------------------------------------------------------------------
(assert_unlinkable
  (module
    (import "env" "__syscall3" (func $__syscall3 (param i32 i32 i32 i32) (result i32)))
    (import "env" "__syscall2" (func $__syscall2 (param i32 i32 i32) (result i32)))
    (import "env" "__syscall1" (func $__syscall1 (param i32 i32) (result i32)))
    (import "env" "__syscall6" (func $__syscall6 (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
    (import "env" "__syscall4" (func $__syscall4 (param i32 i32 i32 i32 i32) (result i32)))
    (import "env" "__syscall0" (func $__syscall0 (param i32) (result i32)))
    (memory (export "memory") 2)
    (func $_start (export "_start"))
    (global $__stack_pointer (mut i32) (i32.const 0x20000))
    (global $__heap_base (export "__heap_base") i32 (i32.const 0x20000)))
  "unknown import")

;; ---------------------------------------------------------------------------
;; The "kernel".
;; ---------------------------------------------------------------------------
(module $env
  (memory (export "memory") 2 6)

  ;; The program break starts at the end of the loaded image (2 pages) and
  ;; may never pass the data limit.  Mappings come from the end of memory;
  ;; the lowest one also caps the break.
  (global $start_brk i32 (i32.const 0x20000))
  (global $brk_limit i32 (i32.const 0x30000))
  (global $brk (mut i32) (i32.const 0x20000))
  (global $mmap_low (mut i32) (i32.const -1))     ;; unsigned max: no mapping yet

  (global $exit_code (mut i32) (i32.const -1))    ;; -1: has not exited
  (global $bytes_written (mut i32) (i32.const 0))
  (global $bytes_sum (mut i32) (i32.const 0))

  (func $mem_end (result i32)
    (i32.shl (memory.size) (i32.const 16)))      ;; at most 6 pages

  ;; brk(addr): Linux semantics -- returns the new break on success and the
  ;; unchanged break on failure (brk(0) is therefore a query).
  (func $sys_brk (param $addr i32) (result i32)
    (local $end i32)
    (if (i32.or
          (i32.lt_u (local.get $addr) (global.get $start_brk))
          (i32.or
            (i32.gt_u (local.get $addr) (global.get $brk_limit))
            (i32.gt_u (local.get $addr) (global.get $mmap_low))))
      (then (return (global.get $brk))))
    (local.set $end (call $mem_end))
    (if (i32.gt_u (local.get $addr) (local.get $end))
      (then
        (if (i32.eq
              (memory.grow
                (i32.shr_u
                  (i32.add (i32.sub (local.get $addr) (local.get $end)) (i32.const 65535))
                  (i32.const 16)))
              (i32.const -1))
          (then (return (global.get $brk))))))
    (global.set $brk (local.get $addr))
    (local.get $addr))

  ;; mmap2(addr, len, prot, flags, fd, pgoff): anonymous private mappings
  ;; only (flags has MAP_PRIVATE 0x02 | MAP_ANONYMOUS 0x20, fd = -1).  The
  ;; address hint is ignored: new pages can only appear at the end of a
  ;; linear memory.  Lengths are rounded up to 64 KiB pages; fresh pages are
  ;; zero, as anonymous mappings must be.
  (func $sys_mmap2 (param $addr i32) (param $len i32) (param $prot i32)
                   (param $flags i32) (param $fd i32) (param $pgoff i32) (result i32)
    (local $old_pages i32)
    (local $base i32)
    (if (i32.or
          (i32.ne (i32.and (local.get $flags) (i32.const 0x22)) (i32.const 0x22))
          (i32.or (i32.ne (local.get $fd) (i32.const -1))
                  (i32.eqz (local.get $len))))
      (then (return (i32.const -22))))            ;; -EINVAL
    (if (i32.gt_u (local.get $len) (i32.const 0x7FFF0000))
      (then (return (i32.const -12))))            ;; -ENOMEM, and no wrap below
    (local.set $old_pages
      (memory.grow
        (i32.shr_u (i32.add (local.get $len) (i32.const 65535)) (i32.const 16))))
    (if (i32.eq (local.get $old_pages) (i32.const -1))
      (then (return (i32.const -12))))            ;; -ENOMEM
    (local.set $base (i32.shl (local.get $old_pages) (i32.const 16)))
    (if (i32.lt_u (local.get $base) (global.get $mmap_low))
      (then (global.set $mmap_low (local.get $base))))
    (local.get $base))

  ;; write(fd, buf, len): stdout/stderr only; the bytes are counted and
  ;; summed so that a test can tell what was written.
  (func $sys_write (param $fd i32) (param $buf i32) (param $len i32) (result i32)
    (local $i i32)
    (if (i32.and (i32.ne (local.get $fd) (i32.const 1))
                 (i32.ne (local.get $fd) (i32.const 2)))
      (then (return (i32.const -9))))             ;; -EBADF
    (if (i64.gt_u
          (i64.add (i64.extend_i32_u (local.get $buf)) (i64.extend_i32_u (local.get $len)))
          (i64.extend_i32_u (call $mem_end)))
      (then (return (i32.const -14))))            ;; -EFAULT, instead of a trap
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (global.set $bytes_sum
          (i32.add (global.get $bytes_sum)
                   (i32.load8_u (i32.add (local.get $buf) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (global.set $bytes_written (i32.add (global.get $bytes_written) (local.get $len)))
    (local.get $len))

  (func $syscall (param $n i32) (param $a i32) (param $b i32) (param $c i32)
                 (param $d i32) (param $e i32) (param $f i32) (result i32)
    (if (i32.eq (local.get $n) (i32.const 45))    ;; brk
      (then (return (call $sys_brk (local.get $a)))))
    (if (i32.eq (local.get $n) (i32.const 192))   ;; mmap2
      (then (return (call $sys_mmap2 (local.get $a) (local.get $b) (local.get $c)
                                     (local.get $d) (local.get $e) (local.get $f)))))
    (if (i32.eq (local.get $n) (i32.const 91))    ;; munmap: a linear memory
      (then (return (i32.const 0))))              ;; cannot shrink; just say yes
    (if (i32.eq (local.get $n) (i32.const 4))     ;; write
      (then (return (call $sys_write (local.get $a) (local.get $b) (local.get $c)))))
    (if (i32.eq (local.get $n) (i32.const 20))    ;; getpid: the only process
      (then (return (i32.const 1))))
    (if (i32.eq (local.get $n) (i32.const 252))   ;; exit_group: record it
      (then (global.set $exit_code (local.get $a)) (return (i32.const 0))))
    (i32.const -38))                              ;; -ENOSYS

  (func (export "__syscall0") (param $n i32) (result i32)
    (call $syscall (local.get $n) (i32.const 0) (i32.const 0) (i32.const 0)
                   (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "__syscall1") (param $n i32) (param $a i32) (result i32)
    (call $syscall (local.get $n) (local.get $a) (i32.const 0) (i32.const 0)
                   (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "__syscall2") (param $n i32) (param $a i32) (param $b i32) (result i32)
    (call $syscall (local.get $n) (local.get $a) (local.get $b) (i32.const 0)
                   (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "__syscall3") (param $n i32) (param $a i32) (param $b i32) (param $c i32)
                              (result i32)
    (call $syscall (local.get $n) (local.get $a) (local.get $b) (local.get $c)
                   (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "__syscall4") (param $n i32) (param $a i32) (param $b i32) (param $c i32)
                              (param $d i32) (result i32)
    (call $syscall (local.get $n) (local.get $a) (local.get $b) (local.get $c)
                   (local.get $d) (i32.const 0) (i32.const 0)))
  (func (export "__syscall5") (param $n i32) (param $a i32) (param $b i32) (param $c i32)
                              (param $d i32) (param $e i32) (result i32)
    (call $syscall (local.get $n) (local.get $a) (local.get $b) (local.get $c)
                   (local.get $d) (local.get $e) (i32.const 0)))
  (func (export "__syscall6") (param $n i32) (param $a i32) (param $b i32) (param $c i32)
                              (param $d i32) (param $e i32) (param $f i32) (result i32)
    (call $syscall (local.get $n) (local.get $a) (local.get $b) (local.get $c)
                   (local.get $d) (local.get $e) (local.get $f)))

  ;; Test hooks: what the process did.
  (func (export "exit_code") (result i32) (global.get $exit_code))
  (func (export "bytes_written") (result i32) (global.get $bytes_written))
  (func (export "bytes_sum") (result i32) (global.get $bytes_sum))
  (func (export "memory_pages") (result i32) (memory.size))
  (func (export "peek") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
)

;; The kernel on its own.
(assert_return (invoke $env "__syscall1" (i32.const 45) (i32.const 0)) (i32.const 0x20000))
(assert_return (invoke $env "__syscall0" (i32.const 20)) (i32.const 1))
(assert_return (invoke $env "__syscall1" (i32.const 999) (i32.const 0)) (i32.const -38))
(assert_return (invoke $env "__syscall4" (i32.const 999) (i32.const 0) (i32.const 0)
                 (i32.const 0) (i32.const 0)) (i32.const -38))
(assert_return (invoke $env "__syscall3" (i32.const 4) (i32.const 7) (i32.const 0) (i32.const 1))
               (i32.const -9))
(assert_return (invoke $env "__syscall3" (i32.const 4) (i32.const 1) (i32.const 0x7FFFFFF0)
                 (i32.const 16)) (i32.const -14))
;; mmap2 refuses what it does not implement, without touching the memory.
(assert_return (invoke $env "__syscall6" (i32.const 192) (i32.const 0) (i32.const 65536)
                 (i32.const 3) (i32.const 0x22) (i32.const 3) (i32.const 0)) (i32.const -22))
(assert_return (invoke $env "__syscall6" (i32.const 192) (i32.const 0) (i32.const 0)
                 (i32.const 3) (i32.const 0x22) (i32.const -1) (i32.const 0)) (i32.const -22))
(assert_return (invoke $env "__syscall6" (i32.const 192) (i32.const 0) (i32.const 65536)
                 (i32.const 3) (i32.const 0x02) (i32.const -1) (i32.const 0)) (i32.const -22))
(assert_return (invoke $env "__syscall6" (i32.const 192) (i32.const 0) (i32.const 0x80000000)
                 (i32.const 3) (i32.const 0x22) (i32.const -1) (i32.const 0)) (i32.const -12))
;; brk below the start or past the limit fails: the break stays.
(assert_return (invoke $env "__syscall1" (i32.const 45) (i32.const 0x10000)) (i32.const 0x20000))
(assert_return (invoke $env "__syscall1" (i32.const 45) (i32.const 0x40000)) (i32.const 0x20000))
(assert_return (invoke $env "memory_pages") (i32.const 2))
(assert_return (invoke $env "exit_code") (i32.const -1))

(register "env" $env)

;; Type mismatches against the registered env.
(assert_unlinkable
  (module (import "env" "__syscall1" (func (param i32) (result i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "env" "__syscall6" (func (param i32 i32 i32 i32 i32 i32) (result i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "env" "memory" (memory 7)))
  "incompatible import type")
(assert_unlinkable
  (module (import "env" "__syscall7" (func (param i32) (result i32))))
  "unknown import")

;; ---------------------------------------------------------------------------
;; The application.
;; ---------------------------------------------------------------------------
(module $app
  ;; The article's six imports, in its order.  This small libc uses
  ;; __syscall1 (brk, exit_group), __syscall3 (write) and __syscall6
  ;; (mmap2); 0, 2 and 4 are imported as in the article but unused.
  (import "env" "__syscall3" (func $__syscall3 (param i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall2" (func $__syscall2 (param i32 i32 i32) (result i32)))
  (import "env" "__syscall1" (func $__syscall1 (param i32 i32) (result i32)))
  (import "env" "__syscall6" (func $__syscall6 (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall4" (func $__syscall4 (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall0" (func $__syscall0 (param i32) (result i32)))
  ;; Not in the article's list -- see the header.
  (import "env" "memory" (memory 2 6))

  (global $__stack_pointer (mut i32) (i32.const 0x20000))   ;; global 0
  (global $__heap_base i32 (i32.const 0x20000))             ;; global 1

  ;; libc's view of its small-object heap: [heap_cur, heap_end).
  (global $heap_cur (mut i32) (i32.const 0))
  (global $heap_end (mut i32) (i32.const 0))

  (export "memory" (memory 0))
  (export "_start" (func $_start))
  (export "__heap_base" (global 1))
  ;; For the tests (clang exports these with --export=...).
  (export "malloc" (func $malloc))
  (export "__main_argc_argv" (func $main))

  (data (i32.const 1024) "myapp\00")              ;; the literal in strcmp
  (data (i32.const 1032) "\28\04\00\00\00\00\00\00") ;; argv = {"myapp", NULL}
  (data (i32.const 1040) "\30\04\00\00\00\00\00\00") ;; argv = {"other", NULL}
  (data (i32.const 1064) "myapp\00")              ;; 0x428
  (data (i32.const 1072) "other\00")              ;; 0x430
  (data (i32.const 1088) "ok\n")
  (data (i32.const 1092) "fail\n")

  (func $brk (param $addr i32) (result i32)
    (call $__syscall1 (i32.const 45) (local.get $addr)))

  ;; Anonymous read/write mapping; 0 on any error (-4095 .. -1).
  (func $mmap (param $len i32) (result i32)
    (local $r i32)
    (local.set $r
      (call $__syscall6 (i32.const 192)
        (i32.const 0) (local.get $len)
        (i32.const 3)                 ;; PROT_READ | PROT_WRITE
        (i32.const 0x22)              ;; MAP_PRIVATE | MAP_ANONYMOUS
        (i32.const -1) (i32.const 0)))
    (if (result i32) (i32.gt_u (local.get $r) (i32.const -4096))
      (then (i32.const 0))
      (else (local.get $r))))

  (func $malloc (param $n i32) (result i32)
    (local $need i32)
    (local $want i32)
    (local $p i32)
    ;; Large requests: a mapping of their own.
    (if (i32.ge_u (local.get $n) (i32.const 32768))
      (then (return (call $mmap (local.get $n)))))
    (local.set $need
      (i32.and (i32.add (local.get $n) (i32.const 15)) (i32.const -16)))
    ;; First call: the heap starts at the current break (= __heap_base).
    (if (i32.eqz (global.get $heap_end))
      (then
        (global.set $heap_end (call $brk (i32.const 0)))
        (global.set $heap_cur (global.get $heap_end))))
    (if (i32.gt_u (i32.add (global.get $heap_cur) (local.get $need))
                  (global.get $heap_end))
      (then
        ;; Move the break in 4 KiB steps.
        (local.set $want
          (i32.and
            (i32.add (i32.add (global.get $heap_cur) (local.get $need)) (i32.const 4095))
            (i32.const -4096)))
        (if (i32.eq (call $brk (local.get $want)) (local.get $want))
          (then (global.set $heap_end (local.get $want)))
          (else
            ;; brk refused: continue the heap in a fresh 64 KiB mapping.
            (local.set $p (call $mmap (i32.const 65536)))
            (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
            (global.set $heap_cur (local.get $p))
            (global.set $heap_end (i32.add (local.get $p) (i32.const 65536)))))))
    (local.set $p (global.get $heap_cur))
    (global.set $heap_cur (i32.add (local.get $p) (local.get $need)))
    (local.get $p))

  (func $strncpy (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (local $c i32)
    (block $copied
      (loop $copy
        (br_if $copied (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (br_if $copied (i32.eqz (local.get $c)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (memory.fill (i32.add (local.get $dst) (local.get $i)) (i32.const 0)
                 (i32.sub (local.get $n) (local.get $i))))

  (func $strcmp (param $a i32) (param $b i32) (result i32)
    (local $ca i32)
    (local $cb i32)
    (loop $next
      (local.set $ca (i32.load8_u (local.get $a)))
      (local.set $cb (i32.load8_u (local.get $b)))
      (if (i32.and (i32.eq (local.get $ca) (local.get $cb))
                   (i32.ne (local.get $ca) (i32.const 0)))
        (then
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br $next))))
    (i32.sub (local.get $ca) (local.get $cb)))

  ;; The article's main(argc, argv).
  (func $main (param $argc i32) (param $argv i32) (result i32)
    (local $chunk i32)
    (local.set $chunk (call $malloc (i32.const 65536)))
    ;; Unchecked in the C code; address 0 is valid Wasm memory, so bail out
    ;; rather than scribble over the static data.
    (if (i32.eqz (local.get $chunk)) (then (return (i32.const 1))))
    (call $strncpy (local.get $chunk) (i32.load (local.get $argv)) (i32.const 65535))
    (i32.ne (call $strcmp (i32.const 1024) (local.get $chunk)) (i32.const 0)))

  ;; crt1: run main with the loader's argv, report, exit_group(status).
  (func $_start
    (local $status i32)
    (local.set $status (call $main (i32.const 1) (i32.const 1032)))
    (if (i32.eqz (local.get $status))
      (then (drop (call $__syscall3 (i32.const 4) (i32.const 1) (i32.const 1088) (i32.const 3))))
      (else (drop (call $__syscall3 (i32.const 4) (i32.const 1) (i32.const 1092) (i32.const 5)))))
    (drop (call $__syscall1 (i32.const 252) (local.get $status))))
)

;; The heap base is where the kernel's break starts.
(assert_return (get $app "__heap_base") (i32.const 0x20000))
(assert_return (invoke $env "__syscall1" (i32.const 45) (i32.const 0)) (i32.const 0x20000))

;; Small allocations come from the brk heap; the first one moves the break
;; to 0x21000, which needs one more page: brk grew the memory.
(assert_return (invoke $app "malloc" (i32.const 10)) (i32.const 131072))
(assert_return (invoke $env "memory_pages") (i32.const 3))
(assert_return (invoke $app "malloc" (i32.const 100)) (i32.const 131088))
(assert_return (invoke $app "malloc" (i32.const 30000)) (i32.const 131200))
(assert_return (invoke $app "malloc" (i32.const 30000)) (i32.const 161200))
(assert_return (invoke $app "malloc" (i32.const 4000)) (i32.const 191200))
;; The break is now at the kernel's limit (0x30000 = 196608).
(assert_return (invoke $env "__syscall1" (i32.const 45) (i32.const 0)) (i32.const 196608))
(assert_return (invoke $env "memory_pages") (i32.const 3))
;; brk refuses to go further; malloc continues the heap in a mapping, which
;; mmap2 makes by growing the memory (page 3 = address 196608).
(assert_return (invoke $app "malloc" (i32.const 2000)) (i32.const 196608))
(assert_return (invoke $env "memory_pages") (i32.const 4))

;; The article's program through _start: malloc(64*1024) maps page 4.
(invoke $app "_start")
(assert_return (invoke $env "exit_code") (i32.const 0))
(assert_return (invoke $env "bytes_written") (i32.const 3))
(assert_return (invoke $env "bytes_sum") (i32.const 228))          ;; "ok\n"
(assert_return (invoke $env "memory_pages") (i32.const 5))
(assert_return (invoke $env "peek" (i32.const 262144)) (i32.const 0x6D))  ;; 'm'
(assert_return (invoke $env "peek" (i32.const 262148)) (i32.const 0x70))  ;; 'p'
(assert_return (invoke $env "peek" (i32.const 262149)) (i32.const 0))     ;; strncpy padding
;; Another name fails the comparison; its chunk takes the last page.
(assert_return (invoke $app "__main_argc_argv" (i32.const 1) (i32.const 1040)) (i32.const 1))
(assert_return (invoke $env "memory_pages") (i32.const 6))
;; The memory is at its maximum: mmap2 says -ENOMEM, malloc 0, main fails
;; even with the right name.
(assert_return (invoke $app "__main_argc_argv" (i32.const 1) (i32.const 1032)) (i32.const 1))
(assert_return (invoke $app "malloc" (i32.const 65536)) (i32.const 0))
(assert_return (invoke $env "__syscall6" (i32.const 192) (i32.const 0) (i32.const 1)
                 (i32.const 3) (i32.const 0x22) (i32.const -1) (i32.const 0)) (i32.const -12))
(assert_return (invoke $env "memory_pages") (i32.const 6))
;; The small-object heap still has room in its 64 KiB mapping...
(assert_return (invoke $app "malloc" (i32.const 100)) (i32.const 198608))
(assert_return (invoke $app "malloc" (i32.const 30000)) (i32.const 198720))
(assert_return (invoke $app "malloc" (i32.const 30000)) (i32.const 228720))
;; ...until it has none: neither brk nor mmap2 can help.
(assert_return (invoke $app "malloc" (i32.const 30000)) (i32.const 0))
(assert_return (invoke $app "malloc" (i32.const 1)) (i32.const 258720))
;; _start again: main fails now, "fail\n" is written, status 1.
(invoke $app "_start")
(assert_return (invoke $env "exit_code") (i32.const 1))
(assert_return (invoke $env "bytes_written") (i32.const 8))
;; munmap "succeeds" but a linear memory never shrinks.
(assert_return (invoke $env "__syscall2" (i32.const 91) (i32.const 262144) (i32.const 65536))
               (i32.const 0))
(assert_return (invoke $env "memory_pages") (i32.const 6))
;; The stack and the heap never exceed the memory: past it, a trap.
(assert_trap (invoke $env "peek" (i32.const 393216)) "out of bounds memory access")

;; ---------------------------------------------------------------------------
;; The article's exact shape: syscall imports only, its own memory.  It
;; links (env provides everything it asks for), but the break the kernel
;; reports lies in env's memory, outside this module's own 2 pages.
;; ---------------------------------------------------------------------------
(module $own_memory
  (import "env" "__syscall3" (func $__syscall3 (param i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall2" (func $__syscall2 (param i32 i32 i32) (result i32)))
  (import "env" "__syscall1" (func $__syscall1 (param i32 i32) (result i32)))
  (import "env" "__syscall6" (func $__syscall6 (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall4" (func $__syscall4 (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall0" (func $__syscall0 (param i32) (result i32)))
  (memory (export "memory") 2)
  (global $__stack_pointer (mut i32) (i32.const 0x20000))
  (global $__heap_base i32 (i32.const 0x20000))
  (export "__heap_base" (global 1))
  (func (export "_start")
    ;; Use the first byte below the kernel's current break.
    (i32.store8
      (i32.sub (call $__syscall1 (i32.const 45) (i32.const 0)) (i32.const 1))
      (i32.const 1)))
  (func (export "pages") (result i32) (memory.size))
)
(assert_return (get $own_memory "__heap_base") (i32.const 0x20000))
(assert_trap (invoke $own_memory "_start") "out of bounds memory access")
(assert_return (invoke $own_memory "pages") (i32.const 2))
