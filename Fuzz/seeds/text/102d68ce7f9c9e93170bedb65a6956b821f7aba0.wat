(module
  (export "a" (table 0))
)
