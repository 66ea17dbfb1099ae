(module
  (type $t (;0;) (struct))
  (type (;1;) (func (param (ref any)) (result (ref $t))))
  (func (;0;) (type 1) (param (ref any)) (result (ref $t))
    block (result (ref any)) ;; label = @1
      local.get 0
      br_on_cast 1 anyref (ref null $t)
    end
    unreachable
  )
)
