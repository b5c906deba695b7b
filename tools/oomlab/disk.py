# SPDX-License-Identifier: MIT
"""Disks for the boots that test block drivers: the images the runner
writes (or copies) before QEMU starts, the QEMU arguments that attach
them, and the check of the images (and of the log) after the boot.

A kind is one or more drives, "disk0", "disk1"..., each with an image:

pattern  8 MiB where 32-bit little-endian word w of 512-byte sector s
         holds s * 128 + w; the kernel's virtio_blk suite
         (tests/drivers/virtio_blk_boot_test.c) reads it back and writes
         the complement of the pattern into sectors 4096-4111, which
         check() then expects to find, with every other sector unchanged
ext2     the ext2 disk made at build time (tools/oomlab/ext2_disk.py),
         copied; after the boot e2fsck -fn must call it clean and debugfs
         must find the host's files unchanged and the boot's written
         (tests/fs/ext2_disk_boot_test.c; not for a drive the suite
         does not write, as the cgroup selftests' scratch disk); on an
         AHCI drive the scratch MiB after the file system must hold the
         ahci suite's pattern
zero     zeros, not checked (the benchmark overwrites it)
corrupt  the ext2 disk with a superblock no ext2 mounts (its block size
         field says 512 KiB): root= on it must be refused with a log
         line, the boot must go on, and the image must come back byte
         for byte as it went in
"""
import array
import os
import re
import shutil
import sys
from dataclasses import dataclass
from typing import Optional, Tuple

from . import ext2_disk

SECTOR = 512
WORDS = SECTOR // 4
PATTERN_SECTORS = 16384
WRITE_SECTOR = 4096
WRITE_SECTORS = 16
IMAGE = "disk.img"
PATTERN, EXT2, ZERO, CORRUPT = "pattern", "ext2", "zero", "corrupt"
# s_log_block_size, little endian, in the superblock at byte 1024: 9 is
# 512 KiB blocks, which Linux's ext2 and oomlab's refuse.
CORRUPT_AT, CORRUPT_VALUE = 1024 + 24, b"\x09\0\0\0"

# The -device values of each controller; {drive} is the drive's id.
VIRTIO = ("virtio-blk-pci,drive={drive}",)
VIRTIO_LEGACY = ("virtio-blk-pci,drive={drive},disable-modern=on",)
# q35's built-in AHCI (ICH9, 00:1f.2): ports are buses ide.0-ide.5 (the
# CD is on ide.2).
AHCI_Q35 = ("ide-hd,drive={drive},bus=ide.0",)
# An ICH9 AHCI function added to any machine.
AHCI_ADDED = ("ahci,id=ahci", "ide-hd,drive={drive},bus=ahci.0")


@dataclass(frozen=True)
class Drive:
    image: str                  # PATTERN, EXT2, ZERO or CORRUPT
    devices: Tuple[str, ...]    # -device values attaching it
    sectors: int = PATTERN_SECTORS  # PATTERN and ZERO images
    scratch: bool = False       # EXT2: the ahci suite wrote its scratch MiB
    exercised: bool = True      # EXT2: ext2_disk_boot_test.c wrote it


@dataclass(frozen=True)
class Kind:
    drives: Tuple[Drive, ...]
    log_re: str = ""            # checked kinds: a line the kernel logs
    machine: Optional[str] = None   # the machine the devices need

    @property
    def checked(self):
        return any(d.image != ZERO for d in self.drives)


KINDS = {
    # Transitional virtio-blk, driven through virtio 1.0: vda the pattern,
    # vdb the ext2 disk.
    "virtio": Kind((Drive(PATTERN, VIRTIO), Drive(EXT2, VIRTIO)),
                   r"virtio_blk .*: \[vda\] modern"),
    # The same devices with only the legacy (0.9.5) I/O interface.
    "virtio-legacy": Kind((Drive(PATTERN, VIRTIO_LEGACY),
                           Drive(EXT2, VIRTIO_LEGACY)),
                          r"virtio_blk .*: \[vda\] legacy"),
    # The ext2 disk as sda on q35's own AHCI, and on an AHCI function
    # added to i440fx.
    "ahci": Kind((Drive(EXT2, AHCI_Q35, scratch=True),),
                 r"^sd 0:0:0:0: \[sda\] 34816 512-byte logical blocks",
                 machine="q35"),
    "ahci-i440fx": Kind((Drive(EXT2, AHCI_ADDED, scratch=True),),
                        r"^sd 0:0:0:0: \[sda\] 34816 512-byte logical "
                        r"blocks", machine="pc"),
    # The cgroup selftests' scratch disk: the ext2 disk alone as vda, on
    # which tests/fs/cgroupfs_ksft_boot_test.c runs the programs (in a
    # directory it removes again).
    "ksft-virtio": Kind((Drive(EXT2, VIRTIO, exercised=False),),
                        r"virtio_blk .*: \[vda\] modern"),
    # root= of a corrupt ext2 (vda, virtio-blk): refused, the boot goes
    # on, the disk unchanged.
    "ext2-corrupt": Kind((Drive(CORRUPT, VIRTIO),),
                         r"^EXT2-fs \(vda\): error: block size"),
    # make bench: 64 MiB of zeros as vda and as sda (bench_blk).
    "bench": Kind((Drive(ZERO, VIRTIO, 131072),
                   Drive(ZERO, AHCI_ADDED, 131072))),
}


def image_path(scratch, index=0):
    """Drive @index's image in @scratch."""
    return os.path.join(scratch, IMAGE if index == 0 else
                        "disk%d.img" % index)


def qemu_args(kind, scratch):
    """The QEMU arguments attaching disk @kind's images in @scratch."""
    argv = []
    for i, d in enumerate(KINDS[kind].drives):
        drive = "disk%d" % i
        argv += ["-drive", "if=none,id=%s,format=raw,file=%s" %
                 (drive, image_path(scratch, i))]
        for dev in d.devices:
            argv += ["-device", dev.format(drive=drive)]
    return argv


def pattern(first, count, complement=False):
    """Bytes of sectors [@first, @first + @count) of the pattern."""
    words = array.array("I", range(first * WORDS, (first + count) * WORDS))
    if complement:
        words = array.array("I", (~w & 0xffffffff for w in words))
    if sys.byteorder != "little":
        words.byteswap()
    return words.tobytes()


def make_image(kind, scratch, build=None):
    """Write fresh images for @kind into @scratch; ext2 images are copied
    from @build (made there first if missing)."""
    os.makedirs(scratch, exist_ok=True)
    for i, d in enumerate(KINDS[kind].drives):
        path = image_path(scratch, i)
        if d.image in (EXT2, CORRUPT):
            shutil.copyfile(ext2_disk.ensure(build), path)
            if d.image == CORRUPT:
                _corrupt(path)
            continue
        with open(path, "wb") as f:
            if d.image == PATTERN:
                f.write(pattern(0, d.sectors))
            else:
                f.truncate(d.sectors * SECTOR)


def _corrupt(path):
    """Break @path's superblock, keeping a copy to compare with after."""
    with open(path, "r+b") as f:
        f.seek(CORRUPT_AT)
        f.write(CORRUPT_VALUE)
    shutil.copyfile(path, path + ".orig")


def _corrupt_problems(path):
    with open(path, "rb") as a, open(path + ".orig", "rb") as b:
        same = a.read() == b.read()
    return [] if same else ["the refused image changed"]


def _pattern_problems(d, path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != d.sectors * SECTOR:
        return ["image is %d bytes, not %d" % (len(data),
                                               d.sectors * SECTOR)]
    problems = []
    start, end = WRITE_SECTOR * SECTOR, (WRITE_SECTOR + WRITE_SECTORS) * SECTOR
    if data[start:end] != pattern(WRITE_SECTOR, WRITE_SECTORS, True):
        problems.append("sectors %d-%d do not hold the complement the "
                        "kernel wrote" % (WRITE_SECTOR,
                                          WRITE_SECTOR + WRITE_SECTORS - 1))
    if data[:start] != pattern(0, WRITE_SECTOR) or \
            data[end:] != pattern(WRITE_SECTOR + WRITE_SECTORS,
                                  d.sectors - WRITE_SECTOR - WRITE_SECTORS):
        problems.append("sectors outside %d-%d changed" %
                        (WRITE_SECTOR, WRITE_SECTOR + WRITE_SECTORS - 1))
    return problems


def check(kind, scratch, lines):
    """Problems with the images and log of a boot with disk @kind (an
    empty list when all is well)."""
    k = KINDS[kind]
    problems = []
    if not k.checked:
        return problems
    if not any(re.search(k.log_re, line) for line in lines):
        problems.append("no log line matching %r" % k.log_re)
    for i, d in enumerate(k.drives):
        path = image_path(scratch, i)
        if d.image == PATTERN:
            found = _pattern_problems(d, path)
        elif d.image == EXT2:
            found = ext2_disk.check(path, d.exercised)
            if d.scratch:
                found += ext2_disk.scratch_problems(path)
        elif d.image == CORRUPT:
            found = _corrupt_problems(path)
        else:
            continue
        problems += ["disk%d: %s" % (i, p) if i else p for p in found]
    return problems
