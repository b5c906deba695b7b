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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("logs", nargs="+", help="serial logs of scenario boots")
    args = ap.parse_args(argv)
    status = 0
    for path in args.logs:
        with open(path, errors="replace") as f:
            runs = parse(f)
        print("== %s" % path)
        if not runs:
            print("no '# scenario' lines")
            status = 1
            continue
        sys.stdout.write(render(runs))
    return status


if __name__ == "__main__":
    sys.exit(main())
