# SPDX-License-Identifier: MIT
"""QEMU command lines per boot mode, and the ISO cache."""
import os
import shutil
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

    def test_cpu_model_only_when_asked(self):
        for mode in qemu.MODES:
            self.assertNotIn("-cpu", self.cmd(mode)[0])
            self.assertEqual(opt(self.cmd(mode, cpu="max")[0], "-cpu"),
                             ["max"])

    def test_machine_is_the_firmwares_unless_asked(self):
        self.assertNotIn("-machine", self.cmd("bios-usb")[0])
        self.assertEqual(opt(self.cmd("uefi-usb")[0], "-machine"), ["q35"])
        for mode in qemu.MODES:
            for machine in qemu.MACHINES:
                self.assertEqual(opt(self.cmd(mode, machine=machine)[0],
                                     "-machine"), [machine])
        with self.assertRaises(qemu.BootError):
            self.cmd("bios-cd", machine="isapc")

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
        with open(os.path.join(self.build, "initrd.cpio"), "w") as f:
            f.write("fake initramfs\n")
        # A repository of our own: its grub.cfg and mkiso have mtimes the
        # tests may set.
        self.repo = os.path.join(self.tmp.name, "repo")
        os.makedirs(os.path.join(self.repo, "iso"))
        shutil.copy(os.path.join(REPO, "iso", "grub.cfg"),
                    os.path.join(self.repo, "iso"))
        self.mkiso = os.path.join(self.repo, "fake_mkiso.py")
        shutil.copy(FAKE_MKISO, self.mkiso)
        self.count = os.path.join(self.tmp.name, "count")
        os.environ["FAKE_MKISO_COUNT"] = self.count
        self.cache = qemu.IsoCache(self.build, self.repo, mkiso=self.mkiso)

    def tearDown(self):
        del os.environ["FAKE_MKISO_COUNT"]
        os.environ.pop("FAKE_MKISO_FAIL", None)
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

    def test_rebuilt_when_anything_it_packs_is_newer(self):
        # tools/mkiso.sh packs the kernel, the initramfs (a change only in
        # user/ rebuilds just that) and grub.cfg; mkiso itself counts too.
        inputs = [os.path.join(self.build, "kernel.elf"),
                  os.path.join(self.build, "initrd.cpio"),
                  os.path.join(self.repo, "iso", "grub.cfg"), self.mkiso]
        now = time.time()
        for newer in inputs:
            with self.subTest(newer=os.path.basename(newer)):
                iso = self.cache.get("ktest.seed=1")
                for p in inputs:
                    os.utime(p, (now - 100, now - 100))
                os.utime(iso, (now - 50, now - 50))
                built = self.calls()
                self.cache.get("ktest.seed=1")
                self.assertEqual(self.calls(), built, "rebuilt while fresh")
                os.utime(newer, (now, now))
                self.cache.get("ktest.seed=1")
                self.assertEqual(self.calls(), built + 1)

    def test_mkiso_failure_is_reported_not_retried(self):
        os.environ["FAKE_MKISO_FAIL"] = "xorriso: Size of file has changed"
        with self.assertRaises(qemu.BootError) as cm:
            self.cache.get("x=1")
        self.assertIn("Size of file has changed", str(cm.exception))
        self.assertEqual(self.calls(), 1)
        cache = qemu.IsoCache(self.build, REPO, mkiso="/bin/false")
        with self.assertRaises(qemu.BootError):
            cache.get("x=1")


if __name__ == "__main__":
    unittest.main()
