# SPDX-License-Identifier: MIT
"""tools/oomlab/samples.py on logs our kernel wrote: each scenario run gets
its own samples and its kill, reap and MMF_OOM_SKIP events, the first kill
at the summary's exact time."""
import unittest

import testlib
from oomlab import samples


def runs_of(name):
    return samples.parse(testlib.fixture_lines(name))


class ScenarioRunsTest(unittest.TestCase):
    def test_a_run_per_design_with_its_samples(self):
        runs = runs_of("report_scenario.log")
        self.assertEqual([r.design for r in runs],
                         ["pre", "v419rfc", "v419", "v419plus", "mod"])
        self.assertTrue(all(r.kind == "scenario" and r.name == "populate"
                            for r in runs))
        for r in runs:
            ts = [s["t_ms"] for s in r.samples]
            self.assertTrue(ts, r.design)
            self.assertEqual(ts, sorted(ts), r.design)
            self.assertLessEqual(len(ts), 101)
            self.assertTrue(all(s["max"] == 1 << 20 for s in r.samples))

    def test_first_kill_at_the_summary_time(self):
        pre, rfc = runs_of("report_scenario.log")[:2]
        self.assertEqual(pre.events, [])
        self.assertEqual(rfc.events, [
            (int(rfc.fields["t_first_kill_ms"]), samples.KILL)])
        self.assertEqual(rfc.samples[-1]["kills"], 1)
        # Bytes, as memory.current: the group was full before the kill.
        self.assertIn(1 << 20, [s["current"] for s in rfc.samples])


class ReaperRunsTest(unittest.TestCase):
    def test_kills_reaps_and_skips_belong_to_their_run(self):
        runs = {r.design: r for r in runs_of("report_reaper.log")}
        self.assertEqual(runs["none"].events,
                         [(32, samples.KILL), (338, samples.SKIP)])
        kinds = [k for _, k in runs["rp419"].events]
        self.assertEqual(kinds.count(samples.KILL), 2)
        self.assertEqual(kinds.count(samples.REAP), 2)
        self.assertEqual(kinds.count(samples.SKIP), 1)
        self.assertTrue(all(r.kind == "reaper" and r.name == "mlock"
                            for r in runs.values()))


class LineTest(unittest.TestCase):
    def test_sample_fields(self):
        self.assertEqual(samples.parse_sample(
            "[  1.0] # sample t_ms=40 cg=scen current=8192 max=4096 "
            "events=max:1,oom:0,oom_kill:0 kills=2"),
            {"t_ms": 40, "current": 8192, "max": 4096, "kills": 2})

    def test_broken_sample_is_no_sample(self):
        self.assertIsNone(samples.parse_sample("# sample t_ms=4x"))

    def test_kills_before_a_suite_are_dropped(self):
        runs = samples.parse([
            "Killed process 3 (other)", "    # Subtest: scenario",
            "# sample t_ms=5 cg=scen current=0 max=0 events= kills=0",
            "# scenario name=a design=pre kills=0 t_first_kill_ms=-"])
        self.assertEqual(runs[0].events, [])


if __name__ == "__main__":
    unittest.main()
