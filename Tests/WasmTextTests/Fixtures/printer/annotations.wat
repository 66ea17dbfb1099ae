(module
  (@custom "first" (before first) "a\00b")
  (type (func))
  (@custom "after-type" (after type) "")
  (func (param i32)
    local.get 0
    (@metadata.code.branch_hint "\01")
    if
      nop
    end
    local.get 0
    (@metadata.code.branch_hint "\00")
    br_if 0)
  (@custom "last" "end")
)
