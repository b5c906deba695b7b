# SPDX-License-Identifier: MIT
"""JUnit XML: one testsuite per run, nested suites, counts = summary."""
import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

from testlib import fixture_lines, parse
from oomlab import classify, junit, ktap, plan, runner
from oomlab.classify import ProcOutcome


def result(name, fixture, rc, expect=None):
    p = parse(fixture)
    lines = [ktap.clean_line(r) for r in fixture_lines(fixture)]
    v = classify.classify(ProcOutcome(returncode=rc), p, lines)
    entry = plan.Entry(name, expect=expect)
    return runner.Result(entry, v, runner.counted_tree(entry, p, v), p,
                         duration=1.5, log_path="build/logs/%s.log" % name,
                         properties={"mode": "bios-cd"})


class JunitTest(unittest.TestCase):
    def setUp(self):
        self.results = [result("bios-cd", "pass.log", 33),
                        result("expect-fail", "fail.log", 35, "fail"),
                        result("smp-4", "panic_mid_suite.log", 37),
                        result("uefi-cd", "triple_fault.log", 0),
                        None]      # not run
        self.top = junit.build(self.results).getroot()

    def suite(self, name):
        return self.top.find("testsuite[@name='%s']" % name)

    def test_one_suite_per_run_with_nested_suites(self):
        self.assertEqual([s.get("name") for s in self.top.findall(
            "testsuite")], ["bios-cd", "expect-fail", "smp-4", "uefi-cd"])
        inner = self.suite("bios-cd").findall("testsuite")
        self.assertEqual([s.get("name") for s in inner],
                         ["page_alloc", "memcg_charge"])
        case = inner[0].find("testcase[@name='highmem']")
        self.assertEqual(case.get("classname"), "bios-cd.page_alloc")
        self.assertEqual(case.find("skipped").get("message"),
                         "no memory above 4 GiB")

    def test_counts_match_the_summary(self):
        total = [0, 0, 0]
        for r in self.results:
            if r:
                total = [a + b for a, b in zip(total, r.counts())]
        p, f, s = total
        self.assertEqual(int(self.top.get("tests")), p + f + s)
        self.assertEqual(int(self.top.get("failures")) +
                         int(self.top.get("errors")), f)
        self.assertEqual(int(self.top.get("skipped")), s)

    def test_crashes_are_errors_with_the_reason(self):
        smp = self.suite("smp-4")
        self.assertEqual(smp.get("errors"), "4")
        err = smp.find(".//testcase[@name='#2']/error")
        self.assertIn("kernel panic: page fault", err.get("message"))
        boot = self.suite("uefi-cd").find("testcase[@name='boot']/error")
        self.assertEqual(boot.get("message"),
                         "triple fault / reset; no KTAP output")

    def test_selftest_is_one_passing_case(self):
        s = self.suite("expect-fail")
        self.assertEqual((s.get("tests"), s.get("failures")), ("1", "0"))
        self.assertIsNotNone(s.find("testcase[@name='expect_fail']"))
        self.assertIsNone(s.find("testsuite"))

    def test_properties_and_failure_log(self):
        props = {p.get("name"): p.get("value") for p in
                 self.suite("smp-4").find("properties")}
        self.assertEqual(props["verdict"], "panic")
        self.assertEqual(props["mode"], "bios-cd")
        r = result("bios-cd", "fail.log", 35)
        top = junit.build([r]).getroot()
        failure = top.find(".//testcase[@name='fails']/failure")
        self.assertIn("EXPECTATION FAILED", failure.text)

    def test_suite_failing_alone(self):
        p = parse("KTAP version 1\n1..1\n  KTAP version 1\n"
                  "  # Subtest: s\n  1..1\n  ok 1 a\nnot ok 1 s\n")
        v = classify.classify(ProcOutcome(returncode=35), p, [])
        entry = plan.Entry("b")
        r = runner.Result(entry, v, runner.counted_tree(entry, p, v), p)
        top = junit.build([r]).getroot()
        self.assertEqual(runner.counts(r.tree), (1, 1, 0))
        self.assertEqual((top.get("tests"), top.get("failures")), ("2", "1"))
        self.assertIsNotNone(top.find(".//testcase[@name='(suite)']"))

    def test_write_is_valid_xml(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "logs", "junit.xml")
            junit.write(self.results, path)
            self.assertEqual(ET.parse(path).getroot().tag, "testsuites")


if __name__ == "__main__":
    unittest.main()
