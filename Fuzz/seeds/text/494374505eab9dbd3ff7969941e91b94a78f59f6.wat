(module
  (type (;0;) (func))
  (table (;0;) 1 funcref)
  (global (;0;) i32 i32.const 0)
  (elem (;0;) (global.get 0) func $f)
  (func $f (;0;) (type 0))
)
