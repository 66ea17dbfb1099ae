(module
  (type (;0;) (func (param i32)))
  (func $type-param-arg-empty-vs-num-in-br_table (;0;) (type 0) (param i32)
    i32.const 0
    block ;; label = @1
      local.set 0
      br_table 0 (;@1;)
    end
  )
)
