(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (func $type-value-empty-vs-num-in-call (;0;) (type 0) (result i32)
    return
    call 1
  )
  (func (;1;) (type 1) (param i32) (result i32)
    local.get 0
  )
)
