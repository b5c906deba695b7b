# SPDX-License-Identifier: MIT
"""QEMU boot modes and command lines, and the per-cmdline ISO cache.

A mode is firmware x medium: bios-cd, uefi-cd, bios-usb, uefi-usb; the
machine is QEMU's i440fx ("pc", the BIOS default) or q35 (the UEFI
default), either with either firmware. Every
boot writes only to its own files under BUILD/boot/<run-name>/: the OVMF
variable store and the USB stick are copies, never the shared originals.
"""
import hashlib
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import Optional, Tuple

from . import disk, netcon

QEMU = "qemu-system-x86_64"
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=0x04"

MODES = ("bios-cd", "uefi-cd", "bios-usb", "uefi-usb")
MACHINES = ("pc", "q35")


@dataclass
class Boot:
    """One QEMU boot: how, with what, and where its files go."""
    name: str                   # run name: log file, scratch directory
    mode: str = "bios-cd"
    cmdline: str = ""
    mem: str = "256M"
    smp: int = 2
    cpu: Optional[str] = None   # -cpu model; None: QEMU's default
    machine: Optional[str] = None  # pc or q35; None: the firmware's
    disk: Optional[str] = None  # disk.KINDS name; its image is in scratch
    nic: Optional[str] = None   # netcon.NICS name; None: no network card
    # A host peer's (tools/oomlab/peers.py): options of the user netdev
    # (hostfwd rules) and QEMU arguments (a second card).
    user_options: Tuple[str, ...] = ()
    peer_args: Tuple[str, ...] = ()


class BootError(Exception):
    """A boot cannot be prepared (missing ISO, firmware...)."""


def command(boot, iso, scratch, qemu=QEMU):
    """Return (argv, copies) for @boot of @iso; @copies are (src, dst)
    files to copy before starting. Pure: touches no file."""
    if boot.mode not in MODES:
        raise BootError("unknown mode %r (one of %s)" %
                        (boot.mode, ", ".join(MODES)))
    if boot.machine is not None and boot.machine not in MACHINES:
        raise BootError("unknown machine %r (one of %s)" %
                        (boot.machine, ", ".join(MACHINES)))
    firmware, medium = boot.mode.split("-")
    needs = disk.KINDS[boot.disk].machine if boot.disk else None
    if needs and boot.machine and boot.machine != needs:
        raise BootError("disk %s needs machine %s, not %s" %
                        (boot.disk, needs, boot.machine))
    machine = boot.machine or needs or \
        ("q35" if firmware == "uefi" else None)
    argv = [qemu, "-accel", "tcg", "-no-reboot", "-display", "none",
            "-monitor", "none", "-serial", "stdio",
            "-device", DEBUG_EXIT, "-m", str(boot.mem),
            "-smp", str(boot.smp)]
    if boot.cpu:
        argv += ["-cpu", boot.cpu]
    if machine:
        argv += ["-machine", machine]
    copies = []
    if firmware == "uefi":
        vars_copy = os.path.join(scratch, "OVMF_VARS.fd")
        copies.append((OVMF_VARS, vars_copy))
        argv += ["-drive", "if=pflash,format=raw,readonly=on,file=" +
                 OVMF_CODE,
                 "-drive", "if=pflash,format=raw,file=" + vars_copy]
    if medium == "cd":
        argv += ["-cdrom", iso]
    else:
        stick = os.path.join(scratch, "stick.img")
        copies.append((iso, stick))
        argv += ["-drive", "if=none,id=stick,format=raw,file=" + stick,
                 "-device", "qemu-xhci", "-device",
                 "usb-storage,drive=stick"]
    if boot.disk:
        argv += disk.qemu_args(boot.disk, scratch)
    if boot.nic:                    # the card's monitor replaces "none"
        i = argv.index("-monitor")
        del argv[i:i + 2]
    argv += netcon.qemu_args(boot.nic, scratch, boot.user_options)
    argv += list(boot.peer_args)
    return argv, copies


def prepare(copies):
    """Make the private copies command() asked for."""
    for src, dst in copies:
        if not os.path.exists(src):
            raise BootError("missing %s" % src)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)


class IsoCache:
    """Runner ISOs by kernel command line. The empty command line is the
    ISO `make all` builds; others are made by tools/mkiso.sh into
    BUILD/iso/<hash>.iso and rebuilt when older than anything it packs
    (the kernel, the initramfs, the GRUB configuration) or mkiso itself."""

    def __init__(self, build, repo, mkiso=None):
        self.build = build
        self.repo = repo
        self.mkiso = mkiso or os.environ.get("OOMLAB_MKISO") or \
            os.path.join(repo, "tools", "mkiso.sh")
        self._lock = threading.Lock()

    def path(self, cmdline):
        if not cmdline:
            return os.path.join(self.build, "oomlab-test.iso")
        digest = hashlib.sha256(cmdline.encode()).hexdigest()[:16]
        return os.path.join(self.build, "iso", digest + ".iso")

    def _inputs(self):
        """What a runner ISO is made of: tools/mkiso.sh packs kernel.elf,
        initrd.cpio and iso/grub.cfg. Keep in step with make_iso there."""
        return [os.path.join(self.build, "kernel.elf"),
                os.path.join(self.build, "initrd.cpio"),
                os.path.join(self.repo, "iso", "grub.cfg"), self.mkiso]

    def _fresh(self, iso):
        if not os.path.exists(iso):
            return False
        t = os.path.getmtime(iso)
        return all(not os.path.exists(p) or os.path.getmtime(p) <= t
                   for p in self._inputs())

    def get(self, cmdline):
        """Return the ISO for @cmdline, building it if needed."""
        iso = self.path(cmdline)
        if not cmdline:
            if not os.path.exists(iso):
                raise BootError("%s is missing: run `make all`" % iso)
            return iso
        # One build at a time: grub-mkrescue is CPU-bound.
        with self._lock:
            if self._fresh(iso):
                return iso
            os.makedirs(os.path.dirname(iso), exist_ok=True)
            with open(iso[:-4] + ".cmdline", "w") as f:
                f.write(cmdline + "\n")
            r = subprocess.run([self.mkiso, self.build, iso, cmdline],
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            if r.returncode == 0 and os.path.exists(iso):
                return iso
            tail = [ln for ln in r.stdout.splitlines() if ln.strip()][-2:]
            raise BootError("mkiso failed for %r (exit %d): %s" %
                            (cmdline, r.returncode, " / ".join(tail)))
