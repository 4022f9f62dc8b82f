#!/usr/bin/env python3
"""Reads the results of otp4j-bench/run-table and prints the comparison table (Markdown).

usage: table-table.py RESULTS_DIR

Inputs in RESULTS_DIR, for each round r:
  beam-plain-r.txt, beam-concurrent-r.txt   lines "ITER <workload> <value> ops/s" (ETS default options; with
                                            read_concurrency and write_concurrency)
  jmh-t1-r.json, jmh-t2-r.json              JMH's JSON of TableBenchmark with 1 and 2 threads
Each figure is the median of all measured iterations of all rounds.
"""
import glob
import json
import os
import statistics
import sys

# JMH method -> (workload, side)
JMH = {
    "setLookup": ("set_lookup", "table"), "mapGet": ("set_lookup", "map"),
    "setInsert": ("set_insert", "table"), "mapPut": ("set_insert", "map"),
    "setCounter": ("set_counter", "table"), "mapCounter": ("set_counter", "map"),
    "orderedLookup": ("ordered_lookup", "table"), "skipListGet": ("ordered_lookup", "map"),
    "orderedInsert": ("ordered_insert", "table"), "skipListPut": ("ordered_insert", "map"),
    "orderedCounter": ("ordered_counter", "table"), "skipListCounter": ("ordered_counter", "map"),
}
WORKLOADS = [f"{kind}_{op}_t{t}" for kind in ("set", "ordered") for op in ("lookup", "insert", "counter")
             for t in (1, 2)]


def read(results):
    samples = {}

    def add(workload, side, value):
        samples.setdefault(workload, {}).setdefault(side, []).append(value)

    for config in ("plain", "concurrent"):
        for path in sorted(glob.glob(os.path.join(results, f"beam-{config}-*.txt"))):
            for line in open(path):
                parts = line.split()
                if len(parts) == 4 and parts[0] == "ITER":
                    add(parts[1], "ets_" + config, float(parts[2]))
    for threads in (1, 2):
        for path in sorted(glob.glob(os.path.join(results, f"jmh-t{threads}-*.json"))):
            for entry in json.load(open(path)):
                method = entry["benchmark"].rsplit(".", 1)[-1]
                if method not in JMH:
                    continue
                workload, side = JMH[method]
                for fork in entry["primaryMetric"]["rawData"]:
                    for value in fork:
                        add(f"{workload}_t{threads}", side, value)
    return samples


def fmt(value):
    return "—" if value is None else f"{value / 1e6:.2f} M/s"


def main():
    samples = read(sys.argv[1])
    print("| workload | ETS (default) | ETS (read+write concurrency) | JDK map | otp4j table | table ÷ map "
          "| table ÷ best ETS |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for workload in WORKLOADS:
        if workload not in samples:
            continue
        med = {side: statistics.median(v) for side, v in samples[workload].items() if v}
        plain, concurrent, jdk, table = (med.get(s) for s in ("ets_plain", "ets_concurrent", "map", "table"))
        ets = [v for v in (plain, concurrent) if v is not None]
        vs_map = "—" if table is None or jdk is None else f"{table / jdk:.2f}x"
        if workload.startswith("set_") and table is not None and jdk is not None:
            vs_map += " (goal ≥ 0.8: " + ("met" if table / jdk >= 0.8 else "not met") + ")"
        vs_ets = "—" if table is None or not ets else f"{table / max(ets):.1f}x"
        print(f"| {workload} | {fmt(plain)} | {fmt(concurrent)} | {fmt(jdk)} | {fmt(table)} | {vs_map} | {vs_ets} |")
    print()
    print("Samples per figure (ETS default / ETS concurrent / map / table): " + ", ".join(
        f"{w} {'/'.join(str(len(samples[w].get(s, []))) for s in ('ets_plain', 'ets_concurrent', 'map', 'table'))}"
        for w in WORKLOADS if w in samples))


if __name__ == "__main__":
    main()
