# SPDX-License-Identifier: MIT
"""The power-cut test's judgement of an image (tools/oomlab/powercut.py),
on images damaged the way a cut damages them, by debugfs."""
import os
import tempfile
import unittest

from oomlab import disk, ext2_disk, powercut
from test_disk import debugfs_w


class PowercutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.build_tmp = tempfile.TemporaryDirectory()
        ext2_disk.ensure(cls.build_tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.build_tmp.cleanup()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        disk.make_image("ahci", self.tmp.name, self.build_tmp.name)
        self.image = disk.image_path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def verdicts(self, seen=True, fired=True):
        return {name: ok for ok, name, _ in
                powercut.judge(self.image, seen, fired)}

    def test_half_written_metadata_is_repaired(self):
        # A new file's inode in use but in no directory, and blocks
        # marked used that nothing owns: what a cut leaves. Repaired,
        # clean after, the host's files intact.
        debugfs_w(self.image, "mkdir /pc\nsetb 9000 50\n"
                  "unlink /pc\n")
        self.assertEqual(self.verdicts(), {
            "writes_cut": True, "fsck_repairs": True,
            "fsck_clean_after": True, "host_files_intact": True})

    def test_damaged_host_file_fails(self):
        # A host file's blocks freed and its inode cleared: e2fsck repairs
        # the file system, but the file is gone.
        debugfs_w(self.image, "clri /data/small.bin\n")
        v = self.verdicts()
        self.assertTrue(v["fsck_repairs"] and v["fsck_clean_after"])
        self.assertFalse(v["host_files_intact"])

    def test_no_cut_fails_every_case(self):
        self.assertEqual(set(self.verdicts(seen=False, fired=False).values()),
                         {False})


if __name__ == "__main__":
    unittest.main()
