(module
  (import "test" "global-i32" (global (;0;) i32))
  (table (;0;) 1 funcref)
  (elem (;0;) (offset global.get 0 i32.const 0) func)
)
