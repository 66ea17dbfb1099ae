(module
  (type (;0;) (func (result f64)))
  (export "f" (func 0))
  (func (;0;) (type 0) (result f64)
    f64.const -0x1.0000000000003p+97 (;=-158456325028528780000000000000;)
  )
)
