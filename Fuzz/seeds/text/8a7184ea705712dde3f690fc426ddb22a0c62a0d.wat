(module
  (type (;0;) (func (result v128)))
  (func (;0;) (type 0) (result v128)
    i32.const 0
    f32.const 0x0p+0 (;=0;)
    i64x2.lt_s
  )
)
