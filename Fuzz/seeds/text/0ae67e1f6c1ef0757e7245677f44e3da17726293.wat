(module
  (type (;0;) (func (result v128)))
  (memory (;0;) 1)
  (func (;0;) (type 0) (result v128)
    i32.const 0
    v128.load16_splat align=4
  )
)
