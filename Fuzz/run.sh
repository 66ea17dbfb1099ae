#!/usr/bin/env bash
# Developer script: one long libFuzzer run of one target.
#   Fuzz/run.sh TARGET SECONDS [plain|asan] [extra libFuzzer flags...]
# TARGET: text, binary, exec, roundtrip, print. Runs under `nice -n 10` as a single process (the
# machine is shared). New inputs go to Fuzz/.corpus/TARGET (seeded from Fuzz/.corpus/{text,binary}
# of Fuzz/seed.sh and the committed Fuzz/seeds/), crashes to Fuzz/.artifacts/TARGET/, the log
# to Fuzz/.logs/, and one line "date target variant seconds executions status" to
# Fuzz/.logs/executions.tsv.
set -uo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: Fuzz/run.sh TARGET SECONDS [plain|asan]}
SECONDS_=${2:?usage: Fuzz/run.sh TARGET SECONDS [plain|asan]}
VARIANT=${3:-plain}
shift 3 2>/dev/null || shift $#
BIN=Fuzz/.build/$VARIANT/fuzz-$TARGET
[ -x "$BIN" ] || Fuzz/build.sh "$VARIANT" "$TARGET" || exit $?
case $TARGET in
    text) seeds=(Fuzz/seeds/text Fuzz/.corpus/text); maxlen=16384; dict=(-dict=Fuzz/wat.dict) ;;
    *) seeds=(Fuzz/seeds/binary Fuzz/.corpus/binary); maxlen=16384; dict=() ;;
esac
corpus=Fuzz/.corpus/$TARGET
mkdir -p "$corpus" "Fuzz/.artifacts/$TARGET" Fuzz/.logs
existing=()
for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done
log=Fuzz/.logs/$TARGET-$VARIANT-$(date -u +%Y%m%dT%H%M%S).log
# Swift's own backtracer would handle the trap first; libFuzzer must see it to save the input.
SWIFT_BACKTRACE=enable=no nice -n 10 "$BIN" "$corpus" "${existing[@]}" "${dict[@]}" \
    -max_total_time="$SECONDS_" -max_len=$maxlen -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="Fuzz/.artifacts/$TARGET/" -print_final_stats=1 "$@" >"$log" 2>&1
status=$?
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$TARGET" "$VARIANT" "$SECONDS_" "${execs:-?}" "$status" >> Fuzz/.logs/executions.tsv
echo "fuzz-$TARGET ($VARIANT): ${execs:-?} executions in ${SECONDS_}s, exit $status, log $log"
if [ $status -ne 0 ]; then
    grep -v '^0x' "$log" | grep -m1 -B2 -A25 'Fatal error\|ERROR: \|deadly signal\|round trip:' || tail -n 40 "$log"
fi
exit $status
