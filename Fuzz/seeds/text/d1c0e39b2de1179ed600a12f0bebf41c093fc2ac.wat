(module
  (type (;0;) (func (result v128)))
  (func $f64x2.nearest-arg-empty (;0;) (type 0) (result v128)
    f64x2.nearest
  )
)
