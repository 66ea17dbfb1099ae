#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/Targets/ without SwiftPM: each library module is compiled
# once with coverage instrumentation (swiftc -sanitize=fuzzer[,address]) into Fuzz/.build/VARIANT/,
# then each target is linked with those objects. -O keeps Swift's runtime checks (overflow,
# bounds), which are exactly the crashes we hunt.
#
# usage: Fuzz/build.sh [plain|asan|all] [TARGET...]     (default: plain, every target)
# exit 2 (with a message) when this toolchain cannot build with -sanitize=fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SWIFTC=${SWIFTC:-swiftc}
VARIANT=${1:-plain}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(text binary exec roundtrip print)
# Dependency order of the package's library targets the harnesses use.
MODULES=(WasmCore WasmText WasmBinary WasmValidation WasmInterpreter)

probe() {
    local dir=$1
    mkdir -p "$dir"
    printf '@_cdecl("LLVMFuzzerTestOneInput")\npublic func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }\n' > "$dir/probe.swift"
    if ! "$SWIFTC" -parse-as-library -sanitize="$2" "$dir/probe.swift" -o "$dir/probe" >"$dir/probe.log" 2>&1; then
        echo "fuzz: this toolchain cannot build with -sanitize=$2 (see $dir/probe.log); skipping" >&2
        exit 2
    fi
}

build_variant() {
    local variant=$1 sanitize
    case $variant in
        plain) sanitize=fuzzer ;;
        asan) sanitize=fuzzer,address ;;
        *) echo "unknown variant $variant (plain, asan, all)" >&2; exit 64 ;;
    esac
    local out=$ROOT/Fuzz/.build/$variant
    mkdir -p "$out"
    probe "$out" "$sanitize"
    local objs=()
    for m in "${MODULES[@]}"; do
        # Every source of the module, subfolders included (WasmText/Printer/).
        local srcs=()
        while IFS= read -r f; do srcs+=("$f"); done < <(find "$ROOT/Sources/$m" -name '*.swift' | sort)
        local stamp=$out/$m.o
        # Rebuild a module when any of its sources (or an earlier module) is newer.
        if [ ! -f "$stamp" ] || [ -n "$(find "$ROOT/Sources/$m" -newer "$stamp" -name '*.swift' | head -1)" ] || [ "${rebuilt:-0}" = 1 ]; then
            echo "fuzz[$variant]: compiling $m"
            "$SWIFTC" -O -parse-as-library -swift-version 6 -sanitize="$sanitize" -parse-as-library \
                -module-name "$m" -package-name SwiftWAT -I "$out" -wmo \
                -emit-module -emit-module-path "$out/$m.swiftmodule" \
                -c "${srcs[@]}" -o "$stamp"
            rebuilt=1
        fi
        objs+=("$stamp")
    done
    for t in "${TARGETS[@]}"; do
        echo "fuzz[$variant]: linking fuzz-$t"
        "$SWIFTC" -O -parse-as-library -swift-version 6 -sanitize="$sanitize" -I "$out" \
            -module-name "Fuzz_$t" -package-name SwiftWAT "$ROOT/Fuzz/Targets/Support.swift" "$ROOT/Fuzz/Targets/$t.swift" \
            "${objs[@]}" -o "$out/fuzz-$t"
    done
    rebuilt=0
}

if [ "$VARIANT" = all ]; then
    build_variant plain
    build_variant asan
else
    build_variant "$VARIANT"
fi
