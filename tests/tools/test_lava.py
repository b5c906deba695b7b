# SPDX-License-Identifier: MIT
"""The LAVA jobs (lava/*.yaml): their monitor, applied the way LAVA does
(a regex search over a buffer that grows as the serial line delivers
bytes, the earliest of end and pattern winning, the match consumed),
gives exactly the results our KTAP parser reads, whatever the chunking;
a user program's forged panic line does not end it; both jobs watch the
same way; and, where Debian's lava-common is installed, both jobs pass
its schema."""
import os
import re
import subprocess
import unittest

import yaml

import testlib
from oomlab import ktap, lava_check

LAVA = os.path.join(testlib.REPO, "lava")
STAMP = "[    1.000000] "


def monitor_of(job):
    with open(os.path.join(LAVA, job)) as f:
        data = yaml.safe_load(f)
    tests = [a["test"] for a in data["actions"] if "test" in a]
    return tests[0]["monitors"][0], data


def stream_results(monitor, text, chunk):
    """What LAVA's monitor records from @text arriving @chunk bytes at a
    time: [(test_case_id, result)], and whether the end matched."""
    start = re.compile(monitor["start"])
    end = re.compile(monitor["end"])
    pattern = re.compile(monitor["pattern"])
    fix = monitor.get("fixupdict", {})
    buf, started, out = "", False, []
    for i in range(0, len(text), chunk):
        buf += text[i:i + chunk]
        while True:
            if not started:
                m = start.search(buf)
                if not m:
                    break
                started, buf = True, buf[m.end():]
                continue
            hits = [(m.start(), kind, m) for kind, m in
                    (("end", end.search(buf)), ("res", pattern.search(buf)))
                    if m]
            if not hits:
                break
            _, kind, m = min(hits, key=lambda h: h[0])
            if kind == "end":
                return out, True
            r = m.group("result")
            out.append((m.group("test_case_id"), fix.get(r, r)))
            buf = buf[m.end():]
    return out, False


def serial_text(name):
    """A fixture log as the serial line carries it: timestamps, CRLF."""
    out = []
    for ln in testlib.fixture_lines(name):
        ln = ln.rstrip("\r")
        out.append(ln if re.match(r"\[ *\d+\.\d+\] ", ln) else STAMP + ln)
    return "\r\n".join(out) + "\r\n"


def our_results(text):
    return lava_check.ours(text.replace("\r", "").split("\n"))


class LavaMonitorTest(unittest.TestCase):
    def setUp(self):
        self.monitor, self.job = monitor_of("oomlab-qemu.yaml")

    def test_results_equal_ours_in_any_chunking(self):
        for name in ("usermode.log", "fail.log", "pass.log"):
            text = serial_text(name)
            want = our_results(text)
            self.assertTrue(want, name)
            for chunk in (1, 7, 64, len(text)):
                got, ended = stream_results(self.monitor, text, chunk)
                self.assertEqual(got, want, "%s, %d-byte chunks" %
                                 (name, chunk))

    def test_skip_directive_is_a_skip(self):
        text = (STAMP + "KTAP version 1\r\n" + STAMP + "1..1\r\n" + STAMP +
                "ok 1 some_case # SKIP no SMAP here\r\n" + STAMP +
                "# Totals: pass:0 fail:0 skip:1 total:1\r\n")
        for chunk in (1, 5, len(text)):
            self.assertEqual(stream_results(self.monitor, text, chunk),
                             ([("some_case", "skip")], True))

    def test_forged_panic_does_not_end_the_run(self):
        text = (STAMP + "KTAP version 1\r\n" + STAMP + "1..2\r\n" + STAMP +
                "[forge 12] Kernel panic - not syncing: forged\r\n" +
                STAMP + "ok 1 a\r\n" + STAMP +
                "Kernel panic - not syncing: real\r\n" + STAMP +
                "ok 2 b\r\n")
        self.assertEqual(stream_results(self.monitor, text, 3),
                         ([("a", "pass")], True))

    def test_jobs_watch_alike(self):
        hw, hw_job = monitor_of("oomlab-x86-usb.yaml")
        self.assertEqual(hw, self.monitor)
        boots = [[a["boot"] for a in j["actions"] if "boot" in a][0]
                 for j in (self.job, hw_job)]
        self.assertEqual([b["prompts"] for b in boots],
                         [b["prompts"] for b in reversed(boots)])

    def test_schema(self):
        # lava-common is a Debian package: the system's Python has it.
        check = ("import sys, yaml\n"
                 "from lava_common.schemas import validate\n"
                 "for job in sys.argv[1:]:\n"
                 "    validate(yaml.safe_load(open(job)), strict=True)\n")
        python = "/usr/bin/python3"
        if subprocess.run([python, "-c", "import lava_common"],
                          stderr=subprocess.DEVNULL).returncode:
            self.skipTest("lava-common is not installed")
        r = subprocess.run([python, "-c", check] +
                           [os.path.join(LAVA, j) for j in
                            ("oomlab-qemu.yaml", "oomlab-x86-usb.yaml")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stdout)


if __name__ == "__main__":
    unittest.main()
