# SPDX-License-Identifier: MIT
"""tools/mkinitrd.py: what it writes must read back, byte for byte, with an
independent newc reader (below, written from the format description, not
from mkinitrd's code)."""
import importlib.util
import os
import stat
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "tools", "mkinitrd.py")

_spec = importlib.util.spec_from_file_location("mkinitrd", SCRIPT)
mkinitrd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mkinitrd)

FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
          "check")


def read_newc(blob):
    """[(name, header dict, data)] up to and without the trailer.

    Checks what a kernel's initramfs unpacker relies on: the magic, hex
    fields, the NUL after the name, 4-byte alignment of name and data,
    and nothing but padding after the trailer.
    """
    out, off = [], 0
    while True:
        if blob[off:off + 6] != b"070701":
            raise ValueError("bad magic at %d" % off)
        hdr = {}
        for i, name in enumerate(FIELDS):
            text = blob[off + 6 + 8 * i:off + 14 + 8 * i]
            if len(text) != 8:
                raise ValueError("short header at %d" % off)
            hdr[name] = int(text, 16)
        name_off = off + 110
        name_end = name_off + hdr["namesize"]
        if blob[name_end - 1:name_end] != b"\0":
            raise ValueError("name not NUL-terminated at %d" % off)
        name = blob[name_off:name_end - 1].decode()
        data_off = (name_end + 3) & ~3
        if blob[name_end:data_off].strip(b"\0"):
            raise ValueError("non-zero name padding at %d" % off)
        data = blob[data_off:data_off + hdr["filesize"]]
        off = (data_off + hdr["filesize"] + 3) & ~3
        if name == "TRAILER!!!":
            if blob[off:].strip(b"\0"):
                raise ValueError("data after the trailer")
            return out
        out.append((name, hdr, data))


class MkinitrdTest(unittest.TestCase):
    def test_round_trip(self):
        files = {"bin/hog": (0o755, b"\x7fELF" + bytes(range(256)) * 3),
                 "bin/odd": (0o755, b"abcde"),
                 "etc/empty": (0o644, b""),
                 "top": (0o600, b"x")}
        entries = read_newc(mkinitrd.build(files))
        names = [e[0] for e in entries]
        self.assertEqual(names, ["bin", "bin/hog", "bin/odd", "etc",
                                 "etc/empty", "top"])
        by_name = {e[0]: e for e in entries}
        for path, (mode, data) in files.items():
            _, hdr, got = by_name[path]
            self.assertEqual(got, data, path)
            self.assertEqual(hdr["mode"], stat.S_IFREG | mode, path)
            self.assertEqual(hdr["nlink"], 1)
        for d in ("bin", "etc"):
            self.assertEqual(by_name[d][1]["mode"], stat.S_IFDIR | 0o755)
        inos = [e[1]["ino"] for e in entries]
        self.assertEqual(len(set(inos)), len(inos))
        for _, hdr, _ in entries:
            self.assertEqual((hdr["uid"], hdr["gid"], hdr["mtime"],
                              hdr["check"]), (0, 0, 0, 0))

    def test_hard_links(self):
        # busybox's applets: one inode, nlink = the names, the data on
        # the last name in archive order only (GNU cpio's layout, which
        # Linux's unpacker and GNU cpio -i read as links).
        files = {"bin/busybox": (0o755, b"BB"), "bin/zz": (0o644, b"z")}
        links = {"bin/sh": "bin/busybox", "bin/ls": "bin/busybox"}
        entries = read_newc(mkinitrd.build(files, links=links))
        by_name = {e[0]: e[1:] for e in entries}
        group = ["bin/busybox", "bin/ls", "bin/sh"]
        self.assertEqual({by_name[n][0]["ino"] for n in group},
                         {by_name["bin/busybox"][0]["ino"]})
        self.assertNotEqual(by_name["bin/zz"][0]["ino"],
                            by_name["bin/busybox"][0]["ino"])
        for n in group:
            self.assertEqual(by_name[n][0]["nlink"], 3, n)
        self.assertEqual([by_name[n][1] for n in group], [b"", b"", b"BB"])
        with self.assertRaises(ValueError):
            mkinitrd.build(files, links={"bin/x": "bin/missing"})
        with self.assertRaises(ValueError):
            mkinitrd.build(files, links={"bin/zz": "bin/busybox"})

    def test_alignment_for_every_name_length(self):
        # Names of 1..8 characters hit each padding case of the header.
        files = {"d/" + "n" * k: (0o644, b"z" * k) for k in range(1, 9)}
        blob = mkinitrd.build(files)
        self.assertEqual(len(blob) % 4, 0)
        got = {n: d for n, _, d in read_newc(blob)}
        for path, (_, data) in files.items():
            self.assertEqual(got[path], data)

    def test_reproducible_and_mtime(self):
        files = {"bin/a": (0o755, b"1")}
        self.assertEqual(mkinitrd.build(files), mkinitrd.build(files))
        entries = read_newc(mkinitrd.build(files, mtime=1234))
        self.assertTrue(all(h["mtime"] == 1234 for _, h, _ in entries))

    def test_bad_specs(self):
        for spec in ("nosep", "=src", "bin/x=", "../x=src", "a/../b=src"):
            with self.assertRaises(ValueError, msg=spec):
                mkinitrd.parse_spec(spec)
        self.assertEqual(mkinitrd.parse_spec("/bin/hog=b/h"),
                         ("bin/hog", "b/h"))
        with self.assertRaises(ValueError):
            mkinitrd.build({"bin": (0o644, b""), "bin/x": (0o644, b"")})

    def test_command_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            prog = os.path.join(tmp, "prog")
            text = os.path.join(tmp, "text")
            with open(prog, "wb") as f:
                f.write(b"\x7fELF...")
            os.chmod(prog, 0o755)
            with open(text, "wb") as f:
                f.write(b"hello\n")
            os.chmod(text, 0o644)
            out = os.path.join(tmp, "initrd.cpio")
            env = dict(os.environ)
            env.pop("SOURCE_DATE_EPOCH", None)
            r = subprocess.run([sys.executable, SCRIPT, "-o", out,
                                "bin/prog=" + prog, "etc/motd=" + text],
                               env=env, capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, "rb") as f:
                entries = read_newc(f.read())
            got = {n: (h["mode"], d) for n, h, d in entries}
            self.assertEqual(got["bin/prog"],
                             (stat.S_IFREG | 0o755, b"\x7fELF..."))
            self.assertEqual(got["etc/motd"],
                             (stat.S_IFREG | 0o644, b"hello\n"))
            r = subprocess.run([sys.executable, SCRIPT, "-o", out,
                                "bin/x=" + os.path.join(tmp, "missing")],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("mkinitrd:", r.stderr)

    def test_reader_rejects_garbage(self):
        blob = mkinitrd.build({"a": (0o644, b"abc")})
        with self.assertRaises(ValueError):
            read_newc(b"070702" + blob[6:])
        with self.assertRaises(ValueError):
            read_newc(blob + b"junk")


if __name__ == "__main__":
    unittest.main()
