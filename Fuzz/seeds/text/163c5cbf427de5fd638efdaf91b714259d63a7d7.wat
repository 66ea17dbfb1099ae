(module
  (data (;0;) (i32.const 0) "")
)
