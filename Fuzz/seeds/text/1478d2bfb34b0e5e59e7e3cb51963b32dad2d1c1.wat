(module
  (type (;0;) (func (result v128)))
  (func (;0;) (type 0) (result v128)
    f32x4.splat
    i64.const 4
  )
)
