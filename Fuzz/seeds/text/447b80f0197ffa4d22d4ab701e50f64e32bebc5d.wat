(module
  (import "Mref_ex" "g-var-extern" (global (;0;) (mut (ref func))))
)
