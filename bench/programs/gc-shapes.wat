;; expected: 620021879342502568
;; heavy: seconds of run() in a release build, minutes in a debug one
;; What a compiled object-oriented program does: a class hierarchy of shapes (structs with
;; declared subtypes), values boxed as i31ref or structs in an anyref array, dispatch by
;; br_on_cast chains and ref.test, and virtual calls through a vtable of function references.
;; 10,000 rounds: build 1,000 shapes (every third through the vtable's clone), sum their areas
;; by pattern matching and by virtual call, and box and unbox 1,000 numbers.
(module
  (rec
    (type $shape (sub (struct (field $vt (ref $vtable)) (field $x i32))))
    (type $vtable (struct (field $area (ref $areaFn)) (field $clone (ref $cloneFn))))
    (type $areaFn (func (param (ref $shape)) (result i32)))
    (type $cloneFn (func (param (ref $shape)) (result (ref $shape)))))
  (type $circle (sub final $shape (struct (field $vt (ref $vtable)) (field $x i32) (field $r i32))))
  (type $rect (sub $shape (struct (field $vt (ref $vtable)) (field $x i32) (field $w i32) (field $h i32))))
  (type $square (sub final $rect (struct (field $vt (ref $vtable)) (field $x i32) (field $w i32) (field $h i32))))
  (type $shapes (array (mut (ref null $shape))))
  (type $boxes (array (mut anyref)))
  (type $big (struct (field i64)))

  (global $circleVT (ref $vtable) (struct.new $vtable (ref.func $circleArea) (ref.func $circleClone)))
  (global $rectVT (ref $vtable) (struct.new $vtable (ref.func $rectArea) (ref.func $rectClone)))
  (elem declare func $circleArea $circleClone $rectArea $rectClone)

  (func $circleArea (type $areaFn)
    (local $c (ref $circle))
    (local.set $c (ref.cast (ref $circle) (local.get 0)))
    (i32.mul (i32.mul (struct.get $circle $r (local.get $c)) (struct.get $circle $r (local.get $c))) (i32.const 3)))
  (func $rectArea (type $areaFn)
    (local $r (ref $rect))
    (local.set $r (ref.cast (ref $rect) (local.get 0)))
    (i32.mul (struct.get $rect $w (local.get $r)) (struct.get $rect $h (local.get $r))))
  (func $circleClone (type $cloneFn)
    (local $c (ref $circle))
    (local.set $c (ref.cast (ref $circle) (local.get 0)))
    (struct.new $circle (global.get $circleVT) (struct.get $circle $x (local.get $c)) (struct.get $circle $r (local.get $c))))
  (func $rectClone (type $cloneFn)
    (local $r (ref $rect))
    (local.set $r (ref.cast (ref $rect) (local.get 0)))
    (if (result (ref $shape)) (ref.test (ref $square) (local.get $r))
      (then (struct.new $square (global.get $rectVT) (struct.get $rect $x (local.get $r))
                                (struct.get $rect $w (local.get $r)) (struct.get $rect $h (local.get $r))))
      (else (struct.new $rect (global.get $rectVT) (struct.get $rect $x (local.get $r))
                              (struct.get $rect $w (local.get $r)) (struct.get $rect $h (local.get $r))))))

  (func $make (param $i i32) (result (ref $shape))
    (local $k i32)
    (local.set $k (i32.rem_u (local.get $i) (i32.const 3)))
    (if (result (ref $shape)) (i32.eqz (local.get $k))
      (then (struct.new $circle (global.get $circleVT) (local.get $i) (i32.and (local.get $i) (i32.const 15))))
      (else (if (result (ref $shape)) (i32.eq (local.get $k) (i32.const 1))
        (then (struct.new $rect (global.get $rectVT) (local.get $i)
                (i32.and (local.get $i) (i32.const 7)) (i32.and (local.get $i) (i32.const 31))))
        (else (struct.new $square (global.get $rectVT) (local.get $i)
                (i32.and (local.get $i) (i32.const 9)) (i32.and (local.get $i) (i32.const 9))))))))

  ;; Area by pattern matching: the most specific type first.
  (func $areaMatch (param $s (ref $shape)) (result i32)
    (local $q (ref $rect))
    (block $isSquare (result (ref $square))
      (block $isCircle (result (ref $circle))
        (br_on_cast $isCircle (ref $shape) (ref $circle) (local.get $s))
        (br_on_cast $isSquare (ref $shape) (ref $square))
        (local.set $q (ref.cast (ref $rect)))
        (return (i32.mul (struct.get $rect $w (local.get $q)) (struct.get $rect $h (local.get $q)))))
      (local.set $s)
      (return (call $circleArea (local.get $s))))
    (local.set $q)
    (if (result i32) (ref.test (ref $square) (local.get $q))
      (then (i32.mul (struct.get $rect $w (local.get $q)) (struct.get $rect $w (local.get $q))))
      (else (unreachable))))

  (func $virtualArea (param $s (ref $shape)) (result i32)
    (call_ref $areaFn (local.get $s) (struct.get $vtable $area (struct.get $shape $vt (local.get $s)))))

  (func $clone (param $s (ref $shape)) (result (ref $shape))
    (call_ref $cloneFn (local.get $s) (struct.get $vtable $clone (struct.get $shape $vt (local.get $s)))))

  (func $unbox (param $v anyref) (result i64)
    (block $notI31 (result anyref)
      (br_on_cast_fail $notI31 anyref i31ref (local.get $v))
      (return (i64.extend_i32_s (i31.get_s))))
    (struct.get $big 0 (ref.cast (ref $big))))

  (func (export "run") (result i64)
    (local $round i32) (local $i i32) (local $sum i64) (local $s (ref null $shape))
    (local $shapes (ref $shapes)) (local $boxes (ref $boxes))
    (loop $rounds
      (local.set $shapes (array.new_default $shapes (i32.const 1000)))
      (local.set $boxes (array.new_default $boxes (i32.const 1000)))
      (local.set $i (i32.const 0))
      (loop $build
        (local.set $s (call $make (i32.add (local.get $i) (local.get $round))))
        (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 3)))
          (then (local.set $s (call $clone (ref.as_non_null (local.get $s))))))
        (array.set $shapes (local.get $shapes) (local.get $i) (local.get $s))
        ;; Small numbers as i31ref, large ones in a struct.
        (array.set $boxes (local.get $boxes) (local.get $i)
          (if (result anyref) (i32.and (local.get $i) (i32.const 7))
            (then (ref.i31 (i32.mul (local.get $i) (local.get $round))))
            (else (struct.new $big (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 1000000007))))))
        (br_if $build (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000))))
      (local.set $i (i32.const 0))
      (loop $sumUp
        (local.set $s (array.get $shapes (local.get $shapes) (local.get $i)))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (call $areaMatch (ref.as_non_null (local.get $s))))))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (call $virtualArea (ref.as_non_null (local.get $s))))))
        (local.set $sum (i64.add (local.get $sum) (call $unbox (array.get $boxes (local.get $boxes) (local.get $i)))))
        (br_if $sumUp (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000))))
      (br_if $rounds (i32.lt_u (local.tee $round (i32.add (local.get $round) (i32.const 1))) (i32.const 10000))))
    (local.get $sum)))
