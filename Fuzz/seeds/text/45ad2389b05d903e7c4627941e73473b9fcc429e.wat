(module
  (import "test" "memory-2-4" (memory (;0;) 1))
  (import "test" "table-10-inf" (memory (;1;) 1))
)
