;; expected: 5124069084020678532
;; Big-number arithmetic in i64, as multi-precision libraries do it with 32-bit limbs: 2000!
;; by repeated multiplication by a small number (i64 multiply, carry in the high half),
;; conversion to decimal by repeated division by 10^9 (i64.div_u / rem_u over the limbs), and
;; schoolbook multiplication of two 320-limb numbers, 16 times (i64 multiply-accumulate).
;; run() returns an i64 checksum of the digits and the products' limbs.
(module
  (memory 2)
  ;; A at 0 (limbs, little-endian u32), B at 16384, C (product) at 32768, scratch at 65536

  ;; A[0..n) *= m; returns the new limb count.
  (func $mulSmall (param $a i32) (param $n i32) (param $m i64) (result i32)
    (local $i i32) (local $carry i64) (local $t i64)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $t (i64.add (i64.mul (i64.load32_u (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
                                        (local.get $m))
                               (local.get $carry)))
        (i64.store32 (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))) (local.get $t))
        (local.set $carry (i64.shr_u (local.get $t) (i64.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (if (i64.ne (local.get $carry) (i64.const 0))
      (then
        (i64.store32 (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))) (local.get $carry))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))))
    (local.get $n))

  ;; A[0..n) /= d in place; returns the remainder.
  (func $divSmall (param $a i32) (param $n i32) (param $d i64) (result i64)
    (local $rem i64) (local $cur i64) (local $p i32)
    (local.set $p (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.le_u (local.get $p) (local.get $a)))
        (local.set $p (i32.sub (local.get $p) (i32.const 4)))
        (local.set $cur (i64.or (i64.shl (local.get $rem) (i64.const 32)) (i64.load32_u (local.get $p))))
        (i64.store32 (local.get $p) (i64.div_u (local.get $cur) (local.get $d)))
        (local.set $rem (i64.rem_u (local.get $cur) (local.get $d)))
        (br $each)))
    (local.get $rem))

  ;; C = A[0..n) * B[0..n) (2n limbs).
  (func $mul (param $a i32) (param $b i32) (param $c i32) (param $n i32)
    (local $i i32) (local $j i32) (local $ai i64) (local $carry i64) (local $t i64) (local $q i32)
    (memory.fill (local.get $c) (i32.const 0) (i32.shl (local.get $n) (i32.const 3)))
    (loop $rows
      (local.set $ai (i64.load32_u (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $carry (i64.const 0))
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $q (i32.add (local.get $c) (i32.shl (i32.add (local.get $i) (local.get $j)) (i32.const 2))))
        (local.set $t (i64.add (i64.add (i64.mul (local.get $ai)
                                                 (i64.load32_u (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
                                        (i64.load32_u (local.get $q)))
                               (local.get $carry)))
        (i64.store32 (local.get $q) (local.get $t))
        (local.set $carry (i64.shr_u (local.get $t) (i64.const 32)))
        (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n))))
      (i64.store32 (i32.add (local.get $c) (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 2))) (local.get $carry))
      (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  (func (export "run") (result i64)
    (local $n i32) (local $k i64) (local $h i64) (local $digits i64) (local $i i32) (local $round i32)
    ;; 2000!
    (i32.store (i32.const 0) (i32.const 1))
    (local.set $n (i32.const 1))
    (local.set $k (i64.const 2))
    (loop $fact
      (local.set $n (call $mulSmall (i32.const 0) (local.get $n) (local.get $k)))
      (br_if $fact (i64.le_u (local.tee $k (i64.add (local.get $k) (i64.const 1))) (i64.const 2000))))
    ;; keep a copy as B, then print A in base 10^9 (destroying it)
    (memory.copy (i32.const 16384) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))
    (local.set $i (local.get $n))
    (block $zero
      (loop $digits
        ;; drop leading zero limbs
        (block $top
          (loop $trim
            (br_if $zero (i32.eqz (local.get $i)))
            (br_if $top (i32.load (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2))))
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (br $trim)))
        (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 1000003))
                               (call $divSmall (i32.const 0) (local.get $i) (i64.const 1000000000))))
        (local.set $digits (i64.add (local.get $digits) (i64.const 1)))
        (br $digits)))
    ;; A := B (2000!, its low 320 limbs), then products C = A * B, C's middle limbs the next A
    (memory.copy (i32.const 0) (i32.const 16384) (i32.const 1280))
    (local.set $round (i32.const 16))
    (loop $products
      (call $mul (i32.const 0) (i32.const 16384) (i32.const 32768) (i32.const 320))
      (local.set $i (i32.const 0))
      (loop $fold
        (local.set $h (i64.xor (i64.rotl (local.get $h) (i64.const 7))
                               (i64.load (i32.add (i32.const 32768) (i32.shl (local.get $i) (i32.const 3))))))
        (br_if $fold (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 320))))
      (memory.copy (i32.const 0) (i32.const 33408) (i32.const 1280))
      (br_if $products (local.tee $round (i32.sub (local.get $round) (i32.const 1)))))
    (i64.add (local.get $h) (local.get $digits))))
