(module
  (type (;0;) (func))
  (memory (;0;) 1 1)
  (export "testfn" (func 0))
  (func (;0;) (type 0)
    i32.const 10
    f32.const 0x1.4p+4 (;=20;)
    f32.const 0x1.ep+4 (;=30;)
    memory.copy
  )
)
