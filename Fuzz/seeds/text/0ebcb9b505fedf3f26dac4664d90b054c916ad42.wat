(module
  (type (;0;) (func))
  (func $type-binary-2nd-operand-empty (;0;) (type 0)
    i32.const 0
    i32.add
    drop
  )
)
