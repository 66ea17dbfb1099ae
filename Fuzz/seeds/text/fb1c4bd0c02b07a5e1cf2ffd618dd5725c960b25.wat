(module
  (type (;0;) (func))
  (memory (;0;) 1)
  (export "test" (func 0))
  (func (;0;) (type 0)
    i32.const 1
    i64.const 1
    i32.const 1
    memory.init 0
  )
  (data (;0;) "7")
)
