(module
  (type (;0;) (func))
  (func $type-value-empty-in-loop (;0;) (type 0)
    i32.const 0
    loop ;; label = @1
      loop (result i32) ;; label = @2
      end
      drop
    end
  )
)
