(module
  (import "main" "__data_end" (global (;0;) (mut i32)))
)
