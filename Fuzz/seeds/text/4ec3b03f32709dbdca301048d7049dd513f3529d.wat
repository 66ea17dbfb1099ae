(module
  (type (;0;) (func (param i64 i64 i32) (result i64)))
  (type (;1;) (func))
  (memory (;0;) i64 1 1)
  (export "checkRange" (func 0))
  (export "test" (func 1))
  (func (;0;) (type 0) (param $from i64) (param $to i64) (param $expected i32) (result i64)
    loop $cont
      local.get $from
      local.get $to
      i64.eq
      if ;; label = @2
        i64.const -1
        return
      end
      local.get $from
      i32.load8_u
      local.get $expected
      i32.eq
      if ;; label = @2
        local.get $from
        i64.const 1
        i64.add
        local.set $from
        br $cont
      end
    end
    local.get $from
    return
  )
  (func (;1;) (type 1)
    i64.const 4294967040
    i32.const 85
    i64.const 257
    memory.fill
  )
)
