#!/usr/bin/env python3
"""Differential check of decoding and validating function bodies on several threads (issue 18).

`wasm-tools smith` makes large modules from fixed seeds (200-600 functions); each module, and
--mutations single-byte mutations of its code section, go through our `wasm-validate` on one
thread (--threads=1) and on four (--threads=4), and through `wasm-tools validate`:

- our two runs must print the same thing (the same first error, message and offset, or
  nothing): a difference is a failure;
- on the unmutated modules, our verdict must be wasm-tools' (smith's modules are valid);
- on the mutations, verdicts that differ from wasm-tools' are counted and listed, not failed:
  the two validators have their own limits and orders of checks.

usage: scripts/diff_parallel.py [--count N] [--start SEED] [--mutations M] [--ours PATH] [--keep DIR]
A development check (needs pip's wasm-tools), not a dependency of `swift test`.
"""
import argparse, os, random, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(__file__))
from diff_assembler import wasm_tools

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMITH_FLAGS = ['--min-funcs', '200', '--max-funcs', '600', '--max-instructions', '400',
               '--threads-enabled', 'true', '--wide-arithmetic-enabled', 'true']


def code_section(data):
    """(offset, size) of the code section's contents, or None."""
    def uleb(i):
        v = shift = 0
        while True:
            b = data[i]; i += 1
            v |= (b & 0x7F) << shift; shift += 7
            if b < 0x80:
                return v, i
    i = 8
    while i < len(data):
        sid = data[i]
        size, start = uleb(i + 1)
        if sid == 10:
            return start, size
        i = start + size
    return None


def ours(tool, path, threads):
    r = subprocess.run([tool, '--enable-all', f'--threads={threads}', path], capture_output=True, text=True)
    return r.returncode, r.stderr.strip()


def theirs(path):
    r = subprocess.run([wasm_tools(), 'validate', '--features', 'all', path], capture_output=True, text=True)
    return r.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=40)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--mutations', type=int, default=20)
    ap.add_argument('--ours', default=os.path.join(ROOT, '.build', 'release', 'wasm-validate'))
    ap.add_argument('--keep')
    a = ap.parse_args()
    if not os.access(a.ours, os.X_OK):
        sys.exit(f'diff_parallel: no {a.ours} (swift build -c release --product wasm-validate)')
    tmp = a.keep or tempfile.mkdtemp(prefix='diff_parallel.')
    os.makedirs(tmp, exist_ok=True)
    counts = {'modules': 0, 'inputs': 0, 'threads differ': 0, 'valid modules refused': 0,
              'mutations rejected': 0, 'verdict differs from wasm-tools': 0}
    notes = []
    for seed in range(a.start, a.start + a.count):
        rng = random.Random(seed)
        raw = os.path.join(tmp, f'{seed}.bin')
        with open(raw, 'wb') as f:
            f.write(rng.randbytes(200_000))
        wasm = os.path.join(tmp, f'{seed}.wasm')
        if subprocess.run([wasm_tools(), 'smith', *SMITH_FLAGS, raw, '-o', wasm], capture_output=True).returncode != 0:
            continue
        data = open(wasm, 'rb').read()
        code = code_section(data)
        if not code:
            continue
        counts['modules'] += 1
        inputs = [(wasm, False)]
        for m in range(a.mutations):
            b = bytearray(data)
            at = code[0] + rng.randrange(code[1])
            b[at] = (b[at] + 1 + rng.randrange(255)) & 0xFF
            path = os.path.join(tmp, f'{seed}-{m}.wasm')
            with open(path, 'wb') as f:
                f.write(b)
            inputs.append((path, True))
        for path, mutated in inputs:
            counts['inputs'] += 1
            one, four = ours(a.ours, path, 1), ours(a.ours, path, 4)
            if one != four:
                counts['threads differ'] += 1
                notes.append(f'{path}: 1 thread {one} vs 4 threads {four}')
            valid = theirs(path) == 0
            if not mutated:
                if one[0] != 0:
                    counts['valid modules refused'] += 1
                    notes.append(f'{path}: valid for wasm-tools, ours: {one[1]}')
            else:
                if one[0] != 0:
                    counts['mutations rejected'] += 1
                if (one[0] == 0) != valid:
                    counts['verdict differs from wasm-tools'] += 1
                    notes.append(f'{path}: wasm-tools {"valid" if valid else "invalid"}, ours: {one[1] or "valid"}')
        for path, mutated in inputs:
            if mutated and not a.keep:
                os.remove(path)
    print(f'seeds {a.start}..{a.start + a.count - 1}: {counts}')
    for n in notes[:30]:
        print('  ' + n)
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if counts['threads differ'] or counts['valid modules refused'] else 0)


if __name__ == '__main__':
    main()
