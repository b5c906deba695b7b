#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Make the ext2 image the boot tests mount (tests/fs/ext2_boot_test.c).

    tools/oomlab/ext2_image.py OUT.img [--size-kib N] [--block-size B]
    tools/oomlab/ext2_image.py OUT.sparse --empty --sparse --size-kib N ...

Builds a small tree in a scratch directory and runs Debian's
`mke2fs -t ext2 -d` on it. The tree (its contents are what the boot test
expects, so change both together):

    hello          "hello, ext2\\n"
    dir/big        100000 bytes, byte i = (i * 7 + i // 1000) % 256
                   (past the 12 direct blocks of a 1 KiB-block image)
    dir/sparse     "end" at offset 200000, a hole before it
    link           symlink to "hello"

--empty makes a file system with nothing in it (the benchmark's), and
--sparse writes only the image's non-zero 4 KiB chunks, so a large image
costs the initramfs only its metadata:

    "E2SPARSE"  u64 image bytes, then per chunk u32 index + 4096 bytes,
                then u32 0xffffffff (all little endian)
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile


def big_bytes(n):
    return bytes((i * 7 + i // 1000) % 256 for i in range(n))


def make_tree(root):
    os.mkdir(os.path.join(root, "dir"))
    with open(os.path.join(root, "hello"), "wb") as f:
        f.write(b"hello, ext2\n")
    with open(os.path.join(root, "dir", "big"), "wb") as f:
        f.write(big_bytes(100000))
    with open(os.path.join(root, "dir", "sparse"), "wb") as f:
        f.seek(200000)
        f.write(b"end")
    os.symlink("hello", os.path.join(root, "link"))


SPARSE_CHUNK = 4096


def write_sparse(image, out):
    with open(image, "rb") as f:
        data = f.read()
    with open(out, "wb") as f:
        f.write(b"E2SPARSE" + struct.pack("<Q", len(data)))
        for i in range(0, len(data), SPARSE_CHUNK):
            chunk = data[i:i + SPARSE_CHUNK]
            if chunk.strip(b"\0"):
                f.write(struct.pack("<I", i // SPARSE_CHUNK))
                f.write(chunk.ljust(SPARSE_CHUNK, b"\0"))
        f.write(struct.pack("<I", 0xffffffff))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--size-kib", type=int, default=1024)
    ap.add_argument("--block-size", type=int, default=1024)
    ap.add_argument("--empty", action="store_true")
    ap.add_argument("--sparse", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(tree)
        if not args.empty:
            make_tree(tree)
        out = os.path.join(tmp, "img")
        cmd = ["mke2fs", "-q", "-F", "-t", "ext2", "-b",
               str(args.block_size), "-d", tree, out,
               "%dk" % args.size_kib]
        env = dict(os.environ, E2FSPROGS_FAKE_TIME="1700000000")
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode:
            sys.stderr.write("ext2_image: %s: %s" % (" ".join(cmd),
                                                     r.stderr))
            return 1
        if args.sparse:
            write_sparse(out, args.out + ".tmp")
        else:
            os.replace(out, args.out + ".tmp")
        os.replace(args.out + ".tmp", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
