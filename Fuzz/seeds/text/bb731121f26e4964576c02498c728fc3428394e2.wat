(module
  (type (;0;) (func (result i64)))
  (memory (;0;) i64 0 0)
  (export "memsize" (func 0))
  (func (;0;) (type 0) (result i64)
    memory.size
  )
  (data (;0;) (i64.const 0) "")
)
