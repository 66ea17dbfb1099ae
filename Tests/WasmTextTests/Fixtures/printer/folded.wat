(module
  (func $add (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add
    i32.const 2
    i32.mul
    if (result i32)
      i32.const 1
    else
      i32.const 0
    end)
  (func (result i32 i32) i32.const 1 i32.const 2)
  (func (result i32) call 1 i32.add)
  (func block (result i32) i32.const 7 end drop unreachable)
)
