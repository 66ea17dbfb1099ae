(module
  (type $t (;0;) (func))
  (import "Mref_ex" "g-const-refnull" (global (;0;) (ref $t)))
)
