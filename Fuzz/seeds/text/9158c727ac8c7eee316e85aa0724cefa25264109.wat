(module
  (type (;0;) (func (param i64 i32 i32)))
  (type (;1;) (func (param i64) (result i32)))
  (memory (;0;) i64 1)
  (export "init" (func 0))
  (export "load8_u" (func 1))
  (func (;0;) (type 0) (param i64 i32 i32)
    local.get 0
    local.get 1
    local.get 2
    memory.init 0
  )
  (func (;1;) (type 1) (param i64) (result i32)
    local.get 0
    i32.load8_u
  )
  (data (;0;) "\aa\bb\cc\dd")
)
