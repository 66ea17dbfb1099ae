(module
  (import "M" "m" (memory (;0;) i64 0 281474976710657))
)
