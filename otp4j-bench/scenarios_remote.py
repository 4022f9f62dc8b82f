"""The remote workloads' part of otp4j-bench/scenarios-report.py: their table (otp4j against the BEAM and bare
JGroups), the goals, and the generated part of the section "Remote" of docs/BENCHMARKS.md, which a run of the
remote workloads rewrites between two marker lines and leaves the rest of the page alone. Python 3 alone.
"""
from scenarios_units import better, fmt, ratio_cell

SIDES = ["beam", "jgroups", "otp4j-p1", "otp4j-default"]
OURS = ["otp4j-p1", "otp4j-default"]
LABEL = {"beam": "BEAM", "jgroups": "raw JGroups", "otp4j-p1": "otp4j p=1", "otp4j-default": "otp4j default"}
ORDER = ["remote_call_rtt", "remote_call_64", "remote_cast", "remote_nodedown",
         "cluster_register", "cluster_lookup", "cluster_join", "cluster_failover"]
NODEDOWN_BOUND = 1e9  # ns
FAILOVER_BOUND = 2e9  # ns
LOOKUP_BOUND = 100  # ns

BEGIN = ("<!-- remote: the lines from here to the end marker are rewritten by otp4j-bench/scenarios when it runs "
         "the remote workloads. -->")
END = "<!-- remote: end of the generated part; what follows is kept. -->"

WHAT = {
    "remote_call_rtt": "call round trip to a server on the other node, 1 caller",
    "remote_call_64": "calls to a server on the other node, 64 concurrent callers",
    "remote_cast": "casts to a process on the other node, 1 sender; it signals when it got them all",
    "remote_nodedown": "from kill -9 of the other node until the survivor knows (node-down and monitor down)",
    "cluster_register": "new unique names registered cluster-wide, 1 client, each name for a process of its own "
                        "(BEAM: `:global.register_name`; otp4j: the cluster registry)",
    "cluster_lookup": "looking up a name held by a process of the other node, 1,000 names 100 times a batch "
                      "(BEAM: `:global.whereis_name`; otp4j: the cluster registry's `whereis`)",
    "cluster_join": "joins to new process groups, 1 client (BEAM: `pg`; otp4j: `ProcessGroups`)",
    "cluster_failover": "from kill -9 of a node holding 10,000 children until every one runs again on the survivor "
                        "(BEAM: replacements started and joined to pg groups on nodedown; otp4j: the distributed "
                        "supervisor)",
}


def is_remote(workload):
    return workload.startswith("remote_") or workload.startswith("cluster_")


def goal_of(workload):
    """(description, check(ratio_vs_beam, ratio_vs_jgroups, value) -> bool) or None."""
    if workload == "remote_call_rtt":
        return "≤ 0.5x the BEAM's", lambda rb, rj, v: rb is not None and rb >= 2
    if workload == "remote_call_64":
        return ("≥ 2x the BEAM and ≥ 0.8x raw JGroups",
                lambda rb, rj, v: rb is not None and rj is not None and rb >= 2 and rj >= 0.8)
    if workload == "remote_nodedown":
        return "≤ 1 s", lambda rb, rj, v: v is not None and v <= NODEDOWN_BOUND
    if workload == "cluster_register":
        return "≥ 10x the BEAM's `:global`", lambda rb, rj, v: rb is not None and rb >= 10
    if workload == "cluster_lookup":
        return "≤ 100 ns", lambda rb, rj, v: v is not None and v <= LOOKUP_BOUND
    if workload == "cluster_failover":
        return "≤ 2 s", lambda rb, rj, v: v is not None and v <= FAILOVER_BOUND
    return None


def table(samples, median):
    """{(markdown lines, goal results [(workload, goal, {side: bool})])} for the remote workloads in samples."""
    lines = ["| workload | BEAM | raw JGroups | otp4j p=1 | otp4j default | otp4j vs BEAM (p=1 / default) "
             "| otp4j vs raw JGroups (p=1 / default) | goal | met (p=1 / default) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    goals = []
    for workload in [w for w in ORDER if w in samples]:
        unit = samples[workload]["unit"]
        values = {s: median(samples, workload, s) for s in SIDES}
        vs_beam = [better(unit, values["beam"], values[s]) for s in OURS]
        vs_jgroups = [better(unit, values["jgroups"], values[s]) for s in OURS]
        goal = goal_of(workload)
        goal_text, met_cell = "", ""
        if goal:
            goal_text, check = goal
            met = {s: check(vs_beam[i], vs_jgroups[i], values[s]) for i, s in enumerate(OURS) if values[s] is not None}
            met_cell = " / ".join("yes" if met.get(s) else ("no" if s in met else "—") for s in OURS)
            goals.append((workload, goal_text, met))
        lines.append(f"| {workload} ({unit}) | " + " | ".join(fmt(values[s], unit) for s in SIDES)
                     + f" | {ratio_cell(vs_beam)} | {ratio_cell(vs_jgroups)} | {goal_text} | {met_cell} |")
    return lines, goals


def goal_lines(goals):
    return [f"- {workload} ({goal}): " + ", ".join(f"{LABEL[s]}: {'met' if ok else 'NOT met'}" for s, ok in met.items())
            for workload, goal, met in goals if met]


def section(lines, goals, notes, env, load, quick):
    """{the generated part of the section "Remote", between the markers}"""
    out = [BEGIN, ""]
    if quick or (load is not None and load[1] > 1.5):
        out += ["> **Indicative figures only.** "
                + ("This was a quick run (short iterations, few samples). " if quick else "")
                + (f"The machine's 1-minute load average was {load[0]:.1f}–{load[1]:.1f} during the run, the run's "
                   "own work included." if load else ""), ""]
    out += ["```sh", env.get("command", "otp4j-bench/scenarios --only remote_"), "```", "",
            f"Run of {env.get('date', '?')} at commit {env.get('commit', '?')}. Machine: {env.get('machine', '?')}. "
            f"Java: {env.get('java', '?')}. BEAM: {env.get('beam', '?')}. JGroups: {env.get('jgroups', '?')}. "
            f"Mode: {env.get('mode', '?')}.", ""]
    out += lines
    out += ["", "What each workload is:", ""] + [f"- `{w}`: {WHAT[w]}" for w in ORDER]
    out += ["", "Goals:", ""] + (goal_lines(goals) or ["(no goal was measured in this run)"])
    if notes:
        out += ["", "Notes from the run:", ""] + [f"- {n}" for n in notes]
    out += ["", END]
    return "\n".join(out)


def put_section(text, generated):
    """{text with its generated remote part replaced by generated, or a section "Remote" appended}"""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        return head + generated + rest.split(END, 1)[1]
    return text.rstrip("\n") + "\n\n## Remote\n\n" + generated + "\n"
