#!/bin/sh
# Builds the C programs of scripts/clang-corpus (and ../shared/bench/src/alloc.c) with the Swift
# toolchain's clang into DIR, as freestanding wasm32 (-nostdlib) and, where Debian's wasi-libc
# is installed, wasm32-wasi; each at -O2 and -O0 -g (DWARF custom sections), and simd.c with
# -O3 -msimd128, and the WASI programs of examples/c. wasm-ld writes the name, producers and target_features sections. For scripts/check_printer.py --extra DIR.
set -e
out=${1:?usage: scripts/build_clang_corpus.sh DIR}
here=$(dirname "$0")
clang=${CLANG:-/opt/swift/usr/bin/clang}
mkdir -p "$out"
for src in "$here"/clang-corpus/shapes.c "$here"/../../shared/bench/src/alloc.c; do
    [ -f "$src" ] || continue
    base=$(basename "$src" .c)
    "$clang" --target=wasm32 -O2 -w -nostdlib -Wl,--no-entry -Wl,--export-all -o "$out/$base-O2.wasm" "$src"
    "$clang" --target=wasm32 -O0 -g -w -nostdlib -Wl,--no-entry -Wl,--export-all -o "$out/$base-O0g.wasm" "$src"
done
"$clang" --target=wasm32 -O3 -msimd128 -w -nostdlib -Wl,--no-entry -Wl,--export-all -o "$out/simd-O3.wasm" "$here"/clang-corpus/simd.c
"$clang" --target=wasm32 -O3 -msimd128 -g -w -nostdlib -Wl,--no-entry -Wl,--export-all -o "$out/simd-O3g.wasm" "$here"/clang-corpus/simd.c
# Debian's wasi-libc lives in /usr/{include,lib}/wasm32-wasi (--sysroot=/usr finds it); its
# compiler-rt builtins are LLVM 14's, where the toolchain's clang does not look.
rt=$(ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a 2>/dev/null | head -1)
if [ -d /usr/lib/wasm32-wasi ] && [ -n "$rt" ]; then
    for src in "$here"/clang-corpus/hello.c "$here"/clang-corpus/shapes.c; do
        base=$(basename "$src" .c)
        flags=""
        [ "$base" = shapes ] && flags="-mexec-model=reactor"
        for opt in O2 O0g; do
            o="-O2"
            [ $opt = O0g ] && o="-O0 -g"
            "$clang" --target=wasm32-wasi --sysroot=/usr $o $flags -nodefaultlibs -o "$out/$base-wasi-$opt.wasm" "$src" -lc "$rt"
        done
    done
else
    echo "wasi-libc or its builtins not installed (apt-get install wasi-libc libclang-rt-dev-wasm32): wasm32-wasi binaries skipped" >&2
fi
# The WASI programs of examples/c (libc, dlmalloc, printf: real toolchain output), at -O2 and -Oz.
if [ -x "$here/../examples/c/build.sh" ]; then
    BUILD_SUBDIRS=1 "$here/../examples/c/build.sh" "$out/examples" -O2 -Oz > /dev/null \
        || echo "examples/c not built (no wasm32-wasi sysroot)" >&2
fi
ls -lR "$out"
