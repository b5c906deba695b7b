# SPDX-License-Identifier: MIT
"""kunit_check: Linux's kunit.py parse (extracted from Debian's
linux-source-6.1 into build/kunit on first use) passes a clean KTAP log,
and its parser errors fail a log: a wrong test number, and KTAP cut short
by a line kunit.py takes for the end of the kernel's output."""
import os
import tempfile
import types
import unittest

import testlib
from oomlab import classify, kunit_check, plan, runner

GOOD = """[    0.1] KTAP version 1
[    0.1] 1..1
[    0.1]   KTAP version 1
[    0.1]   # Subtest: s
[    0.1]   1..2
[    0.1]   ok 1 a
[    0.1]   not ok 2 b
[    0.1] not ok 1 s
[    0.1] # Totals: pass:1 fail:1 skip:0 total:2
"""


class KunitCheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        build = os.path.join(testlib.REPO, "build")
        try:
            cls.script = kunit_check.kunit_py(build)
        except kunit_check.KunitMissing as e:
            raise unittest.SkipTest(str(e))

    def parse(self, text):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "x.log")
            with open(log, "w") as f:
                f.write(text)
            errors, json_path = kunit_check.parse_log(self.script, log)
            return errors, os.path.exists(json_path)

    def test_clean_log_with_a_failed_case_passes(self):
        # A failing case is the run's business, not a parser error.
        self.assertEqual(self.parse(GOOD), ([], True))

    def test_wrong_number_is_an_error(self):
        errors, _ = self.parse(GOOD.replace("ok 1 a", "ok 3 a"))
        self.assertTrue(any("Expected test number" in e for e in errors),
                        errors)

    def test_end_marker_inside_the_run_is_an_error(self):
        # kunit.py stops at "reboot: System halted" wherever it appears.
        errors, _ = self.parse(GOOD.replace(
            "  ok 1 a", "  # said reboot: System halted\n[    0.1]   ok 1 a"))
        self.assertTrue(errors)

    def test_case_name(self):
        self.assertEqual(kunit_check.case_name("build/logs/bios-cd.log"),
                         "bios_cd")


class CheckedLogsTest(unittest.TestCase):
    def test_only_runs_that_ended_normally(self):
        # A failed run counts (its KTAP is whole); a run that crashed on
        # purpose or hung is left out (its KTAP is cut short and the
        # run has failed already); a row that never ran has no log.
        entries = [plan.Entry("a"), plan.Entry("b", expect="panic"),
                   plan.Entry("c"), plan.Entry("f", expect="fail"),
                   plan.Entry("k", kind="post"), plan.Entry("n")]

        def res(kind, path):
            return types.SimpleNamespace(verdict=classify.Verdict(kind),
                                         log_path=path)
        results = [res("pass", "a.log"), res("panic", "b.log"),
                   res("hang", "c.log"), res("fail", "f.log"), None, None]
        settings = runner.Settings(build="/nonexistent")
        self.assertEqual(runner.checked_logs(entries, results, settings),
                         ("a.log", "f.log"))


if __name__ == "__main__":
    unittest.main()
