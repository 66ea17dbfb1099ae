#!/usr/bin/env python3
"""Differential check of the interpreter: `wasm-tools smith --ensure-termination` modules (fixed
seeds, an MVP-ish feature set: no imports, no SIMD/GC/exceptions/threads/memory64/tail calls)
run by our interpreter (the exec fuzz target's replay mode: SWIFTWAT_FUZZ_REPORT=1
Fuzz/.build/plain/fuzz-exec FILE...) and by wasmtime (pip `wasmtime`). Every exported function
is called with zero arguments, in export order; results, traps, exported globals and memories
(size and a hash of the first 16 pages) are compared.

With --proposals, smith also emits the proposals past 3.0 that run on one thread: threads
(shared memories, atomic loads, stores, read-modify-writes, cmpxchg, notify, fence), wide
arithmetic and custom page sizes; wasmtime runs them with those features on. Modules with
`memory.atomic.wait*` are skipped (on a shared memory nobody can wake them: both engines block).

With --shapes, the modules come from scripts/exec_shapes.py instead: seeded kernels in the
shapes compiled C gives the interpreter's peepholes and pairs (a `switch` as a load or an
`i32.add K` before a `br_table`, a free-list walk, unrolled copies, float struct updates, a
generator feeding `call_indirect`, i64 mixing), which smith rarely writes.

usage: scripts/diff_exec.py [--count N] [--start SEED] [--harness PATH] [--keep DIR] [--proposals | --shapes]
Our run stops a call after 20,000 units of fuel (`out of fuel`); such calls, and everything
after them in the module, count as inconclusive rather than as mismatches."""
import argparse, ctypes, os, random, shutil, struct, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(__file__))
from diff_assembler import wasm_tools, run
import wasmtime
import exec_shapes

SMITH_FLAGS = ['--ensure-termination', '--max-imports', '0', '--export-everything', 'true',
               '--canonicalize-nans', 'true', '--simd-enabled', 'false', '--relaxed-simd-enabled', 'false',
               '--gc-enabled', 'false', '--exceptions-enabled', 'false', '--threads-enabled', 'false',
               '--memory64-enabled', 'false', '--tail-call-enabled', 'false', '--custom-descriptors-enabled', 'false',
               '--wide-arithmetic-enabled', 'false', '--custom-page-sizes-enabled', 'false',
               '--shared-everything-threads-enabled', 'false', '--compact-imports-enabled', 'false',
               '--max-memory32-bytes', str(16 * 65536), '--max-memories', '1', '--max-table-elements', '1000',
               '--allow-start-export', 'false', '--min-funcs', '3']

# --proposals: what changes in the smith flags above.
PROPOSAL_FLAGS = {'--threads-enabled': 'true', '--wide-arithmetic-enabled': 'true',
                  '--custom-page-sizes-enabled': 'true'}

def smith_flags(proposals):
    flags = list(SMITH_FLAGS)
    if proposals:
        for i in range(0, len(flags) - 1):
            if flags[i] in PROPOSAL_FLAGS:
                flags[i + 1] = PROPOSAL_FLAGS[flags[i]]
    return flags

# Trap messages to one vocabulary (ours: the spec's texts; wasmtime's: its own).
TRAPS = [('unreachable', 'unreachable'), ('divide by zero', 'integer divide by zero'),
         ('integer overflow', 'integer overflow'), ('invalid conversion', 'invalid conversion to integer'),
         ('out of bounds memory', 'out of bounds memory access'),
         ('unaligned atomic', 'unaligned atomic'), ('misaligned', 'unaligned atomic'),
         # wasmtime has one trap, "undefined element: out of bounds table access", for both the
         # spec's `undefined element` (call_indirect) and `out of bounds table access` (table.get…).
         ('undefined element', 'table index out of bounds'), ('out of bounds table', 'table index out of bounds'), ('uninitialized element', 'uninitialized element'),
         ('indirect call type mismatch', 'indirect call type mismatch'), ('call stack exhausted', 'call stack exhausted'),
         ('stack overflow', 'call stack exhausted'), ('null', 'null reference'), ('out of fuel', 'out of fuel'),
         ('bad signature', 'indirect call type mismatch'), ('element', 'table index out of bounds')]

def trap_kind(msg):
    low = msg.lower()
    for key, kind in TRAPS:
        if key in low:
            return kind
    return 'trap: ' + msg.strip().splitlines()[0][:80]

def show(v, t):
    if isinstance(v, wasmtime.Val):
        v = v.value
    if v is None:
        return 'ref:null'
    k = str(t)
    if k == 'i32':
        return f'i32:{v & 0xFFFFFFFF}'
    if k == 'i64':
        return f'i64:{v & 0xFFFFFFFFFFFFFFFF}'
    if k == 'f32':
        bits = struct.unpack('<I', struct.pack('<f', v))[0]
        return 'f32:nan' if v != v else f'f32:{bits}'
    if k == 'f64':
        bits = struct.unpack('<Q', struct.pack('<d', v))[0]
        return 'f64:nan' if v != v else f'f64:{bits}'
    return 'ref:nonnull'

def fnv1a(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

def zero(t):
    k = str(t)
    if k in ('i32', 'i64'):
        return wasmtime.Val.i32(0) if k == 'i32' else wasmtime.Val.i64(0)
    if k == 'f32':
        return wasmtime.Val.f32(0.0)
    if k == 'f64':
        return wasmtime.Val.f64(0.0)
    if k == 'funcref':
        return wasmtime.Val.funcref(None)
    return wasmtime.Val.externref(None)

def reference(path, engine):
    """The lines our harness prints, computed with wasmtime."""
    out = []
    store = wasmtime.Store(engine)
    # The exec harness's host limits (FuzzLimits): 16 MiB of memory, 100,000 table elements.
    store.set_limits(memory_size=16 << 20, table_elements=100_000)
    try:
        module = wasmtime.Module.from_file(engine, path)
    except Exception as e:
        return ['validate: ' + str(e).splitlines()[0]]
    try:
        inst = wasmtime.Instance(store, module, [])
    except wasmtime.Trap as e:
        return out + [f'instantiate: trap: {trap_kind(str(e))}']
    except Exception as e:
        return out + [f'instantiate: error: {str(e).splitlines()[0]}']
    out.append('instantiate: ok')
    exports = inst.exports(store)
    for k, exp in enumerate(module.exports):
        item = exports[exp.name]
        if isinstance(item, wasmtime.Func):
            ft = item.type(store)
            try:
                r = item(store, *[zero(p) for p in ft.params])
                rs = [] if not ft.results else ([r] if len(ft.results) == 1 else list(r))
                out.append(f'call #{k}: ' + ' '.join(show(v, t) for v, t in zip(rs, ft.results)))
            except wasmtime.Trap as e:
                out.append(f'call #{k}: trap: {trap_kind(str(e))}')
            except wasmtime.WasmtimeError as e:
                out.append(f'call #{k}: trap: {trap_kind(str(e))}')
    for k, exp in enumerate(module.exports):
        item = exports[exp.name]
        if isinstance(item, wasmtime.Global):
            out.append(f'global #{k}: {show(item.value(store), item.type(store).content)}')
        elif isinstance(item, wasmtime.Memory):
            pages = item.size(store)
            n = min(item.data_len(store), 16 * 65536)
            data = item.read(store, 0, n) if n else b''
            out.append(f'memory #{k}: pages {pages} hash {fnv1a(data)}')
        elif isinstance(item, wasmtime.SharedMemory):
            # The Python binding's own size() passes the wrong pointer type; call the C API.
            from wasmtime import _ffi as ffi
            pages = ffi.wasmtime_sharedmemory_size(item.ptr())
            n = min(ffi.wasmtime_sharedmemory_data_size(item.ptr()), 16 * 65536)
            ptr = ffi.wasmtime_sharedmemory_data(item.ptr())
            data = bytes(ctypes.cast(ptr, ctypes.POINTER(ctypes.c_ubyte * n)).contents) if n else b''
            out.append(f'memory #{k}: pages {pages} hash {fnv1a(data)}')
    return out

def normalize_ours(lines):
    res = []
    for l in lines:
        if l.startswith('call ') and (': trap: ' in l or ': exhaustion: ' in l):
            name, msg = l.split(': ', 1)
            msg = msg.split(': ', 1)[1] if ': ' in msg else msg
            res.append(f'{name}: trap: {trap_kind(msg)}')
        elif l.startswith('instantiate: ') and l != 'instantiate: ok':
            res.append('instantiate: trap: ' + trap_kind(l.split(': ', 2)[-1]))
        else:
            res.append(l)
    return res

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=1000)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--harness', default='Fuzz/.build/plain/fuzz-exec')
    ap.add_argument('--keep', default='/tmp/diff-exec')
    ap.add_argument('--batch', type=int, default=50)
    ap.add_argument('--proposals', action='store_true',
                    help='also threads (one thread), wide arithmetic and custom page sizes')
    ap.add_argument('--shapes', action='store_true',
                    help="modules from exec_shapes.py (compiled C's loop shapes) instead of smith")
    a = ap.parse_args()
    flags = smith_flags(a.proposals)
    wt = wasm_tools()
    os.makedirs(a.keep, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='diffexec')
    cfg = wasmtime.Config()
    cfg.canonicalize_nans = True if hasattr(cfg, 'canonicalize_nans') else None
    if a.proposals:
        cfg.wasm_threads = True
        cfg.shared_memory = True
        cfg.wasm_wide_arithmetic = True
        cfg.wasm_custom_page_sizes = True
    engine = wasmtime.Engine(cfg)
    counts = dict(agree=0, inconclusive=0, mismatch=0, calls=0, skipped=0, waits=0)
    # What the proposals' modules used (instructions seen in agreeing or inconclusive modules).
    used = dict(atomic=0, wide=0, pagesize=0, shared=0)
    env = dict(os.environ, SWIFTWAT_FUZZ_REPORT='1', SWIFT_BACKTRACE='enable=no')
    seeds = list(range(a.start, a.start + a.count))
    for b in range(0, len(seeds), a.batch):
        files = []
        for seed in seeds[b:b + a.batch]:
            path = os.path.join(tmp, f'{seed}.wasm')
            if a.shapes:
                r = run([wt, 'parse', '-o', path, '-'], input=exec_shapes.module_text(seed).encode())
                if r.returncode != 0:
                    # The generator's own bug, not the interpreter's: say so loudly.
                    print(f'seed {seed}: exec_shapes wrote an invalid module: {r.stderr.decode()[:300]}')
                    counts['skipped'] += 1
                    continue
                files.append((seed, path))
                continue
            rnd = random.Random(seed)
            data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(64, 4096)))
            if run([wt, 'smith', '-o', path] + flags, input=data).returncode != 0:
                counts['skipped'] += 1
                continue
            if a.proposals:
                text = run([wt, 'print', path]).stdout.decode(errors='replace')
                if 'memory.atomic.wait' in text:
                    counts['waits'] += 1
                    continue
                used['atomic'] += 'atomic.' in text
                used['wide'] += any(w in text for w in ('add128', 'sub128', 'mul_wide'))
                used['pagesize'] += '(pagesize' in text
                used['shared'] += ' shared' in text
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
            ours = normalize_ours(ours)
            theirs = reference(path, engine)
            counts['calls'] += sum(1 for l in theirs if l.startswith('call '))
            # Compare up to our first `out of fuel`: after it our instance state is cut short.
            fuel = next((i for i, l in enumerate(ours) if l.endswith('trap: out of fuel')), None)
            if fuel is not None:
                if ours[:fuel] == theirs[:fuel]:
                    counts['inconclusive'] += 1
                    continue
            elif ours == theirs:
                counts['agree'] += 1
                continue
            counts['mismatch'] += 1
            shutil.copy(path, os.path.join(a.keep, f'{seed}.wasm'))
            diff = [(o, t) for o, t in zip(ours, theirs) if o != t][:3]
            print(f'seed {seed}: differs: {diff or (len(ours), len(theirs))}')
        print(f'.. {seeds[min(b + a.batch, len(seeds)) - 1]}: {counts}', flush=True)
    print(f'seeds {a.start}..{a.start + a.count - 1}: {counts}')
    if a.proposals:
        print(f'modules using: {used}')
    sys.exit(1 if counts['mismatch'] else 0)

if __name__ == '__main__':
    main()
