(module
  (type (;0;) (func (param v128) (result v128)))
  (memory (;0;) 1)
  (func (;0;) (type 0) (param $x v128) (result v128)
    local.get $x
    i32.const 0
    v128.store64_lane 0
  )
)
