(module
  (func (import "a" "b"))
  (memory 1)
  (func (import "a" "c")))
