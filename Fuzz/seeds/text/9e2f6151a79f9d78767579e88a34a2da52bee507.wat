(module
  (memory (;0;) 1)
  (global $g (;0;) i32 i32.const 0)
  (data (;0;) (global.get $g) "a")
)
