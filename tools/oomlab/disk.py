# SPDX-License-Identifier: MIT
"""Disks for the boots that test block drivers: the image the runner
writes before QEMU starts, the QEMU arguments that attach it, and the
check of the image (and of the log) after the boot.

A checked image is 8 MiB where 32-bit little-endian word w of 512-byte
sector s holds s * 128 + w; the kernel's virtio_blk suite
(tests/drivers/virtio_blk_boot_test.c) reads it back and writes the
complement of the pattern into sectors 4096-4111, which check() then
expects to find, with every other sector unchanged. The bench image is
64 MiB of zeros and is not checked (the benchmark overwrites it).
"""
import array
import os
import re
import sys
from dataclasses import dataclass

SECTOR = 512
WORDS = SECTOR // 4
PATTERN_SECTORS = 16384
WRITE_SECTOR = 4096
WRITE_SECTORS = 16
IMAGE = "disk.img"


@dataclass(frozen=True)
class Kind:
    device: str             # QEMU -device, the drive is "disk0"
    sectors: int
    pattern: bool           # written with the pattern, checked after
    log_re: str             # checked images: a line the kernel logs


KINDS = {
    # Transitional virtio-blk, driven through virtio 1.0.
    "virtio": Kind("virtio-blk-pci,drive=disk0", PATTERN_SECTORS, True,
                   r"virtio_blk .*: \[vda\] modern"),
    # The same device with only the legacy (0.9.5) I/O interface.
    "virtio-legacy": Kind("virtio-blk-pci,drive=disk0,disable-modern=on",
                          PATTERN_SECTORS, True,
                          r"virtio_blk .*: \[vda\] legacy"),
    "virtio-bench": Kind("virtio-blk-pci,drive=disk0", 131072, False, ""),
}


def image_path(scratch):
    return os.path.join(scratch, IMAGE)


def qemu_args(kind, scratch):
    """The QEMU arguments attaching disk @kind's image in @scratch."""
    return ["-drive", "if=none,id=disk0,format=raw,file=" +
            image_path(scratch), "-device", KINDS[kind].device]


def pattern(first, count, complement=False):
    """Bytes of sectors [@first, @first + @count) of the pattern."""
    words = array.array("I", range(first * WORDS, (first + count) * WORDS))
    if complement:
        words = array.array("I", (~w & 0xffffffff for w in words))
    if sys.byteorder != "little":
        words.byteswap()
    return words.tobytes()


def make_image(kind, scratch):
    """Write a fresh image for @kind into @scratch."""
    k = KINDS[kind]
    os.makedirs(scratch, exist_ok=True)
    with open(image_path(scratch), "wb") as f:
        if k.pattern:
            f.write(pattern(0, k.sectors))
        else:
            f.truncate(k.sectors * SECTOR)


def check(kind, scratch, lines):
    """Problems with the image and log of a boot with disk @kind (an empty
    list when all is well)."""
    k = KINDS[kind]
    problems = []
    if not k.pattern:
        return problems
    if not any(re.search(k.log_re, line) for line in lines):
        problems.append("no log line matching %r" % k.log_re)
    with open(image_path(scratch), "rb") as f:
        data = f.read()
    if len(data) != k.sectors * SECTOR:
        return problems + ["image is %d bytes, not %d" %
                           (len(data), k.sectors * SECTOR)]
    start, end = WRITE_SECTOR * SECTOR, (WRITE_SECTOR + WRITE_SECTORS) * SECTOR
    if data[start:end] != pattern(WRITE_SECTOR, WRITE_SECTORS, True):
        problems.append("sectors %d-%d do not hold the complement the "
                        "kernel wrote" % (WRITE_SECTOR,
                                          WRITE_SECTOR + WRITE_SECTORS - 1))
    if data[:start] != pattern(0, WRITE_SECTOR) or \
            data[end:] != pattern(WRITE_SECTOR + WRITE_SECTORS,
                                  k.sectors - WRITE_SECTOR - WRITE_SECTORS):
        problems.append("sectors outside %d-%d changed" %
                        (WRITE_SECTOR, WRITE_SECTOR + WRITE_SECTORS - 1))
    return problems
