#!/usr/bin/env python3
"""Totals per feature group of the official suite, from a `wastrun --json` report.

Usage: wastrun --json r.json ../shared/testsuite/*.wast ../shared/testsuite/*/*.wast
       scripts/suite_groups.py r.json

Groups follow the spec folders the flattened suite came from (testsuite/SOURCE.md)."""
import json, re, sys, os

def group(path):
    parts = path.split("/")
    if len(parts) >= 2 and parts[-2] in ("custom", "legacy", "core"):
        return {"custom": "custom annotations", "legacy": "legacy exceptions", "core": "core (memory_grow)"}[parts[-2]]
    f = parts[-1][:-5] if parts[-1].endswith(".wast") else parts[-1]
    if f in ("i32", "i64", "f32", "f64"):
        return "core"
    if f.startswith("simd_"):
        return "simd"
    if f.startswith("relaxed_") or f in ("i8x16_relaxed_swizzle", "i32x4_relaxed_trunc", "i16x8_relaxed_q15mulr_s"):
        return "relaxed-simd"
    if f in ("bulk", "memory_copy", "memory_fill", "memory_init", "table_copy", "table_fill", "table_init", "table-sub"):
        return "bulk-memory"
    if f.startswith("array") or f.startswith("br_on_cast") or f in ("struct", "i31", "ref_cast", "ref_test", "ref_eq", "extern", "binary-gc", "type-subtyping"):
        return "gc"
    if f.endswith("64") or f in ("memory64-imports", "table_copy_mixed"):
        return "memory64"
    if re.search(r"[0-4]$", f) or f in ("memory-multi", "memory_size_import", "memory_grow"):
        return "multi-memory"
    if f in ("tag", "throw", "throw_ref", "try_table"):
        return "exceptions"
    return "core"

report = json.load(open(sys.argv[1]))
totals = {}
for f in report["files"]:
    g = totals.setdefault(group(f["file"]), [0, 0, 0, 0])
    g[0] += 1; g[1] += f["passed"]; g[2] += f["failed"]; g[3] += f["skipped"]
print(f"{'group':22} {'files':>5} {'passed':>8} {'failed':>8} {'rate':>7}")
for name in sorted(totals, key=lambda n: -totals[n][1] - totals[n][2]):
    n, p, fl, s = totals[name]
    rate = 100.0 * p / (p + fl) if p + fl else 0.0
    print(f"{name:22} {n:5} {p:8} {fl:8} {rate:6.1f}%")
p = sum(t[1] for t in totals.values()); fl = sum(t[2] for t in totals.values())
print(f"{'total':22} {sum(t[0] for t in totals.values()):5} {p:8} {fl:8} {100.0 * p / max(1, p + fl):6.1f}%")
