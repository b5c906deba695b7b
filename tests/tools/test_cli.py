# SPDX-License-Identifier: MIT
"""End to end: tools/oomlab-run.py against fake_qemu.py (a model of the
kernel) and fake_mkiso.py, in a scratch build directory."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from testlib import FAKE_MKISO, FAKE_QEMU, FIXTURES, RUNNER, fake_build
from test_proc import gone


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.build = fake_build(self.tmp.name)
        self.argv_log = os.path.join(self.tmp.name, "argv")

    def tearDown(self):
        self.tmp.cleanup()

    def runner(self, *args, env=None):
        e = dict(os.environ, OOMLAB_MKISO=FAKE_MKISO,
                 FAKE_QEMU_ARGV=self.argv_log, **(env or {}))
        e.pop("MAKELEVEL", None)
        cmd = [sys.executable, RUNNER, args[0]]
        if args[0] != "parse":      # defaults first: later options win
            cmd += ["--build-dir", self.build, "--no-build",
                    "--qemu", FAKE_QEMU]
        cmd += list(args[1:])
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, env=e,
                           timeout=60)
        return r.returncode, r.stdout

    def last_line(self, out):
        return out.rstrip("\n").split("\n")[-1]

    def test_run_passes(self):
        rc, out = self.runner("run")
        self.assertEqual(rc, 0, out)
        self.assertEqual(self.last_line(out), "4 passed, 0 failed, 1 skipped")
        self.assertIn("ok 1 page_alloc", out)          # the serial log
        self.assertIn("oomlab-run: suite page_alloc: PASS", out)
        self.assertNotIn("\x1b", out)
        with open(os.path.join(self.build, "logs", "run-bios-cd.log")) as f:
            self.assertIn("KTAP version 1", f.read())
        junit = ET.parse(os.path.join(self.build, "logs", "junit.xml"))
        self.assertEqual(junit.getroot().get("tests"), "5")

    def test_run_fails_when_the_kernel_missed_cpus(self):
        # Every test passed, but on 1 CPU of -smp 2: the boot fails.
        rc, out = self.runner("run", "--smp", "2",
                              env={"FAKE_QEMU_CPUS": "1"})
        self.assertEqual(rc, 1, out)
        self.assertIn("brought up 1 CPUs of -smp 2", out)

    def test_run_panic(self):
        rc, out = self.runner("run", "--cmdline", "crash=panic")
        self.assertEqual(rc, 1)
        self.assertIn("kernel panic: crash=panic requested", out)
        self.assertEqual(self.last_line(out), "0 passed, 1 failed, 0 skipped")

    def test_run_hang_kills_qemu_and_children(self):
        pidfile = os.path.join(self.tmp.name, "child")
        t0 = time.monotonic()
        # 3 s: the silence counts from the start, and fake_qemu must be up
        # and have its child before it runs out, even on a loaded host.
        rc, out = self.runner("run", "--cmdline", "crash=hang",
                              "--hang-timeout", "3",
                              env={"FAKE_QEMU_CHILD": pidfile})
        self.assertLess(time.monotonic() - t0, 30)
        self.assertEqual(rc, 1)
        self.assertIn("hang: no output for 3 s", out)
        self.assertIn("missing test results: rwsem.#3 crashed", out)
        with open(pidfile) as f:
            self.assertTrue(gone(int(f.read())), "QEMU's child survived")

    def test_run_uefi_usb_never_touches_shared_files(self):
        rc, out = self.runner("run", "--mode", "uefi-usb")
        self.assertEqual(rc, 0, out)
        with open(self.argv_log) as f:
            argv = json.loads(f.readline())
        files = [a.split("file=")[1] for a in argv if "file=" in a]
        self.assertTrue(all(f.startswith(self.build) for f in files
                            if "readonly=on" not in f and "CODE" not in f),
                        files)

    def test_test_plan_with_selftests(self):
        rc, out = self.runner("test", "--filter",
                              "bios-cd,bios-usb,smp-4,expect-*,!expect-hang",
                              "--jobs", "2")
        self.assertEqual(rc, 0, out)
        # 3 boots x (4 passed, 1 skipped) + 8 classifier selftests.
        self.assertEqual(self.last_line(out),
                         "20 passed, 0 failed, 3 skipped")
        self.assertIn("[expect-panic] PASS", out)
        self.assertNotIn("Failures:", out)

    def test_smep_smap_row_boots_cpu_max_and_passes(self):
        rc, out = self.runner("test", "--filter", "smep-smap")
        self.assertEqual(rc, 0, out)
        self.assertEqual(self.last_line(out), "15 passed, 0 failed, 0 skipped")
        with open(self.argv_log) as f:
            argv = json.loads(f.readline())
        self.assertIn(["-cpu", "max"], [argv[i:i + 2]
                                        for i in range(len(argv))])

    def test_run_cpu_option(self):
        rc, out = self.runner("run", "--cmdline", "ktest.filter=u*")
        self.assertEqual((rc, self.last_line(out)),
                         (0, "13 passed, 0 failed, 2 skipped"), out)
        self.assertIn("usermode_smep # SKIP CPU without SMEP", out)
        rc, out = self.runner("run", "--cmdline", "ktest.filter=u*",
                              "--cpu", "max")
        self.assertEqual((rc, self.last_line(out)),
                         (0, "15 passed, 0 failed, 0 skipped"), out)

    def test_test_stops_after_a_failure_unless_keep_going(self):
        rc, out = self.runner("test", "--filter", "bios-cd,smp-1", "--jobs",
                              "1", "--timeout", "0.001")
        self.assertEqual(rc, 1)
        self.assertIn("Not run", out)
        rc, out = self.runner("test", "--filter", "bios-cd,smp-1", "--jobs",
                              "1", "--timeout", "0.001", "--keep-going")
        self.assertNotIn("Not run", out)
        self.assertIn("timeout after 0.001 s", out)

    def fake_linux(self):
        """A cached Linux kernel and a mmbench binary in the fake build:
        the bench then needs no apt-get."""
        boot = os.path.join(self.build, "linux", "boot")
        os.makedirs(boot)
        open(os.path.join(boot, "vmlinuz-6.1.0-99-amd64"), "w").close()
        os.makedirs(os.path.join(self.build, "user"))
        with open(os.path.join(self.build, "user", "mmbench"), "w") as f:
            f.write("fake mmbench\n")

    def test_bench(self):
        rc, out = self.runner("bench", "--rounds", "0", "--no-net")
        self.assertEqual(rc, 0, out)
        self.assertNotIn("bench-linux", out)
        self.assertIn("# bench page_alloc_order0: 412 ns/op", out)
        self.assertRegex(out, r"# bench boot_to_first_ktap: [0-9.]+ s")
        self.assertRegex(out, r"# bench boot_to_end: [0-9.]+ s")
        with open(os.path.join(self.build, "logs", "bench.json")) as f:
            data = json.load(f)
        self.assertEqual(data["cmdline"], "ktest.filter=bench_*")
        self.assertEqual(data["results"][1]["value"], 3.5)

    def test_bench_versus_linux(self):
        # Round 1: oomlab's bench_* boot (no mmbench lines in the fake),
        # then Linux; round 2: oomlab's bench_mmbench boot, then Linux.
        self.fake_linux()
        rc, out = self.runner("bench", "--rounds", "2", "--no-net")
        self.assertEqual(rc, 0, out)
        self.assertIn("# bench page_alloc_order0: 412 ns/op", out)
        with open(self.argv_log) as f:
            boots = [json.loads(ln) for ln in f]
        kinds = ["linux" if "-kernel" in a else "oomlab" for a in boots]
        self.assertEqual(kinds, ["oomlab", "linux", "oomlab", "linux"])
        linux = boots[1]
        self.assertEqual(linux[linux.index("-m") + 1], "1024M")
        self.assertIn("--threads 2 --poweroff",
                      linux[linux.index("-append") + 1])
        self.assertIn("mmbench: oomlab vs Linux-6.1.0-50-amd64, 2 round(s)",
                      out)
        rows = {ln.split()[0]: ln.split() for ln in out.splitlines()
                if ln.startswith(("fault1 ", "syscall "))}
        self.assertEqual(rows["fault1"],
                         ["fault1", "ns/page", "10000", "20000", "2.00x",
                          "2.00x", "2.00..2.00", "-", "0%"])
        self.assertEqual(rows["syscall"][4], "3.00x")
        self.assertIn("round 1: oomlab gave no figures", out)
        with open(os.path.join(self.build, "logs", "bench.json")) as f:
            data = json.load(f)
        vs = data["versus_linux"]
        self.assertEqual((vs["linux"], vs["rounds"]),
                         ("Linux-6.1.0-50-amd64", 2))
        self.assertEqual(vs["rows"][0]["ratio"], 2.0)
        self.assertEqual(vs["rows"][0]["linux_boots"], [20000, 20000])

    def test_bench_linux_run_that_never_finishes_fails(self):
        self.fake_linux()
        rc, out = self.runner("bench", "--rounds", "1",
                              env={"FAKE_QEMU_LINUX": "fail"})
        self.assertEqual(rc, 1, out)
        self.assertIn("no 'mmbench: done' line", out)

    def test_parse_saved_log(self):
        junit = os.path.join(self.tmp.name, "j.xml")
        rc, out = self.runner("parse", os.path.join(FIXTURES, "fail.log"),
                              "--junit", junit)
        self.assertEqual(rc, 1)
        self.assertEqual(self.last_line(out), "1 passed, 1 failed, 0 skipped")
        self.assertTrue(os.path.exists(junit))

    def test_list_and_bad_filter(self):
        rc, out = self.runner("test", "--list")
        self.assertEqual(rc, 0)
        self.assertIn("expect-hang", out)
        rc, out = self.runner("test", "--filter", "nope")
        self.assertEqual(rc, 2)

    def test_missing_qemu(self):
        rc, out = self.runner("run", "--qemu", "/nonexistent/qemu")
        self.assertEqual(rc, 1)
        self.assertIn("cannot start /nonexistent/qemu", out)


if __name__ == "__main__":
    unittest.main()
