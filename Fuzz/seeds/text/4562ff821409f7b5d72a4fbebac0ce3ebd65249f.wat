(module
  (type (;0;) (func (param v128) (result v128)))
  (memory (;0;) 1)
  (func (;0;) (type 0) (param $x v128) (result v128)
    i32.const 0
    local.get $x
    v128.store16_lane 8
  )
)
