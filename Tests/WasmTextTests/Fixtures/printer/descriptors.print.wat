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
  (global $m (;0;) (ref (exact $a.m)) struct.new $a.m)
  (global $d (;1;) (ref (exact $a.d)) ref.func $imp global.get $m struct.new_desc $a.d)
  (elem (;0;) declare func $imp)
  (func $new (;2;) (type 8) (param $v i32) (result (ref (exact $a)))
    local.get $v
    global.get $d
    struct.new_desc $a
  )
  (func $default (;3;) (type 9) (result (ref (exact $a)))
    global.get $d
    struct.new_default_desc $a
  )
  (func $vcall (;4;) (type 10) (param $o (ref $a)) (result i64)
    local.get $o
    struct.get $a $x
    local.get $o
    ref.get_desc $a
    struct.get $a.d 0
    call_ref $f
  )
  (func $casts (;5;) (type 11) (param $any anyref) (result i32)
    local.get $any
    global.get $d
    ref.cast_desc_eq (ref null (exact $a))
    drop
    block $l (result anyref)
      local.get $any
      global.get $d
      br_on_cast_desc_eq $l anyref (ref $a)
      drop
      local.get $any
      global.get $d
      br_on_cast_desc_eq_fail $l anyref (ref null (exact $a))
      ref.test (ref (exact $b))
      return
    end
    ref.test (ref null (exact $a))
  )
)
