# SPDX-License-Identifier: MIT
"""Run the runner's own unittests and print KTAP, one suite per TestCase
class, so `test` counts them per case with the same parser as the kernel.

    python3 -m oomlab.pyunit [START_DIR]      (exit 0: all passed)
"""
import sys
import traceback
import unittest


class _Recorder(unittest.TestResult):
    """Remembers each test's outcome; output is captured (buffer)."""

    def __init__(self):
        super().__init__()
        self.buffer = True
        self.outcome = {}       # test id -> (status, reason, text)
        self.class_errors = []

    def startTest(self, test):
        # A line per test keeps the runner's no-output watchdog from
        # taking a slow class (test_cli's boots under load) for a hang.
        print("  # running %s" % test.id().rsplit(".", 1)[-1], flush=True)
        super().startTest(test)

    def _set(self, test, status, reason="", err=None):
        text = ""
        if err is not None:
            text = self._exc_info_to_string(err, test)
        if not isinstance(test, unittest.TestCase):    # setUpClass & co.
            self.class_errors.append("%s: %s" % (test, text))
            return
        self.outcome[test.id()] = (status, reason, text)

    def addSuccess(self, test):
        self._set(test, "ok")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._set(test, "not ok", err=err)

    def addError(self, test, err):
        super().addError(test, err)
        self._set(test, "not ok", err=err)

    def addSkip(self, test, reason):
        self._set(test, "skip", reason)

    def addExpectedFailure(self, test, err):
        self._set(test, "ok")

    def addUnexpectedSuccess(self, test):
        self._set(test, "not ok", "unexpected success")


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


def _diag(indent, text):
    for line in text.rstrip().splitlines():
        print("%s# %s" % (indent, line))


def main(argv):
    start = argv[0] if argv else "tests/tools"
    tests = list(_flatten(unittest.TestLoader().discover(
        start, pattern="test_*.py", top_level_dir=start)))
    groups = {}
    for test in tests:
        groups.setdefault(test.id().rsplit(".", 1)[0], []).append(test)
    print("KTAP version 1")
    print("1..%d" % len(groups))
    all_ok = True
    for n, (group, members) in enumerate(groups.items(), 1):
        print("  KTAP version 1")
        print("  # Subtest: %s" % group)
        print("  1..%d" % len(members), flush=True)
        rec = _Recorder()
        try:
            unittest.TestSuite(members).run(rec)
        except Exception:       # never lose the KTAP structure
            rec.class_errors.append(traceback.format_exc())
        for err in rec.class_errors:
            _diag("  ", err)
        suite_ok = not rec.class_errors
        for i, test in enumerate(members, 1):
            name = test.id().rsplit(".", 1)[1]
            status, reason, text = rec.outcome.get(
                test.id(), ("not ok", "did not run", ""))
            if text:
                _diag("  ", text)
            if status == "skip":
                print("  ok %d %s # SKIP %s" % (i, name, reason))
                continue
            if status == "not ok" and reason:
                _diag("  ", reason)
            print("  %s %d %s" % (status, i, name))
            suite_ok &= status == "ok"
        print("%s %d %s" % ("ok" if suite_ok else "not ok", n, group))
        all_ok &= suite_ok
        sys.stdout.flush()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
