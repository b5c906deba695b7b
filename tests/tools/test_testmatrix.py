# SPDX-License-Identifier: MIT
"""The machine matrix's axes (oomlab.testmatrix)."""
import contextlib
import io
import unittest

from oomlab import plan, qemu, testmatrix


class TestMatrixTest(unittest.TestCase):
    def main(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = testmatrix.main(list(argv))
        return rc, out.getvalue(), err.getvalue()

    def test_full_matrix(self):
        todo = testmatrix.entries(testmatrix.MODES, qemu.MACHINES,
                                  testmatrix.SMP, testmatrix.MEM)
        self.assertEqual(len(todo), 2 * 2 * 4 * 4)
        self.assertEqual(len({e.name for e in todo}), len(todo))
        self.assertEqual({(e.mode, e.machine) for e in todo},
                         {(m, k) for m in ("bios-usb", "uefi-usb")
                          for k in ("pc", "q35")})
        self.assertEqual({e.mem for e in todo}, {"64M", "512M", "4G", "16G"})
        for e in todo:
            self.assertEqual(e.cmdline, plan.MATRIX_CMDLINE)

    def test_list(self):
        rc, out, _ = self.main("--list", "--smp", "1,8", "--mem", "64M")
        self.assertEqual(rc, 0)
        self.assertEqual(len(out.splitlines()), 2 * 2 * 2)
        self.assertIn("tmatrix-uefi-usb-pc-smp8-64M", out)

    def test_reduced_is_the_plan_rows(self):
        rc, out, _ = self.main("--list", "--reduced")
        self.assertEqual(rc, 0)
        self.assertEqual([line.split()[0] for line in out.splitlines()],
                         [e.name for e in plan.MACHINE_ROWS])
        names = {e.name for e in plan.PLAN}
        for e in plan.MACHINE_ROWS:
            self.assertIn(e.name, names)

    def test_bad_axis(self):
        for argv in (["--smp", "3"], ["--mem", "1G"], ["--machines", "isapc"],
                     ["--modes", "bios-cd"], ["--jobs", "0"]):
            rc, _, err = self.main("--list", *argv)
            self.assertEqual(rc, 2, argv)
            self.assertIn("testmatrix: bad", err)


if __name__ == "__main__":
    unittest.main()
