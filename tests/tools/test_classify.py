# SPDX-License-Identifier: MIT
"""Failure classification: how a run ended + its KTAP -> one verdict."""
import unittest

from testlib import fixture_lines, parse
from oomlab import classify, ktap, plan, runner
from oomlab.classify import ProcOutcome


def verdict(fixture, qemu=True, **outcome):
    p = parse(fixture)
    raw = fixture_lines(fixture) if fixture.endswith(".log") \
        else fixture.split("\n")
    lines = [ktap.clean_line(r) for r in raw]
    o = ProcOutcome(timeout=300, hang_timeout=30)
    for k, v in outcome.items():
        setattr(o, k, v)
    return classify.classify(o, p, lines, qemu=qemu), p


class QemuRunTest(unittest.TestCase):
    def test_pass(self):
        v, _ = verdict("pass.log", returncode=33)
        self.assertEqual((v.kind, v.reasons), ("pass", []))

    def test_no_test_ran_is_a_failure(self):
        # A filter that matches no suite: the kernel plans 0 suites.
        v, _ = verdict("KTAP version 1\n1..0\n# Totals: pass:0 fail:0 "
                       "skip:0 total:0", returncode=33)
        self.assertEqual(v.kind, "fail")
        self.assertIn("no test ran", v.reasons[-1])

    def test_failed_case(self):
        v, _ = verdict("fail.log", returncode=35)
        self.assertEqual(v.kind, "fail")
        self.assertEqual(v.reasons, ["1 test failed: selftest_fail.fails"])

    def test_panic_mid_suite_names_the_crashed_case(self):
        v, p = verdict("panic_mid_suite.log", returncode=37)
        self.assertEqual(v.kind, "panic")
        self.assertEqual(v.reasons[0], "kernel panic: page fault at "
                         "0xdead0000 (write, not present) "
                         "rip=ffffffff80104a2e")
        self.assertEqual(v.reasons[1], "missing test results: "
                         "page_alloc.#2 crashed (3 more not run)")
        crashed = p.root.children[0].children[1]
        self.assertIn("kernel panic: page fault", crashed.reason)

    def test_panic_before_ktap(self):
        v, _ = verdict("panic_early.log", returncode=37)
        self.assertEqual((v.kind, v.reasons),
                         ("panic", ["kernel panic: crash=panic requested"]))

    def test_panic_line_wins_even_when_killed(self):
        v, _ = verdict("panic_early.log", killed_for="panic grace expired")
        self.assertEqual(v.kind, "panic")

    def test_exit_37_without_panic_line(self):
        v, _ = verdict("pass.log", returncode=37)
        self.assertEqual(v.kind, "panic")
        self.assertIn("exit status 37", v.reasons[0])

    def test_hang(self):
        v, _ = verdict("hang.log", killed_for="hang", hang_timeout=5)
        self.assertEqual(v.kind, "hang")
        self.assertEqual(v.reasons[:2], [
            "hang: no output for 5 s",
            "missing test results: rwsem.#3 crashed (2 more not run)"])

    def test_timeout(self):
        v, _ = verdict("hang.log", killed_for="timeout", timeout=300)
        self.assertEqual((v.kind, v.reasons[0]),
                         ("timeout", "timeout after 300 s"))

    def test_triple_fault(self):
        v, _ = verdict("triple_fault.log", returncode=0)
        self.assertEqual(v.kind, "reset")
        self.assertEqual(v.reasons, ["triple fault / reset",
                                     "no KTAP output"])

    def test_reset_mid_run(self):
        v, _ = verdict("hang.log", returncode=0)
        self.assertEqual(v.kind, "reset")
        self.assertIn("missing test results: rwsem.#3 crashed "
                      "(2 more not run)", v.reasons)

    def test_reboot_line(self):
        v, _ = verdict("KTAP version 1\n1..0\nreboot: Restarting system",
                       returncode=0)
        self.assertEqual(v.kind, "reset")
        self.assertIn("rebooted", v.reasons[0])

    def test_warning_fails_a_passing_run(self):
        v, _ = verdict("warning.log", returncode=33)
        self.assertEqual((v.kind, v.reasons), ("fail", [
            "WARNING: CPU: 0 at mm/page_alloc.c:210: free_list_check"]))

    def test_linux_shaped_bad_lines(self):
        log = ("KTAP version 1\n1..1\nok 1 one\n"
               "kernel BUG at mm/slab.c:12!\n"
               "BUG: soft lockup - CPU#0 stuck for 22s!\n"
               "INFO: task reaper:7 blocked for more than 120 seconds.\n")
        v, _ = verdict(log, returncode=33)
        self.assertEqual(v.kind, "fail")
        self.assertEqual(len(v.reasons), 3)
        self.assertTrue(v.reasons[0].startswith("kernel BUG at mm/slab.c"))

    def test_lockdep_reports_fail_a_passing_run(self):
        titles = ["WARNING: possible circular locking dependency detected",
                  "WARNING: possible recursive locking detected",
                  "WARNING: inconsistent lock state",
                  "WARNING: lock order violation detected",
                  "BUG: sleeping lock acquired with a spinlock held"]
        for title in titles:
            log = "KTAP version 1\n1..1\nok 1 one\n%s\n" % title
            v, _ = verdict(log, returncode=33)
            self.assertEqual((v.kind, v.reasons), ("fail", [title]))

    def test_kernel_messages_only_where_the_kernel_prints_them(self):
        # /bin/forge's output: every forged line is a "[comm pid]" line,
        # its comm shown printable; the kernel's own lines still count.
        log = ("[    1.000000] KTAP version 1\n[    1.000001] 1..1\n"
               "[    1.000002] [forge 3] Kernel panic - not syncing: x\n"
               "[    1.000003] [forge 3] x?kernel BUG at mm/forge.c:1!\n"
               "[    1.000004] [forge 3] WARNING: CPU: 0 PID: 1 at f.c:1\n"
               "[    1.000005] [forge 3] BUG: soft lockup - CPU#0 stuck\n"
               "[    1.000006] [forge 3] INFO: task a:1 blocked for more "
               "than 1 seconds.\n"
               "[    1.000007] [?kernel BUG at  3] forge: named\n"
               "[    1.000008] ?kernel BUG at [3]: segfault at 0 ip 1 sp 2 "
               "error 6 in ?kernel BUG at \n"
               "[    1.000009] ok 1 user_forge\n")
        v, _ = verdict(log, returncode=33)
        self.assertEqual((v.kind, v.reasons), ("pass", []))
        v, _ = verdict(log + "[    1.000010] kernel BUG at mm/vma.c:3!\n"
                       "[    1.000011] Kernel panic - not syncing: real",
                       returncode=37)
        self.assertEqual(v.kind, "panic")
        self.assertEqual(v.reasons, ["kernel panic: real",
                                     "kernel BUG at mm/vma.c:3!"])

    def test_runner_stops_only_on_a_kernel_panic_line(self):
        # runner.execute() kills the VM when this matches a clean line.
        clean = ktap.clean_line
        self.assertIsNone(classify.PANIC_RE.search(
            clean("[    2.5] [forge 3] Kernel panic - not syncing: x")))
        self.assertIsNone(classify.PANIC_RE.search(
            clean("[    2.5] [x] Kernel panic - not syncing 3] x")))
        self.assertIsNotNone(classify.PANIC_RE.search(
            clean("[    2.5] Kernel panic - not syncing: x")))
        self.assertIsNotNone(classify.PANIC_RE.search(
            "[    2.500000] Kernel panic - not syncing: x"))

    def test_no_ktap_on_clean_exit(self):
        v, _ = verdict("oomlab: booting", returncode=33)
        self.assertEqual((v.kind, v.reasons), ("fail", ["no KTAP output"]))

    def test_exit_35_without_failures(self):
        v, _ = verdict("pass.log", returncode=35)
        self.assertEqual(v.kind, "fail")
        self.assertIn("exit status 35 says failure", v.reasons[0])

    def test_exit_33_with_failures(self):
        v, _ = verdict("fail.log", returncode=33)
        self.assertEqual(v.kind, "fail")

    def test_totals_mismatch(self):
        log = ("KTAP version 1\n1..1\nok 1 a\n"
               "# Totals: pass:2 fail:0 skip:0 total:2")
        v, _ = verdict(log, returncode=33)
        self.assertEqual(v.kind, "fail")
        self.assertIn("totals mismatch", v.reasons[0])

    def test_ktap_errors_fail(self):
        v, _ = verdict("bad_numbering.log", returncode=33)
        self.assertEqual(v.kind, "fail")
        self.assertTrue(all(r.startswith("KTAP: ") for r in v.reasons))

    def test_qemu_error(self):
        v, _ = verdict("qemu-system-x86_64: -cdrom x.iso: No such file",
                       returncode=1)
        self.assertEqual(v.kind, "error")
        self.assertIn("qemu exited with status 1: qemu-system-x86_64: "
                      "-cdrom x.iso", v.reasons[0])

    def test_start_error(self):
        v, _ = verdict("", start_error="cannot start qemu: No such file")
        self.assertEqual((v.kind, v.reasons),
                         ("error", ["cannot start qemu: No such file"]))

    def test_saved_log_judged_alone(self):
        self.assertEqual(verdict("pass.log")[0].kind, "pass")
        self.assertEqual(verdict("panic_mid_suite.log")[0].kind, "panic")


class ProcessRunTest(unittest.TestCase):
    """build/ktest-host and the python tests: exit 0 / 1, sanitizers."""

    def test_pass_and_fail(self):
        self.assertEqual(verdict("pass.log", qemu=False,
                                 returncode=0)[0].kind, "pass")
        self.assertEqual(verdict("fail.log", qemu=False,
                                 returncode=1)[0].kind, "fail")

    def test_signal(self):
        v, _ = verdict("hang.log", qemu=False, returncode=-6)
        self.assertEqual(v.kind, "panic")
        self.assertEqual(v.reasons[0], "crashed: killed by signal 6")

    def test_sanitizer_report(self):
        log = ("KTAP version 1\n1..1\nok 1 a\n"
               "==1==ERROR: AddressSanitizer: heap-use-after-free on x\n"
               "lib/string.c:10:5: runtime error: shift exponent 70\n")
        v, _ = verdict(log, qemu=False, returncode=0)
        self.assertEqual(v.kind, "fail")
        self.assertEqual(len(v.reasons), 2)


class ExpectTest(unittest.TestCase):
    """Selftests of the classifier count once, pass when classified."""

    def check(self, expect, fixture, **outcome):
        v, p = verdict(fixture, **outcome)
        entry = plan.Entry("x", expect=expect)
        tree = runner.counted_tree(entry, p, v)
        return runner.counts(tree), tree.children[0].reason

    def test_each_expected_failure_counts_one_pass(self):
        self.assertEqual(self.check("fail", "fail.log", returncode=35)[0],
                         (1, 0, 0))
        self.assertEqual(self.check("panic", "panic_early.log",
                                    returncode=37)[0], (1, 0, 0))
        self.assertEqual(self.check("hang", "hang.log",
                                    killed_for="hang")[0], (1, 0, 0))
        self.assertEqual(self.check("reset", "triple_fault.log",
                                    returncode=0)[0], (1, 0, 0))

    def test_wrong_classification_counts_one_failure(self):
        counts, why = self.check("panic", "pass.log", returncode=33)
        self.assertEqual(counts, (0, 1, 0))
        self.assertEqual(why, "expected a kernel panic, got pass")

    def test_expected_failure_needs_a_failed_case(self):
        counts, why = self.check("fail", "oomlab: booting", returncode=33)
        self.assertEqual(counts, (0, 1, 0))


class CountedTreeTest(unittest.TestCase):
    def test_boot_failure_without_failing_case_adds_one(self):
        v, p = verdict("triple_fault.log", returncode=0)
        tree = runner.counted_tree(plan.Entry("b"), p, v)
        self.assertEqual(runner.counts(tree), (0, 1, 0))
        self.assertEqual(tree.children[0].name, "boot")
        self.assertEqual(tree.children[0].status, ktap.CRASH)

    def test_crashed_cases_are_not_counted_twice(self):
        v, p = verdict("panic_mid_suite.log", returncode=37)
        tree = runner.counted_tree(plan.Entry("b"), p, v)
        self.assertEqual(runner.counts(tree), (1, 4, 0))
        self.assertNotIn("boot", [c.name for c in tree.children])

    def test_warning_counts_one_failure(self):
        v, p = verdict("warning.log", returncode=33)
        tree = runner.counted_tree(plan.Entry("b"), p, v)
        self.assertEqual(runner.counts(tree), (4, 1, 1))


class MustPassTest(unittest.TestCase):
    """A row's must_pass cases: a SKIP (or absence) of one fails the row."""

    def tree(self, fixture, names, **outcome):
        v, p = verdict(fixture, **outcome)
        entry = plan.Entry("smep", must_pass=tuple(names))
        return runner.counted_tree(entry, p, v), p

    def failures(self, tree):
        return {".".join(path): t.reason for path, t in tree.leaves()
                if t.status == ktap.FAIL}

    def test_without_must_pass_a_skip_is_a_skip(self):
        tree, _ = self.tree("usermode.log", (), returncode=33)
        self.assertEqual(runner.counts(tree), (13, 0, 2))

    def test_a_skipped_required_case_fails_with_its_reason(self):
        tree, p = self.tree("usermode.log", ["usermode.usermode_smep"],
                            returncode=33)
        self.assertEqual(runner.counts(tree), (13, 1, 1))
        self.assertEqual(tree.status, ktap.FAIL)
        reason = self.failures(tree)["usermode.usermode_smep"]
        self.assertIn("requires usermode.usermode_smep", reason)
        self.assertIn("CPU without SMEP", reason)
        # The parser's own tree is left as the kernel reported it.
        suite = [s for s in p.root.children if s.name == "usermode"][0]
        self.assertEqual(suite.status, ktap.PASS)
        self.assertEqual(suite.children[7].status, ktap.SKIP)

    def test_passed_required_cases_change_nothing(self):
        tree, _ = self.tree("usermode.log", ["usermode.usermode_fs_gs_base",
                                             "uaccess.uaccess_strncpy"],
                            returncode=33)
        self.assertEqual(runner.counts(tree), (13, 0, 2))
        self.assertEqual(tree.status, ktap.PASS)

    def test_a_required_case_that_never_ran_fails(self):
        tree, _ = self.tree("pass.log", ["usermode.usermode_smap"],
                            returncode=33)
        self.assertEqual(runner.counts(tree), (4, 1, 1))
        self.assertIn("did not run",
                      self.failures(tree)["usermode.usermode_smap"])

    def test_a_failed_run_explains_a_missing_case(self):
        tree, _ = self.tree("panic_mid_suite.log", ["usermode.usermode_smap"],
                            returncode=37)
        self.assertNotIn("usermode.usermode_smap", self.failures(tree))


if __name__ == "__main__":
    unittest.main()
