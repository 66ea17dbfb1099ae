(module
  (type (;0;) (func))
  (memory (;0;) i64 0)
  (func (;0;) (type 0)
    i64.const 0
    i64.const 0
    i64.store32 align=8
  )
)
