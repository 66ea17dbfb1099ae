#!/usr/bin/env python3
"""Seeded random modules in the shapes compiled C gives the interpreter's peepholes and pairs,
for `scripts/diff_exec.py --shapes`: wasm-tools smith almost never writes a `switch` as clang
does (a load or an `i32.add K` just before a `br_table` in a dispatch loop), a free-list walk,
unrolled byte copies, a dot product over `f64.load`s, `p->x -= d`, a generator feeding
`call_indirect`, or i64 mixing. Each function takes no parameters (the harness calls with none),
runs a bounded loop (well under the harness's 20,000 units of fuel), and returns a value that
depends on everything it did; memory is exported, so its stores are compared too. Some
functions read or write past the end of memory on purpose, to compare the traps.

usage: scripts/exec_shapes.py SEED   (prints the module's text)"""
import random, sys

MEM_PAGES = 1
MEM_BYTES = MEM_PAGES * 65536


def data_bytes(rnd, n, top):
    return bytes(rnd.randrange(top) for _ in range(n))


def wat_string(data):
    return ''.join(f'\\{b:02x}' for b in data)


class Module:
    def __init__(self, rnd):
        self.rnd = rnd
        self.funcs = []
        self.data = []        # (offset, bytes)
        self.table = []       # function names, for call_indirect
        self.helpers = []

    def text(self):
        parts = ['(module']
        parts.append('  (type $t2 (func (param i32 i32) (result i32)))')
        parts.append(f'  (memory (export "mem") {MEM_PAGES})')
        for f in self.helpers + self.funcs:
            parts.append(f)
        if self.table:
            parts.append(f'  (table {len(self.table)} funcref)')
            parts.append('  (elem (i32.const 0) func ' + ' '.join(self.table) + ')')
        for off, b in self.data:
            parts.append(f'  (data (i32.const {off}) "{wat_string(b)}")')
        parts.append(')')
        return '\n'.join(parts) + '\n'


def i32_statement(rnd, regs, base):
    """One C statement over the i32 locals `regs`, reading and writing memory at `base`."""
    d, s, t = rnd.choice(regs), rnd.choice(regs), rnd.choice(regs)
    k = rnd.randrange(-300, 300)
    mask = rnd.choice([0xff, 0x3fc, 0xffc])
    kind = rnd.randrange(12)
    if kind == 0:
        return f'(local.set {d} (i32.add (local.get {s}) (local.get {t})))'
    if kind == 1:
        return f'(local.set {d} (i32.add (local.get {s}) (i32.const {k})))'
    if kind == 2:
        return f'(local.set {d} (i32.xor (local.get {s}) (i32.mul (local.get {t}) (i32.const {rnd.randrange(1, 1 << 20) | 1}))))'
    if kind == 3:
        return f'(local.set {d} (i32.rotl (local.get {s}) (i32.const {rnd.randrange(32)})))'
    if kind == 4:
        return f'(local.set {d} (i32.shr_u (local.get {s}) (i32.const {rnd.randrange(1, 31)})))'
    if kind == 5:
        return f'(local.set {d} (i32.load8_u offset={base} (i32.and (local.get {s}) (i32.const {mask}))))'
    if kind == 6:
        return f'(local.set {d} (i32.load offset={base} (i32.and (local.get {s}) (i32.const {mask & ~3}))))'
    if kind == 7:
        return f'(i32.store offset={base} (i32.and (local.get {s}) (i32.const {mask & ~3})) (local.get {t}))'
    if kind == 8:
        return f'(i32.store8 offset={base} (i32.and (local.get {s}) (i32.const {mask})) (local.get {t}))'
    if kind == 9:
        return f'(local.set {d} (select (local.get {s}) (local.get {t}) (i32.lt_u (local.get {s}) (local.get {t}))))'
    if kind == 10:
        return f'(local.set {d} (i32.sub (local.get {s}) (local.get {t})))'
    return f'(local.set {d} (i32.add (i32.shl (local.get {s}) (i32.const {rnd.randrange(1, 5)})) (i32.const {k})))'


def switch_vm(m, name):
    """A bytecode VM: `for (n = 0; n < N; n++) switch (code[pc]) { case …: … }`, the `switch`
    on a loaded byte, a loaded word, or a loaded byte less its lowest case."""
    rnd = m.rnd
    cases = rnd.randrange(2, 12)
    form = rnd.choice(['byte', 'word', 'offset'])
    low = rnd.randrange(1, 90) if form == 'offset' else 0
    length = rnd.choice([64, 128, 256])
    base = rnd.randrange(0, 4000) & ~3
    # Mostly in range, some default entries; occasionally the code sits at memory's end and the
    # loads run past it.
    if rnd.random() < 0.08:
        base = MEM_BYTES - length // 2
    if form == 'word':
        words = [rnd.randrange(cases + 2) for _ in range(length)]
        code = b''.join(w.to_bytes(4, 'little') for w in words)
    else:
        code = bytes(low + rnd.randrange(cases + 2) for _ in range(length))
    m.data.append((base, code[:MEM_BYTES - base]))
    scratch = rnd.randrange(8000, 20000) & ~3
    steps = rnd.randrange(50, 2500)
    regs = ['$a', '$b', '$c'] + (['$op'] if form == 'offset' else [])
    step = 4 if form == 'word' else 1
    wrap = length * step - 1
    if form == 'word':
        index = f'(i32.load offset={base} (local.get $pc))'
    elif form == 'byte':
        index = f'(i32.load8_u offset={base} (local.get $pc))'
    else:
        # `switch (c)` on a value in a local, as clang keeps it: `c - low` just before the table.
        index = (f'(local.set $op (i32.load8_u offset={base} (local.get $pc))) '
                 f'(i32.add (local.get $op) (i32.const {-low}))')
    labels = [f'$c{i}' for i in range(cases)]
    body = f'{index} (br_table {" ".join(labels)} $default)' if form == 'offset' else f'(br_table {" ".join(labels)} $default {index})'
    for i in range(cases):
        stmts = ' '.join(i32_statement(rnd, regs, scratch) for _ in range(rnd.randrange(1, 4)))
        jump = ''
        if rnd.random() < 0.3:
            jump = f'(local.set $pc (i32.and (i32.add (local.get $pc) (i32.const {step * rnd.randrange(1, 6)})) (i32.const {wrap & ~(step - 1)})))'
        tail = '(br $next)' if rnd.random() < 0.8 else ''   # else: fall through to the next case
        body = f'(block {labels[i]} {body}) {stmts} {jump} {tail}'
    body = f'(block $default {body}) (local.set $a (i32.add (local.get $a) (i32.const 1)))'
    return f'''  (func ${name} (export "{name}") (result i32)
    (local $pc i32) (local $n i32) (local $a i32) (local $b i32) (local $c i32) (local $op i32)
    (local.set $a (i32.const {rnd.randrange(1 << 31)})) (local.set $b (i32.const {rnd.randrange(1 << 16)}))
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $n) (i32.const {steps})))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (block $next {body})
        (local.set $pc (i32.and (i32.add (local.get $pc) (i32.const {step})) (i32.const {wrap & ~(step - 1)})))
        (br $top)))
    (i32.xor (local.get $a) (i32.add (local.get $b) (i32.mul (local.get $c) (i32.const 31)))))'''


def list_walk(m, name):
    """Builds a linked list of `n` nodes `{value, next}`, then walks it as an allocator walks a
    sorted free list (`prev = p; p = *q; if (!p) break; q = p + 4; while (p < limit)`) and sums
    values through two copied cursors (`a = node; b = limit; s = *a; … while (s < b)`)."""
    rnd = m.rnd
    n = rnd.randrange(1, 400)
    base = rnd.randrange(1024, 8000) & ~7
    stride = rnd.choice([8, 12, 16, 24])
    scale = rnd.randrange(1, 1000)
    bad = rnd.random() < 0.05   # the last node points past memory's end
    last = f'(i32.const {MEM_BYTES - 2})' if bad else '(i32.const 0)'
    return f'''  (func ${name} (export "{name}") (result i32)
    (local $i i32) (local $p i32) (local $q i32) (local $prev i32) (local $sum i32) (local $limit i32)
    (local $a i32) (local $b i32) (local $s i32) (local $node i32)
    (local.set $p (i32.const {base}))
    (block $done
      (loop $build
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (local.get $p) (i32.mul (local.get $i) (i32.const {scale})))
        (br_if $done (i32.ge_u (local.get $i) (i32.const {n})))
        (i32.store offset=4 (local.get $p) (i32.add (local.get $p) (i32.const {stride})))
        (local.set $p (i32.add (local.get $p) (i32.const {stride})))
        (br $build)))
    (i32.store offset=4 (local.get $p) {last})
    (i32.store (i32.const {base - 4}) (i32.const {base}))
    (local.set $limit (i32.const {rnd.randrange(base, base + n * stride + 8)}))
    (local.set $q (i32.const {base - 4}))
    (local.set $p (i32.const 0))
    (block $end
      (loop $walk
        (local.set $prev (local.get $p))
        (br_if $end (i32.eqz (local.tee $p (i32.load (local.get $q)))))
        (local.set $q (i32.add (local.get $p) (i32.const 4)))
        (br_if $walk (i32.lt_u (local.get $p) (local.get $limit)))))
    (local.set $node (i32.const {base}))
    (local.set $limit (i32.const {scale * rnd.randrange(1, n + 1)}))
    (loop $sizes
      (local.set $a (local.get $node))
      (local.set $b (local.get $limit))
      (local.set $s (i32.load (local.get $a)))
      (local.set $sum (i32.add (local.get $sum) (local.get $s)))
      (local.set $node (i32.load offset=4 (local.get $node)))
      (br_if $sizes (i32.lt_u (local.get $s) (local.get $b))))
    (i32.add (i32.mul (local.get $prev) (i32.const 1000)) (i32.add (local.get $p) (local.get $sum))))'''


def counted_copy(m, name):
    """Unrolled byte and word copies (`d[k] = s[k]`), two pointer bumps, `i += k; while i < n`."""
    rnd = m.rnd
    src = rnd.randrange(0, 3000)
    dst = rnd.randrange(20000, 30000)
    if rnd.random() < 0.05:
        dst = MEM_BYTES - rnd.randrange(40, 400)
    m.data.append((src, data_bytes(rnd, 600, 256)))
    unroll = rnd.randrange(1, 6)
    width = rnd.choice([1, 1, 4])
    load, store = ('i32.load8_u', 'i32.store8') if width == 1 else ('i32.load', 'i32.store')
    if rnd.random() < 0.5:
        copies = ' '.join(f'({store} offset={k * width} (local.get $d) ({load} offset={k * width} (local.get $s)))'
                          for k in range(unroll))
    else:   # the addresses as clang writes them: `d + k`, `s + k`
        copies = ' '.join(f'({store} (i32.add (local.get $d) (i32.const {k * width})) ({load} (i32.add (local.get $s) (i32.const {k * width}))))'
                          for k in range(unroll))
    n = rnd.randrange(1, 120)
    return f'''  (func ${name} (export "{name}") (result i32)
    (local $d i32) (local $s i32) (local $i i32) (local $h i32) (local $n i32)
    (local.set $d (i32.const {dst})) (local.set $s (i32.const {src})) (local.set $n (i32.const {n}))
    (loop $copy
      {copies}
      (local.set $d (i32.add (local.get $d) (i32.const {unroll * width})))
      (local.set $s (i32.add (local.get $s) (i32.const {unroll * width})))
      (br_if $copy (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u offset={dst} (local.get $i))) (i32.const 16777619)))
      (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const {rnd.choice([1, 3, 7])}))) (i32.const {n * unroll * width}))))
    (local.get $h))'''


def float_struct(m, name):
    """A dot product of `f64.load`s at shifted indices, then `p->x -= d * q->y` over an array
    of structs of floats (f64 or f32)."""
    rnd = m.rnd
    ty = rnd.choice(['f64', 'f32'])
    size = 8 if ty == 'f64' else 4
    base = rnd.randrange(1, 300) * 64
    if rnd.random() < 0.04:
        base = MEM_BYTES - 64
    n = rnd.randrange(1, 200)
    fields = rnd.randrange(2, 5)
    op = rnd.choice(['sub', 'add', 'mul', 'div'])
    shift = {8: 3, 4: 2}[size]
    return f'''  (func ${name} (export "{name}") (result {ty})
    (local $i i32) (local $p i32) (local $s {ty}) (local $d {ty})
    (loop $init
      ({ty}.store offset={base} (i32.shl (local.get $i) (i32.const {shift}))
        ({ty}.add ({ty}.convert_i32_s (i32.sub (local.get $i) (i32.const {rnd.randrange(50)}))) ({ty}.const {rnd.uniform(-2, 2):.6f})))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $init (i32.lt_u (local.get $i) (i32.const {n * fields}))))
    (local.set $i (i32.const 0))
    (loop $dot
      (local.set $s ({ty}.add (local.get $s)
        ({ty}.mul ({ty}.load (i32.add (i32.const {base}) (i32.shl (local.get $i) (i32.const {shift}))))
                 ({ty}.load (i32.add (i32.const {base + size}) (i32.mul (local.get $i) (i32.const {size * rnd.choice([1, 2])})))))))
      (br_if $dot (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const {n * (fields - 1) // 2}))))
    (local.set $d ({ty}.const {rnd.uniform(-1, 1):.6f}))
    (local.set $p (i32.const {base}))
    (local.set $i (i32.const 0))
    (loop $update
      ({ty}.store (local.get $p) ({ty}.{op} ({ty}.load (local.get $p)) ({ty}.mul (local.get $d) ({ty}.load offset={size} (local.get $p)))))
      ({ty}.store offset={size} (local.get $p) ({ty}.sub ({ty}.load offset={size} (local.get $p)) ({ty}.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const {fields * size})))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $update (i32.lt_u (local.get $i) (i32.const {n}))))
    ({ty}.add (local.get $s) ({ty}.load offset={base} (i32.const 0))))'''


def indirect_calls(m, name):
    """A generator (`s = s * K1 + K2; i = s >> k`) choosing functions of a table to call."""
    rnd = m.rnd
    first = len(m.table)
    count = rnd.randrange(2, 9)
    for k in range(count):
        h = f'${name}_h{k}'
        body = rnd.choice([
            '(i32.add (local.get 0) (local.get 1))',
            f'(i32.xor (local.get 0) (i32.mul (local.get 1) (i32.const {rnd.randrange(1, 99999)})))',
            f'(i32.sub (local.get 1) (i32.shr_u (local.get 0) (i32.const {rnd.randrange(1, 31)})))',
            '(i32.div_u (local.get 0) (local.get 1))',   # traps when the argument is 0
        ])
        m.helpers.append(f'  (func {h} (type $t2) {body})')
        m.table.append(h)
    calls = rnd.randrange(1, 1500)
    shift = rnd.randrange(16, 30)
    direct = first == 0 and rnd.random() < 0.6
    if direct:
        # The shift's result is the index itself, and the arguments are plain locals, as in
        # `h = table[s >> k](h, s)`; indices past this function's entries reach the next
        # function's, or past the table's end.
        shift = 32 - max(1, (count - 1).bit_length())
        args = '(local.get $acc) (local.get $s)'
        index = '(local.get $i)'
    else:
        args = f'(local.get $acc) (i32.or (local.get $i) (i32.const {rnd.choice([0, 0, 1])}))'
        # Mostly one of this function's entries; sometimes a power-of-two mask that may reach
        # past the table's end (the trap `undefined element`) or into another function's entries.
        if rnd.random() < 0.8:
            choose = f'(i32.rem_u (local.get $i) (i32.const {count}))'
        else:
            choose = f'(i32.and (local.get $i) (i32.const {(1 << (count - 1).bit_length()) - 1}))'
        index = f'(i32.add {choose} (i32.const {first}))'
    return f'''  (func ${name} (export "{name}") (result i32)
    (local $s i32) (local $i i32) (local $acc i32) (local $n i32) (local $j i32)
    (local.set $s (i32.const {rnd.randrange(1 << 31)}))
    (local.set $n (i32.const {calls}))
    (loop $go
      (local.set $j (local.get $n))
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 1103515245)) (i32.const 12345)))
      (local.set $i (i32.shr_u (local.get $s) (i32.const {shift})))
      (local.set $acc (call_indirect (type $t2) {args} {index}))
      (br_if $go (local.tee $n (i32.add (local.get $j) (i32.const -1)))))
    (local.get $acc))'''


def i64_mix(m, name):
    """i64 shift-then-xor and multiply-then-add (splitmix, FNV-1a over bytes)."""
    rnd = m.rnd
    n = rnd.randrange(1, 1500)
    src = rnd.randrange(0, 4000)
    m.data.append((src, data_bytes(rnd, 256, 256)))
    return f'''  (func ${name} (export "{name}") (result i64)
    (local $x i64) (local $h i64) (local $i i32)
    (local.set $x (i64.const {rnd.randrange(1 << 63)}))
    (local.set $h (i64.const -3750763034362895579))
    (loop $go
      (local.set $x (i64.add (i64.mul (local.get $x) (i64.const {rnd.randrange(1 << 62) | 1})) (i64.const {rnd.randrange(1 << 40)})))
      (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const {rnd.randrange(1, 63)}))))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u offset={src} (i32.and (local.get $i) (i32.const 255))))
                             (i64.const 1099511628211)))
      (local.set $h (i64.add (local.get $h) (i64.rotl (local.get $x) (i64.const {rnd.randrange(64)}))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $go (i32.lt_u (local.get $i) (i32.const {n}))))
    (i64.xor (local.get $h) (local.get $x)))'''


SHAPES = [switch_vm, switch_vm, list_walk, counted_copy, float_struct, indirect_calls, i64_mix]


def module_text(seed):
    rnd = random.Random(seed)
    m = Module(rnd)
    for k in range(rnd.randrange(2, 6)):
        shape = rnd.choice(SHAPES)
        m.funcs.append(shape(m, f'{shape.__name__}_{k}'))
    return m.text()


if __name__ == '__main__':
    sys.stdout.write(module_text(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
