(module
  (type (;0;) (func (result v128)))
  (func $i8x16.narrow_i16x8_u-1st-arg-empty (;0;) (type 0) (result v128)
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    i8x16.narrow_i16x8_u
  )
)
