(module
  (type (;0;) (func))
  (func $select-result-invalid (;0;) (type 0)
    unreachable
    select (result (ref 1))
    drop
  )
)
