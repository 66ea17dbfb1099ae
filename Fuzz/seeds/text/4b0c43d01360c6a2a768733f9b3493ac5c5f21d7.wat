(module
  (type (;0;) (func (result v128)))
  (func $i16x8.eq-1st-arg-empty (;0;) (type 0) (result v128)
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    i16x8.eq
  )
)
