#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Read the sampling profiler's output out of a serial log.

A kernel booted with profile=GLOB prints, inside each profiled case's
KTAP block (kernel/ktest_profile.c):

    # profile SUITE.CASE: N samples, D dropped, H Hz
    # folded SUITE.CASE: task;outermost;...;leaf COUNT

This tool groups those lines by case, prints the top functions by self
samples (the function was the leaf: the CPU was executing it) and by total
samples (the function was anywhere on the stack, counted once per sample
however often it recurses), and writes the folded stacks to a file that
flamegraph.pl reads as it is. The first field of a stack is the task's
name, not a function; "[user]" stands for user space: the leaf of a sample
taken in user mode, the root of a kernel stack under a system call or a
user fault. Idle CPUs' samples (tasks "swapper/N") are left out unless
--idle is given: they are not work, and would top every table of a
benchmark that keeps one CPU busy.

    profile.py build/bench/logs/bench-bios-cd.log --top 10 --folded out.folded
"""
import argparse
import collections
import fnmatch
import re
import sys

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\]\s?")
HEADER = re.compile(r"#\s+profile\s+(\S+):\s+(\d+) samples, (\d+) dropped, "
                    r"(\d+) Hz\s*$")
FOLDED = re.compile(r"#\s+folded\s+(\S+):\s+(\S.*?)\s+(\d+)\s*$")


class CaseProfile:
    """The samples of one profiled case."""

    def __init__(self, name):
        self.name = name
        self.samples = None     # from the header line; None if it is lost
        self.dropped = 0
        self.hz = None
        self.stacks = collections.Counter()    # "task;f;...;leaf" -> count

    def folded_total(self):
        return sum(self.stacks.values())


def parse(lines):
    """{case name: CaseProfile} from serial-log lines, in log order."""
    cases = {}

    def case(name):
        if name not in cases:
            cases[name] = CaseProfile(name)
        return cases[name]

    for raw in lines:
        line = TIMESTAMP.sub("", raw.rstrip("\r\n")).strip()
        m = FOLDED.match(line)
        if m:
            case(m.group(1)).stacks[m.group(2)] += int(m.group(3))
            continue
        m = HEADER.match(line)
        if m:
            c = case(m.group(1))
            c.samples, c.dropped, c.hz = (int(m.group(2)), int(m.group(3)),
                                          int(m.group(4)))
    return cases


IDLE_TASKS = "swapper/*"


def select(cases, case_glob="*", task_glob="*", idle=True):
    """The stacks of the cases matching case_glob, merged, keeping only
    those whose task matches task_glob (and is not idle, unless idle)."""
    merged = collections.Counter()
    for c in cases.values():
        if not fnmatch.fnmatchcase(c.name, case_glob):
            continue
        for stack, n in c.stacks.items():
            task = stack.split(";", 1)[0]
            if not idle and fnmatch.fnmatchcase(task, IDLE_TASKS):
                continue
            if fnmatch.fnmatchcase(task, task_glob):
                merged[stack] += n
    return merged


def top(stacks, n):
    """([(function, self, total)] of the n largest by self, then total,
    the sample count). Functions exclude the task name (the first field)."""
    self_count = collections.Counter()
    total_count = collections.Counter()
    samples = 0
    for stack, count in stacks.items():
        funcs = stack.split(";")[1:]
        samples += count
        if not funcs:
            continue
        self_count[funcs[-1]] += count
        for f in set(funcs):
            total_count[f] += count
    ranked = sorted(total_count, key=lambda f: (-self_count[f],
                                                -total_count[f], f))
    return [(f, self_count[f], total_count[f]) for f in ranked[:n]], samples


def top_by_total(stacks, n):
    """Like top(), ranked by total samples."""
    rows, samples = top(stacks, sys.maxsize)
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    return rows[:n], samples


def format_table(title, rows, samples):
    out = ["%s (%d samples)" % (title, samples),
           "  self%  total%    self   total  function"]
    for f, s, t in rows:
        out.append("%6.1f%% %6.1f%% %7d %7d  %s" % (
            100.0 * s / samples if samples else 0.0,
            100.0 * t / samples if samples else 0.0, s, t, f))
    return "\n".join(out)


def write_folded(stacks, path):
    """One "stack count" line per stack: flamegraph.pl's input."""
    with open(path, "w") as f:
        for stack in sorted(stacks):
            f.write("%s %d\n" % (stack, stacks[stack]))


def report(cases, args):
    lines = []
    for c in cases.values():
        if fnmatch.fnmatchcase(c.name, args.case):
            lines.append("profile %s: %s samples, %d dropped, %s Hz" % (
                c.name, c.samples if c.samples is not None else "?",
                c.dropped, c.hz if c.hz is not None else "?"))
    stacks = select(cases, args.case, args.task, args.idle)
    left_out = sum(select(cases, args.case, args.task).values()) - \
        sum(stacks.values())
    if left_out:
        lines.append("%d idle samples left out (--idle keeps them)"
                     % left_out)
    rows, samples = top(stacks, args.top)
    lines.append(format_table("top %d by self" % args.top, rows, samples))
    rows, samples = top_by_total(stacks, args.top)
    lines.append(format_table("top %d by total" % args.top, rows, samples))
    return "\n".join(lines), stacks


def main(argv=None):
    p = argparse.ArgumentParser(
        description="top functions and folded stacks from a serial log "
                    "of a kernel booted with profile=GLOB")
    p.add_argument("log", help="serial log (build/.../logs/*.log)")
    p.add_argument("--case", default="*",
                   help="only cases (SUITE.CASE) matching this glob")
    p.add_argument("--task", default="*",
                   help="only samples of tasks matching this glob")
    p.add_argument("--idle", action="store_true",
                   help="keep the idle tasks' samples (swapper/N)")
    p.add_argument("--top", type=int, default=10, help="rows per table")
    p.add_argument("--folded", metavar="FILE",
                   help="write the selected stacks here for flamegraph.pl")
    args = p.parse_args(argv)
    with open(args.log, errors="replace") as f:
        cases = parse(f)
    if not cases:
        print("profile.py: no profile lines in %s (was the kernel booted "
              "with profile=GLOB?)" % args.log, file=sys.stderr)
        return 1
    text, stacks = report(cases, args)
    print(text)
    if args.folded:
        write_folded(stacks, args.folded)
        print("folded stacks: %s" % args.folded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
