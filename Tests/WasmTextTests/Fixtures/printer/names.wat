(module $"my module"
  (type $sig (func (param i32) (result i32)))
  (func $f (export "f") (type $sig) (param $x i32) (result i32) (local $y i32) (local i64 i64)
    block $done
      loop $again
        local.get $x
        br_if $done
        br $again
      end
    end
    local.get $y)
  (func $"weird name" (param $"a b" i32))
  (func (@name "") (param i32) (local (@name "#x") i32))
  (func $dup)
  (func (@name "dup"))
  (global $g (mut i32) (i32.const 0))
)
