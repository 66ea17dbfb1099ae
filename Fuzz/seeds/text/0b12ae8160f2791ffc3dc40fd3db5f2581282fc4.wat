(module
  (type $T (;0;) (func (result i32)))
  (type $U (;1;) (func (result i32)))
  (type (;2;) (func (param i32) (result i32)))
  (table (;0;) 7 7 funcref)
  (export "callt" (func 5))
  (export "callu" (func 6))
  (elem (;0;) (table 0) (i32.const 0) func $t1 $t2 $t3 $u1 $u2 $t1 $t3)
  (func $t1 (;0;) (type $T) (result i32)
    i32.const 1
  )
  (func $t2 (;1;) (type $T) (result i32)
    i32.const 2
  )
  (func $t3 (;2;) (type $T) (result i32)
    i32.const 3
  )
  (func $u1 (;3;) (type $U) (result i32)
    i32.const 4
  )
  (func $u2 (;4;) (type $U) (result i32)
    i32.const 5
  )
  (func (;5;) (type 2) (param $i i32) (result i32)
    local.get $i
    call_indirect (type $T)
  )
  (func (;6;) (type 2) (param $i i32) (result i32)
    local.get $i
    call_indirect (type $U)
  )
)
