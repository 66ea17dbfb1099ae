(module
  (tag $e (param i32))
  (table $t 2 funcref)
  (func $f (param i32) (result i32)
    block $a
      block $b
        block
          local.get 0
          br_table $a $b 0 2
        end
        i32.const 1
        return
      end
      block $a
        br 1
      end
    end
    block $h (result i32)
      block $all
        try_table (result i32) (catch $e $h) (catch_all $all)
          local.get 0
          throw $e
        end
        return
      end
      i32.const -1
    end)
  (func (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.const 0
    call_indirect $t (param i32 i32) (result i32)
    local.get 1
    local.get 0
    select
    local.get 0
    local.get 1
    local.get 0
    select (result i32)
    i32.add)
  (elem (table $t) (i32.const 0) func $f)
  (elem declare func 1)
  (func (param i32) loop $l local.get 0 br_if $l end)
  (func (result i32) (local i32) i32.const 1 if (result i32) i32.const 2 else local.get 0 end)
)
