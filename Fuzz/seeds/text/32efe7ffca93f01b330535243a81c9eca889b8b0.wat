(module
  (type (;0;) (func))
  (func (;0;) (type 0)
    f64.const nan:0x1 (;=NaN;)
    drop
  )
)
