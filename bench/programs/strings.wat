;; expected: -752308422
;; String and byte processing, a byte at a time, as text-handling code does it: generate 48 KiB
;; of words (LCG letters, spaces, full stops), copy it upper-cased, count the words, reverse each
;; word in place (two pointers), count the occurrences of a 3-byte needle by a naive search,
;; gather the words of 5 letters or more with memory.copy into a third buffer, compare buffers
;; with a memcmp loop and checksum them. run() does it 12 times and returns a checksum.
(module
  (memory 4)
  ;; text at 0, upper-cased copy at 65536, gathered words at 131072
  (global $seed (mut i32) (i32.const 99))
  (global $len (mut i32) (i32.const 0))

  (func $random (param $n i32) (result i32)
    (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
    (i32.rem_u (i32.shr_u (global.get $seed) (i32.const 16)) (local.get $n)))

  (func $generate
    (local $p i32) (local $w i32)
    (loop $words
      (local.set $w (i32.add (call $random (i32.const 9)) (i32.const 1)))
      (loop $letters
        (i32.store8 (local.get $p) (i32.add (i32.const 97) (call $random (i32.const 26))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $letters (local.tee $w (i32.sub (local.get $w) (i32.const 1)))))
      (if (i32.eqz (call $random (i32.const 12)))
        (then (i32.store8 (local.get $p) (i32.const 46))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))))
      (i32.store8 (local.get $p) (i32.const 32))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $words (i32.lt_u (local.get $p) (i32.const 49140))))
    (global.set $len (local.get $p)))

  (func $upper (param $src i32) (param $dst i32) (param $n i32)
    (local $c i32) (local $i i32)
    (loop $each
      (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $i))))
      (if (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
        (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
      (i32.store8 (i32.add (local.get $dst) (local.get $i)) (local.get $c))
      (br_if $each (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  (func $isLetter (param $c i32) (result i32)
    (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 26)))

  (func $countWords (param $p i32) (param $end i32) (result i32)
    (local $in i32) (local $count i32) (local $l i32)
    (loop $each
      (local.set $l (call $isLetter (i32.load8_u (local.get $p))))
      (local.set $count (i32.add (local.get $count) (i32.and (local.get $l) (i32.eqz (local.get $in)))))
      (local.set $in (local.get $l))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (local.get $count))

  (func $reverse (param $a i32) (param $b i32)
    (local $t i32)
    (block $done
      (loop $swap
        (br_if $done (i32.ge_u (local.get $a) (local.get $b)))
        (local.set $t (i32.load8_u (local.get $a)))
        (i32.store8 (local.get $a) (i32.load8_u (local.get $b)))
        (i32.store8 (local.get $b) (local.get $t))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.sub (local.get $b) (i32.const 1)))
        (br $swap))))

  ;; Reverses each word of [p, end) in place; gathers words of 5 letters or more at $out, each
  ;; followed by a space, with memory.copy. Returns the end of the gathered text.
  (func $reverseAndGather (param $p i32) (param $end i32) (param $out i32) (result i32)
    (local $start i32)
    (block $done
      (loop $words
        ;; skip to a letter
        (block $found
          (loop $skip
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (br_if $found (call $isLetter (i32.load8_u (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $skip)))
        (local.set $start (local.get $p))
        (block $wordEnd
          (loop $scan
            (br_if $wordEnd (i32.ge_u (local.get $p) (local.get $end)))
            (br_if $wordEnd (i32.eqz (call $isLetter (i32.load8_u (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $scan)))
        (call $reverse (local.get $start) (i32.sub (local.get $p) (i32.const 1)))
        (if (i32.ge_u (i32.sub (local.get $p) (local.get $start)) (i32.const 5))
          (then
            (memory.copy (local.get $out) (local.get $start) (i32.sub (local.get $p) (local.get $start)))
            (local.set $out (i32.add (local.get $out) (i32.sub (local.get $p) (local.get $start))))
            (i32.store8 (local.get $out) (i32.const 32))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))))
        (br $words)))
    (local.get $out))

  ;; How many times the 3 bytes at $needle occur in [p, end), by a naive search.
  (func $occurrences (param $p i32) (param $end i32) (param $needle i32) (result i32)
    (local $count i32) (local $k i32) (local $first i32)
    (local.set $first (i32.load8_u (local.get $needle)))
    (local.set $end (i32.sub (local.get $end) (i32.const 2)))
    (loop $each
      (if (i32.eq (i32.load8_u (local.get $p)) (local.get $first))
        (then
          (local.set $k (i32.const 1))
          (block $mismatch
            (loop $compare
              (br_if $mismatch (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $k)))
                                       (i32.load8_u (i32.add (local.get $needle) (local.get $k)))))
              (br_if $compare (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 3))))
            (local.set $count (i32.add (local.get $count) (i32.const 1))))))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (local.get $count))

  ;; memcmp: the sign of the first differing byte, 0 if equal.
  (func $compare (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $x i32) (local $y i32)
    (block $equal
      (loop $each
        (br_if $equal (i32.eqz (local.get $n)))
        (local.set $x (i32.load8_u (local.get $a)))
        (local.set $y (i32.load8_u (local.get $b)))
        (if (i32.ne (local.get $x) (local.get $y))
          (then (return (i32.sub (local.get $x) (local.get $y)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  (func $checksum (param $p i32) (param $end i32) (result i32)
    (local $h i32)
    (loop $each
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 33)) (i32.load8_u (local.get $p))))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (local.get $h))

  (func (export "run") (result i32)
    (local $n i32) (local $h i32) (local $end i32)
    (local.set $n (i32.const 12))
    (loop $rounds
      (call $generate)
      (call $upper (i32.const 0) (i32.const 65536) (global.get $len))
      (local.set $h (i32.add (local.get $h) (call $countWords (i32.const 65536) (i32.add (i32.const 65536) (global.get $len)))))
      (local.set $end (call $reverseAndGather (i32.const 65536) (i32.add (i32.const 65536) (global.get $len)) (i32.const 131072)))
      (local.set $h (i32.xor (i32.mul (local.get $h) (i32.const 31))
        (call $occurrences (i32.const 0) (global.get $len) (i32.const 100))))
      (local.set $h (i32.xor (i32.mul (local.get $h) (i32.const 31))
        (call $occurrences (i32.const 65536) (i32.add (i32.const 65536) (global.get $len)) (i32.const 65636))))
      (local.set $h (i32.add (local.get $h) (call $compare (i32.const 0) (i32.const 65536) (global.get $len))))
      (memory.copy (i32.const 0) (i32.const 131072) (i32.sub (local.get $end) (i32.const 131072)))
      (local.set $h (i32.add (local.get $h) (call $compare (i32.const 0) (i32.const 131072) (i32.sub (local.get $end) (i32.const 131072)))))
      (local.set $h (i32.xor (local.get $h) (call $checksum (i32.const 0) (global.get $len))))
      (local.set $h (i32.add (local.get $h) (call $checksum (i32.const 131072) (local.get $end))))
      (memory.fill (i32.const 131072) (i32.const 0) (i32.const 65536))
      (br_if $rounds (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $h)))
