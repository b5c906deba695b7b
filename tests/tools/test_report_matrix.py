# SPDX-License-Identifier: MIT
"""tools/oomlab/matrix.py: a boot per suite x firmware x CPUs, each with
its own name (so its own log), and bad axis values refused before any
boot."""
import io
import unittest
from contextlib import redirect_stderr, redirect_stdout

import testlib  # noqa: F401 (puts tools/ on the import path)
from oomlab import matrix


class EntriesTest(unittest.TestCase):
    def test_product_with_distinct_names(self):
        todo = matrix.entries(["scenario", "reaper_scenario"], [1, 4],
                              ["bios-cd", "uefi-cd"])
        self.assertEqual(len(todo), 8)
        self.assertEqual(len({e.name for e in todo}), 8)
        e = todo[-1]
        self.assertEqual((e.mode, e.smp, e.cmdline),
                         ("uefi-cd", 4, "ktest.filter=reaper_scenario"))
        self.assertGreater(e.cost, todo[0].cost)    # the long ones first

    def test_default_matrix_is_twenty_boots(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(matrix.main(["--list"]), 0)
        self.assertEqual(len(out.getvalue().splitlines()), 20)


class BadInputTest(unittest.TestCase):
    def refused(self, *argv):
        err = io.StringIO()
        with redirect_stderr(err):
            self.assertEqual(matrix.main(list(argv) + ["--list"]), 2)
        return err.getvalue()

    def test_bad_values_exit_2_with_what_is_allowed(self):
        self.assertIn("1..64", self.refused("--smp", "0"))
        self.assertIn("bios-cd", self.refused("--modes", "bios-cd,floppy"))
        self.assertIn("scenario_charge", self.refused("--suites", "mm"))
        self.assertIn("at least 1", self.refused("--jobs", "0"))


if __name__ == "__main__":
    unittest.main()
