#!/usr/bin/env bash
# Builds the seed corpora in Fuzz/.corpus/{binary,text}/ from the modules of the official suite
# ($WASM_TESTSUITE or ../shared/testsuite) and spectests/*.wast. Binary seeds: every module of
# every script (`wasm-tools json-from-wast`, or `wastrun --dump-modules` when WASTRUN is set).
# Text seeds: `wasm-tools print` of those binaries (up to 64 KiB each). The corpora are not
# committed; the fuzzers add what they find to the same folders.
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE=${WASM_TESTSUITE:-../shared/testsuite}
OUT=Fuzz/.corpus
mkdir -p "$OUT/binary" "$OUT/text" "$OUT/tmp"
scripts=()
[ -d "$SUITE" ] && scripts+=("$SUITE"/*.wast)
scripts+=(spectests/*.wast)
for w in "${scripts[@]}"; do
    base=$(basename "$w" .wast)
    if [ -n "${WASTRUN:-}" ]; then
        "$WASTRUN" -q --dump-modules "$OUT/tmp" "$w" >/dev/null 2>&1 || true
    else
        wasm-tools json-from-wast "$w" -o "$OUT/tmp/$base.json" --wasm-dir "$OUT/tmp/" >/dev/null 2>&1 || true
    fi
done
for f in "$OUT"/tmp/*.wasm; do
    [ -f "$f" ] || continue
    h=$(sha1sum "$f" | cut -c1-40)
    cp "$f" "$OUT/binary/$h"
done
for f in "$OUT"/binary/*; do
    [ "$(stat -c %s "$f")" -le 65536 ] || continue
    wasm-tools print "$f" -o "$OUT/text/$(basename "$f").wat" 2>/dev/null || rm -f "$OUT/text/$(basename "$f").wat"
done
rm -rf "$OUT/tmp"
echo "seeds: $(ls "$OUT/binary" | wc -l) binary, $(ls "$OUT/text" | wc -l) text"
