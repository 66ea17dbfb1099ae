(module
  (memory 1)
  (func (result i32)
    (i32.load align=3 (i32.const 0))))
