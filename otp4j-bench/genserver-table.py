#!/usr/bin/env python3
"""Reads the results of otp4j-bench/run-genserver and prints the comparison table (Markdown).

usage: genserver-table.py RESULTS_DIR

Inputs in RESULTS_DIR, for each round r:
  beam-r.txt                    lines "ITER <workload> <value> <unit>" and "RESULT <workload> <value> <unit>"
  jmh-p1-r.json, jmh-default-r.json             JMH's JSON
  probes-p1-r.txt, probes-default-r.txt         lines "RESULT <workload> <value> <unit>"
A timed workload's figure is the median of all measured iterations of all rounds; a probe's (memory,
scaling) is the median over rounds of each round's own median.
"""
import glob
import json
import os
import re
import statistics
import sys

JMH_NAMES = {
    "GenServerBenchmark.callRoundTrip": "call_round_trip",
    "GenServerBenchmark.castThroughput": "cast_throughput",
    "GenServerBenchmark.start": "start",
    "GenServerBenchmark.startStop": "start_stop",
}

SIDES = ["beam", "p1", "default"]


def add(samples, workload, side, value, unit):
    samples.setdefault(workload, {"unit": unit}).setdefault(side, []).append(value)


def read(results):
    samples = {}
    for path in sorted(glob.glob(os.path.join(results, "beam-*.txt"))):
        for line in open(path):
            parts = line.split()
            if len(parts) != 4 or parts[0] not in ("ITER", "RESULT"):
                continue
            kind, workload, value, unit = parts
            probe = workload.startswith(("memory_", "scaling_"))
            if (kind == "RESULT") == probe:
                add(samples, workload, "beam", float(value), unit)
    for side in ("p1", "default"):
        for path in sorted(glob.glob(os.path.join(results, f"jmh-{side}-*.json"))):
            for entry in json.load(open(path)):
                name = entry["benchmark"].rsplit(".", 2)
                short = name[-2] + "." + name[-1]
                if short == "GenServerCallThroughputBenchmark.calls":
                    workload = "call_throughput_" + entry["params"]["callers"]
                elif short in JMH_NAMES:
                    workload = JMH_NAMES[short]
                else:
                    continue
                metric = entry["primaryMetric"]
                for fork in metric["rawData"]:
                    for value in fork:
                        add(samples, workload, side, value, metric["scoreUnit"])
        for path in sorted(glob.glob(os.path.join(results, f"probes-{side}-*.txt"))):
            for line in open(path):
                parts = line.split()
                if len(parts) == 4 and parts[0] == "RESULT":
                    add(samples, parts[1], side, float(parts[2]), parts[3])
    return samples


def median(samples, workload, side):
    values = samples.get(workload, {}).get(side)
    return statistics.median(values) if values else None


def fmt(value, unit):
    if value is None:
        return "—"
    if unit == "ops/s":
        return f"{value / 1e6:.2f} M/s"
    if unit == "ns/op":
        return f"{value / 1000:.2f} µs" if value >= 1000 else f"{value:.0f} ns"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:.2f} {unit}"


def main():
    results = sys.argv[1]
    samples = read(results)
    rows = []
    workloads = ["call_round_trip", "call_throughput_4", "call_throughput_64", "call_throughput_1000",
                 "cast_throughput", "start", "start_stop", "memory_idle", "memory_hibernated"]
    scaling = sorted((w for w in samples if w.startswith("scaling_")),
                     key=lambda w: (w.split("_")[1], int(w.split("_")[2])))
    workloads += scaling

    def better(workload, unit, beam, ours):
        """How many times better otp4j is than the BEAM (above 1: better)."""
        if beam is None or ours is None:
            return None
        return ours / beam if unit == "ops/s" else beam / ours

    goals = {
        "call_round_trip": ("≥ 2x faster than BEAM", lambda r, v: r is not None and r >= 2),
        "call_throughput_4": ("≥ 2x BEAM", lambda r, v: r is not None and r >= 2),
        "call_throughput_64": ("≥ 2x BEAM", lambda r, v: r is not None and r >= 2),
        "call_throughput_1000": ("≥ 2x BEAM", lambda r, v: r is not None and r >= 2),
        "cast_throughput": ("≥ 2x BEAM", lambda r, v: r is not None and r >= 2),
        "start": ("≥ 5x faster than BEAM", lambda r, v: r is not None and r >= 5),
        "memory_idle": ("< 1 KB (1,024 B)", lambda r, v: v is not None and v < 1024),
        "memory_hibernated": ("< 300 B", lambda r, v: v is not None and v < 300),
    }
    print("| workload | BEAM | otp4j p=1 | otp4j default | vs BEAM (p=1 / default) | goal | met (p=1 / default) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for workload in workloads:
        if workload not in samples:
            continue
        unit = samples[workload]["unit"]
        beam, p1, default = (median(samples, workload, s) for s in SIDES)
        ratios = [better(workload, unit, beam, ours) for ours in (p1, default)]
        ratio = " / ".join("—" if r is None else f"{r:.2f}x" for r in ratios)
        goal, check = goals.get(workload, ("", None))
        met = " / ".join("yes" if check(r, v) else "no" for r, v in zip(ratios, (p1, default))) if check else ""
        print(f"| {workload} ({unit}) | {fmt(beam, unit)} | {fmt(p1, unit)} | {fmt(default, unit)} | {ratio} "
              f"| {goal} | {met} |")
    # flat scaling: many servers against 10, on each side
    for target in ("one", "spread"):
        names = sorted((w for w in scaling if w.split("_")[1] == target), key=lambda w: int(w.split("_")[2]))
        if len(names) < 2:
            continue
        few, many = names[0], names[-1]
        cells = []
        for side in SIDES:
            a, b = median(samples, few, side), median(samples, many, side)
            cells.append(None if a is None or b is None else b / a)
        shown = ["—" if c is None else f"{c:.2f}" for c in cells]
        met = " / ".join("—" if c is None else ("yes" if c <= 1.10 else "no") for c in cells[1:])
        print(f"| {many} ÷ {few} (latency ratio) | {shown[0]} | {shown[1]} | {shown[2]} | "
              f"| ≤ 1.10 (within 10%) | {met} |")
    counts = {w: {s: len(samples[w].get(s, [])) for s in SIDES} for w in workloads if w in samples}
    print()
    print("Samples per figure (BEAM / p=1 / default): " + ", ".join(
        f"{w} {c['beam']}/{c['p1']}/{c['default']}" for w, c in counts.items()))


if __name__ == "__main__":
    main()
