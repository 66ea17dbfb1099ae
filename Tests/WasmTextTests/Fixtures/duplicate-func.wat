(module
  (func $dup)
  (func $dup))
