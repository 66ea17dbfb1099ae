(module
  (type (;0;) (func))
  (table (;0;) 10 funcref)
  (export "test" (func 1))
  (elem (;0;) funcref (ref.func $f0) (ref.func $f0) (ref.func $f0))
  (func $f0 (;0;) (type 0))
  (func (;1;) (type 0)
    f64.const 0x1p+0 (;=1;)
    i32.const 1
    i32.const 1
    table.init 0
  )
)
