# SPDX-License-Identifier: MIT
"""Linux as the bench's yardstick: which package, the initramfs, the
QEMU and kernel command lines."""
import os
import shutil
import stat
import tempfile
import unittest

import testlib
from oomlab import linux


def opt(argv, flag):
    return [argv[i + 1] for i, a in enumerate(argv) if a == flag]


class PackageTest(unittest.TestCase):
    def test_newest_generic_6_1(self):
        names = ["linux-image-6.1.0-47-amd64-unsigned",
                 "linux-image-6.1.0-50-cloud-amd64-unsigned",
                 "linux-image-6.1.0-50-rt-amd64-unsigned",
                 "linux-image-6.1.0-9-amd64-unsigned",
                 "linux-image-6.12.115+deb12-amd64-unsigned",
                 "linux-image-6.1.0-48-amd64-unsigned"]
        self.assertEqual(linux.newest_package(names),
                         "linux-image-6.1.0-48-amd64-unsigned")
        self.assertIsNone(linux.newest_package(
            ["linux-image-6.1.0-50-cloud-amd64-unsigned"]))


class CommandTest(unittest.TestCase):
    def test_kernel_command_line(self):
        text = linux.cmdline(["--threads", "2", "--poweroff"])
        head, sep, tail = text.partition(" -- ")
        self.assertEqual(sep, " -- ")
        words = head.split()
        for w in ("console=ttyS0", "transparent_hugepage=never",
                  "panic=-1"):
            self.assertIn(w, words)
        # What follows "--" is /init's argv, untouched.
        self.assertEqual(tail, "--threads 2 --poweroff")

    def test_qemu_shape(self):
        argv = linux.command("qemu-x", "/c/vmlinuz", "/c/init.cpio",
                             "1024M", 2, ["--poweroff"])
        self.assertEqual(argv[0], "qemu-x")
        self.assertEqual(opt(argv, "-accel"), ["tcg"])
        self.assertIn("-no-reboot", argv)
        self.assertEqual(opt(argv, "-serial"), ["stdio"])
        self.assertEqual((opt(argv, "-m"), opt(argv, "-smp")),
                         (["1024M"], ["2"]))
        self.assertEqual(opt(argv, "-kernel"), ["/c/vmlinuz"])
        self.assertEqual(opt(argv, "-initrd"), ["/c/init.cpio"])
        self.assertEqual(opt(argv, "-append"),
                         [linux.cmdline(["--poweroff"])])
        self.assertNotIn("-cpu", argv)
        self.assertNotIn("-cdrom", argv)
        argv = linux.command("q", "k", "i", "1G", 4, [], cpu="max")
        self.assertEqual(opt(argv, "-cpu"), ["max"])


class FilesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_initramfs_holds_the_program_as_init(self):
        prog = os.path.join(self.tmp, "mmbench")
        with open(prog, "wb") as f:
            f.write(b"\x7fELF-not-really")
        os.chmod(prog, 0o755)
        out = linux.make_initramfs(testlib.REPO, prog,
                                   os.path.join(self.tmp, "l", "i.cpio"))
        with open(out, "rb") as f:
            blob = f.read()
        self.assertTrue(blob.startswith(b"070701"))
        # The first entry: mode (field 2) and name after the 110-byte
        # header.
        mode = int(blob[14:22], 16)
        self.assertEqual(blob[110:115], b"init\0")
        self.assertTrue(stat.S_ISREG(mode) and mode & 0o111)
        self.assertIn(b"\x7fELF-not-really", blob)
        self.assertIn(b"TRAILER!!!", blob)

    def test_a_cached_kernel_needs_no_apt(self):
        boot = os.path.join(linux.cache_dir(self.tmp), "boot")
        os.makedirs(boot)
        path = os.path.join(boot, "vmlinuz-6.1.0-99-amd64")
        open(path, "w").close()
        said = []
        self.assertEqual(linux.fetch_kernel(self.tmp, said.append), path)
        self.assertEqual(said, [])


if __name__ == "__main__":
    unittest.main()


class ModulesTest(unittest.TestCase):
    def test_depends_from_modinfo(self):
        ko = b"\x7fELF...\0license=GPL\0depends=libata,scsi_mod\0name=x\0"
        self.assertEqual(linux.module_depends(ko), ["libata", "scsi_mod"])
        self.assertEqual(linux.module_depends(b"\0depends=\0"), [])
        self.assertEqual(linux.module_depends(b"no modinfo"), [])

    def test_order_puts_dependencies_first_once(self):
        deps = {"ahci": ["libahci", "libata"], "libahci": ["libata"],
                "libata": ["scsi_mod"], "scsi_mod": [],
                "crc_t10dif": ["crct10dif_common"], "crct10dif_common": []}
        self.assertEqual(linux.module_order(["ahci", "crc-t10dif"], deps),
                         ["scsi_mod", "libata", "libahci", "ahci",
                          "crct10dif_common", "crc_t10dif"])

    def test_order_refuses_a_loop(self):
        with self.assertRaises(linux.LinuxError):
            linux.module_order(["a"], {"a": ["b"], "b": ["a"]})

    def test_cached_modules_need_no_apt(self):
        build = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, build)
        cache = os.path.join(linux.cache_dir(build), "modules")
        os.makedirs(cache)
        with open(os.path.join(cache, "order"), "w") as f:
            f.write("virtio\nvirtio_blk\n")
        got = linux.fetch_modules(build, "/x/vmlinuz-6.1.0-1-amd64")
        self.assertEqual(got, [("virtio", os.path.join(cache, "virtio.ko")),
                               ("virtio_blk",
                                os.path.join(cache, "virtio_blk.ko"))])
