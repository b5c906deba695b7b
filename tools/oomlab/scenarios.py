#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print the design x scenario table from serial logs of the scenario suite.

Every run of an OOM scenario under one charge-path design prints one line
(tests/mm/scenario.h):

    # scenario name=populate design=pre kills=0 victims=none
      events=max:7,oom:1,oom_kill:0 populated=232/512 enomem=0
      overcharge_pages=0 t_first_kill_ms=-

(on one line). This tool collects them, one table per log (a boot under
-smp 1 and one under -smp 4 give two), a row per scenario, a column per
design, in the order they were printed. A cell reads "kill hog" (who died
of the OOM killer), "no kill", then what else happened: populated pages,
ENOMEM seen by the program, pages charged over the limit, the events.

    scenarios.py build/logs/scenarios-smp1.log build/logs/scenarios-smp4.log

The OOM reaper's scenarios (tests/mm/reaper_scenario_boot_test.c) print

    # reaper scenario=mlock design=rp419 seed=3 kills=2 innocent_kills=1
      t_first_kill_ms=37 t_reaped_ms=- t_usage_below_max_ms=- ...

and make a second table, a row per reaper design over every log given
(several boots, several seeds): innocent kills per scenario (mean/worst),
the mean time until the group had room again, the worst time to the
second kill when the victim can never exit ("stuck": liveness), and the
charger's mean CPU. The headline: "oomlab" alone has no innocent kill and
bounded liveness; every other design fails one or the other.
"""
import argparse
import re
import sys

LINE = re.compile(r"#\s+scenario\s+(name=\S+.*?)\s*$")


def parse_line(text):
    """The fields of one '# scenario' line as a dict, or None."""
    m = LINE.search(text)
    if not m:
        return None
    fields = {}
    for word in m.group(1).split():
        key, sep, value = word.partition("=")
        if sep:
            fields[key] = value
    if "name" not in fields or "design" not in fields:
        return None
    return fields


def parse(lines):
    """Every scenario line of a log, in order, as dicts."""
    return [f for f in (parse_line(line) for line in lines) if f]


def events(fields):
    """memory.events as printed: {"max": 7, "oom": 1, "oom_kill": 0}."""
    out = {}
    for pair in fields.get("events", "").split(","):
        key, sep, value = pair.partition(":")
        if sep and value.lstrip("-").isdigit():
            out[key] = int(value)
    return out


def cell(fields):
    """The short text of one scenario run under one design."""
    kills = fields.get("kills", "0")
    victims = fields.get("victims", "none")
    if kills in ("0", "-"):
        parts = ["no kill"]
    else:
        who = victims if victims != "none" else "?"
        parts = ["kill %s" % who if kills == "1" else
                 "%s kills %s" % (kills, who)]
    populated = fields.get("populated", "-/-")
    if not populated.startswith("-"):
        parts.append("pop %s" % populated)
    if fields.get("enomem") == "1":
        parts.append("ENOMEM")
    over = fields.get("overcharge_pages", "0")
    if over not in ("0", "-"):
        parts.append("over +%s" % over)
    ev = events(fields)
    parts.append("oom %d" % ev.get("oom", 0))
    return ", ".join(parts)


def table(runs):
    """Rows (scenario, {design: cell}) and the designs, in first-seen
    order; a scenario run twice under one design keeps the last."""
    designs, rows = [], {}
    for f in runs:
        if f["design"] not in designs:
            designs.append(f["design"])
        rows.setdefault(f["name"], {})[f["design"]] = cell(f)
    return list(rows.items()), designs


def render(runs):
    """The table as text, columns padded to their widest cell."""
    rows, designs = table(runs)
    header = ["scenario"] + designs
    body = [[name] + [cells.get(d, "-") for d in designs]
            for name, cells in rows]
    widths = [max(len(r[i]) for r in [header] + body)
              for i in range(len(header))]

    def line(cols):
        return " | ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in body]
    return "\n".join(out) + "\n"


REAPER = re.compile(r"#\s+reaper\s+(scenario=\S+.*?)\s*$")


def parse_reaper_line(text):
    """The fields of one '# reaper' line as a dict, or None."""
    m = REAPER.search(text)
    if not m:
        return None
    fields = dict(w.partition("=")[::2] for w in m.group(1).split()
                  if "=" in w)
    if "design" not in fields:
        return None
    return fields


def parse_reaper(lines):
    """Every '# reaper' line of a log, in order, as dicts."""
    return [f for f in (parse_reaper_line(line) for line in lines) if f]


def number(fields, key):
    """An integer field, or None for '-' or a missing one."""
    value = fields.get(key, "-")
    return int(value) if value.lstrip("-").isdigit() else None


def reaper_summary(runs):
    """Per design (first-seen order): innocent kills per scenario as a
    list of counts, times until room, liveness times in 'stuck' (None:
    no second kill), charger CPU."""
    out = {}
    for f in runs:
        d = out.setdefault(f["design"], {"innocent": {}, "room": [],
                                         "liveness": [], "cpu": []})
        d["innocent"].setdefault(f["scenario"], []).append(
            number(f, "innocent_kills") or 0)
        first, room = number(f, "t_first_kill_ms"), \
            number(f, "t_usage_below_max_ms")
        if f["scenario"] == "stuck":
            second = number(f, "t_second_kill_ms")
            d["liveness"].append(None if second is None or first is None
                                 else second - first)
        elif room is not None and first is not None:
            d["room"].append(room - first)
        d["cpu"].append(number(f, "charger_cpu_ms") or 0)
    return out


def _mean(values):
    return sum(values) / len(values) if values else 0.0


def reaper_render(runs):
    """The reaper table as text."""
    summary = reaper_summary(runs)
    scens = []
    for f in runs:
        if f["scenario"] not in scens:
            scens.append(f["scenario"])
    header = (["design"] + ["%s innocent" % s for s in scens] +
              ["room ms", "stuck 2nd kill ms", "charger cpu ms"])
    body = []
    for design, d in summary.items():
        row = [design]
        for s in scens:
            counts = d["innocent"].get(s, [])
            row.append("%.1f/%d" % (_mean(counts), max(counts))
                       if counts else "-")
        row.append("%.0f" % _mean(d["room"]) if d["room"] else "-")
        live = d["liveness"]
        row.append("-" if not live else "never" if None in live
                   else "%d" % max(live))
        row.append("%.0f" % _mean(d["cpu"]))
        body.append(row)
    widths = [max(len(r[i]) for r in [header] + body)
              for i in range(len(header))]

    def line(cols):
        return " | ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    return "\n".join(out + [line(r) for r in body]) + "\n"


def reaper_headline(runs):
    """(ok, text): does 'oomlab' alone have zero innocent kills and a
    second kill in every 'stuck' run, while every other design has an
    innocent kill or a 'stuck' run without a second kill?"""
    summary = reaper_summary(runs)

    def safe(d):
        return not any(sum(c) for c in d["innocent"].values())

    def live(d):
        return None not in d["liveness"]

    problems = []
    ours = summary.get("oomlab")
    if ours is None:
        problems.append("no oomlab runs")
    elif not (safe(ours) and live(ours) and ours["liveness"]):
        problems.append("oomlab: innocent kills or no bounded liveness")
    for design, d in summary.items():
        if design != "oomlab" and safe(d) and live(d):
            problems.append("%s has neither innocent kills nor a "
                            "liveness failure" % design)
    if problems:
        return False, "; ".join(problems)
    return True, ("oomlab: 0 innocent kills, stuck victim given up in "
                  "<= %d ms; every other design kills an innocent "
                  "process or never gives up" % max(ours["liveness"]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("logs", nargs="+", help="serial logs of scenario boots")
    args = ap.parse_args(argv)
    status, reaper = 0, []
    for path in args.logs:
        with open(path, errors="replace") as f:
            lines = f.readlines()
        runs, mine = parse(lines), parse_reaper(lines)
        reaper += mine
        if mine and not runs:
            continue
        print("== %s" % path)
        if not runs:
            print("no '# scenario' lines")
            status = 1
            continue
        sys.stdout.write(render(runs))
    if reaper:
        ok, text = reaper_headline(reaper)
        print("== OOM reaper designs (%d runs)" % len(reaper))
        sys.stdout.write(reaper_render(reaper))
        print(("headline: " if ok else "headline FAILED: ") + text)
        status = status or (0 if ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main())
