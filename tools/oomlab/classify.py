# SPDX-License-Identifier: MIT
"""How did a run end? One verdict per run, with human reasons.

Kinds, most severe first (a run has exactly one):
  error    the runner could not run it (QEMU missing, bad exit status)
  panic    "Kernel panic - not syncing:" printed by the kernel (first
           on its line, after the timestamp), or exit status 37
  timeout  the global timeout expired
  hang     no output for --hang-timeout seconds
  reset    QEMU exited 0 under -no-reboot: triple fault or reboot
  fail     the run ended normally but something failed: a test case, a
           crashed case, BUG/WARNING lines, inconsistent KTAP
  pass     everything else

Exit statuses come from isa-debug-exit: (value << 1) | 1.
"""
import re
from dataclasses import dataclass, field
from typing import List, Optional

from . import ktap

EXIT_PASS, EXIT_FAIL, EXIT_PANIC, EXIT_RESET = 33, 35, 37, 0



def _kernel_message(pattern):
    """A kernel message where the kernel prints it: first on its line,
    right after the "[seconds.micros] " timestamp (ktap.clean_line() has
    removed it already, or it is still there). Never inside a line: user
    output is logged as "[comm pid] text", so a program that prints
    "Kernel panic - not syncing:" does not make a kernel panic."""
    return re.compile(r"^(?:\[\s*\d+\.\d+\] )?(?P<msg>%s)" % pattern)


PANIC_RE = _kernel_message(r"Kernel panic - not syncing:\s*(?P<why>.*)")
# Lines that fail a run even when every test passed (Linux shapes).
BAD_LINE_RES = [
    _kernel_message(r"kernel BUG at .*"),
    _kernel_message(r"BUG: soft lockup.*"),
    _kernel_message(r"INFO: task .* blocked for more than.*"),
    _kernel_message(r"WARNING: CPU:.*"),
    # The lock-dependency validator (kernel/lockdep_report.c).
    _kernel_message(r"WARNING: possible (circular|recursive) locking .*"),
    _kernel_message(r"WARNING: inconsistent lock state"),
    _kernel_message(r"WARNING: lock order violation detected"),
    _kernel_message(r"BUG: sleeping lock acquired with a spinlock held"),
]
# Host binaries built with the sanitizers.
SANITIZER_RES = [
    re.compile(r"(?P<msg>ERROR: AddressSanitizer: .*)"),
    re.compile(r"(?P<msg>ERROR: LeakSanitizer: .*)"),
    re.compile(r"(?P<msg>\S+:\d+:\d+: runtime error: .*)"),
]
MAX_NAMES = 10

SEVERE = ("error", "panic", "timeout", "hang", "reset")


@dataclass
class ProcOutcome:
    """What the process runner saw; see proc.run()."""
    returncode: Optional[int] = None    # None: killed by the runner
    killed_for: Optional[str] = None    # "timeout", "hang", "panic"...
    start_error: str = ""
    timeout: float = 0
    hang_timeout: float = 0
    duration: float = 0


@dataclass
class Verdict:
    kind: str
    reasons: List[str] = field(default_factory=list)

    @property
    def ok(self):
        return self.kind == "pass"

    def summary(self):
        return "; ".join(self.reasons) if self.reasons else self.kind


def find_panic(lines):
    """Return the message of the first panic line, or None."""
    for line in lines:
        m = PANIC_RE.search(line)
        if m:
            return m.group("why").strip()
    return None


def bad_lines(lines, patterns):
    found = []
    for line in lines:
        for pattern in patterns:
            m = pattern.search(line)
            if m and m.group("msg").strip() not in found:
                found.append(m.group("msg").strip())
    return found


def _names(paths):
    names = [".".join(p) for p in paths[:MAX_NAMES]]
    more = len(paths) - len(names)
    return ", ".join(names) + (" and %d more" % more if more > 0 else "")


def ktap_reasons(parser):
    """Reasons to fail found in the KTAP alone."""
    reasons = []
    root = parser.root
    leaves = list(root.leaves())
    crashed = [p for p, t in leaves if t.status == ktap.CRASH]
    failed = [p for p, t in leaves if t.status == ktap.FAIL]
    if crashed:
        first = ".".join(crashed[0])
        more = len(crashed) - 1
        reasons.append("missing test results: %s crashed%s" %
                       (first, " (%d more not run)" % more if more else ""))
    if failed:
        reasons.append("%d test%s failed: %s" %
                       (len(failed), "" if len(failed) == 1 else "s",
                        _names(failed)))
    for err in parser.errors[:5]:
        reasons.append("KTAP: " + err)
    if len(parser.errors) > 5:
        reasons.append("KTAP: %d more errors" % (len(parser.errors) - 5))
    totals = parser.totals
    if totals and not crashed:
        counted = {"pass": sum(t.status == ktap.PASS for _, t in leaves),
                   "fail": len(failed),
                   "skip": sum(t.status == ktap.SKIP for _, t in leaves)}
        claimed = {k: totals.get(k, 0) for k in counted}
        if claimed != counted:
            reasons.append(
                "KTAP totals mismatch: kernel says %s, parsed %s" %
                (_fmt_counts(claimed), _fmt_counts(counted)))
    return reasons


def _fmt_counts(c):
    return "pass:%d fail:%d skip:%d" % (c["pass"], c["fail"], c["skip"])


def _end_kind(outcome, lines, qemu):
    """The kind and first reason from how the process ended."""
    panic = find_panic(lines)
    rc = outcome.returncode
    if outcome.start_error:
        return "error", outcome.start_error
    if panic is not None:
        return "panic", "kernel panic: %s" % panic
    if outcome.killed_for == "timeout":
        return "timeout", "timeout after %g s" % outcome.timeout
    if outcome.killed_for == "hang":
        return "hang", "hang: no output for %g s" % outcome.hang_timeout
    if outcome.killed_for:
        return "error", "stopped by the runner (%s)" % outcome.killed_for
    if rc is None:
        return None, None       # a saved log: judge the output alone
    if qemu:
        if rc == EXIT_PANIC:
            return "panic", "kernel panic (exit status 37, no panic line)"
        if rc == EXIT_RESET:
            if any("reboot: Restarting system" in ln for ln in lines):
                return "reset", "reset: the kernel rebooted"
            return "reset", "triple fault / reset"
        if rc not in (EXIT_PASS, EXIT_FAIL):
            return "error", "qemu exited with status %s%s" % (
                rc, _last_words(lines))
    elif rc is not None and rc < 0:
        return "panic", "crashed: killed by signal %d" % -rc
    elif rc not in (0, 1):
        return "error", "exited with status %s%s" % (rc, _last_words(lines))
    return None, None


def _last_words(lines):
    tail = [ln.strip() for ln in lines if ln.strip()][-1:]
    return ": " + tail[0] if tail else ""


def classify(outcome, parser, lines, qemu=True):
    """Return the Verdict of one run.

    @outcome: ProcOutcome; @parser: the finished ktap.Ktap; @lines: the
    cleaned output lines; @qemu: exit statuses are isa-debug-exit ones
    (else 0 = pass, 1 = fail, as for build/ktest-host).
    """
    kind, first = _end_kind(outcome, lines, qemu)
    reasons = [first] if first else []
    if parser.root is None:
        if kind is None or kind == "reset":
            reasons.append("no KTAP output")
    else:
        reasons += ktap_reasons(parser)
        _blame_crashed(parser.root, first)
        if not any(True for _ in parser.root.leaves()):
            # A mistyped ktest.filter selects nothing: "1..0" must not
            # read as a pass.
            reasons.append("no test ran (does the filter match a suite?)")
    reasons += bad_lines(lines, BAD_LINE_RES if qemu else SANITIZER_RES)
    rc = outcome.returncode
    if kind is None and parser.root is not None:
        failing = any(t.status in (ktap.FAIL, ktap.CRASH)
                      for _, t in parser.root.leaves())
        said_fail = rc == (EXIT_FAIL if qemu else 1)
        if said_fail and not failing:
            reasons.append("exit status %d says failure but no test "
                           "failed" % rc)
    if kind is None:
        kind = "fail" if reasons else "pass"
    return Verdict(kind, reasons)


def _blame_crashed(root, why):
    """Say why the first missing result is missing."""
    for _, test in root.leaves():
        if test.status == ktap.CRASH:
            if why:
                test.reason = "%s (%s)" % (test.reason, why)
            return


EXPECT_TEXT = {
    "fail": "a failed test",
    "panic": "a kernel panic",
    "hang": "a hang",
    "reset": "a triple fault / reset",
    "timeout": "a timeout",
}


def check_expected(expect, verdict, parser):
    """Self-test of the classifier: did a deliberately broken run get the
    verdict @expect? Return (ok, message)."""
    got = verdict.kind
    ok = got == expect
    if ok and expect == "fail":
        ok = parser.root is not None and any(
            t.status == ktap.FAIL for _, t in parser.root.leaves())
    if ok:
        return True, "classified as %s: %s" % (got, verdict.summary())
    why = ": " + verdict.summary() if verdict.reasons else ""
    return False, "expected %s, got %s%s" % (
        EXPECT_TEXT.get(expect, expect), got, why)
