(module
  (type $t (;0;) (func))
  (type (;1;) (func (param (ref null $t))))
  (type (;2;) (func (result (ref $t))))
  (tag $e (;0;) (type 1) (param (ref null $t)))
  (export "catch" (func 0))
  (func (;0;) (type 2) (result (ref $t))
    block $l (result (ref $t))
      try_table (catch $e $l) ;; label = @2
      end
      unreachable
    end
  )
)
