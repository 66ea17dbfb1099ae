(module
  (memory 1)
  (func
    i32.const -2147483648 drop
    i64.const 9223372036854775807 drop
    f32.const -0x1p-149 drop
    f32.const nan:0x7fffff drop
    f64.const 0x1.fffffffffffffp+1023 drop
    f64.const -nan drop
    f64.const inf drop
    v128.const i64x2 -1 2 drop
    i32.const 0 i32.load8_u offset=4 align=1 drop
    i32.const 0 i64.load align=4 drop)
  (data (i32.const 0) "tab\09quote\"back\\\00\ff\u{e9}")
  (export "caf\u{e9}\n" (memory 0))
)
