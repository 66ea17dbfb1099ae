(module
  (type (;0;) (func))
  (func $type-1st-operand-empty-in-then (;0;) (type 0)
    i32.const 0
    i32.const 0
    i32.const 0
    if ;; label = @1
      select
      drop
    end
  )
)
