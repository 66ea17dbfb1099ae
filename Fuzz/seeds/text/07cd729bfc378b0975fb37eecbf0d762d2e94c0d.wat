(module
  (type (;0;) (func (result i32)))
  (func (;0;) (type 0) (result i32)
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    i8x16.extract_lane_s 255
  )
)
