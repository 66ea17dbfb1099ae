;; toolchain_emscripten.wast -- the article's emscripten build, replayed.
;;
;; Why: the article shows that an emscripten (asm.js-era, dlmalloc) module
;; cannot run on its own: it imports its memory and its memory management
;; from the host ("env").  This script plays both sides in WAT:
;;
;;   * an `env` module standing in for emscripten's JavaScript glue: it owns
;;     `memory` (256 pages, maximum 256: 16 MiB that can never grow) and
;;     provides `DYNAMICTOP_PTR`, `STACKTOP`, `enlargeMemory`,
;;     `getTotalMemory`, `abortOnCannotGrowMemory` and `___setErrNo`;
;;   * the application module with exactly the seven imports the article
;;     lists, in the article's own notation (`(memory (;0;) 256 256)`,
;;     `(type 0)`, `(type 1)`) and its three exports by index
;;     (`___errno_location` = func 10, `_main` = func 6, `stackAlloc` =
;;     func 11).  The article does not print the two types; they are the
;;     ones emscripten used: type 0 = () -> i32 for enlargeMemory,
;;     getTotalMemory and abortOnCannotGrowMemory, type 1 = (i32) -> () for
;;     ___setErrNo;
;;   * `sbrk` over the heap-top cell that `DYNAMICTOP_PTR` points to, with
;;     emscripten's two failure paths: a top beyond the (fixed) total memory
;;     makes `enlargeMemory` fail, errno = ENOMEM (12), sbrk = -1, malloc = 0;
;;     a top that wraps into negative numbers calls
;;     `abortOnCannotGrowMemory`, which traps ("unreachable");
;;   * `malloc` here is a plain sbrk bump (dlmalloc itself is out of scope;
;;     allocator_freelist.wast covers a real free list);
;;   * the article's C example (`malloc(64*1024)`, `strncpy(chunk, argv[0],
;;     CHUNK_SIZE-1)`, `strcmp("myapp", chunk)`) as `_main`;
;;   * `stackAlloc` on a stack that starts at the imported `STACKTOP` and
;;     grows upwards (as in asm.js), trapping on overflow;
;;   * linking failures: the application cannot be instantiated before
;;     `env` exists ("unknown import"), nor against an `env` whose exports
;;     have other types ("incompatible import type").
;;
;; Memory map (all in env's memory):
;;        8  errno (the address ___errno_location returns; env's ___setErrNo
;;           writes there -- the ABI shared by the two modules)
;;       16  DYNAMICTOP: the current heap top (DYNAMICTOP_PTR = 16)
;;     1024  static data of the application (emscripten's GLOBAL_BASE)
;;     4096  STACKTOP: stack, growing up to STACK_MAX = 65536
;;    65536  DYNAMIC_BASE: the heap, up to 16 MiB

;; ---------------------------------------------------------------------------
;; No `env` registered yet: the article's import list cannot be satisfied.
;; ---------------------------------------------------------------------------
(assert_unlinkable
  (module
    (type (;0;) (func (result i32)))
    (type (;1;) (func (param i32)))
    (import "env" "memory" (memory (;0;) 256 256))
    (import "env" "DYNAMICTOP_PTR" (global (;0;) i32))
    (import "env" "STACKTOP" (global (;1;) i32))
    (import "env" "enlargeMemory" (func (;0;) (type 0)))
    (import "env" "getTotalMemory" (func (;1;) (type 0)))
    (import "env" "abortOnCannotGrowMemory" (func (;2;) (type 0)))
    (import "env" "___setErrNo" (func (;3;) (type 1))))
  "unknown import")

;; ---------------------------------------------------------------------------
;; The host side, written in WAT.
;; ---------------------------------------------------------------------------
(module $env
  (memory (export "memory") 256 256)

  ;; Where the heap top is kept, and where the stack starts.
  (global $DYNAMICTOP_PTR (export "DYNAMICTOP_PTR") i32 (i32.const 16))
  (global (export "STACKTOP") i32 (i32.const 4096))
  ;; *DYNAMICTOP_PTR = DYNAMIC_BASE = 65536 (0x00010000, little-endian).
  (data (i32.const 16) "\00\00\01\00")

  (func $getTotalMemory (export "getTotalMemory") (result i32)
    ;; 256 pages * 64 KiB = 16 MiB; the maximum keeps this far below 4 GiB.
    (i32.shl (memory.size) (i32.const 16)))

  ;; Called by sbrk AFTER it stored the wanted top: make the memory at least
  ;; that big.  1 = done, 0 = cannot (always the case with maximum 256).
  (func (export "enlargeMemory") (result i32)
    (local $top i32)
    (local $total i32)
    (local.set $top (i32.load (global.get $DYNAMICTOP_PTR)))
    (local.set $total (call $getTotalMemory))
    (if (i32.le_u (local.get $top) (local.get $total))
      (then (return (i32.const 1))))
    (i32.ne
      (memory.grow
        (i32.shr_u
          (i32.add (i32.sub (local.get $top) (local.get $total)) (i32.const 65535))
          (i32.const 16)))
      (i32.const -1)))

  ;; emscripten's JS throws here ("Cannot enlarge memory arrays"); in Wasm
  ;; the closest thing is a trap.  Declared () -> i32 like the original.
  (func (export "abortOnCannotGrowMemory") (result i32)
    (unreachable))

  ;; errno lives at address 8 (what the application's ___errno_location says).
  (func (export "___setErrNo") (param $value i32)
    (i32.store (i32.const 8) (local.get $value)))
)

(assert_return (get $env "DYNAMICTOP_PTR") (i32.const 16))
(assert_return (get $env "STACKTOP") (i32.const 4096))
(assert_return (invoke $env "getTotalMemory") (i32.const 16777216))
;; The stored top (64 KiB) is inside the 16 MiB: nothing to enlarge.
(assert_return (invoke $env "enlargeMemory") (i32.const 1))
(assert_trap (invoke $env "abortOnCannotGrowMemory") "unreachable")

(register "env" $env)

;; ---------------------------------------------------------------------------
;; Linking against the registered env: the types must match exactly.
;; ---------------------------------------------------------------------------
;; emscripten's JS ___setErrNo returns its argument, but the import says
;; (i32) -> (): a module that expects the result cannot link.
(assert_unlinkable
  (module (import "env" "___setErrNo" (func (param i32) (result i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "env" "enlargeMemory" (func (result i64))))
  "incompatible import type")
;; More memory than env has...
(assert_unlinkable
  (module (import "env" "memory" (memory 257)))
  "incompatible import type")
;; ...or a smaller maximum than env's 256 pages.
(assert_unlinkable
  (module (import "env" "memory" (memory 1 255)))
  "incompatible import type")
;; The globals are immutable i32.
(assert_unlinkable
  (module (import "env" "DYNAMICTOP_PTR" (global (mut i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "env" "STACKTOP" (global i64)))
  "incompatible import type")
;; Right name, wrong kind.
(assert_unlinkable
  (module (import "env" "getTotalMemory" (global i32)))
  "incompatible import type")
;; Real emscripten glue also exports STACK_MAX; this env does not (the
;; article's import list has no STACK_MAX).
(assert_unlinkable
  (module (import "env" "STACK_MAX" (global i32)))
  "unknown import")
;; Declaring no maximum is fine: any maximum satisfies it.
(module $loose (import "env" "memory" (memory 1)))

;; ---------------------------------------------------------------------------
;; The application.
;; ---------------------------------------------------------------------------
(module $app
  (type (;0;) (func (result i32)))
  (type (;1;) (func (param i32)))
  (import "env" "memory" (memory (;0;) 256 256))
  (import "env" "DYNAMICTOP_PTR" (global (;0;) i32))
  (import "env" "STACKTOP" (global (;1;) i32))
  (import "env" "enlargeMemory" (func (;0;) (type 0)))
  (import "env" "getTotalMemory" (func (;1;) (type 0)))
  (import "env" "abortOnCannotGrowMemory" (func (;2;) (type 0)))
  (import "env" "___setErrNo" (func (;3;) (type 1)))

  ;; asm2wasm copies the imported STACKTOP into a mutable global.
  (global $STACKTOP (;2;) (mut i32) (global.get 1))
  ;; The stack ends where the heap begins.
  (global $STACK_MAX (;3;) i32 (i32.const 65536))

  ;; Static data (GLOBAL_BASE = 1024).
  (data (i32.const 1024) "myapp\00")              ;; the literal in strcmp("myapp", chunk)
  ;; Five argument vectors, {argv[0], NULL} each, pointing at the strings
  ;; below (pointers are little-endian i32).
  (data (i32.const 1032) "\28\04\00\00\00\00\00\00") ;; argv -> "myapp"
  (data (i32.const 1040) "\30\04\00\00\00\00\00\00") ;; argv -> "yourapp"
  (data (i32.const 1048) "\38\04\00\00\00\00\00\00") ;; argv -> "myapp2"
  (data (i32.const 1056) "\40\04\00\00\00\00\00\00") ;; argv -> "mya"
  (data (i32.const 1064) "myapp\00")              ;; 0x428
  (data (i32.const 1072) "yourapp\00")            ;; 0x430
  (data (i32.const 1080) "myapp2\00")             ;; 0x438
  (data (i32.const 1088) "mya\00")                ;; 0x440
  (data (i32.const 1096) "\50\04\00\00\00\00\00\00") ;; argv -> ""
  (data (i32.const 1104) "\00")                   ;; 0x450

  ;; sbrk(increment): move the heap top kept at *DYNAMICTOP_PTR.
  ;; Returns the old top, or -1 with errno = ENOMEM.
  (func $sbrk (;4;) (param $increment i32) (result i32)
    (local $old i32)
    (local $new i32)
    ;; emscripten keeps the heap top 16-byte aligned.
    (local.set $increment
      (i32.and (i32.add (local.get $increment) (i32.const 15)) (i32.const -16)))
    (local.set $old (i32.load (global.get 0)))
    (local.set $new (i32.add (local.get $old) (local.get $increment)))
    ;; A positive increment that wrapped, or a top past 2 GiB (negative as a
    ;; signed asm.js int): emscripten aborts.
    (if (i32.or
          (i32.and (i32.gt_s (local.get $increment) (i32.const 0))
                   (i32.lt_s (local.get $new) (local.get $old)))
          (i32.lt_s (local.get $new) (i32.const 0)))
      (then
        (drop (call 2))                       ;; abortOnCannotGrowMemory
        (call 3 (i32.const 12))               ;; ___setErrNo(ENOMEM)
        (return (i32.const -1))))
    (i32.store (global.get 0) (local.get $new))
    (if (i32.gt_s (local.get $new) (call 1))  ;; > getTotalMemory()
      (then
        (if (i32.eqz (call 0))                ;; enlargeMemory()
          (then
            (i32.store (global.get 0) (local.get $old))
            (call 3 (i32.const 12))
            (return (i32.const -1))))))
    (local.get $old))

  ;; malloc: straight from sbrk (stand-in for dlmalloc).
  (func $malloc (;5;) (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (call $sbrk (local.get $n)))
    (if (result i32) (i32.eq (local.get $p) (i32.const -1))
      (then (i32.const 0))
      (else (local.get $p))))

  ;; int main(int argc, char **argv) -- the article's example.
  (func $_main (;6;) (param $argc i32) (param $argv i32) (result i32)
    (local $chunk i32)
    (local.set $chunk (call $malloc (i32.const 65536)))   ;; CHUNK_SIZE
    ;; The C code does not check for NULL.  In Wasm, address 0 is ordinary
    ;; memory, so strncpy(NULL, ...) would silently overwrite errno and
    ;; DYNAMICTOP instead of faulting; report failure instead.
    (if (i32.eqz (local.get $chunk)) (then (return (i32.const 1))))
    (drop (call $strncpy (local.get $chunk)
                         (i32.load (local.get $argv))      ;; argv[0]
                         (i32.const 65535)))               ;; CHUNK_SIZE-1
    ;; !strcmp("myapp", chunk) ? EXIT_SUCCESS : EXIT_FAILURE
    (i32.ne (call $strcmp (i32.const 1024) (local.get $chunk)) (i32.const 0)))

  ;; strncpy: copy up to n bytes, stop at NUL, pad the rest with NULs.
  (func $strncpy (;7;) (param $dst i32) (param $src i32) (param $n i32) (result i32)
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
    (memory.fill (i32.add (local.get $dst) (local.get $i))
                 (i32.const 0)
                 (i32.sub (local.get $n) (local.get $i)))
    (local.get $dst))

  ;; strcmp: difference of the first differing bytes (as unsigned char).
  (func $strcmp (;8;) (param $a i32) (param $b i32) (result i32)
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

  (func $stackRestore (;9;) (param $top i32)
    (global.set $STACKTOP (local.get $top)))

  (func $___errno_location (;10;) (result i32)
    (i32.const 8))

  ;; stackAlloc(size): bump STACKTOP (kept 16-aligned); overflow aborts.
  (func $stackAlloc (;11;) (param $size i32) (result i32)
    (local $ret i32)
    (local $end i32)
    (local.set $ret (global.get $STACKTOP))
    (local.set $end (i32.add (local.get $ret) (local.get $size)))
    ;; Abort if the sum wrapped (a "negative" size), or if the aligned end
    ;; would reach STACK_MAX, i.e. end > STACK_MAX - 16.  Checked before
    ;; aligning, so the rounding cannot wrap either.
    (if (i32.or (i32.lt_u (local.get $end) (local.get $ret))
                (i32.gt_u (local.get $end)
                          (i32.sub (global.get $STACK_MAX) (i32.const 16))))
      (then (unreachable)))                   ;; abortStackOverflow
    (global.set $STACKTOP
      (i32.and (i32.add (local.get $end) (i32.const 15)) (i32.const -16)))
    (local.get $ret))

  (func $stackSave (;12;) (result i32)
    (global.get $STACKTOP))

  (func $get_errno (;13;) (result i32)
    (i32.load (call $___errno_location)))

  ;; The article's three exports, in its notation...
  (export "___errno_location" (func 10))
  (export "_main" (func 6))
  (export "stackAlloc" (func 11))
  ;; ...and what a test needs to look inside (emscripten exports these too,
  ;; except _get_errno).
  (export "_malloc" (func $malloc))
  (export "_sbrk" (func $sbrk))
  (export "_strcmp" (func $strcmp))
  (export "stackSave" (func $stackSave))
  (export "stackRestore" (func $stackRestore))
  (export "_get_errno" (func $get_errno))
)

;; Start-up state: the heap top is DYNAMIC_BASE, errno is 0.
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 65536))
(assert_return (invoke $app "___errno_location") (i32.const 8))
(assert_return (invoke $app "_get_errno") (i32.const 0))

;; strcmp, on the static strings.
(assert_return (invoke $app "_strcmp" (i32.const 1024) (i32.const 1064)) (i32.const 0))
(assert_return (invoke $app "_strcmp" (i32.const 1024) (i32.const 1072)) (i32.const -12))  ;; 'm' - 'y'
(assert_return (invoke $app "_strcmp" (i32.const 1080) (i32.const 1024)) (i32.const 50))   ;; '2' - NUL
(assert_return (invoke $app "_strcmp" (i32.const 1088) (i32.const 1024)) (i32.const -112)) ;; NUL - 'p'

;; The article's program: EXIT_SUCCESS only for argv[0] == "myapp".
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1032)) (i32.const 0))
;; Its 64 KiB chunk came from sbrk and is never freed.
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 131072))
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1040)) (i32.const 1))
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1048)) (i32.const 1))
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1056)) (i32.const 1))
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1096)) (i32.const 1))
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 393216))

;; malloc: 16-byte steps from the heap top.
(assert_return (invoke $app "_malloc" (i32.const 10)) (i32.const 393216))
(assert_return (invoke $app "_malloc" (i32.const 1)) (i32.const 393232))
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 393248))

;; 16 MiB more than fits: enlargeMemory cannot grow a 256/256 memory, so
;; sbrk restores the top, sets errno = ENOMEM and malloc returns 0.
(assert_return (invoke $app "_malloc" (i32.const 16777216)) (i32.const 0))
(assert_return (invoke $app "_get_errno") (i32.const 12))
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 393248))
(assert_return (invoke $env "enlargeMemory") (i32.const 1))
(assert_return (invoke $env "getTotalMemory") (i32.const 16777216))
;; Exactly up to the end of the 16 MiB still works...
(assert_return (invoke $app "_malloc" (i32.const 16383968)) (i32.const 393248))
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 16777216))
;; ...after which every allocation fails, and so does the article's main.
(assert_return (invoke $app "_malloc" (i32.const 1)) (i32.const 0))
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1032)) (i32.const 1))
;; sbrk with a negative increment gives the memory back.
(assert_return (invoke $app "_sbrk" (i32.const -16383968)) (i32.const 16777216))
(assert_return (invoke $app "_main" (i32.const 1) (i32.const 1032)) (i32.const 0))
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 458784))

;; A top beyond 2 GiB is negative in asm.js arithmetic: sbrk calls
;; abortOnCannotGrowMemory, which traps.  The top is left unchanged.
(assert_trap (invoke $app "_malloc" (i32.const 0x7FFFFFF0)) "unreachable")
(assert_trap (invoke $app "_sbrk" (i32.const -1048576)) "unreachable")
(assert_return (invoke $app "_sbrk" (i32.const 0)) (i32.const 458784))

;; stackAlloc: from the imported STACKTOP, 16-byte aligned, growing up.
(assert_return (invoke $app "stackSave") (i32.const 4096))
(assert_return (invoke $app "stackAlloc" (i32.const 10)) (i32.const 4096))
(assert_return (invoke $app "stackAlloc" (i32.const 1)) (i32.const 4112))
(assert_return (invoke $app "stackSave") (i32.const 4128))
(invoke $app "stackRestore" (i32.const 4096))
;; Up to 16 bytes below STACK_MAX is fine; reaching it aborts.
(assert_return (invoke $app "stackAlloc" (i32.const 61424)) (i32.const 4096))
(assert_trap (invoke $app "stackAlloc" (i32.const 1)) "unreachable")
(assert_return (invoke $app "stackSave") (i32.const 65520))
(invoke $app "stackRestore" (i32.const 4096))
(assert_trap (invoke $app "stackAlloc" (i32.const -1)) "unreachable")
(assert_return (invoke $app "stackSave") (i32.const 4096))
