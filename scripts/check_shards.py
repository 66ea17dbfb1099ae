#!/usr/bin/env python3
"""`wastrun --shard I/N` on the official suite: the shards' totals add up to the unsharded run.

Runs the release wastrun once on the whole suite and then every shard of N for each N given
(default 1, 2 and 7), reads each run's closing "P passed, F failed[, S skipped]" line and the
per-file summary lines, and checks that, for every N, the shards' passed, failed and skipped
counts and their files add up to the whole run's, and that no file is in two shards. Prints a
table; exits non-zero when anything does not add up.

    scripts/check_shards.py [--wastrun PATH] [--suite DIR] [N…]

The suite is $WASM_TESTSUITE, else ../shared/testsuite. (ShardTests checks the same on the
ratchet's per-file counts, and end to end on spectests/, inside `swift test`.)
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOSING = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")
FILE_LINE = re.compile(r"^(.*\.wast): \d+ passed, \d+ failed")


def run(wastrun, suite, extra):
    p = subprocess.run([wastrun, "-j", "1"] + extra + [suite], capture_output=True, text=True)
    lines = p.stdout.splitlines()
    m = CLOSING.match(lines[-1]) if lines else None
    if not m:
        sys.exit(f"check_shards: no closing line from wastrun {' '.join(extra)}:\n{p.stdout[-500:]}{p.stderr[-500:]}")
    files = [f.group(1) for f in map(FILE_LINE.match, lines) if f]
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wastrun", default=os.path.join(ROOT, ".build", "release", "wastrun"))
    ap.add_argument("--suite", default=os.environ.get("WASM_TESTSUITE", os.path.join(os.path.dirname(ROOT), "shared", "testsuite")))
    ap.add_argument("counts", nargs="*", type=int)
    a = ap.parse_args()
    counts = a.counts or [1, 2, 7]
    if not os.path.isdir(a.suite):
        sys.exit(f"check_shards: no suite at {a.suite}")
    if not os.path.exists(a.wastrun):
        sys.exit(f"check_shards: no {a.wastrun} (swift build -c release --product wastrun)")
    whole = run(a.wastrun, a.suite, [])
    print("| run | files | passed | failed | skipped |")
    print("|---|---:|---:|---:|---:|")
    print(f"| unsharded | {len(whole[3])} | {whole[0]} | {whole[1]} | {whole[2]} |")
    ok = True
    for n in counts:
        shards = [run(a.wastrun, a.suite, ["--shard", f"{i}/{n}"]) for i in range(1, n + 1)]
        for i, s in enumerate(shards, 1):
            print(f"| shard {i}/{n} | {len(s[3])} | {s[0]} | {s[1]} | {s[2]} |")
        total = tuple(sum(s[k] for s in shards) for k in range(3))
        files = [f for s in shards for f in s[3]]
        same = total == whole[:3] and sorted(files) == sorted(whole[3]) and len(set(files)) == len(files)
        ok = ok and same
        print(f"| sum of {n} | {len(files)} | {total[0]} | {total[1]} | {total[2]} | {'adds up' if same else 'DOES NOT ADD UP'}")
    print("all shard counts add up to the unsharded run" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
