(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (memory (;0;) 0)
  (memory $m (;1;) 1 1)
  (memory $n (;2;) 1)
  (export "inc" (func $inc))
  (export "get" (func $get))
  (export "getn" (func $getn))
  (start $main)
  (func $inc (;0;) (type 0)
    i32.const 0
    i32.const 0
    i32.load8_u $m
    i32.const 1
    i32.add
    i32.store8 $m
  )
  (func $get (;1;) (type 1) (result i32)
    i32.const 0
    i32.load8_u $m
    return
  )
  (func $getn (;2;) (type 1) (result i32)
    i32.const 0
    i32.load8_u $n
    return
  )
  (func $main (;3;) (type 0)
    call $inc
    call $inc
    call $inc
  )
  (data (;0;) (memory $m) (i32.const 0) "A")
)
