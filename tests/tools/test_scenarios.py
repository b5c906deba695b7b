# SPDX-License-Identifier: MIT
"""tools/oomlab/scenarios.py: '# scenario' lines found among serial noise
(timestamps, OOM reports, lines without a name), and the design x
scenario table they make."""
import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

import testlib  # noqa: F401 (puts tools/ on the import path)
from oomlab import scenarios

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures",
                       "scenarios.log")


def fixture_runs():
    with open(FIXTURE) as f:
        return scenarios.parse(f)


class ParseTest(unittest.TestCase):
    def test_only_named_lines_in_order(self):
        runs = fixture_runs()
        self.assertEqual([r["design"] for r in runs],
                         ["pre", "v419rfc", "v419", "v419plus", "mod"])
        self.assertTrue(all(r["name"] == "populate" for r in runs))

    def test_fields(self):
        pre = fixture_runs()[0]
        self.assertEqual(pre["populated"], "232/512")
        self.assertEqual(pre["kills"], "0")
        self.assertEqual(scenarios.events(pre),
                         {"max": 7, "oom": 1, "oom_kill": 0})

    def test_not_a_scenario_line(self):
        self.assertIsNone(scenarios.parse_line("# scenario design=mod"))
        self.assertIsNone(scenarios.parse_line("ok 1 scenario_populate"))


class CellTest(unittest.TestCase):
    def test_pre_populate_is_partial_without_kill(self):
        self.assertEqual(scenarios.cell(fixture_runs()[0]),
                         "no kill, pop 232/512, oom 1")

    def test_v419_kills_and_overcharges(self):
        self.assertEqual(scenarios.cell(fixture_runs()[2]),
                         "kill hog, over +1, oom 1")

    def test_several_kills_and_enomem(self):
        line = ("# scenario name=x design=mod kills=2 victims=a,b "
                "events=max:3,oom:4,oom_kill:2 populated=-/- enomem=1 "
                "overcharge_pages=0 t_first_kill_ms=5")
        self.assertEqual(scenarios.cell(scenarios.parse_line(line)),
                         "2 kills a,b, ENOMEM, oom 4")


class TableTest(unittest.TestCase):
    def test_rows_and_columns(self):
        text = scenarios.render(fixture_runs())
        lines = text.splitlines()
        self.assertEqual(lines[0].split(" | ")[0].strip(), "scenario")
        self.assertIn("mod", lines[0])
        self.assertTrue(lines[2].startswith("populate "))
        self.assertEqual(len(lines), 3)

    def test_rerun_keeps_the_last(self):
        a = scenarios.parse_line("# scenario name=s design=pre kills=0")
        b = scenarios.parse_line("# scenario name=s design=pre kills=1 "
                                 "victims=hog")
        rows, designs = scenarios.table([a, b])
        self.assertEqual(designs, ["pre"])
        self.assertEqual(rows[0][1]["pre"], "kill hog, oom 0")

    def test_main_fails_on_a_log_without_scenarios(self):
        with tempfile.NamedTemporaryFile("w", suffix=".log") as empty:
            empty.write("KTAP version 1\n")
            empty.flush()
            out = io.StringIO()
            with redirect_stdout(out):
                self.assertEqual(scenarios.main([FIXTURE, empty.name]), 1)
        self.assertIn("populate", out.getvalue())
        self.assertIn("no '# scenario' lines", out.getvalue())


REAPER_FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures",
                              "reaper_scenarios.log")


def reaper_runs():
    with open(REAPER_FIXTURE) as f:
        return scenarios.parse_reaper(f)


def reaper_line(design, scenario, innocent=0, second="-", first="10"):
    return scenarios.parse_reaper_line(
        "# reaper scenario=%s design=%s seed=1 kills=1 innocent_kills=%d "
        "t_first_kill_ms=%s t_reaped_ms=- t_usage_below_max_ms=- "
        "t_second_kill_ms=%s reaper_passes=1 trylock_failures=0 "
        "charger_cpu_ms=5" % (scenario, design, innocent, first, second))


class ReaperTest(unittest.TestCase):
    def test_only_reaper_lines(self):
        runs = reaper_runs()
        self.assertEqual(len(runs), 32)
        self.assertEqual(runs[0]["design"], "none")
        self.assertEqual(runs[1]["innocent_kills"], "1")
        self.assertIsNone(scenarios.parse_reaper_line(
            "# reaper design=rp419 scenario-less"))
        self.assertIsNone(scenarios.parse_reaper_line(
            "# reaper scenario=mlock kills=1"))

    def test_summary_of_the_fixture(self):
        s = scenarios.reaper_summary(reaper_runs())
        self.assertEqual(list(s)[:3], ["none", "rp414", "rp417"])
        self.assertEqual(s["rp419"]["innocent"]["mlock"], [1])
        self.assertEqual(s["none"]["liveness"], [None])
        self.assertEqual(s["oomlab"]["liveness"], [1053 - 23])

    def test_table_rows(self):
        lines = scenarios.reaper_render(reaper_runs()).splitlines()
        self.assertTrue(lines[0].startswith("design "))
        self.assertIn("stuck 2nd kill ms", lines[0])
        self.assertEqual(len(lines), 2 + 8)
        none = [c.strip() for c in lines[2].split("|")]
        self.assertEqual(none[0], "none")
        self.assertIn("never", none)

    def test_headline_holds_on_the_fixture(self):
        ok, text = scenarios.reaper_headline(reaper_runs())
        self.assertTrue(ok, text)

    def test_headline_fails_when_oomlab_kills_an_innocent(self):
        runs = [reaper_line("oomlab", "mlock", innocent=1),
                reaper_line("oomlab", "stuck", second="900"),
                reaper_line("rp419", "mlock", innocent=1)]
        ok, text = scenarios.reaper_headline(runs)
        self.assertFalse(ok)
        self.assertIn("oomlab", text)

    def test_headline_fails_when_another_design_is_as_good(self):
        runs = [reaper_line("oomlab", "stuck", second="900"),
                reaper_line("rpmod", "stuck", second="3000")]
        ok, text = scenarios.reaper_headline(runs)
        self.assertFalse(ok)
        self.assertIn("rpmod", text)

    def test_headline_fails_when_oomlab_never_gives_up(self):
        runs = [reaper_line("oomlab", "stuck"),
                reaper_line("none", "stuck")]
        self.assertFalse(scenarios.reaper_headline(runs)[0])

    def test_main_prints_the_table_and_headline(self):
        out = io.StringIO()
        with redirect_stdout(out):
            status = scenarios.main([REAPER_FIXTURE])
        self.assertEqual(status, 0)
        self.assertIn("== OOM reaper designs (32 runs)", out.getvalue())
        self.assertIn("headline: oomlab", out.getvalue())


if __name__ == "__main__":
    unittest.main()
