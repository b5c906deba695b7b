# SPDX-License-Identifier: MIT
"""mmbench's lines in serial logs, and the oomlab-vs-Linux table."""
import unittest

import testlib  # noqa: F401  (import path)
from oomlab import benchtable
from oomlab.benchtable import BootFigures, Figure


def line(case, median, lo=None, hi=None, unit="ns/page", ops=65536):
    return ("mmbench: case=%s unit=%s ops=%d reps=5 median=%d min=%d "
            "max=%d" % (case, unit, ops, median,
                        median if lo is None else lo,
                        median if hi is None else hi))


def boot(**medians):
    b = BootFigures()
    for case, m in medians.items():
        b.figures[case] = Figure(case, "ns/op", 100, 5, m, m, m)
    return b


class ParseTest(unittest.TestCase):
    def test_oomlab_and_linux_shapes(self):
        # oomlab mirrors process output with a prefix and the bench suite
        # logs the line again as a diagnostic; Linux prints it bare.
        log = ["[    1.0] [mmbench 7] mmbench: start pid=7 "
               "kernel=Linux-6.1.0-oomlab mib=256 iters=10000 reps=5 "
               "threads=2",
               "[    2.0] [mmbench 7] " + line("fault1", 900, 850, 990),
               "[    2.1]   # " + line("fault1", 900, 850, 990),
               line("syscall", 300, 290, 350, unit="ns/op", ops=10000),
               "mmbench: done cases=2 errors=0"]
        b = benchtable.parse(log)
        self.assertEqual(sorted(b.figures), ["fault1", "syscall"])
        f = b.figures["fault1"]
        self.assertEqual((f.unit, f.ops, f.reps, f.median, f.min, f.max),
                         ("ns/page", 65536, 5, 900, 850, 990))
        self.assertEqual(b.figures["syscall"].unit, "ns/op")
        self.assertEqual(b.kernel, "Linux-6.1.0-oomlab")
        self.assertTrue(b.done)
        self.assertEqual(b.errors, {})

    def test_errors_and_missing_done(self):
        b = benchtable.parse(["mmbench: case=populate error=ENOMEM",
                              "noise mmbench: case=bogus"])
        self.assertEqual(b.errors, {"populate": "ENOMEM"})
        self.assertEqual(b.figures, {})
        self.assertFalse(b.done)

    def test_a_later_line_replaces_an_error(self):
        b = benchtable.parse(["mmbench: case=fault1 error=ENOMEM",
                              line("fault1", 5)])
        self.assertEqual(b.errors, {})
        self.assertEqual(b.figures["fault1"].median, 5)


class SpreadTest(unittest.TestCase):
    def test_spread(self):
        self.assertEqual(benchtable.spread_percent([90, 100, 110]), 20.0)
        self.assertEqual(benchtable.spread_percent([100, 100]), 0.0)
        self.assertIsNone(benchtable.spread_percent([100]))
        self.assertIsNone(benchtable.spread_percent([0, 0]))


class CompareTest(unittest.TestCase):
    def test_ratio_is_linux_over_oomlab_of_medians(self):
        rounds = [(boot(fault1=100, syscall=50), boot(fault1=300,
                                                      syscall=40)),
                  (boot(fault1=120, syscall=50), boot(fault1=200,
                                                      syscall=60)),
                  (boot(fault1=80, syscall=50), boot(fault1=250,
                                                     syscall=50))]
        rows = {r.case: r for r in benchtable.compare(rounds)}
        self.assertEqual(list(rows), ["fault1", "syscall"])
        f = rows["fault1"]
        self.assertEqual((f.oomlab, f.linux), ([100, 120, 80],
                                               [300, 200, 250]))
        self.assertEqual((f.oomlab_median, f.linux_median), (100, 250))
        self.assertAlmostEqual(f.ratio, 2.5)
        # Each kernel's least disturbed boot: 200 / 80.
        self.assertAlmostEqual(f.best_ratio, 2.5)
        self.assertAlmostEqual(rows["syscall"].best_ratio, 0.8)
        # Round ratios pair each oomlab boot with the Linux boot after it.
        self.assertEqual([round(x, 3) for x in f.round_ratios],
                         [3.0, 1.667, 3.125])
        s = rows["syscall"]
        self.assertAlmostEqual(s.ratio, 1.0)
        self.assertEqual(s.round_ratios, [0.8, 1.2, 1.0])

    def test_missing_boots_and_cases(self):
        rounds = [(boot(fault1=100), None),
                  (None, boot(fault1=300, clock=10)),
                  (boot(fault1=100, clock=20), boot(fault1=200))]
        rows = {r.case: r for r in benchtable.compare(rounds)}
        self.assertEqual(rows["fault1"].oomlab, [100, 100])
        self.assertEqual(rows["fault1"].linux, [300, 200])
        self.assertEqual(rows["fault1"].round_ratios, [2.0])
        self.assertEqual(rows["clock"].round_ratios, [])
        self.assertAlmostEqual(rows["clock"].ratio, 0.5)
        notes = benchtable.missing(rounds)
        self.assertEqual(notes, ["round 1: linux gave no figures",
                                 "round 2: oomlab gave no figures"])

    def test_no_ratio_without_both_kernels(self):
        rows = benchtable.compare([(boot(fault1=100), None)])
        self.assertIsNone(rows[0].ratio)
        self.assertIsNone(rows[0].linux_median)
        self.assertIsNone(rows[0].best_ratio)
        d = rows[0].as_dict()
        self.assertEqual((d["ratio"], d["round_ratio_min"]), (None, None))

    def test_failed_case_is_noted(self):
        b = boot(fault1=1)
        b.errors["populate"] = "ENOMEM"
        self.assertEqual(benchtable.missing([(boot(fault1=1), b)]),
                         ["round 1: linux case populate failed: ENOMEM"])


class TableTest(unittest.TestCase):
    def test_columns(self):
        rounds = [(boot(fault1=1000), boot(fault1=1500)),
                  (boot(fault1=1100), boot(fault1=1650))]
        out = benchtable.format_table(benchtable.compare(rounds), "T")
        self.assertEqual(out[0], "T")
        self.assertIn("ratio", out[1])
        self.assertIn("spread", out[1])
        cells = out[3].split()
        # fault1 ns/op 1050 1575 1.50x 1.50x 1.50..1.50 10% 10%
        self.assertEqual(cells, ["fault1", "ns/op", "1050", "1575",
                                 "1.50x", "1.50x", "1.50..1.50", "10%",
                                 "10%"])

    def test_dashes_for_missing(self):
        out = benchtable.format_table(benchtable.compare(
            [(boot(clock=7), None)]))
        self.assertEqual(out[2].split(), ["clock", "ns/op", "7", "-", "-",
                                          "-", "-", "-", "-"])


if __name__ == "__main__":
    unittest.main()
