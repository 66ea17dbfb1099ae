(module
  (type (;0;) (func))
  (func $type-binary-1st-operand-empty-in-return (;0;) (type 0)
    i32.add
    return
    drop
  )
)
