# SPDX-License-Identifier: MIT
"""KTAP parser: nesting, directives, crashes, prefixes, noise, numbering."""
import unittest

from testlib import parse
from oomlab import ktap
from oomlab.ktap import CRASH, FAIL, PASS, SKIP


def flat(parser):
    """{"suite.case": (status, reason)} of a parsed log."""
    return {".".join(p): (t.status, t.reason)
            for p, t in parser.root.leaves()}


class CleanLineTest(unittest.TestCase):
    def test_strips_timestamp_cr_and_escapes(self):
        self.assertEqual(ktap.clean_line("[    0.516149] ok 1 x\r\n"),
                         "ok 1 x")
        self.assertEqual(ktap.clean_line("[12345.000001]   # diag"),
                         "  # diag")
        self.assertEqual(
            ktap.clean_line("\x1b[H\x1b[J\x1b[1;1H  Booting `x'"),
            "  Booting `x'")

    def test_keeps_brackets_that_are_not_timestamps(self):
        self.assertEqual(ktap.clean_line("[ok] 1"), "[ok] 1")
        self.assertEqual(ktap.clean_line("x [    1.000000] y"),
                         "x [    1.000000] y")


class ParseTest(unittest.TestCase):
    def test_real_boot_with_no_suites(self):
        # GRUB's escape sequences and the kernel's timestamps; plan 1..0.
        p = parse("[    0.000000] oomlab: booting\r\n"
                  "[    0.031620] KTAP version 1\r\n"
                  "[    0.031663] 1..0\r\n"
                  "[    0.031735] # Totals: pass:0 fail:0 skip:0 total:0\r")
        self.assertEqual(p.root.plan, 0)
        self.assertEqual(p.root.status, PASS)
        self.assertEqual(list(p.root.leaves()), [])
        self.assertEqual(p.errors, [])
        self.assertEqual(p.totals, {"pass": 0, "fail": 0, "skip": 0,
                                    "total": 0})

    def test_pass_log_with_skip(self):
        p = parse("pass.log")
        self.assertEqual(flat(p), {
            "page_alloc.alloc_one": (PASS, ""),
            "page_alloc.split_merge": (PASS, ""),
            "page_alloc.highmem": (SKIP, "no memory above 4 GiB"),
            "memcg_charge.charge_uncharge": (PASS, ""),
            "memcg_charge.limit_hit": (PASS, ""),
        })
        self.assertEqual([s.name for s in p.root.children],
                         ["page_alloc", "memcg_charge"])
        self.assertEqual(p.errors, [])
        self.assertEqual(p.root.status, PASS)

    def test_failure_keeps_its_diagnostics(self):
        p = parse("fail.log")
        case = p.root.children[0].children[1]
        self.assertEqual((case.name, case.status), ("fails", FAIL))
        self.assertIn("# Expected 1 == 2, but", case.log)
        self.assertEqual(p.root.children[0].status, FAIL)

    def test_three_levels_with_kunit_indent_and_dashes(self):
        # KUnit indents by 4, names results "- name"; a subtest may also
        # open with "# Subtest:" and no version line (older kernels).
        p = parse("nested_kunit.log")
        self.assertEqual(flat(p), {
            "example.example_simple_test": (PASS, ""),
            "example.example_params_test.example value 3": (PASS, ""),
            "example.example_params_test.example value 2": (FAIL, ""),
            "example.example_params_test.example value 1":
                (SKIP, "unsupported"),
            "old_style.no_version_line": (PASS, ""),
        })
        self.assertEqual(p.errors, [])
        self.assertEqual(p.preamble, ["This is console noise before the "
                                      "run."])

    def test_missing_plan_entries_are_crashes(self):
        # The output stops in the middle of rwsem (case 3 of 4, suite 1 of
        # 2): case 3 crashed, case 4 and suite 2 never ran.
        p = parse("hang.log")
        self.assertEqual(flat(p), {
            "rwsem.read_read": (PASS, ""),
            "rwsem.write_excludes": (PASS, ""),
            "rwsem.#3": (CRASH, "crashed"),
            "rwsem.#4": (CRASH, "not run"),
            "#2": (CRASH, "not run"),
        })
        self.assertEqual(p.root.status, CRASH)
        self.assertEqual(p.root.children[0].status, CRASH)

    def test_crash_in_a_suite_without_plan(self):
        p = parse("KTAP version 1\n1..1\n  KTAP version 1\n"
                  "  # Subtest: s\n  ok 1 a")
        self.assertEqual(flat(p), {"s.a": (PASS, ""),
                                   "s.#2": (CRASH, "crashed")})

    def test_sibling_without_result_line(self):
        # Suite a never printed "ok 1 a": a new subtest at its level
        # closes it as crashed and says so.
        p = parse("KTAP version 1\n1..2\n"
                  "  KTAP version 1\n  # Subtest: a\n  1..1\n  ok 1 x\n"
                  "  KTAP version 1\n  # Subtest: b\n  1..1\n  ok 1 y\n"
                  "ok 2 b\n")
        self.assertEqual([(s.name, s.status) for s in p.root.children],
                         [("a", CRASH), ("b", PASS)])
        self.assertTrue(any("no result line" in e for e in p.errors))

    def test_wrong_numbering_is_an_error(self):
        p = parse("bad_numbering.log")
        self.assertEqual(p.errors, [
            "numbers.three: expected test number 2 but found 3",
            "numbers.two: expected test number 3 but found 2",
            "extra.unplanned: result 2 beyond the plan 1..1",
        ])
        self.assertEqual(len(flat(p)), 5)

    def test_unknown_lines_change_nothing(self):
        p = parse("unknown_lines.log")
        self.assertEqual(flat(p), {"noisy.first": (PASS, ""),
                                   "noisy.second": (PASS, "")})
        self.assertEqual(p.errors, [])
        self.assertIn("random driver message", p.root.children[0].log
                      + p.root.children[0].children[0].log)

    def test_prefix_learnt_from_version_line(self):
        p = parse("prefixed.log")
        self.assertEqual(flat(p), {"pfx.a": (PASS, ""), "pfx.b": (PASS, "")})
        self.assertEqual(p.prefix, "<6>kunit: ")

    def test_no_ktap_at_all(self):
        p = parse("panic_early.log")
        self.assertIsNone(p.root)
        self.assertTrue(any("Kernel panic" in ln for ln in p.preamble))

    def test_directives(self):
        p = parse("KTAP version 1\n1..6\n"
                  "ok 1 a # SKIP not here\n"
                  "not ok 2 b # skip lower case\n"
                  "not ok 3 c # TIMEOUT 30 seconds\n"
                  "not ok 4 d # XFAIL known bug\n"
                  "ok 5 e # rcode=0\n"
                  "not ok 6 f # ERROR setup failed\n")
        self.assertEqual(flat(p), {
            "a": (SKIP, "not here"), "b": (SKIP, "lower case"),
            "c": (FAIL, "timeout 30 seconds"), "d": (PASS, "known bug"),
            "e": (PASS, "rcode=0"), "f": (FAIL, "error setup failed"),
        })

    def test_suite_ok_with_failing_case_fails(self):
        p = parse("KTAP version 1\n1..1\n  KTAP version 1\n"
                  "  # Subtest: s\n  1..1\n  not ok 1 a\nok 1 s\n")
        self.assertEqual(p.root.children[0].status, FAIL)
        self.assertEqual(p.errors, ["s: reported ok but has failing cases"])

    def test_suite_failing_alone_counts_as_a_test(self):
        p = parse("KTAP version 1\n1..1\n  KTAP version 1\n"
                  "  # Subtest: s\n  1..1\n  ok 1 a\nnot ok 1 s\n")
        paths = [(".".join(pth), t.status) for pth, t in p.root.leaves()]
        self.assertEqual(paths, [("s", FAIL), ("s.a", PASS)])

    def test_all_skipped_suite(self):
        p = parse("KTAP version 1\n1..1\n  KTAP version 1\n"
                  "  # Subtest: s\n  1..1\n  ok 1 a # SKIP x\n"
                  "ok 1 s # SKIP all cases skipped\n")
        self.assertEqual(p.root.status, SKIP)

    def test_empty_suite_counts_nothing(self):
        p = parse("KTAP version 1\n1..1\n  KTAP version 1\n"
                  "  # Subtest: s\n  1..0\nok 1 s\n")
        self.assertEqual(list(p.root.leaves()), [])

    def test_restart_is_an_error(self):
        p = parse("KTAP version 1\n1..2\n  KTAP version 1\n"
                  "  # Subtest: s\n  1..2\n  ok 1 a\nKTAP version 1\n1..2\n")
        self.assertTrue(any("restarted" in e for e in p.errors))
        self.assertEqual(flat(p)["s.#2"], (CRASH, "crashed"))

    def test_restart_after_the_end_is_an_error(self):
        p = parse("KTAP version 1\n1..0\nKTAP version 1\n1..0\n")
        self.assertTrue(any("restarted" in e for e in p.errors))

    def test_events_while_streaming(self):
        parser = ktap.Ktap()
        events = []
        from testlib import fixture_lines
        for line in fixture_lines("bench.log"):
            events += [(e, getattr(o, "name", o)) for e, o in
                       parser.feed(line)]
        self.assertEqual([e for e, _ in events],
                         ["start", "plan", "bench", "bench", "suite"])
        self.assertEqual(events[-1], ("suite", "bench_page_alloc"))
        self.assertEqual([(b.name, b.value, b.unit, b.suite)
                          for b in parser.benches],
                         [("page_alloc_order0", "412", "ns/op",
                           "bench_page_alloc"),
                          ("page_alloc_order9", "3.5", "us/op",
                           "bench_page_alloc")])

    def test_result_without_description(self):
        p = parse("KTAP version 1\n1..1\nok 1\n")
        self.assertEqual(flat(p), {"#1": (PASS, "")})


if __name__ == "__main__":
    unittest.main()
