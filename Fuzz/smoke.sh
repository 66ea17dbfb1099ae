#!/usr/bin/env bash
# CI smoke run: builds the fuzz targets and runs each for SMOKE_SECONDS (default 40) from the
# committed seeds in Fuzz/seeds/. Fails on any crash. Skips (exit 0, with a message) when the
# toolchain has no -sanitize=fuzzer (e.g. macOS toolchains without libFuzzer).
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${SMOKE_SECONDS:-40}
Fuzz/build.sh plain
rc=$?
if [ $rc -eq 2 ]; then
    echo "fuzz smoke: skipped (no libFuzzer in this toolchain)"
    exit 0
elif [ $rc -ne 0 ]; then
    echo "fuzz smoke: build failed"
    exit 1
fi
failed=0
for t in text binary exec roundtrip print; do
    Fuzz/run.sh "$t" "$SECS" plain || failed=1
done
[ $failed -eq 0 ] && echo "fuzz smoke: no crash" || echo "fuzz smoke: CRASH (inputs in Fuzz/.artifacts/)"
exit $failed
