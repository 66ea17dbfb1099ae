(module
  (import "env" "f" (func $f))
  (func "oops"))
