(module
  (type (;0;) (func (param i32) (result i64)))
  (type (;1;) (func (param i32 i64)))
  (import "M1" "mem" (memory $mem1 (;0;) 1))
  (import "M2" "mem" (memory $mem2 (;1;) 1))
  (export "load1" (func 0))
  (export "load2" (func 1))
  (export "store1" (func 2))
  (export "store2" (func 3))
  (func (;0;) (type 0) (param i32) (result i64)
    local.get 0
    i64.load
  )
  (func (;1;) (type 0) (param i32) (result i64)
    local.get 0
    i64.load $mem2
  )
  (func (;2;) (type 1) (param i32 i64)
    local.get 0
    local.get 1
    i64.store
  )
  (func (;3;) (type 1) (param i32 i64)
    local.get 0
    local.get 1
    i64.store $mem2
  )
)
