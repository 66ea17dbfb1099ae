(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64) (result i32)))
  (type (;2;) (func))
  (import "env"
    (item "f" (func (;0;) (type 0) (param i32)))
    (item "m" (memory (;0;) 1))
    (item "g" (global (;0;) i32))
  )
  (import "js"
    (item "a")
    (item "b")
    (func (type 1) (param i64) (result i32))
  )
  (import "e"
    (item "t" (table (;0;) 1 funcref))
  )
  (import "z")
  (import "single" "tag" (tag (;0;) (type 0) (param i32)))
  (memory (;1;) 3 10 (pagesize 0x1))
  (memory (;2;) i64 1 2 shared)
  (func $x (;3;) (type 2)
    i32.const 1
    call 0
    i64.const 2
    call 1
    drop
    atomic.fence
    i32.const 0
    i32.const 1
    i32.atomic.rmw.add offset=4
    drop
    i64.const 1
    i64.const 2
    i64.const 3
    i64.const 4
    i64.add128
    drop
    drop
  )
)
