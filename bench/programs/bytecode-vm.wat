;; expected: 27764799
;; A bytecode interpreter, as a C program's VM loop compiles: the opcode byte selects one of 20
;; handlers through a br_table, operands live on a stack in linear memory (from 4096 up), registers in memory at
;; 1024. The bytecode (data segment at 0) sums the Collatz step counts of 1 .. 2,999, folding
;; in i % 7 per number (about 3.5 M VM instructions, twice). Its source, with rel16 jumps relative to the
;; next instruction:
;;       push 0; store 0
;;       push 1; store 1
;; outer: load 1; push 3000; ltu; jz done
;;       load 1; store 2
;; inner: load 2; push 1; eq; jz body
;;       jmp next
;; body: load 2; push 1; and; jz even
;;       load 2; dup; push 1; shl; add; push 1; add; store 2
;;       jmp count
;; even: load 2; push 1; shru; store 2
;; count: inc 0
;;       jmp inner
;; next: load 0; load 1; push 7; remu; xor; store 0
;;       inc 1; jmp outer
;; done: load 0; halt
;; Opcodes: 0 halt, 1 push, 2 load, 3 store, 4 add, 5 sub, 6 mul, 7 and, 8 shru, 9 xor, 10 ltu, 11 eq, 12 jz, 13 jmp, 14 dup, 15 drop, 16 inc, 17 remu, 18 shl, 19 or.
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\00\03\00\01\01\00\00\00\03\01\02\01\01\b8\0b\00\00\0a\0c\53\00\02\01\03\02\02\02\01\01\00\00\00\0b\0c\03\00\0d\2f\00\02\02\01\01\00\00\00\07\0c\15\00\02\02\0e\01\01\00\00\00\12\04\01\01\00\00\00\04\03\02\0d\0a\00\02\02\01\01\00\00\00\08\03\02\10\00\0d\c3\ff\02\00\02\01\01\07\00\00\00\11\09\03\00\10\01\0d\a2\ff\02\00\00")

  (func $interpret (param $pc i32) (result i32)
    (local $sp i32) (local $r i32)
    (local.set $sp (i32.const 4092))
    (loop $next
      (block $bad
      (block $or
      (block $shl
      (block $remu
      (block $inc
      (block $drop
      (block $dup
      (block $jmp
      (block $jz
      (block $eq
      (block $ltu
      (block $xor
      (block $shru
      (block $and
      (block $mul
      (block $sub
      (block $add
      (block $store
      (block $load
      (block $push
      (block $halt
        (br_table $halt $push $load $store $add $sub $mul $and $shru $xor $ltu $eq $jz $jmp $dup $drop $inc $remu $shl $or $bad (i32.load8_u (local.get $pc))))
      ;; halt
      (return (i32.load (local.get $sp))))
      ;; push
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.load offset=1 (local.get $pc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 5)))
      (br $next))
      ;; load
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.load offset=1024 (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; store
      (i32.store offset=1024 (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2)) (i32.load (local.get $sp)))
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; add
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.add (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; sub
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.sub (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; mul
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.mul (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; and
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.and (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; shru
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.shr_u (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; xor
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.xor (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; ltu
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.lt_u (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; eq
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.eq (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; jz
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (if (i32.eqz (i32.load offset=4 (local.get $sp)))
        (then (local.set $pc (i32.add (local.get $pc) (i32.load16_s offset=1 (local.get $pc))))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 3)))
      (br $next))
      ;; jmp
      (local.set $pc (i32.add (i32.add (local.get $pc) (i32.const 3)) (i32.load16_s offset=1 (local.get $pc))))
      (br $next))
      ;; dup
      (i32.store offset=4 (local.get $sp) (i32.load (local.get $sp)))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; drop
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; inc
      (local.set $r (i32.add (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2)) (i32.const 1024)))
      (i32.store (local.get $r) (i32.add (i32.load (local.get $r)) (i32.const 1)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; remu
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.rem_u (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; shl
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.shl (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; or
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.or (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      (unreachable))
    (unreachable))

  (func (export "run") (result i32)
    (local $sum i32) (local $n i32)
    (local.set $n (i32.const 2))
    (loop $rep
      (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 7)) (call $interpret (i32.const 0))))
      (br_if $rep (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum)))
