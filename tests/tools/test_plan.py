# SPDX-License-Identifier: MIT
"""The test plan table and --filter."""
import fnmatch
import unittest

from oomlab import classify, disk, netcon, plan, qemu


def ktest_filter(cmdline):
    """The ktest.filter glob of a kernel command line, or "*"."""
    for arg in cmdline.split():
        if arg.startswith("ktest.filter="):
            return arg[len("ktest.filter="):]
    return "*"


class PlanTest(unittest.TestCase):
    def test_rows_are_valid(self):
        names = [e.name for e in plan.PLAN]
        self.assertEqual(len(names), len(set(names)))
        for e in plan.PLAN:
            self.assertIn(e.kind, ("host", "pyunit", "native", "style",
                                   "boot", "screen", "post", "powercut"))
            self.assertIn(e.mode, qemu.MODES)
            self.assertTrue(e.expect is None or
                            e.expect in classify.EXPECT_TEXT, e.name)

    def test_must_pass_cases_are_selected(self):
        # ktest.filter is one "suite[.case]" glob (kernel/ktest.c): a row's
        # must_pass cases have to be inside it, or the row always fails.
        for e in plan.PLAN:
            suite_glob, _, case_glob = ktest_filter(e.cmdline).partition(".")
            for name in e.must_pass:
                suite, _, case = name.partition(".")
                self.assertTrue(suite and case, name)
                self.assertTrue(fnmatch.fnmatchcase(suite, suite_glob) and
                                fnmatch.fnmatchcase(case, case_glob or "*"),
                                "%s: %s not in %r" % (e.name, name,
                                                      e.cmdline))

    def test_plan_covers_the_issue(self):
        boots = [e for e in plan.PLAN if e.kind == "boot" and not e.expect]
        self.assertEqual({e.mode for e in boots},
                         {"bios-cd", "uefi-cd", "bios-usb", "uefi-usb"})
        self.assertEqual({e.mem for e in boots} - {None},
                         {"48M", "64M", "512M", "1G", "4G", "8G", "16G"})
        self.assertEqual({e.smp for e in boots} - {None}, {1, 2, 4, 8})
        # The machine matrix's corners: both machines, both firmwares
        # from a USB stick, each the other's default machine.
        self.assertEqual({(e.mode, e.machine) for e in boots
                          if e.machine and "machine" in e.tags},
                         {("uefi-usb", "pc"), ("bios-usb", "q35")})
        expects = {(e.cmdline, e.expect) for e in plan.PLAN if e.expect}
        self.assertEqual(expects, {
            ("ktest.filter=selftest_fail", "fail"),
            ("ktest.filter=selftest_lockup", "fail"),
            ("ktest.filter=selftest_wait", "fail"),
            ("ktest.filter=selftest_lockdep", "fail"),
            ("crash=panic", "panic"), ("crash=page_fault", "panic"),
            ("crash=stack_overflow", "panic"),
            ("crash=hang", "hang"), ("crash=triple_fault", "reset")})
        hang = [e for e in plan.PLAN if e.expect == "hang"][0]
        self.assertLessEqual(hang.hang_timeout, 10)
        # SMEP/SMAP: QEMU's default CPU has neither, so one row boots a CPU
        # that has both and must not skip their cases.
        smep = [e for e in boots if e.cpu == "max"]
        self.assertEqual([e.name for e in smep], ["smep-smap"])
        self.assertEqual(set(smep[0].must_pass),
                         {"usermode.usermode_smep", "usermode.usermode_smap"})
        self.assertEqual([e.name for e in plan.PLAN if e.must_pass],
                         ["mem-16G", "fork-256M", "reclaim-mapped",
                          "smep-smap",
                          "disk-virtio", "disk-virtio-legacy", "disk-ahci",
                          "disk-ahci-i440fx", "net-e1000",
                          "net-e1000-q35-static", "net-virtio",
                          "net-virtio-legacy", "net-metrics",
                          "net-flood-e1000", "net-flood-virtio",
                          "net-frames-e1000", "net-frames-virtio",
                          "net-hostrx-e1000", "net-hostrx-virtio",
                          "scenarios",
                          "reaper-scenarios", "reaper-scenarios-smp2",
                          "cgroup-selftests"])
        reap = [e for e in plan.PLAN if e.name.startswith("reaper-")]
        self.assertEqual(sorted(e.smp for e in reap), [2, 4])
        for e in reap:
            self.assertIn("sched.seed=", e.cmdline)
        scen = [e for e in plan.PLAN if e.name == "scenarios"][0]
        self.assertEqual((scen.smp, scen.cmdline),
                         (4, "ktest.filter=scenario*"))
        fuzz = [e for e in plan.PLAN if e.name == "sysfuzz"][0]
        self.assertEqual((fuzz.smp, fuzz.cmdline),
                         (4, "ktest.filter=stress_sysfuzz"))
        # A wait that never ends must fail the run, not hang it: the
        # row's hang limit is shorter than the runner's default.
        wait = [e for e in plan.PLAN if e.name == "expect-wait-timeout"][0]
        self.assertLessEqual(wait.hang_timeout, 10)
        # Explicit-only stress suites run only where a row names them.
        stress = {e.cmdline for e in boots}
        for suite in ("stress_sysfuzz", "stress_futex", "stress_wait"):
            self.assertIn("ktest.filter=" + suite, stress)

    def test_screen_rows(self):
        # The screen console is checked on both firmwares and in VGA
        # text mode, each with a small suite so that the boot stays cheap.
        rows = [e for e in plan.PLAN if e.kind == "screen"]
        self.assertEqual({e.mode for e in rows}, {"bios-cd", "uefi-cd"})
        self.assertTrue(any("vga=normal" in e.cmdline.split() and
                            e.mode == "bios-cd" for e in rows))
        for e in rows:
            self.assertNotEqual(ktest_filter(e.cmdline), "*", e.name)
        self.assertEqual(plan.Entry("s", kind="screen", mode="uefi-cd",
                                    cmdline="ktest.filter=string").describe(),
                         "screendump uefi-cd 'ktest.filter=string'")

    def test_select(self):
        names = lambda pats: [e.name for e in plan.select(plan.PLAN, pats)]
        self.assertEqual(names(""), [e.name for e in plan.PLAN])
        self.assertEqual(names("bios-cd"), ["bios-cd"])
        self.assertEqual(names("unit"),
                         ["host-unit", "python-unit", "user-native"])
        self.assertEqual(names("expect-*,!expect-hang"),
                         ["expect-fail", "expect-wait-timeout",
                          "expect-panic", "expect-page-fault",
                          "expect-triple-fault", "expect-stack-overflow",
                          "expect-lockup", "expect-lockdep"])
        self.assertNotIn("uefi-cd", names("!uefi"))
        with self.assertRaises(ValueError):
            plan.select(plan.PLAN, "nothing-like-this")

    def test_disk_rows(self):
        # virtio-blk modern on q35 (ECAM, MSI-X) and legacy on i440fx
        # (config ports, INTx); AHCI on q35's own HBA (MSI) and on one
        # added to i440fx (INTx); each requiring its whole suite and
        # mounting its ext2 disk from the command line.
        rows = {e.disk: e for e in plan.PLAN if e.disk and not e.ksft}
        self.assertEqual(set(rows), {"virtio", "virtio-legacy", "ahci",
                                     "ahci-i440fx", "ext2-corrupt"})
        # root= of a corrupt ext2: refused, the boot goes on (its own
        # checks in test_disk); the rest mount a good one.
        corrupt = rows.pop("ext2-corrupt")
        self.assertIn("root=/dev/vda", corrupt.cmdline)
        self.assertEqual([d.image for d in
                          disk.KINDS[corrupt.disk].drives], [disk.CORRUPT])
        self.assertTrue(rows["virtio"].mode.startswith("uefi"))
        self.assertTrue(rows["virtio-legacy"].mode.startswith("bios"))
        self.assertIn("virtio_blk.intx=1", rows["virtio-legacy"].cmdline)
        self.assertIn("ahci.intx=1", rows["ahci-i440fx"].cmdline)
        self.assertEqual((rows["ahci"].machine, rows["ahci-i440fx"].machine),
                         ("q35", "pc"))
        for e in rows.values():
            self.assertIn(e.disk, disk.KINDS)
            self.assertTrue(disk.KINDS[e.disk].checked, e.name)
            self.assertIn(disk.EXT2, [d.image for d in
                                      disk.KINDS[e.disk].drives])
            self.assertEqual(e.machine, disk.KINDS[e.disk].machine)
            dev = "sda" if e.disk.startswith("ahci") else "vdb"
            self.assertIn("root=/dev/%s rw" % dev, e.cmdline)
            self.assertEqual(e.must_pass, plan.AHCI_CASES if dev == "sda"
                             else plan.VIRTIO_BLK_CASES)
        self.assertEqual(plan.Entry("z", disk="virtio").describe(),
                         "bios-cd disk virtio")

    def test_powercut_row(self):
        # The power cut boots what tools/oomlab/powercut.py expects.
        from oomlab import powercut
        rows = [e for e in plan.PLAN if e.kind == "powercut"]
        self.assertEqual([e.cmdline for e in rows], [powercut.CMDLINE])
    def test_net_rows(self):
        # e1000 and virtio-net each on i440fx and q35 (UEFI's machine),
        # one with a static address, two with results over netconsole;
        # all require the whole net suite. No other row has a card, so
        # no other boot runs DHCP or netconsole.
        rows = {e.name: e for e in plan.PLAN if e.nic and not e.peer}
        self.assertEqual({(e.nic, e.mode) for e in rows.values()},
                         {("e1000", "bios-cd"), ("e1000", "uefi-cd"),
                          ("virtio", "uefi-cd"),
                          ("virtio-legacy", "bios-cd")})
        self.assertIn("net.ip=", rows["net-e1000-q35-static"].cmdline)
        for e in rows.values():
            self.assertIn(e.nic, netcon.NICS)
            self.assertEqual(e.must_pass, plan.NET_CASES)
        self.assertEqual([e.name for e in plan.PLAN if e.console != "serial"],
                         ["net-e1000", "net-virtio"])
        self.assertEqual(plan.Entry("n", nic="e1000", console="net")
                         .describe(), "bios-cd nic e1000 console net")

    def test_peer_rows(self):
        # Each host peer has its row; the flood and the bad frames each
        # on e1000 and virtio-net; each row's command line switches on
        # the case its peer answers, and requires it.
        rows = [e for e in plan.PLAN if e.peer]
        self.assertEqual({(e.peer, e.nic) for e in rows},
                         {("metrics", "e1000"), ("flood", "e1000"),
                          ("flood", "virtio"), ("frames", "e1000"),
                          ("frames", "virtio"), ("hostrx", "e1000"),
                          ("hostrx", "virtio")})
        case = {"metrics": "http.http_host_fetch",
                "flood": "net_flood.net_udp_flood",
                "frames": "net_frames.net_bad_frames",
                "hostrx": "socket_host.socket_host_limit"}
        for e in rows:
            self.assertIn("net.%s_test=1" % e.peer, e.cmdline)
            self.assertIn(case[e.peer], e.must_pass)
        for e in rows:
            if e.peer == "hostrx":
                self.assertEqual(e.must_pass, plan.HOSTRX_CASES)
        metrics = [e for e in rows if e.peer == "metrics"][0]
        self.assertEqual(metrics.must_pass, plan.HTTP_CASES)
        self.assertIn("memcg.max=", metrics.cmdline)

    def test_describe(self):
        e = plan.Entry("x", mem="32M", smp=4, cmdline="crash=hang",
                       expect="hang")
        self.assertEqual(e.describe(),
                         "bios-cd -m 32M -smp 4 'crash=hang' expect hang")
        self.assertEqual(plan.Entry("y", cpu="max").describe(),
                         "bios-cd -cpu max")


if __name__ == "__main__":
    unittest.main()


class SelftestsRowTest(unittest.TestCase):
    def test_row_boots_the_iso_make_builds(self):
        # mk/selftests.mk bakes the command line into the ISO's GRUB entry:
        # the row's must be the same, or its must_pass cases never run.
        import os
        import re
        mk = os.path.join(os.path.dirname(__file__), "..", "..", "mk",
                          "selftests.mk")
        with open(mk) as f:
            text = f.read()
        cmdline = re.search(r"^SELFTESTS_CMDLINE := (.*)$", text, re.M)
        iso = re.search(r"^SELFTESTS_ISO := \$\(BUILD\)/(.*)$", text, re.M)
        rows = [e for e in plan.PLAN if e.ksft]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0].cmdline, cmdline.group(1))
        self.assertEqual(rows[0].iso, iso.group(1))
        # The programs run on an ext2 virtio-blk disk the host checks.
        self.assertEqual(rows[0].disk, "ksft-virtio")
        self.assertTrue(disk.KINDS[rows[0].disk].checked)
        self.assertIn("root=/dev/vda rw", rows[0].cmdline)
