(module
  (type (;0;) (func (result f64)))
  (func (;0;) (type 0) (result f64)
    i64.const 0
    f64.floor
  )
)
