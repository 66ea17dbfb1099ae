(module
  (type (;0;) (func (param v128) (result v128)))
  (memory (;0;) 1)
  (func (;0;) (type 0) (param v128) (result v128)
    local.get 0
    i8x16.extract_lane_s 3
    i16x8.splat
    local.get 0
    i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
    i32.const 16
    local.get 0
    v128.load32_lane offset=8 align=2 1
    i32x4.add
    f32x4.abs
    v128.const i32x4 0x3fc00000 0x80000000 0x7fc00000 0x7f800000
    local.get 0
    v128.bitselect
  )
)
