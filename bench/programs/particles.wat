;; expected: 1921464412
;; f32 particles: 4,096 structs of six f32 (x y z vx vy vz, 24 bytes) in linear memory, moved by
;; a spring towards the origin with damping, bouncing off the walls of a box (f32.abs,
;; f32.copysign, f32.min/max clamps), then transformed by a 3x3 f32 rotation matrix read from
;; memory. run() does 80 steps and returns an i32 checksum of the final coordinates' bits.
(module
  (memory 2)
  ;; particles at 0 .. 98,304; the matrix at 100,000 (nine f32)
  (global $seed (mut i32) (i32.const 12345))

  (func $random (result f32)
    ;; a float in [-1, 1) from an LCG
    (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
    (f32.sub (f32.mul (f32.convert_i32_u (i32.shr_u (global.get $seed) (i32.const 8)))
                      (f32.const 1.1920929e-07))
             (f32.const 1)))

  (func $init
    (local $p i32)
    (loop $each
      (f32.store offset=0 (local.get $p) (call $random))
      (f32.store offset=4 (local.get $p) (call $random))
      (f32.store offset=8 (local.get $p) (call $random))
      (f32.store offset=12 (local.get $p) (f32.mul (call $random) (f32.const 0.1)))
      (f32.store offset=16 (local.get $p) (f32.mul (call $random) (f32.const 0.1)))
      (f32.store offset=20 (local.get $p) (f32.mul (call $random) (f32.const 0.1)))
      (local.set $p (i32.add (local.get $p) (i32.const 24)))
      (br_if $each (i32.lt_u (local.get $p) (i32.const 98304))))
    ;; rotation by a small angle about z then x (cos 0.01 = 0.99995, sin 0.01 = 0.0099998)
    (f32.store offset=100000 (i32.const 0) (f32.const 0.99995))
    (f32.store offset=100004 (i32.const 0) (f32.const -0.0099998))
    (f32.store offset=100008 (i32.const 0) (f32.const 0))
    (f32.store offset=100012 (i32.const 0) (f32.const 0.0099993))
    (f32.store offset=100016 (i32.const 0) (f32.const 0.9999))
    (f32.store offset=100020 (i32.const 0) (f32.const -0.0099998))
    (f32.store offset=100024 (i32.const 0) (f32.const 0.0001))
    (f32.store offset=100028 (i32.const 0) (f32.const 0.0099993))
    (f32.store offset=100032 (i32.const 0) (f32.const 0.99995)))

  ;; One coordinate's velocity update and wall bounce; returns the new velocity.
  (func $axis (param $x f32) (param $v f32) (result f32)
    (local.set $v (f32.mul (f32.sub (local.get $v) (f32.mul (local.get $x) (f32.const 0.02)))
                           (f32.const 0.999)))
    (if (f32.gt (f32.abs (f32.add (local.get $x) (local.get $v))) (f32.const 1.5))
      (then (local.set $v (f32.copysign (f32.mul (local.get $v) (f32.const 0.5))
                                        (f32.neg (local.get $x))))))
    (f32.min (f32.max (local.get $v) (f32.const -0.25)) (f32.const 0.25)))

  (func $step
    (local $p i32) (local $x f32) (local $y f32) (local $z f32)
    (local $vx f32) (local $vy f32) (local $vz f32) (local $r2 f32)
    (loop $each
      (local.set $x (f32.load offset=0 (local.get $p)))
      (local.set $y (f32.load offset=4 (local.get $p)))
      (local.set $z (f32.load offset=8 (local.get $p)))
      (local.set $vx (call $axis (local.get $x) (f32.load offset=12 (local.get $p))))
      (local.set $vy (call $axis (local.get $y) (f32.load offset=16 (local.get $p))))
      (local.set $vz (call $axis (local.get $z) (f32.load offset=20 (local.get $p))))
      ;; a drag growing with the distance from the origin
      (local.set $r2 (f32.add (f32.add (f32.mul (local.get $x) (local.get $x)) (f32.mul (local.get $y) (local.get $y)))
                              (f32.mul (local.get $z) (local.get $z))))
      (local.set $r2 (f32.div (f32.const 1) (f32.add (f32.const 1) (f32.mul (f32.sqrt (local.get $r2)) (f32.const 0.001)))))
      (local.set $vx (f32.mul (local.get $vx) (local.get $r2)))
      (local.set $vy (f32.mul (local.get $vy) (local.get $r2)))
      (local.set $vz (f32.mul (local.get $vz) (local.get $r2)))
      (local.set $x (f32.add (local.get $x) (local.get $vx)))
      (local.set $y (f32.add (local.get $y) (local.get $vy)))
      (local.set $z (f32.add (local.get $z) (local.get $vz)))
      ;; rotate the position by the matrix
      (f32.store offset=0 (local.get $p)
        (f32.add (f32.add (f32.mul (f32.load offset=100000 (i32.const 0)) (local.get $x))
                          (f32.mul (f32.load offset=100004 (i32.const 0)) (local.get $y)))
                 (f32.mul (f32.load offset=100008 (i32.const 0)) (local.get $z))))
      (f32.store offset=4 (local.get $p)
        (f32.add (f32.add (f32.mul (f32.load offset=100012 (i32.const 0)) (local.get $x))
                          (f32.mul (f32.load offset=100016 (i32.const 0)) (local.get $y)))
                 (f32.mul (f32.load offset=100020 (i32.const 0)) (local.get $z))))
      (f32.store offset=8 (local.get $p)
        (f32.add (f32.add (f32.mul (f32.load offset=100024 (i32.const 0)) (local.get $x))
                          (f32.mul (f32.load offset=100028 (i32.const 0)) (local.get $y)))
                 (f32.mul (f32.load offset=100032 (i32.const 0)) (local.get $z))))
      (f32.store offset=12 (local.get $p) (local.get $vx))
      (f32.store offset=16 (local.get $p) (local.get $vy))
      (f32.store offset=20 (local.get $p) (local.get $vz))
      (local.set $p (i32.add (local.get $p) (i32.const 24)))
      (br_if $each (i32.lt_u (local.get $p) (i32.const 98304)))))

  (func (export "run") (result i32)
    (local $n i32) (local $p i32) (local $h i32)
    (call $init)
    (local.set $n (i32.const 80))
    (loop $steps
      (call $step)
      (br_if $steps (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (loop $sum
      (local.set $h (i32.xor (i32.mul (local.get $h) (i32.const 31))
        (i32.add (i32.reinterpret_f32 (f32.load offset=0 (local.get $p)))
          (i32.add (i32.reinterpret_f32 (f32.load offset=4 (local.get $p)))
                   (i32.reinterpret_f32 (f32.load offset=8 (local.get $p)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 24)))
      (br_if $sum (i32.lt_u (local.get $p) (i32.const 98304))))
    (local.get $h)))
