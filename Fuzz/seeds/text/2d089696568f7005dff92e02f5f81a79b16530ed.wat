(module
  (import "test-memory64-2-4" "memory64-2-4" (memory (;0;) i64 4 4))
)
