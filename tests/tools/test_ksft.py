# SPDX-License-Identifier: MIT
"""Linux's selftest results in a log, judged against the table."""
import unittest

from oomlab import ksft, ktap

LOG = """\
[    1.000000] [test_x 6] # a diagnostic before the first result
[    1.100000] [test_x 7] ok 9 from a forked child: not a result
[    1.200000] [test_x 6] ok 1 a_passes
[    1.300000] [test_x 6] not ok 2 b_fails
[    1.400000] [test_x 6] ok 3 # SKIP c_skips
[    1.500000] [test_x 6] ok 4 d_fixed
[    1.600000] [test_x 6] not ok 5 e_regressed
[    1.700000] [test_y 8] ok 1 y_passes
""".splitlines()

TABLE = {
    ("test_x", "a_passes"): (ktap.PASS, ""),
    ("test_x", "b_fails"): (ktap.FAIL, "why b"),
    ("test_x", "c_skips"): (ktap.SKIP, "why c"),
    ("test_x", "d_fixed"): (ktap.FAIL, "why d"),
    ("test_x", "e_regressed"): (ktap.PASS, ""),
    ("test_y", "y_passes"): (ktap.PASS, ""),
    ("test_y", "y_missing"): (ktap.PASS, ""),
}


class KsftTest(unittest.TestCase):
    def judged(self):
        return {t.name: t for t in ksft.judge(LOG, TABLE)}

    def test_results_of_the_first_result_printing_pid(self):
        found = ksft.results(LOG)
        self.assertEqual(found[("test_x", "a_passes")].status, ktap.PASS)
        self.assertEqual(found[("test_x", "b_fails")].status, ktap.FAIL)
        # ksft names a skipped case in its directive.
        self.assertEqual(found[("test_x", "c_skips")].status, ktap.SKIP)
        self.assertNotIn(("test_x", "from a forked child: not a result"),
                         found)
        self.assertEqual(len(found), 6)

    def test_expected_outcomes_pass(self):
        j = self.judged()
        for name in ("test_x.a_passes", "test_x.b_fails", "test_x.c_skips",
                     "test_y.y_passes"):
            self.assertEqual(j[name].status, ktap.PASS, name)
        self.assertIn("why b", j["test_x.b_fails"].reason)

    def test_a_fixed_case_passes_and_says_so(self):
        t = self.judged()["test_x.d_fixed"]
        self.assertEqual(t.status, ktap.PASS)
        self.assertIn("passes now", t.reason)

    def test_regression_and_missing_case_fail(self):
        j = self.judged()
        self.assertEqual(j["test_x.e_regressed"].status, ktap.FAIL)
        self.assertEqual(j["test_x.e_regressed"].reason, "fail, expected pass")
        self.assertEqual(j["test_y.y_missing"].status, ktap.FAIL)
        self.assertEqual(j["test_y.y_missing"].reason, "did not run")

    def test_every_case_of_the_four_programs_is_in_the_table(self):
        counts = {}
        for prog, _ in ksft.EXPECTED:
            counts[prog] = counts.get(prog, 0) + 1
        self.assertEqual(counts, {"test_memcontrol": 14, "test_kill": 3,
                                  "test_freezer": 10, "test_core": 12})

    def test_add_results_fails_the_tree_on_a_regression(self):
        tree = ktap.Test(name="row", is_group=True, status=ktap.PASS)
        ksft.add_results(tree, LOG[:3])
        self.assertEqual(tree.children[0].name, "ksft")
        self.assertEqual(tree.status, ktap.FAIL)


if __name__ == "__main__":
    unittest.main()
