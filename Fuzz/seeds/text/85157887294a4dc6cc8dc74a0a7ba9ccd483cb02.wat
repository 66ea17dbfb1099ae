(module
  (type (;0;) (func))
  (memory (;0;) i64 1)
  (export "test" (func 0))
  (func (;0;) (type 0)
    i64.const 1
    f32.const 0x1p+0 (;=1;)
    f32.const 0x1p+0 (;=1;)
    memory.init 0
  )
  (data (;0;) "7")
)
