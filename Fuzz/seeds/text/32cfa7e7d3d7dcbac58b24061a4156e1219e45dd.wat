(module
  (type (;0;) (func))
  (memory (;0;) 1)
  (export "test" (func 0))
  (func (;0;) (type 0)
    data.drop 0
    i32.const 65537
    i32.const 0
    i32.const 0
    memory.init 0
  )
  (data (;0;) "7")
)
