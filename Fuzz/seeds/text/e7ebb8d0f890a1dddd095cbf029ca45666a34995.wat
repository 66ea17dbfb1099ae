(module
  (type (;0;) (func (result v128)))
  (export "f" (func 0))
  (func (;0;) (type 0) (result v128)
    v128.const i32x4 0x00000000 0x43b00000 0x00000000 0x43b00000
  )
)
