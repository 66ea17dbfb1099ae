(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (param i32 i32) (result i32)))
  (type (;3;) (func (result i32)))
  (table $t (;0;) 2 funcref)
  (tag $e (;0;) (type 0) (param i32))
  (elem (;0;) (table $t) (i32.const 0) func $f)
  (elem (;1;) declare func 1)
  (func $f (;0;) (type 1) (param i32) (result i32)
    (block $a
      (block $b
        (block ;; label = @3
          (br_table $a $b 0 (;@3;) $a
            (local.get 0)))
        (return
          (i32.const 1)))
      (block $a
        (br 1)))
    (block $h (result i32)
      (block $all
        (return
          (try_table (result i32) (catch $e $h) (catch_all $all) ;; label = @3
            (throw $e
              (local.get 0)))))
      (i32.const -1))
  )
  (func (;1;) (type 2) (param i32 i32) (result i32)
    (i32.add
      (select
        (call_indirect (type 2)
          (local.get 0)
          (local.get 1)
          (i32.const 0))
        (local.get 1)
        (local.get 0))
      (select (result i32)
        (local.get 0)
        (local.get 1)
        (local.get 0)))
  )
  (func (;2;) (type 0) (param i32)
    (loop $l
      (br_if $l
        (local.get 0)))
  )
  (func (;3;) (type 3) (result i32)
    (local i32)
    (if (result i32) ;; label = @1
      (i32.const 1)
      (then
        (i32.const 2))
      (else
        (local.get 0)))
  )
)
