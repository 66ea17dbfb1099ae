;; expected: 21474206044453888
;; heavy: seconds of run() in a release build, minutes in a debug one
;; Ten million short-lived arrays: each iteration makes an array of 16 i32, fills it from a
;; linear congruential generator, sums it and stores it into a ring of 100,000 slots, dropping
;; the array made 100,000 iterations before. Live data stays at the ring's arrays (about 8 MiB)
;; while 800 MiB are allocated in all: the heap must stay flat. run() returns the sum of sums.
(module
  (type $ints (array (mut i32)))
  (type $ring (array (mut (ref null $ints))))

  (func (export "run") (result i64)
    (local $ring (ref $ring)) (local $a (ref $ints)) (local $i i32) (local $k i32)
    (local $x i32) (local $s i32) (local $sum i64)
    (local.set $ring (array.new_default $ring (i32.const 100000)))
    (local.set $x (i32.const 12345))
    (loop $iterations
      (local.set $a (array.new_default $ints (i32.const 16)))
      (local.set $k (i32.const 0))
      (local.set $s (i32.const 0))
      (loop $fill
        (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
        (array.set $ints (local.get $a) (local.get $k) (local.get $x))
        (local.set $s (i32.add (local.get $s) (array.get $ints (local.get $a) (local.get $k))))
        (br_if $fill (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 16))))
      (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $s))))
      (array.set $ring (local.get $ring) (i32.rem_u (local.get $i) (i32.const 100000)) (local.get $a))
      (br_if $iterations (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10000000))))
    (local.get $sum)))
