"""The chart of docs/benchmarks.svg: how many times better otp4j is than the BEAM and Pekko, per workload, on a
log scale. The flood's ratios (over a thousandfold, one way or the other) get a panel and a scale of their own,
so they do not squeeze the other workloads against 1x. Every workload of the table is drawn, each bar (the
median) with its figure beside it, on rows tall enough that no two figures touch, and a black tick on the bar for
each round's own ratio, so a spread between rounds shows.

Used by scenarios-report.py, and on its own to redraw the chart from the table already in docs/BENCHMARKS.md
(no benchmark is run):  python3 otp4j-bench/scenarios_chart.py docs/BENCHMARKS.md docs/benchmarks.svg
"""
import html
import math
import re
import sys

COLOURS = {("beam", 0): "#1f77b4", ("beam", 1): "#9ecae1", ("beam", 2): "#17becf",
           ("pekko", 0): "#d62728", ("pekko", 1): "#f4a3a3", ("pekko", 2): "#ff7f0e"}
SIDES = ["p=1", "default", "own"]  # otp4j's sides, in the order of each row's ratios
BAR, GAP, LEFT, RIGHT, WIDTH = 10, 14, 230, 70, 900


def _rounds(row):
    """The per-round ratios of a chart row by (anchor, side index); none for a row read from the page's table."""
    return row[4] if len(row) > 4 else {}


def _scale(rows, least_lo, least_hi):
    lo, hi = least_lo, least_hi
    for row in rows:
        for r in row[1] + row[2] + [r for rs in _rounds(row).values() for r in rs]:
            if r is not None:
                lo, hi = min(lo, r / 1.5), max(hi, r * 1.5)
    return 2 ** math.floor(math.log2(lo)), 2 ** math.ceil(math.log2(hi))


def _panel(out, rows, top, heading, least):
    """Draws one panel from y = top; returns the y below it."""
    lo, hi = _scale(rows, *least)
    plot = WIDTH - LEFT - RIGHT
    height = sum((len(row[1]) + len(row[2])) * BAR + GAP for row in rows)

    def x(r):
        return LEFT + plot * (math.log2(r) - math.log2(lo)) / (math.log2(hi) - math.log2(lo))

    out.append(f'<text x="{LEFT}" y="{top}" font-size="12" font-weight="bold">{html.escape(heading)}</text>')
    top += 12
    step = 2 if math.log2(hi / lo) <= 10 else 4  # at most about a dozen grid lines
    r = lo
    while r <= hi:
        out.append(f'<line x1="{x(r):.1f}" y1="{top}" x2="{x(r):.1f}" y2="{top + height}" '
                   f'stroke="{"#000" if r == 1 else "#ddd"}" stroke-width="{1.5 if r == 1 else 1}"/>')
        label = f"{r:g}x" if r >= 1 else f"1/{1 / r:g}x"
        out.append(f'<text x="{x(r):.1f}" y="{top + height + 14}" text-anchor="middle">{label}</text>')
        r *= step
    y = top + GAP / 2
    for row in rows:
        workload, vs_beam, vs_pekko, goal = row[:4]
        out.append(f'<text x="{LEFT - 8}" y="{y + 2 * BAR + 4}" text-anchor="end">{html.escape(workload)}</text>')
        for anchor, ratios in (("beam", vs_beam), ("pekko", vs_pekko)):
            for i, ratio in enumerate(ratios):
                if ratio is not None:
                    x0, x1 = x(1), x(ratio)
                    out.append(f'<rect x="{min(x0, x1):.1f}" y="{y:.1f}" width="{max(abs(x1 - x0), 1):.1f}" '
                               f'height="{BAR - 1}" fill="{COLOURS[(anchor, i)]}"/>')
                    # the figure beyond the bar's far end and its rounds' ticks: right for a gain, left for a loss
                    ends = [x1] + [x(each) for each in _rounds(row).get((anchor, i), [])]
                    tx, anchor_side = (max(ends) + 3, "start") if ratio >= 1 else (min(ends) - 3, "end")
                    out.append(f'<text x="{tx:.1f}" y="{y + BAR - 1.5:.1f}" font-size="9" '
                               f'text-anchor="{anchor_side}">{ratio:.2f}x</text>')
                for each in _rounds(row).get((anchor, i), []):
                    out.append(f'<line x1="{x(each):.1f}" y1="{y:.1f}" x2="{x(each):.1f}" y2="{y + BAR - 1:.1f}" '
                               f'stroke="#000" stroke-width="1.5"/>')
                y += BAR
        m = re.search(r"≥ (\d+(?:\.\d+)?)x", goal) or (re.search(r"at least as fast", goal) and "1")
        if m:
            target = float(m if isinstance(m, str) else m.group(1))
            # in the gap under the group's bars, where no figure is
            out.append(f'<text x="{x(target):.1f}" y="{y + GAP - 3:.1f}" text-anchor="middle" fill="#2ca02c" '
                       f'font-size="10">▲</text>')
        y += GAP
    return top + height + 34


def svg(chart, title):
    """The chart: rows of (workload, [vs BEAM p=1, default, own], [vs Pekko p=1, default, own], goal text)."""
    rows = [row for row in chart if any(r is not None for r in row[1] + row[2])]
    main = [row for row in rows if not row[0].startswith("flood_")]
    flood = [row for row in rows if row[0].startswith("flood_")]
    body = []
    y = _panel(body, main, 66, "workloads", (1 / 4, 8))
    if flood:
        y = _panel(body, flood, y + 6, "the flood (2,000,000 casts at one server), on a scale of its own", (1 / 4, 8))
    height = y + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">{html.escape(title)}</text>',
           f'<text x="{WIDTH / 2}" y="38" text-anchor="middle" fill="#555">how many times better otp4j is '
           f'(log scale; right of 1x: otp4j better; ▲ the goal against the BEAM)</text>']
    out += body
    sides = max((len(row[1]) for row in rows), default=0)
    legend = [(f"vs {name}, {SIDES[i]}", COLOURS[(anchor, i)])
              for anchor, name in (("beam", "BEAM"), ("pekko", "Pekko")) for i in range(sides)]
    lx = LEFT - 200
    for text, colour in legend:
        out.append(f'<rect x="{lx}" y="{height - 22}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{lx + 14}" y="{height - 13}">{text}</text>')
        lx += 118
    if any(_rounds(row) for row in rows):
        out.append(f'<line x1="{lx + 5}" y1="{height - 22}" x2="{lx + 5}" y2="{height - 12}" stroke="#000" '
                   f'stroke-width="1.5"/>')
        out.append(f'<text x="{lx + 14}" y="{height - 13}">one round</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _ratios(cell):
    return [None if part.strip() in ("—", "") else float(part.strip().rstrip("x")) for part in cell.split("/")]


def rows_from_table(markdown):
    """The chart rows of the first results table of docs/BENCHMARKS.md, and the title the chart had."""
    rows, in_table, first = [], False, 0
    for line in markdown.splitlines():
        if line.startswith("| workload | BEAM | Pekko |"):
            in_table = True
            header = [c.strip() for c in line.strip().strip("|").split("|")]
            first = next(i for i, c in enumerate(header) if c.startswith("otp4j vs BEAM"))
            continue
        if in_table and not line.startswith("|"):
            break
        if not in_table or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < first + 3 or "/" not in cells[first]:
            continue  # a row without ratios (the latency ratio of the scaling pair)
        workload = cells[0].split(" (")[0]
        rows.append((workload, _ratios(cells[first]), _ratios(cells[first + 1]), cells[first + 2]))
    if not rows:
        sys.exit("no results table (| workload | BEAM | Pekko | ...) in the page")
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: scenarios_chart.py BENCHMARKS.md OUT.svg  (redraws the chart from the page's table)")
    page, out_path = sys.argv[1], sys.argv[2]
    old_title = ""
    try:
        m = re.search(r'font-size="14">([^<]*)</text>', open(out_path, encoding="utf-8").read())
        old_title = html.unescape(m.group(1)) if m else ""
    except FileNotFoundError:
        pass
    rows = rows_from_table(open(page, encoding="utf-8").read())
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(svg(rows, old_title or "otp4j against the BEAM and Pekko"))
    print(f"wrote {out_path} ({len(rows)} workloads)")


if __name__ == "__main__":
    main()
