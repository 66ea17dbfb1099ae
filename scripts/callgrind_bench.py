#!/usr/bin/env python3
"""Instructions executed by the interpreter's run() on each bench program, counted by callgrind
(inside `Store.execute` only: parse, validation and compilation are left out). The counts do not
move with the machine's load, so an engine change is A/B-measured with them; wall-clock figures
come from bench_compare.py.

usage: scripts/callgrind_bench.py [--bench BINARY] [--only NAME[,NAME...]] [--jobs N] [--json FILE]
  --bench  a release swiftwat-bench (default: .build/release/swiftwat-bench)
  --base   a second swiftwat-bench to compare with (a column per binary and the change)
"""
import argparse, concurrent.futures, json, math, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXECUTE = "$s15WasmInterpreter5StoreC7executeyAA8TrapCodeOSi_Spys6UInt64VGtF"
# memops is left out: libc's memset/memmove take nearly all of its 21.6 G instructions.
PROGRAMS = ["alloc-stress", "bignum", "bytecode-vm", "callind", "callmany", "fib", "hashes", "i64mix",
            "matmul", "nbody", "particles", "quicksort", "sieve", "strings", "wordfreq"]


def count(binary, name):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--toggle-collect={EXECUTE}", f"--callgrind-out-file={out}",
                            binary, "--section", "interpreter", "--only", name, "--repeat", "1"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{name}: swiftwat-bench failed:\n{r.stdout}{r.stderr}")
        m = re.search(r"Collected : (\d+)", r.stderr)
        if not m:
            sys.exit(f"{name}: no callgrind total in:\n{r.stderr}")
        return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=os.path.join(ROOT, ".build/release/swiftwat-bench"))
    ap.add_argument("--base")
    ap.add_argument("--only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else PROGRAMS
    binaries = [args.bench] + ([args.base] if args.base else [])
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {(b, n): pool.submit(count, b, n) for b in binaries for n in names}
        counts = {k: f.result() for k, f in futures.items()}
    logs = []
    for n in names:
        row = f"{n:14} {counts[(args.bench, n)]:>15,}"
        if args.base:
            base = counts[(args.base, n)]
            change = counts[(args.bench, n)] / base
            logs.append(math.log(change))
            row += f" {base:>15,} {100 * (change - 1):+7.2f} %"
        print(row)
    if logs:
        print(f"geometric mean of {len(logs)}: {100 * (math.exp(sum(logs) / len(logs)) - 1):+.2f} %")
    if args.json:
        json.dump({f"{os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(b))))}:{n}": c
                   for (b, n), c in counts.items()}, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
