(module
  (type (;0;) (func (param f32 f32 f32 f32) (result f32)))
  (type (;1;) (func (param f64 f64 f64 f64) (result f64)))
  (export "f32.no_reassociate_mul" (func 0))
  (export "f64.no_reassociate_mul" (func 1))
  (func (;0;) (type 0) (param $x f32) (param $y f32) (param $z f32) (param $w f32) (result f32)
    local.get $x
    local.get $y
    f32.mul
    local.get $z
    f32.mul
    local.get $w
    f32.mul
  )
  (func (;1;) (type 1) (param $x f64) (param $y f64) (param $z f64) (param $w f64) (result f64)
    local.get $x
    local.get $y
    f64.mul
    local.get $z
    f64.mul
    local.get $w
    f64.mul
  )
)
