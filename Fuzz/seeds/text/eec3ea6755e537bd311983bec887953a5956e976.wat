(module
  (type (;0;) (func (result v128)))
  (func (;0;) (type 0) (result v128)
    i64.const 0
    f64.const 0x0p+0 (;=0;)
    f32x4.lt
  )
)
