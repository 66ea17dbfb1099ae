(module
  (type (;0;) (func))
  (export "meet-bottom" (func 0))
  (func (;0;) (type 0)
    block (result f64) ;; label = @1
      block (result f32) ;; label = @2
        unreachable
        i32.const 1
        br_table 0 (;@2;) 1 (;@1;) 1 (;@1;)
      end
      drop
      f64.const 0x0p+0 (;=0;)
    end
    drop
  )
)
