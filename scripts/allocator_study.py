#!/usr/bin/env python3
"""The allocator study of docs/allocators.md, rerunnable: examples/c/alloc_workloads.c built at
-O2 against wasi-libc's dlmalloc and against C versions of the spectests' allocators
(examples/c/allocators/freelist.c, bump.c), each workload run by `wasm-run --stats` at full
size; the table gives the median run time over the rounds (fuel counting on, as --stats
does) and, from the last round, the pages at start and end, memory.grow calls, peak linear
memory and the host's peak RSS.

    scripts/allocator_study.py [--rounds 3] [--wasm-run PATH] [WORKLOAD…]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOCATORS = [("dlmalloc (wasi-libc)", "alloc_workloads"), ("free list (spectests)", "alloc_workloads-freelist"),
              ("bump (spectests)", "alloc_workloads-bump")]
WORKLOADS = ["small", "large", "grow", "frag", "realloc", "calloc"]


def stats(wasm_run, wasm, workload):
    p = subprocess.run([wasm_run, "--stats", wasm, workload, "100"], capture_output=True, text=True, timeout=3600)
    err = p.stderr
    out = {"exit": p.returncode, "stdout": p.stdout.strip()}
    out["ms"] = float(re.search(r"run\s+([\d.]+) ms", err).group(1))
    m = re.search(r"memory pages\s+(\d+) at start, (\d+) at end \(([^)]*) peak", err)
    out["start"], out["end"], out["peak"] = int(m.group(1)), int(m.group(2)), m.group(3)
    m = re.search(r"memory.grow\s+(\d+) calls, (\d+) pages grown, (\d+) failed", err)
    out["grows"], out["grown"], out["failed"] = int(m.group(1)), int(m.group(2)), int(m.group(3))
    out["rss"] = re.search(r"host peak RSS\s+(.*)", err).group(1)
    out["fuel"] = int(re.search(r"fuel used\s+(\d+)", err).group(1))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--wasm-run", default=os.path.join(ROOT, ".build", "release", "wasm-run"))
    ap.add_argument("workloads", nargs="*")
    a = ap.parse_args()
    if not os.path.exists(a.wasm_run):
        subprocess.run(["swift", "build", "-c", "release", "--product", "wasm-run"], cwd=ROOT, check=True)
    build = tempfile.mkdtemp(prefix="allocator_study.")
    r = subprocess.run([os.path.join(ROOT, "examples", "c", "build.sh"), build, "-O2"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("allocator_study: build failed\n" + r.stderr)
    workloads = a.workloads or WORKLOADS
    load = os.getloadavg()[0]
    results = {}
    for rnd in range(a.rounds):
        for w in workloads:
            for name, prog in ALLOCATORS:
                s = stats(a.wasm_run, os.path.join(build, prog + ".wasm"), w)
                results.setdefault((w, name), []).append(s)
    load = (load + os.getloadavg()[0]) / 2
    print(f"wasm-run --stats, median of {a.rounds} rounds (interleaved); load average {load:.1f}")
    print()
    print("| workload | allocator | run ms | fuel used | pages start → end | memory.grow calls (failed) | peak linear memory | host peak RSS | output |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w in workloads:
        outputs = {results[(w, n)][-1]["stdout"] for n, _ in ALLOCATORS}
        for name, _ in ALLOCATORS:
            rs = results[(w, name)]
            last = rs[-1]
            same = "same" if len(outputs) == 1 else last["stdout"]
            print(f"| {w} | {name} | {statistics.median(x['ms'] for x in rs):.1f} | {last['fuel']:,} | "
                  f"{last['start']} → {last['end']} | {last['grows']} ({last['failed']}) | {last['peak']} | {last['rss']} | {same} |")


if __name__ == "__main__":
    main()
