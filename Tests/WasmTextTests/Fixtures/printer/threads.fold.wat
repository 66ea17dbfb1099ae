(module
  (type $t (;0;) (func (param i32) (result i32)))
  (type (;1;) (func (param i32)))
  (type (;2;) (func))
  (type (;3;) (func (param i64 i64) (result i64 i64 i64 i64)))
  (type (;4;) (func (result i32)))
  (import "env"
    (item "log" (func $log (;0;) (type 1) (param i32)))
    (item "mem" (memory $shared (;0;) 1 16 shared))
  )
  (import "env"
    (item "a")
    (item "b")
    (global i64)
  )
  (import "env" "plain" (func $plain (;1;) (type 2)))
  (memory $bytes (;1;) 3 10 (pagesize 0x1))
  (memory $big (;2;) i64 1 (pagesize 0x10000))
  (export "atomics" (func $atomics))
  (export "wide" (func $wide))
  (func $atomics (;2;) (type $t) (param $p i32) (result i32)
    (local $v i64)
    (drop
      (i32.atomic.load
        (local.get $p)))
    (drop
      (i64.atomic.load8_u offset=8
        (local.get $p)))
    (i32.atomic.store16
      (local.get $p)
      (i32.const 7))
    (i64.atomic.store32 offset=4
      (local.get $p)
      (i64.const 9))
    (drop
      (i32.atomic.rmw.add
        (local.get $p)
        (i32.const 1)))
    (drop
      (i32.atomic.rmw8.sub_u
        (local.get $p)
        (i32.const 1)))
    (drop
      (i64.atomic.rmw16.and_u
        (local.get $p)
        (i64.const 3)))
    (drop
      (i64.atomic.rmw32.or_u
        (local.get $p)
        (i64.const 3)))
    (drop
      (i32.atomic.rmw.xor
        (local.get $p)
        (i32.const 3)))
    (local.set $v
      (i64.atomic.rmw.xchg
        (local.get $p)
        (i64.const 5)))
    (drop
      (i32.atomic.rmw16.cmpxchg_u
        (local.get $p)
        (i32.const 1)
        (i32.const 2)))
    (drop
      (i64.atomic.rmw.cmpxchg
        (local.get $p)
        (local.get $v)
        (i64.const 0)))
    (drop
      (memory.atomic.wait32
        (local.get $p)
        (i32.const 0)
        (i64.const -1)))
    (drop
      (memory.atomic.wait64 offset=16
        (local.get $p)
        (i64.const 0)
        (i64.const 1000)))
    (atomic.fence)
    (memory.atomic.notify
      (local.get $p)
      (i32.const 1))
  )
  (func $wide (;3;) (type 3) (param i64 i64) (result i64 i64 i64 i64)
    (i64.add128
      (local.get 0)
      (local.get 1)
      (local.get 1)
      (local.get 0))
    (i64.mul_wide_s
      (local.get 0)
      (local.get 1))
  )
  (func $pages (;4;) (type 4) (result i32)
    (i32.add
      (memory.size $bytes)
      (memory.grow $bytes
        (i32.const 1)))
  )
)
