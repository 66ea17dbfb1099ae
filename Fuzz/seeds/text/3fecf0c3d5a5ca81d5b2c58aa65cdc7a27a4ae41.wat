(module
  (type (;0;) (func (param i64 i32)))
  (func $type-mixed-arg-num-vs-num (;0;) (type 0) (param i64 i32)
    (local f32)
    f32.const 0x0p+0 (;=0;)
    local.tee 1
  )
)
