(module
  (rec
    (type $t1 (;0;) (func (param i32 (ref $t3))))
    (type $t2 (;1;) (func (param i32 (ref $t1))))
    (type $t3 (;2;) (func (param i32 (ref $t2))))
  )
  (type (;3;) (func (param (ref $t1))))
  (type (;4;) (func (param (ref $t2))))
  (type (;5;) (func (param (ref $t3))))
  (import "Mr3" "f1" (func (;0;) (type 3) (param (ref $t1))))
  (import "Mr3" "f2" (func (;1;) (type 4) (param (ref $t2))))
  (import "Mr3" "f3" (func (;2;) (type 5) (param (ref $t3))))
)
