;; memory_ops.wast -- static data, the shadow stack and bulk memory, as the
;; article's toolchains lay them out in linear memory.
;;
;; Why: besides the heap, the article names two other users of linear
;; memory: static data (.data/.bss, placed at link time) and the stack
;; (locals whose address is taken live in a "shadow stack" in linear memory,
;; addressed through the `__stack_pointer` global).  And every libc's
;; memset/memcpy ends up as `memory.fill` / `memory.copy`.  This script
;; covers:
;;   * data segments: active ones placed at a constant and at an imported
;;     `__data_end` (how a second module appends its data after the first
;;     one's); an offset must be a constant expression; a segment that does
;;     not fit traps at instantiation ("out of bounds memory access"),
;;     leaving the segments before it written and nothing of itself;
;;   * passive segments with memory.init / data.drop and their bounds traps;
;;   * `__stack_pointer`: an exported mutable global, shared with a second
;;     module; functions push 16/32-byte frames, store address-taken locals
;;     there and pop them; with the stack placed first (below the data, as
;;     rustc and `wasm-ld --stack-first` do) an overflow wraps below address
;;     0 and traps instead of overwriting data -- and the trap leaves the
;;     stack pointer where it was, which the embedder has to repair;
;;   * unbounded recursion hits the engine's own limit: assert_exhaustion
;;     "call stack exhausted";
;;   * memset / memcpy / memmove over memory.fill / memory.copy, including
;;     overlapping copies both ways, zero-length operations exactly at the
;;     end of memory (allowed) and one byte beyond (trap), and operations
;;     straddling the end: they trap BEFORE writing anything (bulk-memory
;;     semantics), before and after a memory.grow.
;;
;; Memory map of $main:
;;       0 .. 4096   shadow stack, __stack_pointer starts at 4096, grows down
;;    4096 .. 4145   static data (__data_end = 4145); $side's data follows
;;    8000 ..        scratch space used by the tests

(module $main
  (memory (export "memory") 1 2)

  (global $__stack_pointer (export "__stack_pointer") (mut i32) (i32.const 4096))
  (global $__data_end (export "__data_end") i32 (i32.const 4145))

  (data (i32.const 4096) "hello, memory ops!\00")   ;; 4096 .. 4114
  (data (i32.const 4115) "0123456789")              ;; 4115 .. 4124
  (data (i32.const 4125) "0101234567")              ;; expected after memmove up
  (data (i32.const 4135) "2345678989")              ;; expected after memmove down
  (data $passive "PASSIVE-DATA")                    ;; 12 bytes, not placed

  ;; --- libc over bulk memory ----------------------------------------------
  (func $memset (export "memset") (param $dst i32) (param $c i32) (param $n i32) (result i32)
    (memory.fill (local.get $dst) (local.get $c) (local.get $n))
    (local.get $dst))
  ;; memory.copy has memmove semantics, so memcpy and memmove are the same.
  (func $memcpy (export "memcpy") (param $dst i32) (param $src i32) (param $n i32) (result i32)
    (memory.copy (local.get $dst) (local.get $src) (local.get $n))
    (local.get $dst))
  (export "memmove" (func $memcpy))

  (func (export "init_passive") (param $dst i32) (param $offset i32) (param $n i32)
    (memory.init $passive (local.get $dst) (local.get $offset) (local.get $n)))
  (func (export "drop_passive")
    (data.drop $passive))

  ;; 1 if the n bytes at a and b are equal.
  (func $memeq (export "memeq") (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; --- the shadow stack ----------------------------------------------------
  ;; Sum of n i32 values at p: the callee only gets a pointer.
  (func $sum_array (param $p i32) (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; int frame_sum(int a, int b, int c) { int v[3] = {a, b, c};
  ;;                                      return sum_array(v, 3); }
  ;; v has its address taken, so it lives in a 16-byte frame on the shadow
  ;; stack: prologue, body, epilogue.
  (func (export "frame_sum") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local $fp i32)
    (local $result i32)
    (local.set $fp (i32.sub (global.get $__stack_pointer) (i32.const 16)))
    (global.set $__stack_pointer (local.get $fp))
    (i32.store offset=0 (local.get $fp) (local.get $a))
    (i32.store offset=4 (local.get $fp) (local.get $b))
    (i32.store offset=8 (local.get $fp) (local.get $c))
    (local.set $result (call $sum_array (local.get $fp) (i32.const 3)))
    (global.set $__stack_pointer (i32.add (local.get $fp) (i32.const 16)))
    (local.get $result))

  ;; nested(n) = n + nested(n-1), nested(0) = 0, keeping n in a 32-byte frame
  ;; across the call (re-read after it: a callee that wrote into our frame
  ;; would show).  n + 1 frames: at most 4096 / 32 = 128 fit.
  (func $nested (export "nested") (param $n i32) (result i32)
    (local $fp i32)
    (local $result i32)
    (local.set $fp (i32.sub (global.get $__stack_pointer) (i32.const 32)))
    (global.set $__stack_pointer (local.get $fp))
    (i32.store (local.get $fp) (local.get $n))
    (if (local.get $n)
      (then
        (local.set $result
          (i32.add (call $nested (i32.sub (local.get $n) (i32.const 1)))
                   (i32.load (local.get $fp))))))
    (global.set $__stack_pointer (i32.add (local.get $fp) (i32.const 32)))
    (local.get $result))

  ;; emscripten-style accessors for the embedder.
  (func (export "stackSave") (result i32) (global.get $__stack_pointer))
  (func (export "stackRestore") (param $sp i32) (global.set $__stack_pointer (local.get $sp)))

  ;; No shadow stack at all: only the engine's call stack can stop this.
  (func $runaway (export "runaway") (param $n i32) (result i32)
    (i32.add (call $runaway (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages)))
  (func (export "load8") (param $addr i32) (result i32) (i32.load8_u (local.get $addr)))
  (func (export "load32") (param $addr i32) (result i32) (i32.load (local.get $addr)))
)

;; ---------------------------------------------------------------------------
;; Static data.
;; ---------------------------------------------------------------------------
(assert_return (get $main "__data_end") (i32.const 4145))
(assert_return (invoke $main "load8" (i32.const 4096)) (i32.const 0x68))   ;; 'h'
(assert_return (invoke $main "load8" (i32.const 4114)) (i32.const 0))      ;; the NUL
(assert_return (invoke $main "load32" (i32.const 4115)) (i32.const 0x33323130)) ;; "0123"
(assert_return (invoke $main "load8" (i32.const 4145)) (i32.const 0))      ;; past __data_end

(register "main" $main)

;; A second module appends its data at the first one's __data_end, and
;; shares the stack pointer.
(module $side
  (import "main" "memory" (memory 1 2))
  (import "main" "__data_end" (global $__data_end i32))
  (import "main" "__stack_pointer" (global $__stack_pointer (mut i32)))
  (data (global.get $__data_end) "side!")
  (func (export "data_start") (result i32) (global.get $__data_end))
  ;; Push a frame on the shared stack, report where it was, pop it.
  (func (export "frame_address") (result i32)
    (local $fp i32)
    (local.set $fp (i32.sub (global.get $__stack_pointer) (i32.const 16)))
    (global.set $__stack_pointer (local.get $fp))
    (i32.store (local.get $fp) (i32.const 0x5EDE))
    (global.set $__stack_pointer (i32.add (local.get $fp) (i32.const 16)))
    (local.get $fp))
)
(assert_return (invoke $side "data_start") (i32.const 4145))
(assert_return (invoke $main "load8" (i32.const 4145)) (i32.const 0x73))   ;; 's'
(assert_return (invoke $main "load8" (i32.const 4149)) (i32.const 0x21))   ;; '!'
(assert_return (invoke $main "load8" (i32.const 4144)) (i32.const 0x39))   ;; main's '9' intact
(assert_return (invoke $side "frame_address") (i32.const 4080))
(assert_return (invoke $main "load32" (i32.const 4080)) (i32.const 0x5EDE))
(assert_return (get $main "__stack_pointer") (i32.const 4096))

;; Linking and validation rules for these globals.
(assert_unlinkable
  (module (import "main" "__stack_pointer" (global i32)))
  "incompatible import type")
(assert_unlinkable
  (module (import "main" "__data_end" (global (mut i32))))
  "incompatible import type")
(assert_invalid
  (module
    (import "main" "__stack_pointer" (global $sp (mut i32)))
    (memory 1)
    (data (global.get $sp) "x"))
  "constant expression required")

;; A segment that does not fit: instantiation traps.  Segments are written
;; in order, so the first one is already in the shared memory; the failing
;; one wrote nothing, not even its in-bounds bytes.
(assert_trap
  (module
    (import "main" "memory" (memory 1))
    (data (i32.const 8000) "early")
    (data (i32.const 65534) "late"))
  "out of bounds memory access")
(assert_return (invoke $main "load8" (i32.const 8000)) (i32.const 0x65))   ;; 'e'
(assert_return (invoke $main "load8" (i32.const 65534)) (i32.const 0))
(assert_return (invoke $main "load8" (i32.const 65535)) (i32.const 0))
;; Exactly up to the end is fine.
(module
  (import "main" "memory" (memory 1))
  (data (i32.const 65532) "edge"))
(assert_return (invoke $main "load32" (i32.const 65532)) (i32.const 0x65676465)) ;; "edge"

;; ---------------------------------------------------------------------------
;; The shadow stack.
;; ---------------------------------------------------------------------------
(assert_return (invoke $main "frame_sum" (i32.const 1) (i32.const 20) (i32.const 300)) (i32.const 321))
(assert_return (get $main "__stack_pointer") (i32.const 4096))
;; The frame was at 4080 and still holds v[] (nobody clears a popped frame).
(assert_return (invoke $main "load32" (i32.const 4084)) (i32.const 20))
(assert_return (invoke $main "nested" (i32.const 10)) (i32.const 55))
;; 128 frames: the deepest one is at address 0, still inside the memory.
(assert_return (invoke $main "nested" (i32.const 127)) (i32.const 8128))
(assert_return (invoke $main "stackSave") (i32.const 4096))
;; 129 frames: the stack pointer wraps to 0xFFFFFFE0 and the store traps.
;; The data above the stack is untouched, but the stack pointer is left
;; where the trap happened...
(assert_trap (invoke $main "nested" (i32.const 128)) "out of bounds memory access")
(assert_return (get $main "__stack_pointer") (i32.const -32))
(assert_return (invoke $main "load8" (i32.const 4096)) (i32.const 0x68))
;; ...so every later frame traps too, until the embedder restores it.
(assert_trap (invoke $main "frame_sum" (i32.const 1) (i32.const 2) (i32.const 3)) "out of bounds memory access")
(invoke $main "stackRestore" (i32.const 4096))
(assert_return (invoke $main "frame_sum" (i32.const 1) (i32.const 2) (i32.const 3)) (i32.const 6))
(assert_exhaustion (invoke $main "runaway" (i32.const 0)) "call stack exhausted")
(assert_return (invoke $main "stackSave") (i32.const 4096))

;; ---------------------------------------------------------------------------
;; memset / memcpy / memmove
;; ---------------------------------------------------------------------------
(assert_return (invoke $main "memset" (i32.const 8192) (i32.const 0xAA) (i32.const 16)) (i32.const 8192))
(assert_return (invoke $main "load8" (i32.const 8192)) (i32.const 0xAA))
(assert_return (invoke $main "load8" (i32.const 8207)) (i32.const 0xAA))
(assert_return (invoke $main "load8" (i32.const 8208)) (i32.const 0))
;; Only the low byte of the value is used.
(assert_return (invoke $main "memset" (i32.const 8300) (i32.const 0x1FF) (i32.const 4)) (i32.const 8300))
(assert_return (invoke $main "load32" (i32.const 8300)) (i32.const -1))

(assert_return (invoke $main "memcpy" (i32.const 9000) (i32.const 4115) (i32.const 10)) (i32.const 9000))
(assert_return (invoke $main "memeq" (i32.const 9000) (i32.const 4115) (i32.const 10)) (i32.const 1))
;; Overlapping, destination above the source: "0123456789" -> "0101234567".
(assert_return (invoke $main "memmove" (i32.const 9002) (i32.const 9000) (i32.const 8)) (i32.const 9002))
(assert_return (invoke $main "memeq" (i32.const 9000) (i32.const 4125) (i32.const 10)) (i32.const 1))
;; Overlapping, destination below the source: "0123456789" -> "2345678989".
(assert_return (invoke $main "memcpy" (i32.const 9100) (i32.const 4115) (i32.const 10)) (i32.const 9100))
(assert_return (invoke $main "memmove" (i32.const 9100) (i32.const 9102) (i32.const 8)) (i32.const 9100))
(assert_return (invoke $main "memeq" (i32.const 9100) (i32.const 4135) (i32.const 10)) (i32.const 1))

;; Zero bytes exactly at the end of memory: allowed.  One byte further: a
;; trap even though nothing would be written.
(assert_return (invoke $main "memset" (i32.const 65536) (i32.const 0) (i32.const 0)) (i32.const 65536))
(assert_return (invoke $main "memcpy" (i32.const 65536) (i32.const 65536) (i32.const 0)) (i32.const 65536))
(assert_trap (invoke $main "memset" (i32.const 65537) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke $main "memcpy" (i32.const 0) (i32.const 65537) (i32.const 0)) "out of bounds memory access")
;; Straddling the end: trap, and not a single byte written.
(assert_trap (invoke $main "memset" (i32.const 65530) (i32.const 0x55) (i32.const 10)) "out of bounds memory access")
(assert_return (invoke $main "load8" (i32.const 65530)) (i32.const 0))
(assert_trap (invoke $main "memcpy" (i32.const 65530) (i32.const 4096) (i32.const 10)) "out of bounds memory access")
(assert_return (invoke $main "load8" (i32.const 65531)) (i32.const 0))
(assert_trap (invoke $main "memcpy" (i32.const 10000) (i32.const 65530) (i32.const 10)) "out of bounds memory access")
(assert_return (invoke $main "load8" (i32.const 10000)) (i32.const 0))
(assert_trap (invoke $main "memset" (i32.const 0) (i32.const 0) (i32.const -1)) "out of bounds memory access")

;; After growing, the same operations fit.
(assert_return (invoke $main "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $main "memset" (i32.const 65530) (i32.const 0x55) (i32.const 10)) (i32.const 65530))
(assert_return (invoke $main "load8" (i32.const 65539)) (i32.const 0x55))
(assert_return (invoke $main "memcpy" (i32.const 131062) (i32.const 4096) (i32.const 10)) (i32.const 131062))
(assert_return (invoke $main "load8" (i32.const 131071)) (i32.const 0x6D))   ;; 'm' of "memory"
(assert_trap (invoke $main "memcpy" (i32.const 131063) (i32.const 4096) (i32.const 10)) "out of bounds memory access")
(assert_return (invoke $main "memset" (i32.const 131072) (i32.const 0) (i32.const 0)) (i32.const 131072))
;; The segment that failed to fit a page ago would fit now: retry it.
(module
  (import "main" "memory" (memory 2))
  (data (i32.const 65534) "late"))
(assert_return (invoke $main "load32" (i32.const 65534)) (i32.const 0x6574616C))   ;; "late"

;; ---------------------------------------------------------------------------
;; Passive data: memory.init and data.drop.
;; ---------------------------------------------------------------------------
(invoke $main "init_passive" (i32.const 12000) (i32.const 0) (i32.const 12))
(assert_return (invoke $main "load8" (i32.const 12000)) (i32.const 0x50))   ;; 'P'
(invoke $main "init_passive" (i32.const 12100) (i32.const 8) (i32.const 4))
(assert_return (invoke $main "load32" (i32.const 12100)) (i32.const 0x41544144))  ;; "DATA"
;; Reading past the 12-byte segment, or writing past the memory: trap.
(assert_trap (invoke $main "init_passive" (i32.const 12200) (i32.const 8) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke $main "load8" (i32.const 12200)) (i32.const 0))
(assert_trap (invoke $main "init_passive" (i32.const 131070) (i32.const 0) (i32.const 12)) "out of bounds memory access")
(assert_return (invoke $main "load8" (i32.const 131070)) (i32.const 0x65))  ;; unchanged 'e'
(invoke $main "init_passive" (i32.const 12300) (i32.const 12) (i32.const 0))
;; After data.drop the segment has length 0.
(invoke $main "drop_passive")
(invoke $main "init_passive" (i32.const 12300) (i32.const 0) (i32.const 0))
(assert_trap (invoke $main "init_passive" (i32.const 12300) (i32.const 0) (i32.const 1)) "out of bounds memory access")
(invoke $main "drop_passive")
(assert_return (invoke $main "load8" (i32.const 12300)) (i32.const 0))
