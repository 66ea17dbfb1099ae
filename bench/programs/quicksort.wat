;; expected: 1013271597
;; Sorting and searching with recursion: 50,000 i32 from an LCG (200 KB, so the array stays in
;; the L2 cache and the figure is the interpreter's, not memory latency), sorted by a recursive
;; quicksort (median-of-three pivot, Hoare partition, insertion sort below 16 elements), checked
;; sorted, then 50,000 lookups by a recursive binary search (its branches are unpredictable, as
;; in real searches). Two rounds; run() returns a checksum of the sorted arrays and the lookups'
;; positions.
(module
  (memory 16)
  (global $seed (mut i32) (i32.const 42))

  (func $random (result i32)
    (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1664525)) (i32.const 1013904223)))
    (global.get $seed))

  (func $swap (param $a i32) (param $b i32)
    (local $t i32)
    (local.set $t (i32.load (local.get $a)))
    (i32.store (local.get $a) (i32.load (local.get $b)))
    (i32.store (local.get $b) (local.get $t)))

  ;; Sorts the i32 at [lo, hi] (byte addresses of the first and last element) by insertion.
  (func $insertion (param $lo i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $v i32)
    (local.set $i (i32.add (local.get $lo) (i32.const 4)))
    (block $done
      (loop $outer
        (br_if $done (i32.gt_u (local.get $i) (local.get $hi)))
        (local.set $v (i32.load (local.get $i)))
        (local.set $j (local.get $i))
        (block $placed
          (loop $shift
            (br_if $placed (i32.le_u (local.get $j) (local.get $lo)))
            (br_if $placed (i32.le_s (i32.load offset=0 (i32.sub (local.get $j) (i32.const 4))) (local.get $v)))
            (i32.store (local.get $j) (i32.load (i32.sub (local.get $j) (i32.const 4))))
            (local.set $j (i32.sub (local.get $j) (i32.const 4)))
            (br $shift)))
        (i32.store (local.get $j) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $outer))))

  (func $quicksort (param $lo i32) (param $hi i32)
    (local $mid i32) (local $pivot i32) (local $i i32) (local $j i32)
    (if (i32.lt_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 64))
      (then (call $insertion (local.get $lo) (local.get $hi)) (return)))
    ;; median of three into lo, mid, hi
    (local.set $mid (i32.add (local.get $lo)
      (i32.and (i32.shr_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 1)) (i32.const -4))))
    (if (i32.lt_s (i32.load (local.get $mid)) (i32.load (local.get $lo)))
      (then (call $swap (local.get $mid) (local.get $lo))))
    (if (i32.lt_s (i32.load (local.get $hi)) (i32.load (local.get $lo)))
      (then (call $swap (local.get $hi) (local.get $lo))))
    (if (i32.lt_s (i32.load (local.get $hi)) (i32.load (local.get $mid)))
      (then (call $swap (local.get $hi) (local.get $mid))))
    (local.set $pivot (i32.load (local.get $mid)))
    (local.set $i (i32.sub (local.get $lo) (i32.const 4)))
    (local.set $j (i32.add (local.get $hi) (i32.const 4)))
    (block $partitioned
      (loop $scan
        (loop $up
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $up (i32.lt_s (i32.load (local.get $i)) (local.get $pivot))))
        (loop $down
          (local.set $j (i32.sub (local.get $j) (i32.const 4)))
          (br_if $down (i32.gt_s (i32.load (local.get $j)) (local.get $pivot))))
        (br_if $partitioned (i32.ge_u (local.get $i) (local.get $j)))
        (call $swap (local.get $i) (local.get $j))
        (br $scan)))
    (call $quicksort (local.get $lo) (local.get $j))
    (call $quicksort (i32.add (local.get $j) (i32.const 4)) (local.get $hi)))

  ;; The index of the first element >= key in [lo, hi) (element indices), recursively.
  (func $lowerBound (param $lo i32) (param $hi i32) (param $key i32) (result i32)
    (local $mid i32)
    (if (result i32) (i32.ge_u (local.get $lo) (local.get $hi))
      (then (local.get $lo))
      (else
        (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (result i32) (i32.lt_s (i32.load (i32.shl (local.get $mid) (i32.const 2))) (local.get $key))
          (then (call $lowerBound (i32.add (local.get $mid) (i32.const 1)) (local.get $hi) (local.get $key)))
          (else (call $lowerBound (local.get $lo) (local.get $mid) (local.get $key)))))))

  (func (export "run") (result i32)
    (local $i i32) (local $n i32) (local $h i32) (local $prev i32) (local $rep i32)
    (local.set $n (i32.const 50000))
    (local.set $rep (i32.const 2))
    (loop $repeat
      (local.set $i (i32.const 0))
      (loop $fill
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.shr_s (call $random) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $fill (i32.lt_u (local.get $i) (local.get $n))))
      (call $quicksort (i32.const 0) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))
      ;; sorted? fold the array into the checksum; an inversion poisons it
      (local.set $i (i32.const 0))
      (local.set $prev (i32.const 0x80000000))
      (loop $check
        (if (i32.lt_s (i32.load (i32.shl (local.get $i) (i32.const 2))) (local.get $prev))
          (then (local.set $h (i32.const 0xdead))))
        (local.set $prev (i32.load (i32.shl (local.get $i) (i32.const 2))))
        (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (local.get $prev)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $check (i32.lt_u (local.get $i) (local.get $n))))
      (local.set $i (i32.const 0))
      (loop $search
        (local.set $h (i32.xor (i32.rotl (local.get $h) (i32.const 5))
          (call $lowerBound (i32.const 0) (local.get $n) (i32.shr_s (call $random) (i32.const 4)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $search (i32.lt_u (local.get $i) (i32.const 50000))))
      (br_if $repeat (local.tee $rep (i32.sub (local.get $rep) (i32.const 1)))))
    (local.get $h)))
