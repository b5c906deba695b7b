# SPDX-License-Identifier: MIT
"""The disk images of the block-device rows: the pattern, the QEMU
arguments, and the after-boot check of image and log."""
import os
import struct
import tempfile
import unittest

from oomlab import disk, qemu

MODERN_LINE = ("virtio_blk 0000:00:03.0: [vda] modern, queue 256, "
               "16 segments, depth 14, flush yes")


def write_complement(scratch):
    with open(disk.image_path(scratch), "r+b") as f:
        f.seek(disk.WRITE_SECTOR * disk.SECTOR)
        f.write(disk.pattern(disk.WRITE_SECTOR, disk.WRITE_SECTORS, True))


class DiskTest(unittest.TestCase):
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
        disk.make_image("virtio", self.scratch)
        write_complement(self.scratch)
        self.assertEqual(disk.check("virtio", self.scratch, [MODERN_LINE]),
                         [])

    def test_missing_write_fails(self):
        disk.make_image("virtio", self.scratch)
        problems = disk.check("virtio", self.scratch, [MODERN_LINE])
        self.assertEqual(len(problems), 1)
        self.assertIn("complement", problems[0])

    def test_stray_write_fails(self):
        disk.make_image("virtio", self.scratch)
        write_complement(self.scratch)
        with open(disk.image_path(self.scratch), "r+b") as f:
            f.seek(100 * disk.SECTOR + 7)
            f.write(b"\\0")
        self.assertIn("changed", disk.check("virtio", self.scratch,
                                            [MODERN_LINE])[0])

    def test_wrong_interface_fails(self):
        # A legacy row whose kernel drove the device as modern.
        disk.make_image("virtio-legacy", self.scratch)
        write_complement(self.scratch)
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


if __name__ == "__main__":
    unittest.main()
