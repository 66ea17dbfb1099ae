(module $"my module"
  (type $sig (;0;) (func (param i32) (result i32)))
  (type (;1;) (func (param i32)))
  (type (;2;) (func))
  (global $g (;0;) (mut i32) (i32.const 0))
  (export "f" (func $f))
  (func $f (;0;) (type $sig) (param $x i32) (result i32)
    (local $y i32) (local i64 i64)
    (block $done
      (loop $again
        (br_if $done
          (local.get $x))
        (br $again)))
    (local.get $y)
  )
  (func $"weird name" (;1;) (type 1) (param $"a b" i32))
  (func $"#func2 " (@name "") (;2;) (type 1) (param i32)
    (local $"#local1 #x" (@name "#x") i32)
  )
  (func $dup (;3;) (type 2))
  (func $"#func4 dup" (@name "dup") (;4;) (type 2))
)
