(module
  (func (export "f") (result i32)
    i32.const 1
    i32.bogus)
  (func (local.get $nope) drop)
  (global i32 (f32.const 1))
  (func (call $missing)))
