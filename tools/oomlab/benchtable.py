# SPDX-License-Identifier: MIT
"""The side-by-side table of `make bench`: mmbench's figures from oomlab
boots and Linux boots, taken in alternation, with the ratio and its
spread.

mmbench prints, per case and boot, "mmbench: case=NAME unit=UNIT ops=N
reps=R median=X min=X max=X" (nanoseconds per page or per op: lower is
faster). A boot's figure for a case is its median. Over the rounds:

  oomlab, linux   the median of the boots' figures
  ratio           linux / oomlab: how many times faster oomlab is (2.0:
                  oomlab does the work in half Linux's time; 0.5: twice
                  Linux's). A target "oomlab at 1.5x Linux's rate" is
                  ratio >= 1.5.
  best            min(linux) / min(oomlab) over the boots: the ratio of
                  each kernel's least disturbed boot. Other load only ever
                  adds time, so on a busy machine this is the steadiest
                  figure
  round range     the lowest and highest ratio of one round (the oomlab
                  boot and the Linux boot next to it): how far a single
                  pair of boots can be off
  spread          (max - min) / median of one kernel's boot figures, in
                  percent: the boot-to-boot noise of that kernel
"""
import re
import statistics
from dataclasses import dataclass, field
from typing import Dict, List, Optional

CASE_RE = re.compile(r"mmbench: case=(\w+) unit=(\S+) ops=(\d+) reps=(\d+) "
                     r"median=(\d+) min=(\d+) max=(\d+)")
ERROR_RE = re.compile(r"mmbench: case=(\w+) error=(\w+)")
START_RE = re.compile(r"mmbench: start pid=\d+ kernel=(\S+)")
DONE_RE = re.compile(r"mmbench: done cases=\d+ errors=(\d+)")


@dataclass
class Figure:
    """One case in one boot."""
    case: str
    unit: str
    ops: int
    reps: int
    median: int
    min: int
    max: int


@dataclass
class BootFigures:
    """What one boot's log says: figures and failed cases by name, and
    the kernel's name as mmbench printed it (uname), whether mmbench
    finished ("mmbench: done")."""
    figures: Dict[str, Figure] = field(default_factory=dict)
    errors: Dict[str, str] = field(default_factory=dict)
    kernel: str = ""
    done: bool = False


def parse(lines):
    """Read mmbench's lines wherever they are in @lines (a serial log:
    oomlab prefixes process output, Linux does not). A case seen twice
    keeps its last line."""
    boot = BootFigures()
    for line in lines:
        m = CASE_RE.search(line)
        if m:
            name, unit = m.group(1), m.group(2)
            nums = [int(g) for g in m.groups()[2:]]
            boot.figures[name] = Figure(name, unit, *nums)
            boot.errors.pop(name, None)
            continue
        m = ERROR_RE.search(line)
        if m:
            boot.errors[m.group(1)] = m.group(2)
            continue
        m = START_RE.search(line)
        if m:
            boot.kernel = m.group(1)
        elif DONE_RE.search(line):
            boot.done = True
    return boot


def spread_percent(values):
    """(max - min) / median of @values in percent; None for fewer than
    two values or a zero median."""
    if len(values) < 2:
        return None
    mid = statistics.median(values)
    if not mid:
        return None
    return 100.0 * (max(values) - min(values)) / mid


@dataclass
class Row:
    case: str
    unit: str
    oomlab: List[int]           # one figure per boot that had the case
    linux: List[int]
    round_ratios: List[float]   # linux / oomlab of each complete round

    @property
    def oomlab_median(self):
        return statistics.median(self.oomlab) if self.oomlab else None

    @property
    def linux_median(self):
        return statistics.median(self.linux) if self.linux else None

    @property
    def ratio(self):
        o, lx = self.oomlab_median, self.linux_median
        if o is None or lx is None or not o:
            return None
        return lx / o

    @property
    def best_ratio(self):
        if not self.oomlab or not self.linux or not min(self.oomlab):
            return None
        return min(self.linux) / min(self.oomlab)

    def as_dict(self):
        return {"case": self.case, "unit": self.unit,
                "oomlab": self.oomlab_median, "linux": self.linux_median,
                "ratio": _round(self.ratio),
                "oomlab_best": min(self.oomlab, default=None),
                "linux_best": min(self.linux, default=None),
                "best_ratio": _round(self.best_ratio),
                "round_ratio_min": _round(min(self.round_ratios,
                                              default=None)),
                "round_ratio_max": _round(max(self.round_ratios,
                                              default=None)),
                "oomlab_spread_pct": _round(spread_percent(self.oomlab), 1),
                "linux_spread_pct": _round(spread_percent(self.linux), 1),
                "oomlab_boots": self.oomlab, "linux_boots": self.linux}


def _round(x, digits=2):
    return None if x is None else round(x, digits)


def compare(rounds):
    """Rows from @rounds, a list of (oomlab BootFigures or None, linux
    BootFigures or None), one pair per round; None for a boot that gave
    nothing. Cases in the order they first appear."""
    order = []
    for pair in rounds:
        for boot in pair:
            for name in (boot.figures if boot else ()):
                if name not in order:
                    order.append(name)
    rows = []
    for name in order:
        unit, oomlab, linux, ratios = "", [], [], []
        for o, lx in rounds:
            fo = o.figures.get(name) if o else None
            fl = lx.figures.get(name) if lx else None
            if not unit and (fo or fl):
                unit = (fo or fl).unit
            if fo:
                oomlab.append(fo.median)
            if fl:
                linux.append(fl.median)
            if fo and fl and fo.median:
                ratios.append(fl.median / fo.median)
        rows.append(Row(name, unit, oomlab, linux, ratios))
    return rows


def _num(x):
    return "-" if x is None else "%d" % round(x)


def _pct(x):
    return "-" if x is None else "%d%%" % round(x)


def _ratio(x):
    return "-" if x is None else "%.2fx" % x


def format_table(rows, title=None):
    """The table as lines of text (no trailing newlines)."""
    out = [title] if title else []
    row = "%-12s %-8s %9s %9s %8s %8s %13s %7s %7s"
    out.append(row % ("case", "unit", "oomlab", "linux", "ratio", "best",
                      "round range", "spread", "spread"))
    out.append(row % ("", "", "median", "median", "lx/oom", "min/min",
                      "min..max", "oomlab", "linux"))
    for r in rows:
        rng = "-"
        if r.round_ratios:
            rng = "%.2f..%.2f" % (min(r.round_ratios), max(r.round_ratios))
        out.append(row % (
            r.case, r.unit, _num(r.oomlab_median), _num(r.linux_median),
            _ratio(r.ratio), _ratio(r.best_ratio), rng,
            _pct(spread_percent(r.oomlab)), _pct(spread_percent(r.linux))))
    return out


def missing(rounds):
    """Lines naming each boot that gave no figures or a failed case."""
    notes = []
    for i, pair in enumerate(rounds, 1):
        for kernel, boot in zip(("oomlab", "linux"), pair):
            if boot is None or not boot.figures:
                notes.append("round %d: %s gave no figures" % (i, kernel))
                continue
            for case, err in sorted(boot.errors.items()):
                notes.append("round %d: %s case %s failed: %s" %
                             (i, kernel, case, err))
    return notes


def best_kernel_name(boots: List[Optional[BootFigures]]):
    """The first kernel name any of @boots printed, or ''."""
    return next((b.kernel for b in boots if b and b.kernel), "")
