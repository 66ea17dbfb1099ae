(module
  (type (;0;) (func (result v128)))
  (func (;0;) (type 0) (result v128)
    i16x8.splat
    f64.const 0x1p+0 (;=1;)
  )
)
