;; The spellings of 2018: the article this project grew from printed its modules with names the
;; spec has since renamed (get_local, tee_local, grow_memory, anyfunc). wat2wasm still assembles
;; them, with a warning for each; `wat2wasm --strict` refuses them as the spec's grammar does.
(module
  (type (;0;) (func (param i32) (result i32)))
  (import "env" "memory" (memory (;0;) 1))
  (table 1 anyfunc)
  (func $new_cell (type 0) (param i32) (result i32)
    (local i32 i32)
    block
      get_local 0
      i32.const 2
      i32.shl
      tee_local 2
      i32.const 65543
      i32.add
      i32.const 16
      i32.shr_u
      grow_memory
      set_local 1
    end
    get_local 1))
