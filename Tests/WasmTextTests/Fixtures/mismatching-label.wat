(module
  (func
    block $outer
      nop
    end $inner))
