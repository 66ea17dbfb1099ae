(module
  (type (;0;) (func (param i32)))
  (func $type-param-arg-empty-vs-num-in-block (;0;) (type 0) (param i32)
    i32.const 0
    block ;; label = @1
      local.tee 0
      drop
    end
  )
)
