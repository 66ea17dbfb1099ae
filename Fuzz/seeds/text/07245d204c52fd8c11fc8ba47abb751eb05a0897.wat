(module
  (type (;0;) (func (result v128)))
  (func $f32x4.le-arg-empty (;0;) (type 0) (result v128)
    f32x4.le
  )
)
