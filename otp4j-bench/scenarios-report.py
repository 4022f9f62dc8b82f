#!/usr/bin/env python3
"""Tabulates the results of otp4j-bench/scenarios: medians, ratios against the BEAM and Pekko, the project's
performance goals met or not, and a chart; optionally writes docs/BENCHMARKS.md and docs/benchmarks.svg.

usage: scenarios-report.py RESULTS_DIR [--docs DOCS_DIR]

RESULTS_DIR holds, per side (beam, otp4j-p1, otp4j-default, pekko, jgroups), group (main, scaling, flood, remote)
and round r,
SIDE-GROUP-r.txt with lines
  ITER <workload> <value> <unit>      a measured iteration (timed workloads, mailer samples)
  RESULT <workload> <value> <unit>    a median (memory and flood figures are taken from these, one per round)
  FLOOD key=value ...                 the flood's account
and environment.txt, load.txt. A timed workload's figure is the median of all measured iterations of all rounds;
a memory or flood figure is the median over rounds. The remote workloads (scenarios_remote.py) have a table of
their own, against the BEAM and bare JGroups, and their own part of the page: a run of only them leaves the rest
of docs/BENCHMARKS.md alone. Python 3 alone, no extra packages.
"""
import glob
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenarios_units import better, fmt, ratio_cell  # noqa: E402
import scenarios_remote  # noqa: E402
from scenarios_chart import svg  # noqa: E402

SIDES = ["beam", "pekko", "otp4j-p1", "otp4j-default", "otp4j-own"]
OURS = ["otp4j-p1", "otp4j-default", "otp4j-own"]
SHORT = {"otp4j-p1": "p=1", "otp4j-default": "default", "otp4j-own": "own"}
LABEL = {"beam": "BEAM", "pekko": "Pekko", "otp4j-p1": "otp4j p=1", "otp4j-default": "otp4j default",
         "otp4j-own": "otp4j own", "jgroups": "raw JGroups"}
CARRIERS_PER_CORE = ["otp4j-default", "otp4j-own"]  # the sides with one carrier per core, as users run otp4j
PER_ROUND = ("memory_", "flood_")  # figures taken from RESULT lines, one per round
FLOOD_HEAP_BOUND = 16 * 1024 * 1024  # bytes the live heap may grow by in the flood (mailbox of 1,000 messages)
MARKER = "<!-- Everything below this line is kept when otp4j-bench/scenarios rewrites this file. -->"

ORDER = ["call_round_trip", "call_throughput_4", "call_throughput_64", "call_throughput_1000", "request_throughput_64",
         "request_pooled_64", "call_pooled_round_trip", "call_pooled_64", "cast_throughput",
         "ratelimit_1", "ratelimit_64", "ratelimit_sharded_64", "start", "start_pooled", "memory_idle", "memory_hibernated", "ring",
         "mailer_bottleneck", "mailer_cured", "call_round_trip_contended", "call_throughput_64_contended",
         "ring_contended"]
CONTENDED = "_contended"  # the same workload with one busy process beside every side
CONTENDED_SLOWDOWN = 1.5  # the most a busy neighbour may slow otp4j down, against its quiet figure of the same run

WHAT = {
    "call_round_trip": "one call and its reply, 1 caller",
    "call_throughput_4": "calls on one server, 4 concurrent callers",
    "call_throughput_64": "calls on one server, 64 concurrent callers",
    "call_throughput_1000": "calls on one server, 1000 concurrent callers",
    "request_throughput_64": "requests on one server, 64 clients that are servers, replies as messages",
    "request_pooled_64": "the same, otp4j's servers pooled (run by shared workers, as actors are)",
    "call_pooled_round_trip": "call_round_trip, otp4j's server pooled (the caller's thread runs it)",
    "call_pooled_64": "call_throughput_64, otp4j's server pooled",
    "cast_throughput": "casts from 1 sender (+ one call as a barrier per 10,000)",
    "ratelimit_1": "token-bucket checks, 1 caller, one server",
    "ratelimit_64": "token-bucket checks, 64 callers, one server",
    "ratelimit_sharded_64": "token-bucket checks, 64 callers, 8 servers by key hash",
    "start": "one synchronous start (init has run when it returns)",
    "start_pooled": "start, otp4j's server pooled (the starter's thread runs init)",
    "memory_idle": "memory per idle server",
    "memory_hibernated": "memory per hibernated server",
    "ring": "one hop of a token around a ring of 1000 processes, 1,000,000 hops",
    "mailer_bottleneck": "latency of an urgent call behind 100 casts of 10 ms work, one server",
    "mailer_cured": "the same with 8 servers by key hash, slow work in tasks",
    "call_round_trip_contended": "call_round_trip with a busy shell loop beside every side",
    "call_throughput_64_contended": "call_throughput_64 with a busy shell loop beside every side",
    "ring_contended": "ring with a busy shell loop beside every side",
    "flood_heap_growth": "live-heap growth, fast sender vs slow server (mailbox bound 1,000 on otp4j and Pekko)",
    "flood_peak_queue": "longest mailbox seen during the flood",
    "flood_send_rate": "the flood's sends per second (accepted or rejected)",
}


def goal_of(workload):
    """{(description, check(ratio_vs_beam, ratio_vs_pekko, value) -> bool)} or None."""
    at_least = lambda n: (lambda rb, rp, v: rb is not None and rb >= n)
    if workload.endswith(CONTENDED):
        return "ahead of BEAM and Pekko", lambda rb, rp, v: rb is not None and rp is not None and min(rb, rp) >= 1
    if workload == "call_round_trip":
        return "≥ 2x faster than BEAM", at_least(2)
    if workload.startswith(("request_throughput_", "request_pooled_", "call_pooled_")):
        return "ahead of Pekko", lambda rb, rp, v: rp is not None and rp >= 1
    if workload.startswith(("call_throughput_", "ratelimit_")) or workload == "cast_throughput":
        return "≥ 2x BEAM", at_least(2)
    if workload in ("start", "start_pooled"):
        return "≥ 5x faster than BEAM and Pekko", lambda rb, rp, v: rb is not None and rp is not None and min(rb, rp) >= 5
    if workload == "memory_idle":
        return "< 1 KB (1,024 B)", lambda rb, rp, v: v is not None and v < 1024
    if workload == "memory_hibernated":
        return "< 300 B", lambda rb, rp, v: v is not None and v < 300
    if workload == "ring":
        return "at least as fast as BEAM", at_least(1)
    if workload == "flood_heap_growth":
        return f"≤ {FLOOD_HEAP_BOUND >> 20} MiB", lambda rb, rp, v: v is not None and v <= FLOOD_HEAP_BOUND
    return None


def read(results):
    samples = {}  # workload -> {"unit": u, side: [values]}
    floods = {}  # side -> [dict]
    notes = {"local": [], "remote": []}
    for path in sorted(glob.glob(os.path.join(results, "*-*-*.txt"))):
        name = os.path.basename(path)[:-4]
        m = re.fullmatch(r"(beam|otp4j-p1|otp4j-default|otp4j-own|pekko|jgroups)-(main|contended|memory_idle|memory_hibernated|scaling|flood|remote)-(\d+)", name)
        if not m:
            continue
        side = m.group(1)
        for line in open(path, encoding="utf-8"):
            parts = line.split()
            if not parts:
                continue
            if parts[0] in ("ITER", "RESULT") and len(parts) == 4:
                kind, workload, value, unit = parts
                per_round = workload.startswith(PER_ROUND)
                if (kind == "RESULT") == per_round:
                    entry = samples.setdefault(workload, {"unit": unit})
                    entry.setdefault(side, []).append(float(value))
                    by_round = entry.setdefault("rounds", {}).setdefault(side, {})
                    by_round.setdefault(int(m.group(3)), []).append(float(value))
            elif parts[0] == "FLOOD":
                floods.setdefault(side, []).append(dict(p.split("=", 1) for p in parts[1:] if "=" in p))
            elif parts[0] == "NOTE":
                kind = "remote" if m.group(2) == "remote" else "local"
                notes[kind].append(f"{LABEL[side]}: {' '.join(parts[1:])}")
    return samples, floods, notes


def median(samples, workload, side):
    values = samples.get(workload, {}).get(side)
    return statistics.median(values) if values else None


def round_ratios(samples, workload, anchor, side):
    """How many times better `side` is than `anchor` in each round both ran, in round order."""
    entry = samples.get(workload, {})
    rounds = entry.get("rounds", {})
    a, o = rounds.get(anchor, {}), rounds.get(side, {})
    ratios = (better(entry.get("unit"), statistics.median(a[r]), statistics.median(o[r]))
              for r in sorted(set(a) & set(o)))
    return [r for r in ratios if r is not None]


def workloads_in(samples):
    scaling = sorted((w for w in samples if w.startswith("scaling_")), key=lambda w: int(w.split("_")[1]))
    flood = [w for w in ("flood_heap_growth", "flood_peak_queue", "flood_send_rate") if w in samples]
    return [w for w in ORDER if w in samples] + scaling + flood, scaling


def table(samples, floods):
    """{(markdown lines, goal results [(workload, goal, {side: bool})], chart rows)}"""
    short = " / ".join(SHORT[s] for s in OURS)
    lines = ["| workload | " + " | ".join(LABEL[s] for s in SIDES) + f" | otp4j vs BEAM ({short}) "
             f"| otp4j vs Pekko ({short}) | goal | met ({short}) |",
             "| --- " * (len(SIDES) + 5) + "|"]
    goals = []
    chart = []
    order, scaling = workloads_in(samples)
    for workload in order:
        unit = samples[workload]["unit"]
        values = {s: median(samples, workload, s) for s in SIDES}
        vs_beam = [better(unit, values["beam"], values[s]) for s in OURS]
        vs_pekko = [better(unit, values["pekko"], values[s]) for s in OURS]
        goal = goal_of(workload)
        met_cell = ""
        goal_text = ""
        if goal:
            goal_text, check = goal
            met = {s: check(vs_beam[i], vs_pekko[i], values[s]) for i, s in enumerate(OURS) if values[s] is not None}
            met_cell = " / ".join("yes" if met.get(s) else ("no" if s in met else "—") for s in OURS)
            goals.append((workload, goal_text, met))
        lines.append(f"| {workload} ({unit}) | " + " | ".join(fmt(values[s], unit) for s in SIDES)
                     + f" | {ratio_cell(vs_beam)} | {ratio_cell(vs_pekko)} | {goal_text} | {met_cell} |")
        rounds = {(anchor, i): round_ratios(samples, workload, anchor, side)
                  for anchor in ("beam", "pekko") for i, side in enumerate(OURS)}
        chart.append((workload, vs_beam, vs_pekko, goal_text, rounds))
    for workload in order:
        if not workload.endswith(CONTENDED) or workload[: -len(CONTENDED)] not in samples:
            continue
        quiet = workload[: -len(CONTENDED)]
        unit = samples[workload]["unit"]
        slowdown = {s: better(unit, median(samples, workload, s), median(samples, quiet, s)) for s in SIDES}
        goal_text = f"≤ {CONTENDED_SLOWDOWN}x (one carrier per core)"
        met = {s: slowdown[s] <= CONTENDED_SLOWDOWN for s in CARRIERS_PER_CORE if slowdown[s] is not None}
        goals.append((f"{workload} ÷ {quiet}", goal_text, met))
        lines.append(f"| {workload} ÷ {quiet} (slowdown) | "
                     + " | ".join("—" if slowdown[s] is None else f"{slowdown[s]:.2f}x" for s in SIDES)
                     + f" | | | {goal_text} | "
                     + " / ".join("—" if s not in met else ("yes" if met[s] else "no") for s in OURS) + " |")
    if len(scaling) >= 2:
        few, many = scaling[0], scaling[-1]
        cells = {}
        for s in SIDES:
            a, b = median(samples, few, s), median(samples, many, s)
            cells[s] = None if a is None or b is None else b / a
        met = {s: cells[s] <= 1.10 for s in OURS if cells[s] is not None}
        goals.append((f"{many} ÷ {few}", "≤ 1.10 (within 10%)", met))
        lines.append(f"| {many} ÷ {few} (latency ratio) | "
                     + " | ".join("—" if cells[s] is None else f"{cells[s]:.2f}" for s in SIDES)
                     + " | | | ≤ 1.10 (within 10%) | "
                     + " / ".join("—" if s not in met else ("yes" if met[s] else "no") for s in OURS) + " |")
    if floods:
        met = {s: all(f.get("adds_up") == "true" for f in floods[s]) for s in OURS if s in floods}
        goals.append(("flood accounting", "sent = accepted + rejected, accepted = handled + queued", met))
    return lines, goals, chart


def flood_lines(floods):
    if not floods:
        return []
    lines = ["| side | sent | accepted | rejected | handled | queued | peak queue | live-heap growth | adds up |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for side in SIDES:
        for i, f in enumerate(floods.get(side, [])):
            peak = f.get("peak_queue", "—")
            lines.append(
                f"| {LABEL[side]} (round {i + 1}, mailbox {f.get('capacity', '?')}) | {int(f['sent']):,} "
                f"| {int(f['accepted']):,} | {int(f['rejected']):,} | {int(f['handled']):,} | {int(f['queued']):,} "
                f"| {'—' if peak == '-1' else f'{int(peak):,}'} | {fmt(max(0.0, float(f['heap_growth'])), 'B')} "
                f"| {'yes' if f.get('adds_up') == 'true' else 'NO'} |")
    return lines


def goal_lines(goals):
    lines = []
    for workload, goal, met in goals:
        if not met:
            continue
        verdict = ", ".join(f"{LABEL[s]}: {'met' if ok else 'NOT met'}" for s, ok in met.items())
        lines.append(f"- {workload} ({goal}): {verdict}")
    return lines


# ---------------------------------------------------------------------------------------------------- the page

def environment(results):
    env = {}
    path = os.path.join(results, "environment.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if ": " in line:
                key, value = line.rstrip("\n").split(": ", 1)
                env[key] = value
    loads = []
    path = os.path.join(results, "load.txt")
    if os.path.exists(path):
        loads = [float(line.split()[1]) for line in open(path, encoding="utf-8") if line.startswith("load ")]
    return env, loads


def memory_lines(samples):
    """Each memory figure round by round: every round is the first population of a fresh process."""
    out = []
    for workload in ("memory_idle", "memory_hibernated"):
        entry = samples.get(workload, {})
        for side in SIDES:
            rounds = entry.get("rounds", {}).get(side, {})
            if not rounds:
                continue
            values = [v for r in sorted(rounds) for v in rounds[r]]
            out.append(f"- {workload}, {LABEL[side]}: " + ", ".join(f"{v:,.0f}" for v in values)
                       + f" B (median {statistics.median(values):,.0f}, range {min(values):,.0f} to "
                       f"{max(values):,.0f}, {len(values)} round{'s' if len(values) != 1 else ''})")
    return out


def page(results, lines, goals, floods, notes, chart_name, memory=()):
    env, loads = environment(results)
    quick = env.get("mode", "").startswith("quick")
    load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "unknown"
    out = ["# Benchmarks: otp4j next to the BEAM and Apache Pekko", "",
           "The seed documents' workloads, run on otp4j, on the BEAM (Elixir's GenServer) and on Apache Pekko "
           "typed, in one run on one machine, interleaved and repeated; figures are medians, ratios are how many "
           "times better otp4j is (above 1: better). This page is written by `otp4j-bench/scenarios`; what the "
           "workloads are and how they are driven is said below the table.", ""]
    loaded = bool(loads) and max(loads) > 1.5
    if quick or loaded:
        out += ["> **Indicative figures only.** "
                + ("This was a quick run (short iterations, smaller counts). " if quick else "")
                + (f"The machine's 1-minute load average reached {load} during the run, the run's own work "
                   "included; when it is well above the number of cores, something else shared them and absolute "
                   "figures and even ratios are noisy. " if loaded else
                   f"The machine was quiet (1-minute load average {load}). ")
                + "A full run on a quiet machine gives settled figures.",
                ""]
    out += ["```sh", env.get("command", "otp4j-bench/scenarios"), "```", "",
            f"Run of {env.get('date', '?')} at commit {env.get('commit', '?')}. "
            f"Machine: {env.get('machine', '?')}. Java: {env.get('java', '?')}. BEAM: {env.get('beam', '?')}. "
            f"Pekko: {env.get('pekko', '?')}. Mode: {env.get('mode', '?')}. Load average during the run: {load}.",
            "", f"![otp4j against the BEAM and Pekko]({chart_name})", ""]
    out += lines
    out += ["", "`p=1` is otp4j with `-Djdk.virtualThreadScheduler.parallelism=1` (one carrier thread), `default` "
                "with the JDK's scheduler and one carrier per core, `own` with otp4j's own scheduler "
                "(`-Dotp4j.scheduler=otp4j`, one carrier per core). Pekko runs with its default dispatcher; the BEAM with one scheduler per "
                "core. `—`: not measured, or no such thing on that runtime (Pekko has no hibernation; its bounded "
                "mailbox cannot tell its length).", "", "## Goals", ""]
    out += goal_lines(goals) or ["(no goal was measured in this run)"]
    flood = flood_lines(floods)
    if flood:
        out += ["", "## The mailbox flood, message by message", "",
                "A sender casts as fast as it can at a server that spends 10 µs on each message. otp4j's mailbox "
                "is bounded at 1,000 with the reject policy (the sender learns of each rejection); Pekko's is "
                "bounded at 1,000 (`MailboxSelector.bounded`: the overflow goes to dead letters, counted here); "
                "the BEAM has no bounded mailbox, so every message is accepted and queued, and the run waits for "
                "the server to drain them all. The live-heap growth is read with a full collection right after "
                "the last send (the BEAM: growth of `erlang:memory(processes)`).", ""] + flood
    if memory:
        out += ["", "## Memory, round by round", "",
                "Each figure is the first population of a fresh process (JVM or BEAM node): what an "
                "application's first servers cost. Later populations in the same JVM read lower, once the code "
                "is compiled, so they are not used.", ""] + list(memory)
    if notes:
        out += ["", "Notes from the run:", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


DEFAULT_NOTES = """
## How the workloads are driven

Every client is a process (an actor on Pekko) of the runtime under test: the harness hands a batch to the
clients and waits for its end, so what is measured is traffic between processes, not the hand-off to the
harness. A timed iteration repeats batches for at least a second (0.3 s in quick mode) and divides the time by
the operations done; 2 warm-up and 5 measured iterations per workload and round (1 and 3 in quick mode). A
figure is the median of all measured iterations of all rounds; memory and flood figures, the median over
rounds. The Java side is `io.otp4j.bench.scenario` (`OtpContender`, `PekkoContender`), the BEAM side
`otp4j-bench/beam/scenarios.exs`; the three implement the same servers:

- the Counter (calls `get` and `increment`, cast `add`), as `BenchCounter`;
- the token-bucket RateLimiter of `otp4j-examples` (one bucket per key, `user-0` … `user-999`); sharded: 8
  servers chosen by a stable hash of the key (`String.hashCode` on the JVM, `:erlang.phash2` on the BEAM, as
  Elixir's PartitionSupervisor routes);
- the Mailer: 100 casts of 10 ms of blocking work (a sleep, standing for SMTP), then one urgent call; cured, 8
  mailers by key hash hand each delivery to a task (a spawned process; Pekko: Pekko's dispatcher for blocking
  work) and return to their mailbox at once;
- start: 1,000 synchronous starts in a row from one process, timed by that process (Pekko's spawn is
  asynchronous: the starter waits for each child's setup to report, which is what a synchronous start means);
  `start_pooled` the same with otp4j's counters pooled, whose init runs on the starter's thread (the BEAM and
  Pekko run the same workload in both rows);
- memory: 100,000 servers (20,000 in quick mode) started from a process, the first population of a fresh JVM or
  BEAM node, one process per workload and round; growth of the used heap after full collections (otp4j, Pekko)
  or of `erlang:memory(processes)` (BEAM); the median over rounds, each round listed with the range;
- flat scaling: call round trip to one server with 10 servers alive, then with 1,000,000 (200,000 in quick
  mode) idle ones;
- contended (`*_contended`): the round trip, 64 callers and the ring again, each side with one busy process
  beside it (a shell loop, `while :; do :; done`, started before the side and stopped after), as on a machine
  that is never idle; the slowdown row divides each side's contended figure by its quiet one of the same run;
- Pekko clients send their next request when the last reply arrives, with a `replyTo` and no `ask`: the fastest
  request-response Pekko has, so ratios against Pekko are conservative.
"""


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit("usage: scenarios-report.py RESULTS_DIR [--docs DOCS_DIR]")
    results = args[0]
    docs = None
    if len(args) >= 3 and args[1] == "--docs":
        docs = args[2]
    elif len(args) > 1:
        sys.exit(f"unknown arguments {args[1:]}; usage: scenarios-report.py RESULTS_DIR [--docs DOCS_DIR]")
    every, floods, notes = read(results)
    if not every:
        sys.exit(f"no results in {results}")
    samples = {w: v for w, v in every.items() if not scenarios_remote.is_remote(w)}
    remote = {w: v for w, v in every.items() if scenarios_remote.is_remote(w)}
    env, loads = environment(results)
    text = None
    path = os.path.join(docs, "BENCHMARKS.md") if docs else None
    if path and os.path.exists(path):
        text = open(path, encoding="utf-8").read()
    if samples:
        lines, goals, chart = table(samples, floods)
        print("\n".join(lines))
        print()
        print("\n".join(goal_lines(goals)))
        flood = flood_lines(floods)
        if flood:
            print()
            print("\n".join(flood))
        memory = memory_lines(samples)
        if memory:
            print()
            print("\n".join(memory))
        counts = {w: "/".join(str(len(samples[w].get(s, []))) for s in SIDES) for w in samples}
        print()
        print(f"Samples per figure ({'/'.join(LABEL[s].replace('otp4j ', '') for s in SIDES)}): " + ", ".join(f"{w} {c}" for w, c in counts.items()))
        mode = env.get("mode", "run").split(", sides")[0]
        chart_svg = svg(chart, f"otp4j against the BEAM and Pekko ({mode}, {env.get('date', '')})")
        with open(os.path.join(results, "chart.svg"), "w", encoding="utf-8") as f:
            f.write(chart_svg)
        if docs:
            chart_name = "benchmarks.svg"
            with open(os.path.join(docs, chart_name), "w", encoding="utf-8") as f:
                f.write(chart_svg)
            kept = text.split(MARKER, 1)[1] if text and MARKER in text else DEFAULT_NOTES
            text = page(results, lines, goals, floods, notes["local"], chart_name, memory) + "\n" + MARKER + kept
            print(f"\nwrote {os.path.join(docs, chart_name)}")
    if remote:
        lines, goals = scenarios_remote.table(remote, median)
        print("\n".join(lines))
        print()
        print("\n".join(scenarios_remote.goal_lines(goals)))
        counts = {w: "/".join(str(len(remote[w].get(s, []))) for s in scenarios_remote.SIDES) for w in remote}
        print()
        print("Samples per figure (BEAM/JGroups/p=1/default): " + ", ".join(f"{w} {c}" for w, c in counts.items()))
        if docs:
            quick = env.get("mode", "").startswith("quick")
            load = (min(loads), max(loads)) if loads else None
            generated = scenarios_remote.section(lines, goals, notes["remote"], env, load, quick)
            text = scenarios_remote.put_section(text if text is not None else DEFAULT_NOTES, generated)
    if docs and text is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"\nwrote {path}")

if __name__ == "__main__":
    main()
