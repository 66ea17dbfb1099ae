(module
  (type (;0;) (func (param f32) (result f32)))
  (type (;1;) (func (param f64) (result f64)))
  (export "f32.no_fold_mul_one" (func 0))
  (export "f64.no_fold_mul_one" (func 1))
  (func (;0;) (type 0) (param $x f32) (result f32)
    local.get $x
    f32.const 0x1p+0 (;=1;)
    f32.mul
  )
  (func (;1;) (type 1) (param $x f64) (result f64)
    local.get $x
    f64.const 0x1p+0 (;=1;)
    f64.mul
  )
)
