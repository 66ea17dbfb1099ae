
    (module
      (rec (type $a (sub (descriptor $b) (struct))) (type $b (sub (describes $a) (struct (field i32)))))
      (type $f (func))
      (import "m" "f" (func (exact (type $f))))
      (func (param (ref null $a)) (param (ref null (exact $b))) (result anyref)
        (drop (struct.new_desc $a (local.get 1)))
        (drop (struct.new_default_desc $a (local.get 1)))
        (drop (ref.get_desc $a (local.get 0)))
        (drop (ref.cast_desc_eq (ref $a) (local.get 0) (local.get 1)))
        (drop (ref.cast_desc_eq (ref null (exact $a)) (local.get 0) (local.get 1)))
        (drop (block (result anyref) (br_on_cast_desc_eq 0 anyref (ref $a) (local.get 0) (local.get 1))))
        (drop (block (result anyref) (br_on_cast_desc_eq_fail 0 anyref (ref null (exact $a)) (local.get 0) (local.get 1))))
        (ref.null (exact $a))
      )
    )
    