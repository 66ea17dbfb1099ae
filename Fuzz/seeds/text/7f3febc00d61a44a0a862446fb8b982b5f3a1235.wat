(module
  (type (;0;) (func (param v128) (result v128)))
  (export "i16x8.extend_high_i8x16_s" (func 0))
  (export "i16x8.extend_high_i8x16_u" (func 1))
  (export "i16x8.extend_low_i8x16_s" (func 2))
  (export "i16x8.extend_low_i8x16_u" (func 3))
  (export "i32x4.extend_high_i16x8_s" (func 4))
  (export "i32x4.extend_high_i16x8_u" (func 5))
  (export "i32x4.extend_low_i16x8_s" (func 6))
  (export "i32x4.extend_low_i16x8_u" (func 7))
  (export "i64x2.extend_high_i32x4_s" (func 8))
  (export "i64x2.extend_high_i32x4_u" (func 9))
  (export "i64x2.extend_low_i32x4_s" (func 10))
  (export "i64x2.extend_low_i32x4_u" (func 11))
  (func (;0;) (type 0) (param v128) (result v128)
    local.get 0
    i16x8.extend_high_i8x16_s
  )
  (func (;1;) (type 0) (param v128) (result v128)
    local.get 0
    i16x8.extend_high_i8x16_u
  )
  (func (;2;) (type 0) (param v128) (result v128)
    local.get 0
    i16x8.extend_low_i8x16_s
  )
  (func (;3;) (type 0) (param v128) (result v128)
    local.get 0
    i16x8.extend_low_i8x16_u
  )
  (func (;4;) (type 0) (param v128) (result v128)
    local.get 0
    i32x4.extend_high_i16x8_s
  )
  (func (;5;) (type 0) (param v128) (result v128)
    local.get 0
    i32x4.extend_high_i16x8_u
  )
  (func (;6;) (type 0) (param v128) (result v128)
    local.get 0
    i32x4.extend_low_i16x8_s
  )
  (func (;7;) (type 0) (param v128) (result v128)
    local.get 0
    i32x4.extend_low_i16x8_u
  )
  (func (;8;) (type 0) (param v128) (result v128)
    local.get 0
    i64x2.extend_high_i32x4_s
  )
  (func (;9;) (type 0) (param v128) (result v128)
    local.get 0
    i64x2.extend_high_i32x4_u
  )
  (func (;10;) (type 0) (param v128) (result v128)
    local.get 0
    i64x2.extend_low_i32x4_s
  )
  (func (;11;) (type 0) (param v128) (result v128)
    local.get 0
    i64x2.extend_low_i32x4_u
  )
)
