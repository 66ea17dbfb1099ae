(module
  (memory (;0;) i64 281474976710656)
)
