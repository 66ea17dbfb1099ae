(module
  (type (;0;) (func))
  (global $x (;0;) (mut i32) i32.const 0)
  (func $type-global.set-value-empty-in-br_if (;0;) (type 0)
    i32.const 0
    block ;; label = @1
      global.set $x
      br_if 0 (;@1;)
    end
  )
)
