# SPDX-License-Identifier: MIT
"""The OOM scenario runs of a serial log, each with its samples and events.

A run ends with its summary line, "# scenario name=... design=..." (the
charge-path scenarios) or "# reaper scenario=... design=..." (the OOM
reaper's); what the log printed since the previous summary line is the
run's (tests/mm/scenario.h):

    # sample t_ms=40 cg=scen current=929792 max=1048576
      events=max:3,oom:1,oom_kill:0 kills=0      (one line)
    Memory cgroup out of memory: Killed process 8 (hog) ...
    oom_reaper: reaped process 8 (hog), now anon-rss:0kB, ...
    # event t_ms=61 kind=oom_skip

A sample's t_ms counts from the start of the run. The kill and reap lines
carry no time: they get the time of the sample before them (samples are
20 ms apart), except the first kill, timed exactly by the summary's
t_first_kill_ms. A suite's "# Subtest:" line drops what came before it:
the kills of other suites.
"""
import re
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from . import scenarios

SAMPLE = re.compile(r"#\s+sample\s+(t_ms=.*?)\s*$")
EVENT = re.compile(r"#\s+event\s+(t_ms=.*?)\s*$")
KILLED = "Killed process"
REAPED = "oom_reaper: reaped process"
SUBTEST = "# Subtest:"

KILL, REAP, SKIP = "kill", "reap", "oom_skip"


@dataclass
class Run:
    kind: str                   # "scenario" or "reaper"
    name: str                   # the scenario
    design: str
    fields: Dict[str, str]      # the summary line's
    samples: List[Dict[str, int]] = field(default_factory=list)
    events: List[Tuple[int, str]] = field(default_factory=list)


def _words(text):
    return dict(w.partition("=")[::2] for w in text.split() if "=" in w)


def parse_sample(text):
    """The numbers of one '# sample' line ({"t_ms": 40, "current": ...,
    "max": ..., "kills": ...}), or None."""
    m = SAMPLE.search(text)
    if not m:
        return None
    words = _words(m.group(1))
    try:
        return {key: int(words[key])
                for key in ("t_ms", "current", "max", "kills")}
    except (KeyError, ValueError):
        return None


def _event(text, now):
    """(t_ms, kind) for an event line, or None."""
    m = EVENT.search(text)
    if m:
        words = _words(m.group(1))
        if words.get("t_ms", "").isdigit() and words.get("kind"):
            return int(words["t_ms"]), words["kind"]
        return None
    if KILLED in text:
        return now, KILL
    if REAPED in text:
        return now, REAP
    return None


def _finish(kind, fields, samples, events):
    first_kill = scenarios.number(fields, "t_first_kill_ms")
    kills = [i for i, (_, k) in enumerate(events) if k == KILL]
    if first_kill is not None and kills:
        events[kills[0]] = (first_kill, KILL)
    name = fields["name"] if kind == "scenario" else fields["scenario"]
    return Run(kind, name, fields["design"], fields, samples,
               sorted(events))


def parse(lines):
    """Every scenario run of a log, in order."""
    runs, samples, events = [], [], []
    for text in lines:
        if SUBTEST in text:     # a new suite: earlier kills are not ours
            samples, events = [], []
            continue
        sample = parse_sample(text)
        if sample:
            samples.append(sample)
            continue
        fields = scenarios.parse_line(text)
        kind = "scenario"
        if fields is None:
            fields = scenarios.parse_reaper_line(text)
            kind = "reaper"
        if fields is not None:
            runs.append(_finish(kind, fields, samples, events))
            samples, events = [], []
            continue
        event = _event(text, samples[-1]["t_ms"] if samples else 0)
        if event:
            events.append(event)
    return runs
