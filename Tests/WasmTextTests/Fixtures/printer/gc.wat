(module
  (rec
    (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
    (type $leaf (sub final $node (struct (field $value i32) (field $next (mut (ref null $node))))))
  )
  (type $bytes (array (mut i8)))
  (type $fn (func (param (ref $node)) (result i32)))
  (func $get (type $fn)
    local.get 0
    struct.get $node $value)
  (func (param anyref) (result i32)
    block $fail (result anyref)
      local.get 0
      br_on_cast_fail $fail anyref (ref $node)
      ref.cast (ref null $leaf)
      ref.test (ref $node)
      return
    end
    drop
    i32.const 10
    array.new_default $bytes
    array.len)
  (func (result (ref i31)) i32.const 5 ref.i31)
  (func (param (ref null $fn) (ref $node)) (result i32) local.get 1 local.get 0 call_ref $fn)
)
