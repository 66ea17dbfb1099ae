(module
  (@custom "first" (before first) "a\00b")
  (type (;0;) (func))
  (type (;1;) (func (param i32)))
  (@custom "after-type" (after type) "")
  (func (;0;) (type 1) (param i32)
    local.get 0
    (@metadata.code.branch_hint "\01")
    if ;; label = @1
      nop
    end
    local.get 0
    (@metadata.code.branch_hint "\00")
    br_if 0
  )
  (@custom "last" (after code) "end")
)
