#!/usr/bin/env python3
"""Median, min and max of every criterion benchmark's last run, as a Markdown table.

Criterion saves each sample (a number of iterations and their total time) under
target/criterion/**/new/; this divides each sample's time by its iterations and reports the
median, min and max over the samples, plus items per second where a benchmark sets a
throughput. Run it after `cargo bench --bench render`.
"""

import json
import pathlib
import statistics
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = []
for sample_file in sorted(root.glob("**/new/sample.json")):
    bench = json.loads((sample_file.parent / "benchmark.json").read_text())
    sample = json.loads(sample_file.read_text())
    per_iteration = [t / n / 1e6 for t, n in zip(sample["times"], sample["iters"])]
    median = statistics.median(per_iteration)
    row = [bench["full_id"], median, min(per_iteration), max(per_iteration)]
    throughput = bench.get("throughput") or {}
    elements = throughput.get("Elements")
    row.append(f"{elements / (median / 1000):.1f}" if elements else "")
    rows.append(row)

print("| benchmark | median ms | min ms | max ms | items/s (median) |")
print("|---|---:|---:|---:|---:|")
for name, median, low, high, rate in rows:
    print(f"| {name} | {median:.2f} | {low:.2f} | {high:.2f} | {rate} |")
