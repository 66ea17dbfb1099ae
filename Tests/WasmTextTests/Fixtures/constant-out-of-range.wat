(module
  (func (result i32)
    (i32.const 0x1_0000_0000)))
