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


class Outcome:
    start_error = killed_for = None
    returncode = 0


class StorageTest(unittest.TestCase):
    def test_table_ratio_is_oomlab_over_linux(self):
        lines = bench.storage_table(
            {"diskbench_vda_read_cold": ("2.00", "MB/s")},
            {"diskbench_vda_read_cold": ("8.00", "MB/s"),
             "diskbench_sda_read_cold": ("4.00", "MB/s")})
        self.assertEqual(lines[2].split(), ["diskbench_sda_read_cold", "-",
                                            "4.00", "-", "MB/s"])
        self.assertEqual(lines[3].split(), ["diskbench_vda_read_cold",
                                            "2.00", "8.00", "0.25x",
                                            "MB/s"])
        self.assertEqual(bench.storage_table({}, {}), [])

    def test_table_ratio_of_a_time_is_linux_over_oomlab(self):
        lines = bench.storage_table(
            {"diskbench_vda_map_private_cold": ("400", "ns/page")},
            {"diskbench_vda_map_private_cold": ("100", "ns/page")})
        self.assertEqual(lines[2].split(), ["diskbench_vda_map_private_cold",
                                            "400", "100", "0.25x",
                                            "ns/page"])

    def test_verdict_needs_done_without_errors(self):
        ok = bench.storage_verdict(Outcome(), ["diskbench: done errors=0"])
        self.assertTrue(ok.ok)
        bad = bench.storage_verdict(Outcome(), ["diskbench: done errors=1"])
        self.assertFalse(bad.ok)
        out = Outcome()
        out.returncode = 1
        self.assertFalse(bench.storage_verdict(
            out, ["diskbench: done errors=0"]).ok)
