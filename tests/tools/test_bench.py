# SPDX-License-Identifier: MIT
"""bench.py's reaper table from bench_reaper's figures."""
import unittest

import testlib  # noqa: F401  (import path)
from oomlab import bench


def fig(name, value, unit):
    return {"name": name, "value": value, "unit": unit, "suite": "x"}


class ReaperTableTest(unittest.TestCase):
    def test_designs_in_kernel_order_with_ratio_to_none(self):
        figures = [fig("reaper_kill_to_below_none", 40, "ms"),
                   fig("reaper_kill_reaped_pct_none", 0, "%"),
                   fig("reaper_kill_to_below_rp414", 20, "ms"),
                   fig("reaper_kill_reaped_pct_rp414", 91, "%"),
                   fig("memcg_charge_stock", 150, "ns/op")]
        lines = bench.reaper_table(figures)
        self.assertEqual(len(lines), 4)
        self.assertEqual(lines[2].split(), ["none", "40", "1.00x", "0%"])
        self.assertEqual(lines[3].split(), ["rp414", "20", "0.50x", "91%"])

    def test_no_reaper_figures_no_table(self):
        self.assertEqual(bench.reaper_table(
            [fig("memcg_charge_stock", 150, "ns/op")]), [])

    def test_missing_baseline_or_share(self):
        lines = bench.reaper_table([fig("reaper_kill_to_below_rpr", 30,
                                        "ms")])
        self.assertEqual(lines[2].split(), ["rpr", "30", "-", "-"])


if __name__ == "__main__":
    unittest.main()
