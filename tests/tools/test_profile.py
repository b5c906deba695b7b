# SPDX-License-Identifier: MIT
"""tools/oomlab/profile.py: profile lines found among serial noise, self
and total counted the way a flame graph reads them, and a .folded file
that flamegraph.pl takes as it is."""
import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

import testlib  # noqa: F401 (puts tools/ on the import path)
from oomlab import profile

LOG = """\
[    0.100000] KTAP version 1
[    0.200000]   # Subtest: bench_x
[    0.300000]   # profile bench_x.one: 10 samples, 2 dropped, 1000 Hz
[    0.300001]   # folded bench_x.one: hog;[user] 3
[    0.300002]   # folded bench_x.one: hog;entry;fault;memset 4
[    0.300003]   # folded bench_x.one: hog;entry;fault 1
[    0.300004]   # folded bench_x.one: bench0;rec;rec;rec 2
[    0.300005]   # bench x: 12 faults/s
[    0.300006]   ok 1 one
[    0.400000]   # profile bench_x.two: 5 samples, 0 dropped, 100 Hz
[    0.400001]   # folded bench_x.two: swapper/1;idle_loop 5
garbage # folded without a colon 7
"""


def parsed():
    return profile.parse(io.StringIO(LOG))


class ParseTest(unittest.TestCase):
    def test_cases_headers_and_stacks(self):
        cases = parsed()
        self.assertEqual(list(cases), ["bench_x.one", "bench_x.two"])
        one = cases["bench_x.one"]
        self.assertEqual((one.samples, one.dropped, one.hz), (10, 2, 1000))
        self.assertEqual(one.folded_total(), 10)
        self.assertEqual(one.stacks["hog;entry;fault;memset"], 4)
        self.assertEqual(cases["bench_x.two"].stacks, {"swapper/1;idle_loop": 5})

    def test_same_stack_twice_adds_up(self):
        cases = profile.parse(["  # folded a.b: t;f 2\n",
                               "[ 1.000000]   # folded a.b: t;f 3\n"])
        self.assertEqual(cases["a.b"].stacks, {"t;f": 5})


class TopTest(unittest.TestCase):
    def test_self_is_the_leaf_total_counts_each_stack_once(self):
        stacks = profile.select(parsed(), "bench_x.one")
        rows, samples = profile.top(stacks, 10)
        by_name = {f: (s, t) for f, s, t in rows}
        self.assertEqual(samples, 10)
        self.assertEqual(by_name["memset"], (4, 4))
        self.assertEqual(by_name["fault"], (1, 5))
        self.assertEqual(by_name["entry"], (0, 5))
        self.assertEqual(by_name["[user]"], (3, 3))
        # Recursion: rec is on 2 samples' stacks, not 6.
        self.assertEqual(by_name["rec"], (2, 2))
        # The task name is not a function.
        self.assertNotIn("hog", by_name)
        self.assertEqual([r[0] for r in rows][:2], ["memset", "[user]"])

    def test_top_by_total_ranks_callers_first(self):
        stacks = profile.select(parsed(), "bench_x.one")
        rows, _ = profile.top_by_total(stacks, 3)
        # entry and fault tie on 5: more self samples first.
        self.assertEqual([r[0] for r in rows], ["fault", "entry", "memset"])

    def test_top_n_cuts(self):
        rows, _ = profile.top(profile.select(parsed()), 1)
        self.assertEqual(rows, [("idle_loop", 5, 5)])

    def test_idle_left_out_on_request(self):
        stacks = profile.select(parsed(), idle=False)
        self.assertEqual(sum(stacks.values()), 10)
        self.assertFalse([s for s in stacks if s.startswith("swapper/")])

    def test_case_and_task_filters(self):
        cases = parsed()
        self.assertEqual(profile.select(cases, "*.two"),
                         {"swapper/1;idle_loop": 5})
        self.assertEqual(sum(profile.select(cases, "*", "hog").values()), 8)
        self.assertEqual(sum(profile.select(cases).values()), 15)


class OutputTest(unittest.TestCase):
    def test_folded_file_is_flamegraph_input(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "out.folded")
            profile.write_folded(profile.select(parsed(), "*.one"), path)
            with open(path) as f:
                lines = f.read().splitlines()
        self.assertIn("hog;entry;fault;memset 4", lines)
        self.assertEqual(len(lines), 4)
        for line in lines:   # flamegraph.pl: "frames count", count last
            stack, count = line.rsplit(" ", 1)
            self.assertTrue(count.isdigit())
            self.assertNotIn(" ", stack)

    def test_main_prints_both_tables(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "x.log")
            with open(log, "w") as f:
                f.write(LOG)
            out = io.StringIO()
            with redirect_stdout(out):
                rc = profile.main([log, "--top", "3"])
        text = out.getvalue()
        self.assertEqual(rc, 0)
        self.assertIn("profile bench_x.one: 10 samples, 2 dropped, 1000 Hz",
                      text)
        self.assertIn("5 idle samples left out (--idle keeps them)", text)
        self.assertIn("top 3 by self (10 samples)", text)
        self.assertIn("  40.0%   40.0%       4       4  memset", text)
        self.assertIn("top 3 by total (10 samples)", text)

    def test_main_fails_without_profile_lines(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "x.log")
            with open(log, "w") as f:
                f.write("[ 0.1] ok 1 x\n")
            with redirect_stdout(io.StringIO()):
                self.assertEqual(profile.main([log]), 1)


if __name__ == "__main__":
    unittest.main()
