# SPDX-License-Identifier: MIT
"""pyunit: python unittests reported as KTAP, counted per test case."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

from testlib import TOOLS
from oomlab import ktap, runner

SAMPLE = '''
import unittest

class Good(unittest.TestCase):
    def test_a(self):
        print("noise on stdout")     # must not break the KTAP
    @unittest.skip("not today")
    def test_b(self):
        pass
    def test_c(self):
        self.assertEqual(1, 2)

class BrokenSetup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise RuntimeError("no fixture")
    def test_x(self):
        pass

class BrokenTeardown(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        raise RuntimeError("teardown")
    def test_y(self):
        pass
'''


class PyunitTest(unittest.TestCase):
    def test_ktap_of_a_sample_module(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "test_sample.py"), "w") as f:
                f.write(textwrap.dedent(SAMPLE))
            r = subprocess.run(
                [sys.executable, "-m", "oomlab.pyunit", tmp],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                env=dict(os.environ, PYTHONPATH=TOOLS), timeout=60)
        self.assertEqual(r.returncode, 1, r.stdout)
        p = ktap.parse_lines(r.stdout.split("\n"))
        self.assertEqual(p.errors, [], r.stdout)
        got = {".".join(path): t.status for path, t in p.root.leaves()}
        self.assertEqual(got, {
            "test_sample.Good.test_a": ktap.PASS,
            "test_sample.Good.test_b": ktap.SKIP,
            "test_sample.Good.test_c": ktap.FAIL,
            "test_sample.BrokenSetup.test_x": ktap.FAIL,
            "test_sample.BrokenTeardown": ktap.FAIL,
            "test_sample.BrokenTeardown.test_y": ktap.PASS,
        })
        self.assertEqual(runner.counts(p.root), (2, 3, 1))
        self.assertIn("AssertionError: 1 != 2", r.stdout)


if __name__ == "__main__":
    unittest.main()
