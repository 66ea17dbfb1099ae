(module
  (type (;0;) (func))
  (memory (;0;) i64 1 1)
  (export "testfn" (func 0))
  (func (;0;) (type 0)
    f32.const 0x1.4p+3 (;=10;)
    i32.const 20
    f64.const 0x1.ep+4 (;=30;)
    memory.copy
  )
)
