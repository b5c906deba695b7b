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


if __name__ == "__main__":
    unittest.main()
