(module
  (type (;0;) (func))
  (memory (;0;) 1 1)
  (export "testfn" (func 0))
  (func (;0;) (type 0)
    f32.const 0x1.4p+3 (;=10;)
    f32.const 0x1.4p+4 (;=20;)
    i64.const 30
    memory.fill
  )
)
