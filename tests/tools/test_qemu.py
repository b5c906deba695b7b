# SPDX-License-Identifier: MIT
"""QEMU command lines per boot mode, and the ISO cache."""
import os
import tempfile
import time
import unittest

from testlib import FAKE_MKISO, REPO, fake_build
from oomlab import qemu
from oomlab.qemu import Boot


def opt(argv, flag):
    """Every value given to @flag."""
    return [argv[i + 1] for i, a in enumerate(argv) if a == flag]


class CommandTest(unittest.TestCase):
    def cmd(self, mode, **kw):
        return qemu.command(Boot("r", mode=mode, **kw), "/b/x.iso",
                            "/b/boot/r")

    def test_common_flags(self):
        for mode in qemu.MODES:
            argv, _ = self.cmd(mode, mem="8G", smp=4)
            self.assertEqual(argv[0], "qemu-system-x86_64")
            for flag in ("-no-reboot", "-accel"):
                self.assertIn(flag, argv)
            self.assertEqual(opt(argv, "-accel"), ["tcg"])
            self.assertEqual(opt(argv, "-device")[0], qemu.DEBUG_EXIT)
            self.assertEqual(opt(argv, "-serial"), ["stdio"])
            self.assertEqual((opt(argv, "-m"), opt(argv, "-smp")),
                             (["8G"], ["4"]))

    def test_bios_cd(self):
        argv, copies = self.cmd("bios-cd")
        self.assertEqual(opt(argv, "-cdrom"), ["/b/x.iso"])
        self.assertEqual(copies, [])
        self.assertNotIn("-machine", argv)

    def test_uefi_cd_uses_a_private_vars_copy(self):
        argv, copies = self.cmd("uefi-cd")
        self.assertEqual(opt(argv, "-machine"), ["q35"])
        drives = opt(argv, "-drive")
        self.assertIn("if=pflash,format=raw,readonly=on,file=" +
                      qemu.OVMF_CODE, drives)
        self.assertIn("if=pflash,format=raw,file=/b/boot/r/OVMF_VARS.fd",
                      drives)
        self.assertFalse(any(qemu.OVMF_VARS in d for d in drives))
        self.assertEqual(copies, [(qemu.OVMF_VARS,
                                   "/b/boot/r/OVMF_VARS.fd")])

    def test_usb_boots_a_copy_of_the_iso(self):
        for mode in ("bios-usb", "uefi-usb"):
            argv, copies = self.cmd(mode)
            self.assertNotIn("-cdrom", argv)
            self.assertIn("if=none,id=stick,format=raw,"
                          "file=/b/boot/r/stick.img", opt(argv, "-drive"))
            self.assertEqual(opt(argv, "-device")[1:],
                             ["qemu-xhci", "usb-storage,drive=stick"])
            self.assertIn(("/b/x.iso", "/b/boot/r/stick.img"), copies)

    def test_unknown_mode(self):
        with self.assertRaises(qemu.BootError):
            self.cmd("floppy")

    def test_prepare_copies(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "a")
            with open(src, "w") as f:
                f.write("x")
            dst = os.path.join(tmp, "d", "b")
            qemu.prepare([(src, dst)])
            self.assertTrue(os.path.exists(dst))
            with self.assertRaises(qemu.BootError):
                qemu.prepare([(os.path.join(tmp, "missing"), dst)])


class IsoCacheTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.build = fake_build(self.tmp.name)
        self.count = os.path.join(self.tmp.name, "count")
        os.environ["FAKE_MKISO_COUNT"] = self.count
        self.cache = qemu.IsoCache(self.build, REPO, mkiso=FAKE_MKISO)

    def tearDown(self):
        del os.environ["FAKE_MKISO_COUNT"]
        self.tmp.cleanup()

    def calls(self):
        if not os.path.exists(self.count):
            return 0
        with open(self.count) as f:
            return len(f.readlines())

    def test_empty_cmdline_is_the_make_iso(self):
        self.assertEqual(self.cache.get(""),
                         os.path.join(self.build, "oomlab-test.iso"))
        os.remove(os.path.join(self.build, "oomlab-test.iso"))
        with self.assertRaises(qemu.BootError):
            self.cache.get("")

    def test_built_once_per_cmdline(self):
        a = self.cache.get("crash=panic")
        self.assertEqual(self.cache.get("crash=panic"), a)
        self.assertEqual(self.calls(), 1)
        b = self.cache.get("crash=hang")
        self.assertNotEqual(a, b)
        self.assertEqual(self.calls(), 2)
        with open(a) as f:
            self.assertEqual(f.read(), "CMDLINE=crash=panic\n")

    def test_rebuilt_when_kernel_is_newer(self):
        iso = self.cache.get("ktest.seed=1")
        old = time.time() - 100
        os.utime(iso, (old, old))
        self.cache.get("ktest.seed=1")
        self.assertEqual(self.calls(), 2)

    def test_mkiso_failure(self):
        cache = qemu.IsoCache(self.build, REPO, mkiso="/bin/false")
        with self.assertRaises(qemu.BootError):
            cache.get("x=1")


if __name__ == "__main__":
    unittest.main()
