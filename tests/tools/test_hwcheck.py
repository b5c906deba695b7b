# SPDX-License-Identifier: MIT
"""What a boot's log must say the kernel saw of its machine."""
import unittest

from oomlab import hwcheck

LOG_4_256 = ["mm: 255 MiB usable, 247 MiB free; struct page 32 bytes",
             "smp: CPU 0 is the boot CPU (APIC id 0)",
             "smp: Brought up 1 node, 4 CPUs"]


class HwcheckTest(unittest.TestCase):
    def test_mem_mib(self):
        self.assertEqual(hwcheck.mem_mib("64M"), 64)
        self.assertEqual(hwcheck.mem_mib("16G"), 16384)
        self.assertEqual(hwcheck.mem_mib("512"), 512)
        with self.assertRaises(ValueError):
            hwcheck.mem_mib("1T")

    def test_all_seen(self):
        self.assertEqual(hwcheck.check(4, "256M", "", LOG_4_256), [])

    def test_one_cpu_missing(self):
        self.assertEqual(hwcheck.check(8, "256M", "", LOG_4_256),
                         ["brought up 4 CPUs of -smp 8"])

    def test_maxcpus_skips_the_cpu_check(self):
        self.assertEqual(hwcheck.check(8, "256M", "maxcpus=4", LOG_4_256),
                         [])

    def test_memory_above_the_pci_hole_missing(self):
        log = ["mm: 3071 MiB usable, 3000 MiB free",
               "smp: Brought up 1 node, 1 CPU"]
        self.assertEqual(hwcheck.check(1, "16G", "", log),
                         ["3071 MiB usable of -m 16G (expected "
                          "14746..16384)"])

    def test_firmware_slack_on_a_small_machine(self):
        log = ["mm: 40 MiB usable", "smp: Brought up 1 node, 1 CPU"]
        self.assertEqual(hwcheck.check(1, "64M", "", log), [])
        log = ["mm: 31 MiB usable", "smp: Brought up 1 node, 1 CPU"]
        self.assertEqual(len(hwcheck.check(1, "64M", "", log)), 1)

    def test_no_lines(self):
        self.assertEqual(hwcheck.check(2, "256M", "", []),
                         ["no 'smp: Brought up' line",
                          "no 'mm: N MiB usable' line"])


if __name__ == "__main__":
    unittest.main()
