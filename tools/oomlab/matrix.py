# SPDX-License-Identifier: MIT
"""The scenario matrix: every scenario suite x CPU count x firmware, each a
QEMU boot of its own with its own log, N at a time, merged into one HTML
report (tools/oomlab/htmlreport.py) -- what the LAVA jobs do on a farm,
on this machine.

    python3 -m oomlab.matrix [--jobs N] [--suites S,...] [--smp N,...]
                             [--modes M,...]

The designs are not an axis of boots: every scenario case runs itself under
each design in turn (the charge-path designs, or the OOM reaper's), so each
boot's log holds a column of the design x scenario table. Logs go to
BUILD/logs/matrix-<suite>-<mode>-smp<N>.log, the report (and its
junit.xml, kunit.json) to BUILD/matrix/.
Exit status: 0 every boot passed, 1 one failed (the report is written
anyway), 2 a bad axis value.
"""
import argparse
import itertools
import os
import sys
import time

from . import htmlreport, plan, qemu, runner
from .report import Reporter

SUITES = ("scenario", "scenario_charge", "scenario_limits",
          "scenario_procs", "reaper_scenario")
SMP = (2, 4)
# Rough seconds a boot takes: the runner starts the long ones first.
COST = {"reaper_scenario": 40}
MODES = ("bios-cd", "uefi-cd")


def entries(suites, smps, modes):
    """A boot per (suite, mode, CPUs), named after them."""
    return [plan.Entry("matrix-%s-%s-smp%d" % (suite, mode, smp),
                       mode=mode, smp=smp, cmdline="ktest.filter=" + suite,
                       cost=COST.get(suite, 15), tags=("matrix",))
            for suite, mode, smp in itertools.product(suites, modes, smps)]


def parse_list(text, allowed, name, convert=str):
    """@text split at commas, each value checked against @allowed; raise
    ValueError naming @name and what is allowed."""
    try:
        values = [convert(v) for v in text.split(",") if v]
    except ValueError:
        values = None
    if not values or any(v not in allowed for v in values):
        what = ("%d..%d" % (allowed[0], allowed[-1])
                if isinstance(allowed, range)
                else ", ".join(map(str, allowed)))
        raise ValueError("bad --%s %r: a comma-separated list of %s" % (
            name, text, what))
    return values


def run_boots(todo, build_dir, timeout, jobs, label):
    """Boot @todo @jobs at a time through the runner make test uses,
    print the summary; return (every boot passed, results, wall s)."""
    reporter = Reporter()
    settings = runner.Settings(build=build_dir, timeout=timeout,
                               hang_timeout=120)
    reporter.say("%s: %d boots, %d at a time" % (label, len(todo), jobs))
    start = time.monotonic()
    results = runner.run_all(todo, settings, reporter, jobs=jobs,
                             keep_going=True)
    ok = reporter.summary(todo, results)
    wall = time.monotonic() - start
    reporter.say("%s: %d boots in %.0f s wall at -j%d" % (
        label, len(todo), wall, jobs))
    return ok, results, wall


def parser():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="boots at a time (default: the CPUs, %(default)s)")
    ap.add_argument("--suites", default=",".join(SUITES),
                    help="scenario suites (default %(default)s)")
    ap.add_argument("--smp", default=",".join(map(str, SMP)),
                    help="CPU counts (default %(default)s)")
    ap.add_argument("--modes", default=",".join(MODES),
                    help="firmware and medium (default %(default)s)")
    ap.add_argument("--build-dir", default="build", metavar="DIR")
    ap.add_argument("--timeout", type=float, default=600, metavar="S",
                    help="kill a boot after S seconds (default 600)")
    ap.add_argument("--list", action="store_true",
                    help="print the boots and exit")
    return ap


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        todo = entries(parse_list(args.suites, SUITES, "suites"),
                       parse_list(args.smp, range(1, 65), "smp", int),
                       parse_list(args.modes, qemu.MODES, "modes"))
    except ValueError as e:
        print("matrix: %s" % e, file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("matrix: bad --jobs %d: at least 1" % args.jobs,
              file=sys.stderr)
        return 2
    if args.list:
        for e in todo:
            print("%-44s %s" % (e.name, e.describe()))
        return 0
    ok, results, _ = run_boots(todo, args.build_dir, args.timeout,
                               args.jobs, "matrix")
    out = os.path.join(args.build_dir, "matrix")
    logs = [r.log_path for r in results if r and os.path.exists(r.log_path)]
    index = htmlreport.write(logs, out)
    print("matrix: report %s" % index)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
