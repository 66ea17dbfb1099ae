;; expected: 68332206
;; heavy: seconds of run() in a release build, minutes in a debug one
;; The benchmarks game's binary-trees at depth 18, with trees of GC structs: a stretch tree of
;; depth 19, a long-lived tree of depth 18, and 2^(22-d) trees of each depth d = 4, 6, ..., 18
;; built, checked (node count) and dropped. About 67 million nodes allocated in all, at most a
;; few million alive. run() returns the sum of every check.
(module
  (type $node (struct (field $left (ref null $node)) (field $right (ref null $node))))

  (func $make (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new $node (ref.null $node) (ref.null $node)))
      (else
        (local.set $d (i32.sub (local.get $d) (i32.const 1)))
        (struct.new $node (call $make (local.get $d)) (call $make (local.get $d))))))

  (func $check (param $t (ref $node)) (result i64) (local $l (ref null $node))
    (local.set $l (struct.get $node $left (local.get $t)))
    (if (result i64) (ref.is_null (local.get $l))
      (then (i64.const 1))
      (else
        (i64.add (i64.const 1)
          (i64.add (call $check (ref.as_non_null (local.get $l)))
                   (call $check (ref.as_non_null (struct.get $node $right (local.get $t)))))))))

  (func (export "run") (result i64)
    (local $sum i64) (local $long (ref null $node)) (local $d i32) (local $n i32)
    ;; stretch
    (local.set $sum (call $check (call $make (i32.const 19))))
    (local.set $long (call $make (i32.const 18)))
    (local.set $d (i32.const 4))
    (loop $depths
      (local.set $n (i32.shl (i32.const 1) (i32.sub (i32.const 22) (local.get $d))))
      (loop $iterations
        (local.set $sum (i64.add (local.get $sum) (call $check (call $make (local.get $d)))))
        (br_if $iterations (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (br_if $depths (i32.le_u (local.tee $d (i32.add (local.get $d) (i32.const 2))) (i32.const 18))))
    (i64.add (local.get $sum) (call $check (ref.as_non_null (local.get $long))))))
