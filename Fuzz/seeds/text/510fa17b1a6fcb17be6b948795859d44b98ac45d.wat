(module
  (type (;0;) (func (result i32 i32)))
  (func $type-break-partial-vs-nums (;0;) (type 0) (result i32 i32)
    i32.const 1
    block (type 0) (result i32 i32) ;; label = @1
      i32.const 0
      br 0 (;@1;)
      i32.const 2
    end
  )
)
