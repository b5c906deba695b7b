# SPDX-License-Identifier: MIT
"""What the user sees: progress lines while runs go, a summary at the end.

Two styles. stream=True (the `run` subcommand) copies the serial log to
the terminal and marks the runner's own lines "oomlab-run:". Otherwise
(`test`, parallel runs) each line is tagged "[run-name]" and the console
output appears only with --verbose. The summary's last line is always
"N passed, N failed, N skipped".
"""
import sys
import threading

from . import ktap
from .runner import counts


def _counts_text(p, f, s):
    return "%d passed, %d failed, %d skipped" % (p, f, s)


class Reporter:
    def __init__(self, out=None, stream=False, verbose=False):
        self.out = out or sys.stdout
        self.stream = stream
        self.verbose = verbose
        self.lock = threading.Lock()

    def say(self, text):
        with self.lock:
            self.out.write(text + "\n")
            self.out.flush()

    def _tag(self, entry):
        return "oomlab-run:" if self.stream else "[%s]" % entry.name

    def start(self, entry):
        self.say("%s start: %s" % (self._tag(entry), entry.describe()))

    def line(self, entry, text):
        if self.stream:
            self.say(text)
        elif self.verbose:
            self.say("[%s] | %s" % (entry.name, text))

    def suite(self, entry, test):
        if entry.expect:
            return      # a selftest's own cases are not the point
        p, f, s = counts(ktap.Test(children=[test]))
        self.say("%s suite %s: %s (%s)" % (self._tag(entry), test.name,
                                           test.status, _counts_text(p, f, s)))

    def done(self, result):
        p, f, s = result.counts()
        status = "PASS" if result.ok else "FAIL"
        self.say("%s %s in %.1f s: %s%s" % (
            self._tag(result.entry), status, result.duration,
            _counts_text(p, f, s),
            "" if result.ok and not result.entry.expect
            else " -- " + result.why()))

    def summary(self, entries, results, extra=()):
        """Print the table, the failures and the final count line.
        Return True when everything ran and passed."""
        tp = tf = ts = 0
        failures = []
        self.say("")
        self.say("== summary ==")
        for entry, r in zip(entries, results):
            if r is None:
                self.say("  %-22s %-8s" % (entry.name, "not run"))
                continue
            p, f, s = r.counts()
            tp, tf, ts = tp + p, tf + f, ts + s
            status = "PASS" if r.ok else "FAIL"
            self.say("  %-22s %-5s %6.1f s  %s" % (
                entry.name, status, r.duration, _counts_text(p, f, s)))
            if not r.ok:
                failures.append(r)
        if failures:
            self.say("Failures:")
            for r in failures:
                self.say("  %s: %s" % (r.entry.name, r.why()))
                for path, test in r.tree.leaves():
                    if test.status in (ktap.FAIL, ktap.CRASH) and \
                            len(path) > 1:
                        self.say("    %s %s%s" % (
                            test.status.lower(), ".".join(path),
                            ": " + test.reason if test.reason else ""))
                self.say("    log: %s" % r.log_path)
        for line in extra:
            self.say(line)
        not_run = [e.name for e, r in zip(entries, results) if r is None]
        if not_run:
            self.say("Not run (stopped after a failure; --keep-going runs "
                     "all): %s" % ", ".join(not_run))
        self.say(_counts_text(tp, tf, ts))
        return not failures and not not_run
