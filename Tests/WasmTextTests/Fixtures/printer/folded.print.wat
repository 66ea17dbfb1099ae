(module
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (result i32 i32)))
  (type (;2;) (func (result i32)))
  (type (;3;) (func))
  (func $add (;0;) (type 0) (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add
    i32.const 2
    i32.mul
    if (result i32) ;; label = @1
      i32.const 1
    else
      i32.const 0
    end
  )
  (func (;1;) (type 1) (result i32 i32)
    i32.const 1
    i32.const 2
  )
  (func (;2;) (type 2) (result i32)
    call 1
    i32.add
  )
  (func (;3;) (type 3)
    block (result i32) ;; label = @1
      i32.const 7
    end
    drop
    unreachable
  )
)
