(module
  (type (;0;) (func (result i32)))
  (func (;0;) (type 0) (result i32)
    i64.const 0
    f32.const 0x0p+0 (;=0;)
    i32.ge_u
  )
)
