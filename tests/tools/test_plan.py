# SPDX-License-Identifier: MIT
"""The test plan table and --filter."""
import unittest

from oomlab import classify, plan, qemu


class PlanTest(unittest.TestCase):
    def test_rows_are_valid(self):
        names = [e.name for e in plan.PLAN]
        self.assertEqual(len(names), len(set(names)))
        for e in plan.PLAN:
            self.assertIn(e.kind, ("host", "pyunit", "native", "boot"))
            self.assertIn(e.mode, qemu.MODES)
            self.assertTrue(e.expect is None or
                            e.expect in classify.EXPECT_TEXT, e.name)

    def test_plan_covers_the_issue(self):
        boots = [e for e in plan.PLAN if e.kind == "boot" and not e.expect]
        self.assertEqual({e.mode for e in boots},
                         {"bios-cd", "uefi-cd", "bios-usb"})
        self.assertEqual({e.mem for e in boots} - {None}, {"32M", "8G"})
        self.assertEqual({e.smp for e in boots} - {None}, {1, 4})
        expects = {(e.cmdline, e.expect) for e in plan.PLAN if e.expect}
        self.assertEqual(expects, {
            ("ktest.filter=selftest_fail", "fail"),
            ("ktest.filter=selftest_lockup", "fail"),
            ("crash=panic", "panic"), ("crash=page_fault", "panic"),
            ("crash=stack_overflow", "panic"),
            ("crash=hang", "hang"), ("crash=triple_fault", "reset")})
        hang = [e for e in plan.PLAN if e.expect == "hang"][0]
        self.assertLessEqual(hang.hang_timeout, 10)
        fuzz = [e for e in plan.PLAN if e.name == "sysfuzz"][0]
        self.assertEqual((fuzz.smp, fuzz.cmdline),
                         (4, "ktest.filter=stress_sysfuzz"))

    def test_select(self):
        names = lambda pats: [e.name for e in plan.select(plan.PLAN, pats)]
        self.assertEqual(names(""), [e.name for e in plan.PLAN])
        self.assertEqual(names("bios-cd"), ["bios-cd"])
        self.assertEqual(names("unit"),
                         ["host-unit", "python-unit", "user-native"])
        self.assertEqual(names("expect-*,!expect-hang"),
                         ["expect-fail", "expect-panic", "expect-page-fault",
                          "expect-triple-fault", "expect-stack-overflow",
                          "expect-lockup"])
        self.assertNotIn("uefi-cd", names("!uefi"))
        with self.assertRaises(ValueError):
            plan.select(plan.PLAN, "nothing-like-this")

    def test_describe(self):
        e = plan.Entry("x", mem="32M", smp=4, cmdline="crash=hang",
                       expect="hang")
        self.assertEqual(e.describe(),
                         "bios-cd -m 32M -smp 4 'crash=hang' expect hang")


if __name__ == "__main__":
    unittest.main()
