(module
  (type $f (;0;) (func (param i32) (result i64)))
  (rec
    (type $a (;1;) (sub (descriptor $a.d) (struct (field $x i32))))
    (type $a.d (;2;) (sub (describes $a) (descriptor $a.m) (struct (field (ref $f)))))
    (type $a.m (;3;) (sub (describes $a.d) (struct)))
  )
  (rec
    (type $b (;4;) (sub $a (descriptor $b.d) (struct (field $x i32) (field i64))))
    (type $b.d (;5;) (sub $a.d (describes $b) (descriptor $b.m) (struct (field (ref $f)))))
    (type $b.m (;6;) (sub $a.m (describes $b.d) (struct)))
  )
  (type (;7;) (func (param f32)))
  (type (;8;) (func (param i32) (result (ref (exact $a)))))
  (type (;9;) (func (result (ref (exact $a)))))
  (type (;10;) (func (param (ref $a)) (result i64)))
  (type (;11;) (func (param anyref) (result i32)))
  (import "m" "f" (func $imp (;0;) (exact (type $f) (param i32) (result i64))))
  (import "m" "g" (func (;1;) (exact (type 7) (param f32))))
  (global $m (;0;) (ref (exact $a.m)) (struct.new $a.m))
  (global $d (;1;) (ref (exact $a.d)) (struct.new_desc $a.d (ref.func $imp) (global.get $m)))
  (elem (;0;) declare func $imp)
  (func $new (;2;) (type 8) (param $v i32) (result (ref (exact $a)))
    (struct.new_desc $a
      (local.get $v)
      (global.get $d))
  )
  (func $default (;3;) (type 9) (result (ref (exact $a)))
    (struct.new_default_desc $a
      (global.get $d))
  )
  (func $vcall (;4;) (type 10) (param $o (ref $a)) (result i64)
    (call_ref $f
      (struct.get $a $x
        (local.get $o))
      (struct.get $a.d 0
        (ref.get_desc $a
          (local.get $o))))
  )
  (func $casts (;5;) (type 11) (param $any anyref) (result i32)
    (drop
      (ref.cast_desc_eq (ref null (exact $a))
        (local.get $any)
        (global.get $d)))
    (ref.test (ref null (exact $a))
      (block $l (result anyref)
        (drop
          (br_on_cast_desc_eq $l anyref (ref $a)
            (local.get $any)
            (global.get $d)))
        (return
          (ref.test (ref (exact $b))
            (br_on_cast_desc_eq_fail $l anyref (ref null (exact $a))
              (local.get $any)
              (global.get $d))))))
  )
)
