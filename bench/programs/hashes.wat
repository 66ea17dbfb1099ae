;; expected: 537536221
;; Hashing and checksums over a 32 KiB buffer of LCG bytes, as data-integrity code does it:
;; CRC-32 (table-driven, the table built by the bitwise loop first), FNV-1a 32-bit (a byte at a
;; time), MurmurHash3 x86_32 (four-byte blocks, rotations, the final mix) and Adler-32 (with its
;; modulo). run() hashes the buffer 40 times, each time with the previous digest mixed into the
;; first word, and returns the digests combined.
(module
  (memory 1)
  ;; the CRC table at 0 (1 KiB), the buffer at 1024 .. 33792
  (func $crcTable
    (local $n i32) (local $c i32) (local $k i32)
    (loop $each
      (local.set $c (local.get $n))
      (local.set $k (i32.const 8))
      (loop $bit
        (local.set $c
          (if (result i32) (i32.and (local.get $c) (i32.const 1))
            (then (i32.xor (i32.const 0xEDB88320) (i32.shr_u (local.get $c) (i32.const 1))))
            (else (i32.shr_u (local.get $c) (i32.const 1)))))
        (br_if $bit (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (i32.store (i32.shl (local.get $n) (i32.const 2)) (local.get $c))
      (br_if $each (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 256)))))

  (func $fill
    (local $p i32) (local $s i32)
    (local.set $p (i32.const 1024))
    (local.set $s (i32.const 7))
    (loop $each
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store8 (local.get $p) (i32.shr_u (local.get $s) (i32.const 16)))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (i32.const 33792)))))

  (func $crc32 (param $p i32) (param $end i32) (result i32)
    (local $c i32)
    (local.set $c (i32.const -1))
    (loop $each
      (local.set $c (i32.xor
        (i32.load (i32.shl (i32.and (i32.xor (local.get $c) (i32.load8_u (local.get $p))) (i32.const 255)) (i32.const 2)))
        (i32.shr_u (local.get $c) (i32.const 8))))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (i32.xor (local.get $c) (i32.const -1)))

  (func $fnv1a (param $p i32) (param $end i32) (result i32)
    (local $h i32)
    (local.set $h (i32.const 0x811C9DC5))
    (loop $each
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $p))) (i32.const 0x01000193)))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (local.get $h))

  (func $murmur3 (param $p i32) (param $end i32) (param $seed i32) (result i32)
    (local $h i32) (local $k i32) (local $len i32)
    (local.set $h (local.get $seed))
    (local.set $len (i32.sub (local.get $end) (local.get $p)))
    (loop $block
      (local.set $k (i32.mul (i32.load (local.get $p)) (i32.const 0xCC9E2D51)))
      (local.set $k (i32.mul (i32.rotl (local.get $k) (i32.const 15)) (i32.const 0x1B873593)))
      (local.set $h (i32.xor (local.get $h) (local.get $k)))
      (local.set $h (i32.add (i32.mul (i32.rotl (local.get $h) (i32.const 13)) (i32.const 5)) (i32.const 0xE6546B64)))
      (br_if $block (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $end))))
    (local.set $h (i32.xor (local.get $h) (local.get $len)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x85EBCA6B)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (i32.const 0xC2B2AE35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  (func $adler32 (param $p i32) (param $end i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.const 1))
    (loop $each
      (local.set $a (i32.rem_u (i32.add (local.get $a) (i32.load8_u (local.get $p))) (i32.const 65521)))
      (local.set $b (i32.rem_u (i32.add (local.get $b) (local.get $a)) (i32.const 65521)))
      (br_if $each (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (i32.or (i32.shl (local.get $b) (i32.const 16)) (local.get $a)))

  (func (export "run") (result i32)
    (local $n i32) (local $h i32)
    (call $crcTable)
    (call $fill)
    (local.set $n (i32.const 40))
    (loop $rounds
      (i32.store (i32.const 1024) (i32.xor (i32.load (i32.const 1024)) (local.get $h)))
      (local.set $h (i32.add (i32.rotl (local.get $h) (i32.const 3)) (call $crc32 (i32.const 1024) (i32.const 33792))))
      (local.set $h (i32.xor (local.get $h) (call $fnv1a (i32.const 1024) (i32.const 33792))))
      (local.set $h (i32.add (local.get $h) (call $murmur3 (i32.const 1024) (i32.const 33792) (local.get $h))))
      (local.set $h (i32.xor (i32.rotl (local.get $h) (i32.const 11)) (call $adler32 (i32.const 1024) (i32.const 33792))))
      (br_if $rounds (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $h)))
