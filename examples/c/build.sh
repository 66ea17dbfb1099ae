#!/usr/bin/env bash
# Builds the C programs of examples/c for wasm32-wasi with the Swift toolchain's clang and the
# Debian wasi-libc sysroot (apt-get install wasi-libc libclang-rt-dev-wasm32):
#   examples/c/build.sh OUT_DIR [OPT…]      e.g. build.sh /tmp/c -O2   (default -O2)
# writes OUT_DIR/NAME.wasm for each program (OUT_DIR/OPT/NAME.wasm when several OPTs are
# given), plus alloc_workloads-bump.wasm and alloc_workloads-freelist.wasm, the allocator
# study's variants linked with examples/c/allocators/*.c instead of dlmalloc.
# Overrides: CLANG, WASI_INCLUDE, WASI_LIB, WASI_BUILTINS. Exits 2 when the sysroot is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUT_DIR [OPT…]}"; shift
opts=("$@"); [ ${#opts[@]} -eq 0 ] && opts=(-O2)

clang="${CLANG:-}"
if [ -z "$clang" ]; then
    swift_bin="$(command -v swift || true)"
    [ -n "$swift_bin" ] && clang="$(dirname "$(readlink -f "$swift_bin")")/clang"
    [ -x "${clang:-}" ] || clang="$(command -v clang || true)"
fi
include="${WASI_INCLUDE:-/usr/include/wasm32-wasi}"
lib="${WASI_LIB:-/usr/lib/wasm32-wasi}"
builtins="${WASI_BUILTINS:-$(ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a 2>/dev/null | head -n 1 || true)}"
if [ ! -x "$clang" ] || [ ! -f "$include/stdio.h" ] || [ ! -f "$lib/libc.a" ] || [ ! -f "$builtins" ]; then
    echo "build.sh: no wasm32-wasi sysroot (clang '$clang', $include, $lib, builtins '$builtins')" >&2
    exit 2
fi

programs=(strings files listdir envargs clocks sorthash interp exitcode trap wordcount alloc_workloads sandbox bigalloc)
for opt in "${opts[@]}"; do
    dir="$out"; [ ${#opts[@]} -gt 1 ] || [ -n "${BUILD_SUBDIRS:-}" ] && dir="$out/${opt#-}"
    mkdir -p "$dir"
    compile() { # NAME SOURCES…
        local name="$1"; shift
        "$clang" --target=wasm32-wasi --sysroot=/usr -isystem "$include" -L"$lib" -nodefaultlibs \
            "$opt" -Wl,--strip-debug -o "$dir/$name.wasm" "$@" -lc "$builtins"
    }
    for p in "${programs[@]}"; do compile "$p" "$here/$p.c" & done
    compile alloc_workloads-bump "$here/alloc_workloads.c" "$here/allocators/bump.c" &
    compile alloc_workloads-freelist "$here/alloc_workloads.c" "$here/allocators/freelist.c" &
    wait
done
