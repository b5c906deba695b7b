# SPDX-License-Identifier: MIT
"""tools/write-usb.sh refuses what must not be overwritten: a partition,
a non-block device, a disk with something mounted, the disk holding /
(also through LVM). lsblk, findmnt and dd are fakes on PATH that answer
as a machine with the described disks would; the fake dd records that it
ran, so a refusal is seen to write nothing."""
import os
import subprocess
import tempfile
import unittest

import testlib

SCRIPT = os.path.join(testlib.TOOLS, "write-usb.sh")

# Answers from FAKE_* variables: TYPE and NAME of the device, its mount
# points, the "NAME TYPE" lines under /.
FAKE_LSBLK = r"""#!/bin/sh
case "$*" in
*"-dno TYPE"*) [ -n "$FAKE_TYPE" ] || exit 32; echo "$FAKE_TYPE" ;;
*"-dno NAME "*) echo "$FAKE_NAME" ;;
*"-dno NAME,MODEL"*) echo "$FAKE_NAME Stick 8G usb" ;;
*"-nrso NAME,TYPE"*) printf '%b' "$FAKE_ROOT_CHAIN" ;;
*"-nro MOUNTPOINT"*) printf '%b' "$FAKE_MOUNTS" ;;
*) exit 1 ;;
esac
"""
FAKE_FINDMNT = "#!/bin/sh\necho /dev/root-source\n"
FAKE_DD = "#!/bin/sh\necho \"$@\" > \"$FAKE_DD_LOG\"\n"


class WriteUsbTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.bin = os.path.join(d, "bin")
        os.makedirs(self.bin)
        for name, text in (("lsblk", FAKE_LSBLK), ("findmnt", FAKE_FINDMNT),
                           ("dd", FAKE_DD), ("sync", "#!/bin/sh\n")):
            path = os.path.join(self.bin, name)
            with open(path, "w") as f:
                f.write(text)
            os.chmod(path, 0o755)
        self.iso = os.path.join(d, "oomlab.iso")
        with open(self.iso, "w") as f:
            f.write("iso")
        self.dd_log = os.path.join(d, "dd.log")

    def tearDown(self):
        self.tmp.cleanup()

    def run_script(self, dev="/dev/sdb", **fake):
        env = dict(os.environ, PATH=self.bin + ":" + os.environ["PATH"],
                   FAKE_DD_LOG=self.dd_log, FAKE_TYPE="disk",
                   FAKE_NAME="sdb", FAKE_MOUNTS="",
                   FAKE_ROOT_CHAIN="sda2 part\\nsda disk\\n")
        env.update(fake)
        r = subprocess.run(["bash", SCRIPT, "--yes", self.iso, dev],
                           env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=30)
        return r.returncode, r.stdout, os.path.exists(self.dd_log)

    def test_free_stick_is_written(self):
        rc, out, wrote = self.run_script()
        self.assertEqual((rc, wrote), (0, True), out)
        with open(self.dd_log) as f:
            self.assertIn("of=/dev/sdb", f.read())

    def test_refuses_the_disk_holding_root(self):
        rc, out, wrote = self.run_script(FAKE_NAME="sda", dev="/dev/sda")
        self.assertEqual((rc, wrote), (1, False))
        self.assertIn("holds /", out)

    def test_refuses_root_disk_under_lvm(self):
        rc, out, wrote = self.run_script(
            FAKE_ROOT_CHAIN="vg-root lvm\\nsdb3 part\\nsdb disk\\n")
        self.assertEqual((rc, wrote), (1, False))
        self.assertIn("holds /", out)

    def test_refuses_a_mounted_disk(self):
        rc, out, wrote = self.run_script(FAKE_MOUNTS="\\n/media/stick\\n")
        self.assertEqual((rc, wrote), (1, False))
        self.assertIn("/media/stick", out)

    def test_refuses_a_disk_used_as_swap(self):
        rc, out, wrote = self.run_script(FAKE_MOUNTS="[SWAP]\\n")
        self.assertEqual((rc, wrote), (1, False))

    def test_refuses_a_partition(self):
        rc, out, wrote = self.run_script(FAKE_TYPE="part", dev="/dev/sdb1")
        self.assertEqual((rc, wrote), (1, False))
        self.assertIn("not a whole disk", out)

    def test_refuses_what_is_not_a_block_device(self):
        rc, out, wrote = self.run_script(FAKE_TYPE="", dev="/tmp/x")
        self.assertEqual((rc, wrote), (1, False))
        self.assertIn("not a block device", out)

    def test_missing_iso(self):
        os.unlink(self.iso)
        rc, out, wrote = self.run_script()
        self.assertEqual((rc, wrote), (1, False))


if __name__ == "__main__":
    unittest.main()
