(module
  (type (;0;) (func (result i32)))
  (func $type-empty-i32 (;0;) (type 0) (result i32)
    block ;; label = @1
    end
  )
)
