"""Figures and ratios as otp4j-bench/scenarios-report.py and scenarios_remote.py print them. Python 3 alone."""


def better(unit, anchor, ours):
    """How many times better ours is than the anchor (above 1: better)."""
    if anchor is None or ours is None or anchor == 0 or ours == 0:
        return None
    return ours / anchor if unit == "ops/s" else anchor / ours


def fmt(value, unit):
    if value is None:
        return "—"
    if unit == "ops/s":
        return f"{value / 1e6:.2f} M/s" if value >= 1e5 else f"{value / 1e3:.1f} k/s"
    if unit in ("ns/op", "ns"):
        if value >= 1e6:
            return f"{value / 1e6:.1f} ms"
        return f"{value / 1000:.2f} µs" if value >= 1000 else f"{value:.0f} ns"
    if unit == "B":
        if value >= 1 << 20:
            return f"{value / (1 << 20):.1f} MiB"
        return f"{value:,.0f} B"
    if unit == "msgs":
        return f"{value:,.0f}"
    return f"{value:.2f} {unit}"


def ratio_cell(values):
    return " / ".join("—" if r is None else f"{r:.2f}x" for r in values)
