(module
  (type (;0;) (func))
  (table (;0;) 0 funcref)
  (func $type-void-vs-num (;0;) (type 0)
    i32.const 0
    call_indirect (type 0)
    i32.eqz
  )
)
