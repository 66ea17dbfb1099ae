#!/usr/bin/env python3
"""Lists the interpreter's handlers that are jump thunks in a release binary.

The optimiser merges closures with identical bodies into one function and leaves each of the
others as a thunk, `jmp <merged body>`. A handler table entry that is a thunk costs one more
taken jump on every dispatch of its op (two when the merged body sits behind a second thunk),
so ops that do the same must share one closure (`case .a, .b:`). This reads the binary with
`objdump` and prints every closure under `Handlers` whose first instruction is a direct `jmp`;
the exit status is 1 when there is one.

usage: scripts/check_handler_thunks.py [BINARY]   (default: .build/release/swiftwat-bench)
"""
import os, re, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/swiftwat-bench")
    if not shutil.which("objdump"):
        print("check_handler_thunks: skipped: objdump is not installed")
        return 0
    if not os.path.exists(binary):
        sys.exit(f"check_handler_thunks: no binary at {binary} (swift build -c release)")
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary], capture_output=True, text=True, check=True).stdout
    lines = out.split("\n")
    closures, thunks = 0, []
    for i, line in enumerate(lines):
        m = re.match(r"^[0-9a-f]+ <(\$s15WasmInterpreter8HandlersO.*U\d*_)>:$", line)
        if not m:
            continue
        closures += 1
        first = lines[i + 1] if i + 1 < len(lines) else ""
        if re.search(r"\tjmp\s+[0-9a-f]+ <", first):
            thunks.append((m.group(1), first.split("\t")[-1]))
    if closures == 0:
        sys.exit(f"check_handler_thunks: no handler closures found in {binary}")
    for name, jump in thunks:
        print(f"thunk: {name}\n    {jump}")
    print(f"{closures} handler closures, {len(thunks)} thunks")
    return 1 if thunks else 0


if __name__ == "__main__":
    sys.exit(main())
