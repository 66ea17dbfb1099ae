(module
  (import "test-memory64-2-inf" "memory64-2-inf" (memory (;0;) i64 0))
)
