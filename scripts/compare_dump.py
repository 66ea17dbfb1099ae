#!/usr/bin/env python3
"""Compares `wastrun --dump-modules` with `wasm-tools json-from-wast` on .wast files, byte for
byte after stripping custom sections on both sides (wabt's `wast2json` for the files wasm-tools
cannot read).

Usage: scripts/compare_dump.py [--wastrun PATH] FILE.wast...
Prints each mismatch and a final line `N of M modules match`."""
import os, subprocess, sys, tempfile, collections

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7F) << s; s += 7
        if x < 0x80: return r, i

def strip_custom(b):
    if len(b) < 8 or b[:4] != b"\0asm": return b
    out = bytearray(b[:8]); i = 8
    try:
        while i < len(b):
            sid = b[i]; size, j = leb(b, i + 1); end = j + size
            if sid != 0: out += b[i:end]
            i = end
    except IndexError:
        return b
    return bytes(out)

def stems(files):
    base = lambda p: os.path.basename(p)[:-5] if p.endswith(".wast") else os.path.basename(p)
    counts = collections.Counter(base(f) for f in files)
    return [base(f) if counts[base(f)] == 1 else os.path.basename(os.path.dirname(f)) + "-" + base(f) for f in files]

def main():
    args = sys.argv[1:]
    wastrun = ".build/release/wastrun"
    if args[:1] == ["--wastrun"]: wastrun, args = args[1], args[2:]
    files = args
    tmp = tempfile.mkdtemp(prefix="dumpcmp")
    ours = os.path.join(tmp, "ours"); os.makedirs(ours)
    subprocess.run([wastrun, "-q", "--dump-modules", ours] + files, stdout=subprocess.DEVNULL)
    total = same = missing = 0
    unconverted = []
    for f, stem in zip(files, stems(files)):
        ref = os.path.join(tmp, "ref", stem); os.makedirs(ref)
        r = subprocess.run(["wasm-tools", "json-from-wast", f, "-o", os.path.join(ref, stem + ".json"), "--wasm-dir", ref],
                           capture_output=True)
        if r.returncode != 0:
            # wasm-tools no longer reads the legacy exception instructions; wabt still does.
            r = subprocess.run(["wast2json", "--enable-all", f, "-o", os.path.join(ref, stem + ".json")], capture_output=True)
            if r.returncode != 0:
                unconverted.append(f); continue
            print(f"note: {f} converted by wast2json instead")
        for name in sorted(os.listdir(ref)):
            if not name.endswith(".wasm"): continue
            total += 1
            want = strip_custom(open(os.path.join(ref, name), "rb").read())
            p = os.path.join(ours, name)
            if not os.path.exists(p):
                missing += 1; print(f"missing: {name} ({f})"); continue
            have = strip_custom(open(p, "rb").read())
            if have == want: same += 1
            else:
                k = next((i for i in range(min(len(have), len(want))) if have[i] != want[i]), min(len(have), len(want)))
                print(f"differs: {name} ({f}) at byte 0x{k:x}: ours {len(have)} bytes, wasm-tools {len(want)}")
    for f in unconverted: print(f"wasm-tools could not convert {f}")
    print(f"{same} of {total} modules match ({missing} missing, {len(unconverted)} files not converted by wasm-tools)")

main()
