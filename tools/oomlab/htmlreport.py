#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""One self-contained HTML page from serial logs: what a run showed.

    htmlreport.py [--out DIR] LOG...

writes DIR/index.html (default build/report), with every image inlined as
a data: URI, so the one file can be mailed or attached:

  - the test results of every log, failures first;
  - per log and scenario, memory.current of the scenario's group over time
    under each design, memory.max dashed, and markers where the OOM killer
    killed (x), the reaper reaped (o) and MMF_OOM_SKIP was set (s)
    (tools/oomlab/samples.py reads them);
  - the design x scenario tables of tools/oomlab/scenarios.py, as text and
    as charts: kills and time to the first kill per charge-path design,
    innocent kills and time until the group had room per reaper design.

Next to it: DIR/junit.xml (tools/oomlab/junit.py) and DIR/kunit.json, the
`kunit.py parse --json` documents of the logs (LOG.kunit.json, written by
the kunit-parse row) under one root group.
"""
import argparse
import base64
import html
import io
import json
import os
import sys

from . import classify, junit, ktap, plan, runner, samples, scenarios

# Debian's interpreter: the one that sees python3-matplotlib (the python3
# on PATH may be another).
DEBIAN_PYTHON = "/usr/bin/python3"
MARKERS = {samples.KILL: "x", samples.REAP: "o", samples.SKIP: "s"}
MIB = 1 << 20


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")       # no display: PNGs only
    import matplotlib.pyplot as plt
    return plt


def _png(fig):
    """The figure as a data: URI; the figure is closed."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    _pyplot().close(fig)
    return "data:image/png;base64," + base64.b64encode(
        buf.getvalue()).decode("ascii")


def _img(uri, alt):
    return '<img class="plot" src="%s" alt="%s">' % (uri, html.escape(alt))


def _at(run, t_ms):
    """memory.current (MiB) of the last sample at or before @t_ms."""
    value = run.samples[0]["current"] if run.samples else 0
    for s in run.samples:
        if s["t_ms"] > t_ms:
            break
        value = s["current"]
    return value / MIB


def timeline(title, runs):
    """memory.current over time, a line per design, with its events."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    limits = set()
    for i, run in enumerate(runs):
        colour = "C%d" % (i % 10)
        ts = [s["t_ms"] for s in run.samples]
        ax.plot(ts, [s["current"] / MIB for s in run.samples],
                color=colour, label=run.design, drawstyle="steps-post")
        limits.update(s["max"] for s in run.samples)
        for t, kind in run.events:
            ax.plot([t], [_at(run, t)], linestyle="none", color=colour,
                    marker=MARKERS.get(kind, "*"), markersize=9,
                    markerfacecolor="none")
    for limit in limits:
        ax.axhline(limit / MIB, color="grey", linestyle="--", linewidth=1)
    ax.set_title(title)
    ax.set_xlabel("ms since the scenario started")
    ax.set_ylabel("memory.current (MiB)")
    ax.legend(fontsize="small", loc="best")
    return _png(fig)


def bars(title, ylabel, groups, series):
    """Grouped bars: @groups on the x axis, a bar per key of @series
    ({label: [value per group]}, None drawn as nothing)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    width = 0.8 / max(len(series), 1)
    for i, (label, values) in enumerate(series.items()):
        xs = [g + i * width for g in range(len(groups))]
        ax.bar(xs, [v or 0 for v in values], width, label=label)
    ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))])
    ax.set_xticklabels(groups, rotation=30, ha="right", fontsize="small")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small")
    return _png(fig)


def _ordered(items):
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _table_html(header, rows):
    out = ["<table><tr>%s</tr>" % "".join(
        "<th>%s</th>" % html.escape(h) for h in header)]
    for row in rows:
        out.append("<tr>%s</tr>" % "".join(
            "<td>%s</td>" % html.escape(str(c)) for c in row))
    return "\n".join(out + ["</table>"])


def charge_section(label, runs):
    """The charge-path design x scenario table and its charts."""
    fields = [r.fields for r in runs if r.kind == "scenario"]
    if not fields:
        return ""
    rows, designs = scenarios.table(fields)
    names = [name for name, _ in rows]
    last = {(f["name"], f["design"]): f for f in fields}

    def series(key):
        return {d: [scenarios.number(last.get((n, d), {}), key)
                    for n in names] for d in designs}

    out = ["<h3>Charge-path designs: %s</h3>" % html.escape(label),
           _table_html(["scenario"] + designs,
                       [[n] + [c.get(d, "-") for d in designs]
                        for n, c in rows]),
           _img(bars("%s: OOM kills" % label, "kills", names,
                     series("kills")), "kills per design"),
           _img(bars("%s: time to the first kill" % label, "ms", names,
                     series("t_first_kill_ms")), "first kill per design")]
    return "\n".join(out)


def reaper_section(runs):
    """The reaper design table (over every log) and its charts."""
    fields = [r.fields for r in runs if r.kind == "reaper"]
    if not fields:
        return ""
    summary = scenarios.reaper_summary(fields)
    scens = _ordered(f["scenario"] for f in fields)

    def mean(values):
        return sum(values) / len(values) if values else None

    innocent = {d: [mean(s["innocent"].get(c, [])) for c in scens]
                for d, s in summary.items()}
    room = {"mean ms": [mean(s["room"]) for s in summary.values()]}
    ok, headline = scenarios.reaper_headline(fields)
    return "\n".join([
        "<h3>OOM reaper designs (%d runs)</h3>" % len(fields),
        "<pre>%s</pre>" % html.escape(scenarios.reaper_render(fields)),
        "<p>%s%s</p>" % ("" if ok else "headline FAILED: ",
                         html.escape(headline)),
        _img(bars("innocent kills per run", "kills", scens, innocent),
             "innocent kills per reaper design"),
        _img(bars("time from the first kill until the group had room",
                  "ms", list(summary), room), "room per reaper design")])


def timelines(label, runs):
    """A plot per scenario of the log, its designs as lines."""
    out = []
    for kind, name in _ordered((r.kind, r.name) for r in runs):
        mine = [r for r in runs if (r.kind, r.name) == (kind, name)
                and r.samples]
        if mine:
            title = "%s %s (%s)" % (
                "reaper" if kind == "reaper" else "scenario", name, label)
            out.append(_img(timeline(title, mine), title))
    return "\n".join(out)


def result_of(path, lines):
    """The log's runner.Result, classified as `oomlab-run.py parse`
    does."""
    parser = ktap.parse_lines(lines)
    verdict = classify.classify(classify.ProcOutcome(), parser,
                                [ktap.clean_line(r) for r in lines])
    entry = plan.Entry(os.path.basename(path)[:-len(".log")]
                       if path.endswith(".log") else os.path.basename(path))
    tree = runner.counted_tree(entry, parser, verdict)
    return runner.Result(entry, verdict, tree, parser, log_path=path)


def results_section(results):
    """Failed cases first, then a row per log, failing logs first."""
    failed = []
    for r in results:
        for path, test in r.tree.leaves():
            if test.status in (ktap.FAIL, ktap.CRASH):
                failed.append([r.entry.name, ".".join(path), test.status,
                               test.reason])
    rows = []
    for r in sorted(results, key=lambda r: r.ok):
        p, f, s = r.counts()
        rows.append([r.entry.name, "PASS" if r.ok else "FAIL", p, f, s,
                     r.verdict.summary()])
    out = ["<h2>Test results</h2>"]
    if failed:
        out += ['<h3 class="fail">Failures</h3>',
                _table_html(["log", "case", "status", "reason"], failed)]
    out.append(_table_html(["log", "result", "passed", "failed", "skipped",
                            "verdict"], rows))
    return "\n".join(out)


def merged_kunit(paths):
    """The logs' LOG.kunit.json documents under one group, or None."""
    groups = []
    for path in paths:
        json_path = path[:-len(".log")] + ".kunit.json"
        if path.endswith(".log") and os.path.exists(json_path):
            with open(json_path) as f:
                doc = json.load(f)
            doc["name"] = os.path.basename(path)[:-len(".log")]
            groups.append(doc)
    if not groups:
        return None
    return {"name": "oomlab", "sub_groups": groups, "test_cases": []}


STYLE = """body{font-family:sans-serif;margin:1em 2em}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #bbb;padding:2px 6px;font-size:small}
.fail{color:#b00}img.plot{display:block;margin:.5em 0}"""


def page(paths):
    """The HTML text and the results of @paths."""
    results, body, reaper_runs = [], [], []
    for path in paths:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
        results.append(result_of(path, lines))
        runs = samples.parse(lines)
        if not runs:
            continue
        label = os.path.basename(path)
        body += ["<h2>%s</h2>" % html.escape(label),
                 charge_section(label, runs), timelines(label, runs)]
        reaper_runs += [r for r in runs if r.kind == "reaper"]
    body.append(reaper_section(reaper_runs))
    text = "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>oomlab report</title><style>%s</style></head><body>" % STYLE,
        "<h1>oomlab report</h1>",
        "<p>Logs: %s</p>" % html.escape(", ".join(paths)),
        results_section(results)] + [b for b in body if b] +
        ["</body></html>", ""])
    return text, results


def write(paths, out_dir):
    """Write index.html, junit.xml and kunit.json (when any log has one)
    into @out_dir; return the path of index.html."""
    text, results = page(paths)
    os.makedirs(out_dir, exist_ok=True)
    index = os.path.join(out_dir, "index.html")
    with open(index, "w") as f:
        f.write(text)
    junit.write(results, os.path.join(out_dir, "junit.xml"))
    kunit = merged_kunit(paths)
    if kunit:
        with open(os.path.join(out_dir, "kunit.json"), "w") as f:
            json.dump(kunit, f, indent=4)
    return index


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="build/report", metavar="DIR",
                    help="output directory (default build/report)")
    ap.add_argument("logs", nargs="+", help="serial logs")
    args = ap.parse_args(argv)
    missing = [p for p in args.logs if not os.path.exists(p)]
    if missing:
        print("htmlreport: no such log: %s" % ", ".join(missing),
              file=sys.stderr)
        return 2
    print("htmlreport: wrote %s" % write(args.logs, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
