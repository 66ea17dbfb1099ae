(module
  (type (;0;) (func))
  (memory (;0;) i64 1)
  (export "test" (func 0))
  (func (;0;) (type 0)
    i64.const 1234
    i32.const 1
    i32.const 1
    memory.init 1
  )
  (data (;0;) "7")
)
