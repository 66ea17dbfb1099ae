(module
  (import "test-memory-2-4" "memory-2-4" (memory (;0;) 2 6))
)
