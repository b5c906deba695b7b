#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pack files into a cpio "newc" (SVR4, no CRC) archive: oomlab's initramfs.

    tools/mkinitrd.py -o build/initrd.cpio bin/hog=build/user/hog ...
        [--link bin/sh=bin/busybox ...]

Each DEST=SRC puts the file SRC at DEST in the archive (no leading slash),
with mode 0755 if SRC is executable and 0644 otherwise. Each --link
DEST=TARGET makes DEST a hard link to the archive's file TARGET (how
busybox's applets are installed): the group shares an inode number, its
nlink counts the names, and only the last name in archive order carries
the data, as GNU cpio writes it (Linux's unpacker gives every name of
the group the data of the last). The directories on
the way (bin/) get entries of their own, parents first. The archive is
reproducible: owner 0:0, mtime 0 (or $SOURCE_DATE_EPOCH), inode numbers in
order, entries sorted by path.

newc layout, every field 8 ASCII hex digits:
    "070701" ino mode uid gid nlink mtime filesize devmajor devminor
    rdevmajor rdevminor namesize check
then the NUL-terminated name, padded so header + name is a multiple of 4,
then the data, padded to a multiple of 4. The last entry is "TRAILER!!!".
"""
import argparse
import os
import stat
import sys

MAGIC = b"070701"
TRAILER = "TRAILER!!!"


def _pad4(n):
    return (4 - n % 4) % 4


def entry(name, mode, data=b"", ino=0, mtime=0, nlink=1):
    """One newc record (header, name, data, padding) as bytes."""
    encoded = name.encode() + b"\0"
    fields = (ino, mode, 0, 0, nlink, mtime, len(data), 0, 0, 0, 0,
              len(encoded), 0)
    head = MAGIC + b"".join(b"%08X" % f for f in fields)
    out = head + encoded + b"\0" * _pad4(len(head) + len(encoded))
    return out + data + b"\0" * _pad4(len(data))


def build(files, mtime=0, links=None):
    """The archive bytes for files: {archive path: (mode, data)} and
    links: {archive path: the path in files it is a hard link to}."""
    links = links or {}
    dirs = set()
    for path, target in links.items():
        if target not in files or path in files:
            raise ValueError("bad link %s -> %s" % (path, target))
    for path in list(files) + list(links):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    records = {d: (stat.S_IFDIR | 0o755, b"") for d in dirs}
    for path, (mode, data) in files.items():
        if path in records:
            raise ValueError("%s is both a directory and a file" % path)
        records[path] = (stat.S_IFREG | mode, data)
    groups = {t: [t] for t in links.values()}
    for path, target in links.items():
        if path in records:
            raise ValueError("%s is both a directory and a link" % path)
        groups[target].append(path)
        records[path] = records[target]
    # Sorted, so a directory always precedes what it holds.
    order = sorted(records)
    inos = {path: ino for ino, path in enumerate(order, 1)}
    last = {}
    for path in order:
        last[links.get(path, path)] = path
    out = bytearray()
    for path in order:
        mode, data = records[path]
        group = groups.get(links.get(path, path))
        if stat.S_ISDIR(mode):
            out += entry(path, mode, data, inos[path], mtime, 2)
        elif group:
            target = group[0]
            body = data if last[target] == path else b""
            out += entry(path, mode, body, inos[target], mtime, len(group))
        else:
            out += entry(path, mode, data, inos[path], mtime, 1)
    out += entry(TRAILER, 0, nlink=1)
    return bytes(out)


def parse_spec(spec):
    """'bin/hog=build/user/hog' -> ('bin/hog', 'build/user/hog')."""
    dest, sep, src = spec.partition("=")
    dest = dest.strip("/")
    if not sep or not dest or not src or ".." in dest.split("/"):
        raise ValueError("bad DEST=SRC: %r" % spec)
    return dest, src


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True, help="archive to write")
    ap.add_argument("--link", action="append", default=[],
                    metavar="DEST=TARGET", help="hard link DEST to TARGET")
    ap.add_argument("files", nargs="+", metavar="DEST=SRC")
    args = ap.parse_args(argv)
    files = {}
    links = {}
    try:
        for spec in args.link:
            dest, target = parse_spec(spec)
            links[dest] = target.strip("/")
        for spec in args.files:
            dest, src = parse_spec(spec)
            with open(src, "rb") as f:
                data = f.read()
            mode = 0o755 if os.access(src, os.X_OK) else 0o644
            files[dest] = (mode, data)
        blob = build(files, int(os.environ.get("SOURCE_DATE_EPOCH", "0")),
                     links)
    except (OSError, ValueError) as e:
        print("mkinitrd: %s" % e, file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
