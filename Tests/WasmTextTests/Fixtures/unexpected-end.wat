(module
  (func $f (param i32)
    (block
      (call $f (i32.const 1))