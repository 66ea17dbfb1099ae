(module
  (rec
    (type $node (;0;) (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
    (type $leaf (;1;) (sub final $node (struct (field $value i32) (field $next (mut (ref null $node))))))
  )
  (type $bytes (;2;) (array (mut i8)))
  (type $fn (;3;) (func (param (ref $node)) (result i32)))
  (type (;4;) (func (param anyref) (result i32)))
  (type (;5;) (func (result (ref i31))))
  (type (;6;) (func (param (ref null $fn) (ref $node)) (result i32)))
  (func $get (;0;) (type $fn) (param (ref $node)) (result i32)
    (struct.get $node $value
      (local.get 0))
  )
  (func (;1;) (type 4) (param anyref) (result i32)
    (drop
      (block $fail (result anyref)
        (return
          (ref.test (ref $node)
            (ref.cast (ref null $leaf)
              (br_on_cast_fail $fail anyref (ref $node)
                (local.get 0)))))))
    (array.len
      (array.new_default $bytes
        (i32.const 10)))
  )
  (func (;2;) (type 5) (result (ref i31))
    (ref.i31
      (i32.const 5))
  )
  (func (;3;) (type 6) (param (ref null $fn) (ref $node)) (result i32)
    (call_ref $fn
      (local.get 1)
      (local.get 0))
  )
)
