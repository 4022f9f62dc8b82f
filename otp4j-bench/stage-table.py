#!/usr/bin/env python3
"""Tabulates otp4j-bench/run-stage's outputs: median events per second by max demand."""
import glob
import json
import re
import statistics
import sys

out = sys.argv[1]
rows = {}  # max demand -> column -> [values]


def add(demand, column, value):
    rows.setdefault(demand, {}).setdefault(column, []).append(value)


for path in glob.glob(f"{out}/beam-*.txt"):
    for line in open(path):
        m = re.match(r"RESULT stage maxDemand=(\d+) events_per_s=([\d.]+)", line)
        if m:
            add(int(m.group(1)), "BEAM (GenStage protocol)", float(m.group(2)))

for path in glob.glob(f"{out}/jmh-*.json"):
    side = re.search(r"jmh-(p1|default)-\d+\.json", path).group(1)
    carriers = "1 carrier" if side == "p1" else "default carriers"
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 1)[1]
        demand = int(result["params"]["maxDemand"])
        label = ("otp4j stages" if name == "stages" else "BlockingQueue hand-off") + f", {carriers}"
        add(demand, label, result["primaryMetric"]["score"])

columns = [
    "BEAM (GenStage protocol)",
    "otp4j stages, 1 carrier",
    "otp4j stages, default carriers",
    "BlockingQueue hand-off, 1 carrier",
    "BlockingQueue hand-off, default carriers",
]


def fmt(values):
    if not values:
        return "-"
    v = statistics.median(values)
    return f"{v / 1e6:.2f} M/s" if v >= 1e6 else f"{v / 1e3:.0f} k/s"


print("| max demand | " + " | ".join(columns) + " |")
print("| --- |" + " --- |" * len(columns))
for demand in sorted(rows):
    print(f"| {demand} | " + " | ".join(fmt(rows[demand].get(c, [])) for c in columns) + " |")
