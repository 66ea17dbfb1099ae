(module
  (type $out-i32 (;0;) (func (result i32)))
  (table (;0;) 11 funcref)
  (export "call-7" (func 2))
  (export "call-9" (func 3))
  (elem (;0;) (i32.const 6) funcref (ref.null func) (ref.func $const-i32-a))
  (elem (;1;) (i32.const 9) funcref (ref.func $const-i32-b) (ref.null func))
  (func $const-i32-a (;0;) (type $out-i32) (result i32)
    i32.const 65
  )
  (func $const-i32-b (;1;) (type $out-i32) (result i32)
    i32.const 66
  )
  (func (;2;) (type $out-i32) (result i32)
    i32.const 7
    call_indirect (type $out-i32)
  )
  (func (;3;) (type $out-i32) (result i32)
    i32.const 9
    call_indirect (type $out-i32)
  )
)
