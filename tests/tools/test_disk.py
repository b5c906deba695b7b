# SPDX-License-Identifier: MIT
"""The disk images of the block-device rows: the pattern, the QEMU
arguments, and the after-boot check of image and log."""
import array
import os
import struct
import subprocess
import tempfile
import unittest

from oomlab import disk, ext2_disk, qemu

MODERN_LINE = ("virtio_blk 0000:00:03.0: [vda] modern, queue 256, "
               "16 segments, depth 14, flush yes")


AHCI_LINE = ("sd 0:0:0:0: [sda] 34816 512-byte logical blocks: "
             "(17.8 MB/17.0 MiB)")

# What tests/fs/ext2_disk_boot_test.c writes, done by debugfs instead.
BOOT_WRITES = """mkdir /new
mkdir /new/moved
write {src}/file /new/file.txt
ln /new/file.txt /new/hard
sif /new/file.txt links_count 2
write {src}/inner /new/moved/inner.txt
symlink /new/sym file.txt
write {src}/seq /new/seq.bin
write {src}/holes /new/holes.bin
write {src}/mapped /new/mapped.bin
rm /doomed/one.txt
rm /doomed/two.txt
rmdir /doomed
"""


def debugfs_w(image, commands):
    """Run debugfs -w with @commands (one per line) on @image."""
    r = subprocess.run(["debugfs", "-w", "-f", "-", image], input=commands,
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(r.stderr)


def fake_boot_writes(image, tmp, holes=True):
    """Write into @image what the kernel's ext2 disk exercise writes."""
    src = os.path.join(tmp, "src")
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "file"), "wb") as f:
        f.write(b"written by oomlab\n")
    with open(os.path.join(src, "inner"), "wb") as f:
        f.write(b"inner\n")
    with open(os.path.join(src, "seq"), "wb") as f:
        f.write(ext2_disk.seq_bytes(256 * 1024))
    with open(os.path.join(src, "mapped"), "wb") as f:
        f.write(ext2_disk.mapped_bytes(64 * 1024))
    data = ext2_disk.holes_bytes()
    with open(os.path.join(src, "holes"), "wb") as f:
        for off in (0, 1 << 20, len(data) - 4096):
            f.seek(off)
            f.write(data[off:off + 4096])
    # debugfs leaves zero blocks out: fallocate fills the holes.
    fill = "" if holes else "fallocate /new/holes.bin 0 3071\n"
    debugfs_w(image, BOOT_WRITES.format(src=src) + fill)


def write_scratch(image):
    first = ext2_disk.IMAGE_BYTES // 512 - ext2_disk.SCRATCH_SECTORS
    words = array.array("I", ((first * 128 + i) ^ ext2_disk.SCRATCH_XOR
                              for i in range(ext2_disk.SCRATCH_SECTORS *
                                             128)))
    with open(image, "r+b") as f:
        f.seek(first * 512)
        f.write(words.tobytes())


def write_complement(scratch):
    with open(disk.image_path(scratch), "r+b") as f:
        f.seek(disk.WRITE_SECTOR * disk.SECTOR)
        f.write(disk.pattern(disk.WRITE_SECTOR, disk.WRITE_SECTORS, True))


class DiskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # One ext2 image for the class: mke2fs takes a while.
        cls.build_tmp = tempfile.TemporaryDirectory()
        cls.build = cls.build_tmp.name
        ext2_disk.ensure(cls.build)

    @classmethod
    def tearDownClass(cls):
        cls.build_tmp.cleanup()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.scratch = os.path.join(self.tmp.name, "boot")

    def tearDown(self):
        self.tmp.cleanup()

    def test_pattern_words(self):
        # Word w of sector s is s * 128 + w, little-endian.
        data = disk.pattern(3, 1)
        self.assertEqual(len(data), 512)
        self.assertEqual(struct.unpack_from("<I", data, 0)[0], 384)
        self.assertEqual(struct.unpack_from("<I", data, 508)[0], 511)
        self.assertEqual(struct.unpack_from("<I", disk.pattern(3, 1, True),
                                            0)[0], 0xffffffff - 384)

    def test_kernel_write_passes(self):
        disk.make_image("virtio", self.scratch, self.build)
        write_complement(self.scratch)
        fake_boot_writes(disk.image_path(self.scratch, 1), self.tmp.name)
        self.assertEqual(disk.check("virtio", self.scratch, [MODERN_LINE]),
                         [])

    def test_missing_write_fails(self):
        disk.make_image("virtio", self.scratch, self.build)
        fake_boot_writes(disk.image_path(self.scratch, 1), self.tmp.name)
        problems = disk.check("virtio", self.scratch, [MODERN_LINE])
        self.assertEqual(len(problems), 1)
        self.assertIn("complement", problems[0])

    def test_stray_write_fails(self):
        disk.make_image("virtio", self.scratch, self.build)
        write_complement(self.scratch)
        fake_boot_writes(disk.image_path(self.scratch, 1), self.tmp.name)
        with open(disk.image_path(self.scratch), "r+b") as f:
            f.seek(100 * disk.SECTOR + 7)
            f.write(b"\\0")
        self.assertIn("changed", disk.check("virtio", self.scratch,
                                            [MODERN_LINE])[0])

    def test_wrong_interface_fails(self):
        # A legacy row whose kernel drove the device as modern.
        disk.make_image("virtio-legacy", self.scratch, self.build)
        write_complement(self.scratch)
        fake_boot_writes(disk.image_path(self.scratch, 1), self.tmp.name)
        problems = disk.check("virtio-legacy", self.scratch, [MODERN_LINE])
        self.assertEqual(len(problems), 1)
        self.assertIn("legacy", problems[0])

    def test_qemu_arguments(self):
        boot = qemu.Boot(name="d", disk="virtio-legacy")
        argv, _ = qemu.command(boot, "x.iso", self.scratch)
        i = argv.index("-device", argv.index("-drive"))
        self.assertEqual(argv[i + 1],
                         "virtio-blk-pci,drive=disk0,disable-modern=on")
        self.assertIn("file=" + disk.image_path(self.scratch),
                      argv[argv.index("-drive") + 1])


class Ext2DiskTest(unittest.TestCase):
    """The ext2 disk's check after a boot, on images debugfs wrote."""

    @classmethod
    def setUpClass(cls):
        cls.build_tmp = tempfile.TemporaryDirectory()
        cls.build = cls.build_tmp.name
        ext2_disk.ensure(cls.build)

    @classmethod
    def tearDownClass(cls):
        cls.build_tmp.cleanup()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.scratch = os.path.join(self.tmp.name, "boot")
        disk.make_image("ahci", self.scratch, self.build)
        self.image = disk.image_path(self.scratch)

    def tearDown(self):
        self.tmp.cleanup()

    def test_fresh_image_is_clean(self):
        # mke2fs -d's image: clean, the host's files all there, 17 MiB.
        self.assertEqual(os.path.getsize(self.image), 17 << 20)
        self.assertEqual(ext2_disk.check(self.image, boot_wrote=False), [])

    def test_boot_writes_pass(self):
        fake_boot_writes(self.image, self.tmp.name)
        write_scratch(self.image)
        self.assertEqual(disk.check("ahci", self.scratch, [AHCI_LINE]), [])

    def test_nothing_written_fails(self):
        problems = disk.check("ahci", self.scratch, [AHCI_LINE])
        self.assertIn("new/file.txt: not written by the boot", problems)
        self.assertIn("doomed/ not removed", problems)
        self.assertTrue(any("scratch" in p for p in problems), problems)

    def test_filled_holes_fail(self):
        fake_boot_writes(self.image, self.tmp.name, holes=False)
        problems = ext2_disk.check(self.image)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("holes filled", problems[0])

    def test_corruption_fails(self):
        # A block of data/big.bin marked free: e2fsck -fn exits 4.
        fake_boot_writes(self.image, self.tmp.name)
        debugfs_w(self.image, "freeb 1000 400\n")
        problems = ext2_disk.check(self.image)
        self.assertTrue(problems and problems[0].startswith(
            "e2fsck -fn exit 4"), problems)

    def test_host_file_change_fails(self):
        fake_boot_writes(self.image, self.tmp.name)
        src = os.path.join(self.tmp.name, "other")
        with open(src, "wb") as f:
            f.write(b"not what the host wrote\n")
        debugfs_w(self.image, "rm /hello.txt\nwrite %s /hello.txt\n" % src)
        self.assertEqual(ext2_disk.check(self.image), ["hello.txt changed"])

    def test_ahci_qemu_arguments(self):
        # q35's own HBA takes the disk on its first port; i440fx gets an
        # AHCI function; each kind insists on its machine.
        argv, _ = qemu.command(qemu.Boot(name="a", disk="ahci"), "x.iso",
                               self.scratch)
        self.assertEqual(argv[argv.index("-machine") + 1], "q35")
        self.assertIn("ide-hd,drive=disk0,bus=ide.0", argv)
        argv, _ = qemu.command(qemu.Boot(name="a", disk="ahci-i440fx"),
                               "x.iso", self.scratch)
        self.assertEqual(argv[argv.index("-machine") + 1], "pc")
        i = argv.index("ahci,id=ahci")
        self.assertEqual(argv[i + 2], "ide-hd,drive=disk0,bus=ahci.0")
        with self.assertRaises(qemu.BootError):
            qemu.command(qemu.Boot(name="a", disk="ahci", machine="pc"),
                         "x.iso", self.scratch)


if __name__ == "__main__":
    unittest.main()


class CorruptDiskTest(unittest.TestCase):
    """root= of a corrupt ext2: the kernel's refusal and an unchanged
    image pass; a missing log line or a changed byte fails."""

    @classmethod
    def setUpClass(cls):
        cls.build_tmp = tempfile.TemporaryDirectory()
        cls.build = cls.build_tmp.name
        ext2_disk.ensure(cls.build)

    @classmethod
    def tearDownClass(cls):
        cls.build_tmp.cleanup()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.scratch = os.path.join(self.tmp.name, "boot")
        disk.make_image("ext2-corrupt", self.scratch, self.build)
        self.image = disk.image_path(self.scratch)
        self.line = "EXT2-fs (vda): error: block size 1024 << 9"

    def tearDown(self):
        self.tmp.cleanup()

    def test_image_is_refused_by_e2fsck_too(self):
        with open(self.image, "rb") as f:
            f.seek(disk.CORRUPT_AT)
            self.assertEqual(f.read(4), disk.CORRUPT_VALUE)
        self.assertTrue(ext2_disk.check(self.image, boot_wrote=False))

    def test_refused_and_unchanged_passes(self):
        self.assertEqual(disk.check("ext2-corrupt", self.scratch,
                                    [self.line]), [])

    def test_no_log_line_or_a_write_fails(self):
        self.assertEqual(len(disk.check("ext2-corrupt", self.scratch, [])),
                         1)
        with open(self.image, "r+b") as f:
            f.seek(4096)
            f.write(b"x")
        self.assertIn("the refused image changed",
                      disk.check("ext2-corrupt", self.scratch, [self.line]))
