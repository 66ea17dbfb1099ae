#!/usr/bin/env python3
"""Differential check of GC execution: `wasm-tools smith` modules with GC (and reference types,
tail calls; no imports, SIMD, threads, memory64) run by our interpreter (the exec fuzz target's
replay mode, SWIFTWAT_FUZZ_REPORT=detail Fuzz/.build/plain/fuzz-exec FILE...), and our results
turned into a `.wast` script that wasmtime checks (`wasmtime wast -W gc=y`): every exported
function called in export order with zero arguments (null for nullable references), each call an
`assert_return` of what we returned (references by kind: `ref.null`, `ref.func`, `ref.struct`,
`ref.array`, `ref.i31`, `ref.extern`; NaNs by their exact bits), an `assert_trap` with our message
(the spec's words: what we add, a detail in parentheses, an element's index, left out), an
`assert_exception`, then an `assert_return` of every exported global. wasmtime's Python API cannot call functions
with GC types, its CLI `wast` command can.

A call we stopped (out of fuel, call stack or GC heap exhausted: our fuzz limits are smaller
than wasmtime's) ends the script there; such modules count as inconclusive when what came
before agrees. A call we refused (a non-nullable reference parameter gets no argument) is left
out of the script.

usage: scripts/diff_exec_gc.py [--count N] [--start SEED] [--harness PATH] [--keep DIR]
"""
import argparse, os, random, re, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(__file__))
from diff_assembler import wasm_tools, run

WASMTIME = os.environ.get('WASMTIME', '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/wasmtime_cli/wasmtime')

SMITH_FLAGS = ['--ensure-termination', '--max-imports', '0', '--export-everything', 'true',
               '--canonicalize-nans', 'true', '--gc-enabled', 'true', '--reference-types-enabled', 'true',
               '--simd-enabled', 'false', '--relaxed-simd-enabled', 'false', '--exceptions-enabled', 'false',
               '--threads-enabled', 'false', '--memory64-enabled', 'false', '--custom-descriptors-enabled', 'false',
               '--wide-arithmetic-enabled', 'false', '--custom-page-sizes-enabled', 'false',
               '--shared-everything-threads-enabled', 'false', '--compact-imports-enabled', 'false',
               '--max-memory32-bytes', str(16 * 65536), '--max-memories', '1', '--max-table-elements', '1000',
               '--allow-start-export', 'false', '--min-funcs', '3', '--max-type-size', '200']

ABSTRACT_ANY = {'any', 'eq', 'i31', 'struct', 'array', 'none'}


def value_types(text):
    """The value types of a `(param ...)`/`(result ...)` list's text: atoms and `(ref ...)`."""
    return [t.replace('( ', '(').replace(' )', ')') for t in re.findall(r'\(ref (?:null )?\S+?\)|[a-z0-9]+', text)]


def parse_module(wt, path):
    """(exports [(name literal, kind, index)], function types by index [(params, results)],
    which type indices are function types), from `wasm-tools print`."""
    text = run([wt, 'print', path]).stdout.decode(errors='replace')
    types_func = {}
    for m in re.finditer(r'\(type \(;(\d+);\) (?:\(sub (?:final )?(?:\d+ )*)?\((func|struct|array)', text):
        types_func[int(m.group(1))] = m.group(2) == 'func'
    funcs = {}
    for m in re.finditer(r'^\s*\(func \(;(\d+);\) \(type \d+\)(.*)$', text, re.M):
        rest = m.group(2)
        params, results = [], []
        for part in re.finditer(r'\((param|result) ((?:[^()]|\([^()]*\))*)\)', rest):
            (params if part.group(1) == 'param' else results).extend(value_types(part.group(2)))
        funcs[int(m.group(1))] = (params, results)
    exports = re.findall(r'\(export ("(?:[^"\\]|\\.)*") \((func|global|table|memory|tag) (\d+)\)\)', text)
    return exports, funcs, types_func


def null_of(t, types_func):
    """A null argument for value type text `t`, or None when it has no default. (wasmtime's
    script runner takes the nulls of the top types for every type of their hierarchy.)"""
    nulls = {'func': '(ref.null func)', 'extern': '(ref.null extern)', 'any': '(ref.null any)'}
    tops = {'funcref': 'func', 'nullfuncref': 'func', 'externref': 'extern', 'nullexternref': 'extern',
            'anyref': 'any', 'eqref': 'any', 'i31ref': 'any', 'structref': 'any', 'arrayref': 'any', 'nullref': 'any'}
    if t in tops:
        return nulls[tops[t]]
    m = re.match(r'\(ref (null )?(\S+)\)', t)
    if m:
        if not m.group(1):
            return None
        h = m.group(2)
        if h in ABSTRACT_ANY:
            return nulls['any']
        if h in ('func', 'nofunc', 'extern', 'noextern'):
            return nulls[h.replace('no', '')]
        if h.isdigit():
            return nulls['func'] if types_func.get(int(h), False) else nulls['any']
        return None
    return {'i32': '(i32.const 0)', 'i64': '(i64.const 0)', 'f32': '(f32.const 0)', 'f64': '(f64.const 0)'}.get(t)


def pattern(v):
    """The script pattern of one of our report's values, or None when it has none."""
    kind, _, rest = v.partition(':')
    if kind == 'i32':
        return f'(i32.const {rest})'
    if kind == 'i64':
        return f'(i64.const {rest})'
    if kind in ('f32', 'f64'):
        if rest == 'nan':
            return f'({kind}.const nan:arithmetic)'
        if rest.startswith('nan:'):
            return f'({kind}.const {nanbits(kind, int(rest[4:]))})'
        return f'({kind}.const {fbits(kind, int(rest))})'
    if kind == 'ref':
        r = rest.split(':')[0]
        return {'null': '(ref.null)', 'func': '(ref.func)', 'struct': '(ref.struct)', 'array': '(ref.array)',
                'i31': '(ref.i31)', 'externalized': '(ref.extern)', 'extern': '(ref.extern)'}.get(r)
    return None


def nanbits(kind, bits):
    """A NaN's bits as an exact literal: `[-]nan:0xPAYLOAD`, which `wast` compares bit for bit."""
    sign_shift, payload_bits = (31, 23) if kind == 'f32' else (63, 52)
    neg = bits >> sign_shift & 1
    return ('-' if neg else '') + f'nan:{bits & ((1 << payload_bits) - 1):#x}'


def fbits(kind, bits):
    """A float's bits as an exact literal (hex float, or +-inf)."""
    import struct
    neg = bits >> (31 if kind == 'f32' else 63) & 1
    x = struct.unpack('<f', struct.pack('<I', bits))[0] if kind == 'f32' else struct.unpack('<d', struct.pack('<Q', bits))[0]
    if x in (float('inf'), float('-inf')):
        return '-inf' if neg else 'inf'
    return x.hex()


STOPS = ('out of fuel', 'call stack exhausted', 'out of GC heap memory')


def script(path, ours, exports, funcs, types_func):
    """The .wast of our run, and whether it was cut short."""
    data = open(path, 'rb').read()
    lines = ['(module binary "' + ''.join(f'\\{b:02x}' for b in data) + '")']
    if not ours or ours[0] != 'instantiate: ok':
        return None, False
    calls = {}
    globals_ = {}
    for l in ours[1:]:
        m = re.match(r'call #(\d+): ?(.*)', l)
        if m:
            calls[int(m.group(1))] = m.group(2)
        m = re.match(r'global #(\d+): (.*)', l)
        if m:
            globals_[int(m.group(1))] = m.group(2)
    cut = False
    for k, (name, kind, index) in enumerate(exports):
        if kind != 'func' or k not in calls:
            continue
        out = calls[k]
        if int(index) not in funcs:
            return None, False
        params, results = funcs[int(index)]
        args = [null_of(p, types_func) for p in params]
        if any(a is None for a in args):
            if 'type mismatch' in out:
                continue  # we refused it too: no argument for a non-nullable reference
            return None, False
        invoke = f'(invoke {name} {" ".join(args)})'
        m = re.match(r'(trap|exhaustion|instantiate|link): (.*)', out)
        if m:
            msg = m.group(2)
            if any(s in msg for s in STOPS):
                cut = True
                break
            if msg.startswith('uncaught exception'):
                lines.append(f'(assert_exception {invoke})')
            else:
                # The spec's message, without what we add to it (" (detail)", an element's index).
                spec_msg = re.sub(r' -?\d+$', '', msg.split(" (")[0])
                lines.append(f'(assert_trap {invoke} "{spec_msg}")')
            continue
        values = out.split()
        pats = [pattern(v) for v in values]
        if any(p is None for p in pats):
            lines.append(invoke)
        else:
            lines.append(f'(assert_return {invoke} {" ".join(pats)})')
    if not cut:
        for k, (name, kind, _) in enumerate(exports):
            if kind == 'global' and k in globals_:
                p = pattern(globals_[k])
                if p:
                    lines.append(f'(assert_return (get {name}) {p})')
    return '\n'.join(lines) + '\n', cut


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=500)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--harness', default='Fuzz/.build/plain/fuzz-exec')
    ap.add_argument('--keep', default='/tmp/diff-exec-gc')
    ap.add_argument('--batch', type=int, default=50)
    a = ap.parse_args()
    wt = wasm_tools()
    os.makedirs(a.keep, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='diffexecgc')
    counts = dict(agree=0, inconclusive=0, mismatch=0, commands=0, skipped=0)
    env = dict(os.environ, SWIFTWAT_FUZZ_REPORT='detail', SWIFT_BACKTRACE='enable=no')
    seeds = list(range(a.start, a.start + a.count))
    for b in range(0, len(seeds), a.batch):
        files = []
        for seed in seeds[b:b + a.batch]:
            rnd = random.Random(seed)
            data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(64, 4096)))
            path = os.path.join(tmp, f'{seed}.wasm')
            if run([wt, 'smith', '-o', path] + SMITH_FLAGS, input=data).returncode != 0:
                counts['skipped'] += 1
                continue
            files.append((seed, path))
        if not files:
            continue
        r = run([a.harness, '-runs=1'] + [p for _, p in files], env=env)
        if r.returncode != 0:
            print('harness crashed:', r.stderr.decode(errors='replace')[-2000:])
            sys.exit(2)
        outputs, cur = [], []
        for line in r.stdout.decode(errors='replace').splitlines():
            if line == 'end' or line == 'decode: error':
                outputs.append(cur)
                cur = []
            else:
                cur.append(line)
        if len(outputs) != len(files):
            print(f'batch {b}: {len(outputs)} outputs for {len(files)} files; skipping batch')
            counts['skipped'] += len(files)
            continue
        for (seed, path), ours in zip(files, outputs):
            exports, funcs, types_func = parse_module(wt, path)
            text, cut = script(path, ours, exports, funcs, types_func)
            if text is None:
                counts['skipped'] += 1
                continue
            wast = os.path.join(tmp, f'{seed}.wast')
            open(wast, 'w').write(text)
            counts['commands'] += text.count('\n') - 1
            rr = run([WASMTIME, 'wast', '-W', 'gc=y,function-references=y,tail-call=y', wast])
            if rr.returncode == 0:
                counts['inconclusive' if cut else 'agree'] += 1
                continue
            counts['mismatch'] += 1
            shutil.copy(path, os.path.join(a.keep, f'{seed}.wasm'))
            shutil.copy(wast, os.path.join(a.keep, f'{seed}.wast'))
            err = [l for l in rr.stderr.decode(errors='replace').strip().splitlines()
                   if l.strip() and not re.match(r'\s*(\d+:|at )', l)]
            print(f'seed {seed}: wasmtime disagrees: {" | ".join(err[:6])[:400]}')
        print(f'.. {seeds[min(b + a.batch, len(seeds)) - 1]}: {counts}', flush=True)
    print(f'seeds {a.start}..{a.start + a.count - 1}: {counts}')
    sys.exit(1 if counts['mismatch'] else 0)


if __name__ == '__main__':
    main()
