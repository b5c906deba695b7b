# SPDX-License-Identifier: MIT
"""Debian's Linux 6.1 as the yardstick of `make bench`: the kernel image,
an initramfs whose /init is the benchmark program, and the QEMU command
line that boots them in the shape oomlab's bench boots have.

The kernel comes from the Debian package linux-image-6.1.0-N-amd64-unsigned
(the newest N the package lists know), fetched with `apt-get download`
(no root, nothing installed) into BUILD/linux/ and unpacked there; a
vmlinuz already there is used as it is, so only the first bench needs the
network. Nothing of it is ever committed.

The guest prints on the serial port (console=ttyS0 is also /init's stdout:
the kernel's built-in initramfs has /dev/console, and the archive packed
over it keeps it) and the benchmark powers the machine off when done
(--poweroff); panic=-1 and QEMU's -no-reboot end the run should /init die
instead.
"""
import glob
import os
import re
import subprocess
import sys

# Debian's generic 6.1 flavour; -cloud lacks drivers, -rt is another
# scheduler.
PACKAGE_RE = re.compile(r"^linux-image-6\.1\.0-(\d+)-amd64-unsigned$")
VMLINUZ_GLOB = "vmlinuz-6.1.*-amd64"
# Linux's own command line: serial console, no huge pages (oomlab has
# none), quiet boot so the bench lines are easy to find, and a panic ends
# the machine at once. Benchmark arguments follow "--", which Linux passes
# to /init as argv.
BASE_CMDLINE = "console=ttyS0 transparent_hugepage=never quiet panic=-1"


class LinuxError(Exception):
    """The Linux kernel cannot be fetched or unpacked."""


def cache_dir(build):
    return os.path.join(build, "linux")


def newest_package(names):
    """The newest generic 6.1 image among package @names, or None."""
    best = None
    for name in names:
        m = PACKAGE_RE.match(name.strip())
        if m and (best is None or int(m.group(1)) > best[0]):
            best = (int(m.group(1)), name.strip())
    return best[1] if best else None


def _run(argv, cwd=None, stdout=subprocess.PIPE):
    r = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=stdout, stderr=subprocess.PIPE)
    if r.returncode:
        raise LinuxError("%s failed (exit %d): %s" % (
            " ".join(argv), r.returncode,
            r.stderr.decode(errors="replace").strip()[-300:]))
    return r.stdout


def _cached_vmlinuz(cache):
    found = sorted(glob.glob(os.path.join(cache, "boot", VMLINUZ_GLOB)))
    return found[-1] if found else None


def _unpack_vmlinuz(deb, dest):
    """Extract ./boot/vmlinuz-* of the package @deb under @dest."""
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                           stdout=subprocess.PIPE)
    try:
        r = subprocess.run(["tar", "-x", "-C", dest, "--wildcards",
                            "./boot/vmlinuz-*"], stdin=tar.stdout)
    finally:
        tar.stdout.close()
        tar.wait()
    if r.returncode or tar.returncode:
        raise LinuxError("cannot unpack the kernel from %s" % deb)


def _find_package():
    found = _run(["apt-cache", "search", "--names-only",
                  r"^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$"])
    return newest_package(line.split(" ")[0] for line in
                          found.decode().splitlines())


def fetch_kernel(build, log=print):
    """Return the path of Linux's vmlinuz, fetching and unpacking the
    package into BUILD/linux/ the first time. Raise LinuxError."""
    cache = cache_dir(build)
    vmlinuz = _cached_vmlinuz(cache)
    if vmlinuz:
        return vmlinuz
    os.makedirs(cache, exist_ok=True)
    package = _find_package()
    if not package and os.geteuid() == 0:
        log("bench: apt knows no Linux 6.1 image; apt-get update")
        _run(["apt-get", "update", "-qq"])
        package = _find_package()
    if not package:
        raise LinuxError("no linux-image-6.1.0-*-amd64-unsigned package "
                         "known to apt (run apt-get update)")
    log("bench: fetching %s with apt-get download" % package)
    _run(["apt-get", "download", package], cwd=cache)
    debs = glob.glob(os.path.join(cache, package + "_*.deb"))
    if not debs:
        raise LinuxError("apt-get download left no %s_*.deb" % package)
    _unpack_vmlinuz(debs[0], cache)
    for deb in debs:
        os.remove(deb)          # 70 MB; the vmlinuz is what is cached
    vmlinuz = _cached_vmlinuz(cache)
    if not vmlinuz:
        raise LinuxError("no boot/%s in %s" % (VMLINUZ_GLOB, debs[0]))
    return vmlinuz


def make_initramfs(repo, program, out, files=()):
    """Pack @program as /init, and each (DEST, SRC) of @files, into the
    newc archive @out (mkinitrd.py)."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    _run([sys.executable, os.path.join(repo, "tools", "mkinitrd.py"),
          "-o", out, "init=" + program] +
         ["%s=%s" % f for f in files])
    return out


# What the storage bench needs of Linux, built as modules by Debian:
# virtio-blk, AHCI with its SCSI disk, ext4 (which mounts ext2) and the
# checksums ext4 and the disk layer ask the crypto API for by name
# (nothing runs modprobe in the bench's initramfs).
# The checksum providers go first: the libraries that wrap them look
# their algorithm up once, when they load.
STORAGE_MODULES = ("crc32c_generic", "crct10dif_generic",
                   "crc64_rocksoft_generic", "virtio_pci", "virtio_blk",
                   "ahci", "sd_mod", "ext4")
MODINFO_DEPENDS_RE = re.compile(rb"\0depends=([^\0]*)\0")


def _module_key(name):
    return name.replace("-", "_")


def module_depends(ko_bytes):
    """The module names a .ko's .modinfo says it depends on."""
    m = MODINFO_DEPENDS_RE.search(b"\0" + ko_bytes)
    if not m or not m.group(1):
        return []
    return m.group(1).decode().split(",")


def module_order(roots, depends):
    """@roots and everything they depend on (@depends: name -> names),
    each after its dependencies: the order to load them in."""
    order, seen = [], set()

    def visit(name, path):
        key = _module_key(name)
        if key in seen:
            return
        if key in path:
            raise LinuxError("module dependency loop at %s" % name)
        for dep in depends.get(key, []):
            visit(dep, path | {key})
        seen.add(key)
        order.append(key)

    for root in roots:
        visit(root, frozenset())
    return order


def _vmlinuz_release(vmlinuz):
    """"6.1.0-57-amd64" of .../vmlinuz-6.1.0-57-amd64."""
    return os.path.basename(vmlinuz)[len("vmlinuz-"):]


def fetch_modules(build, vmlinuz, roots=STORAGE_MODULES, log=print):
    """The modules @roots need, for the kernel @vmlinuz (its package's
    own, or they would not load), unpacked into BUILD/linux/modules/ the
    first time. Return [(name, path)] in load order. Raise LinuxError."""
    cache = os.path.join(cache_dir(build), "modules")
    order_file = os.path.join(cache, "order")
    if os.path.exists(order_file):
        with open(order_file) as f:
            names = f.read().split()
        return [(n, os.path.join(cache, n + ".ko")) for n in names]
    os.makedirs(cache, exist_ok=True)
    package = "linux-image-%s-unsigned" % _vmlinuz_release(vmlinuz)
    log("bench: fetching %s's modules with apt-get download" % package)
    _run(["apt-get", "download", package], cwd=cache)
    debs = glob.glob(os.path.join(cache, package + "_*.deb"))
    if not debs:
        raise LinuxError("apt-get download left no %s_*.deb" % package)
    try:
        order = _unpack_modules(debs[0], cache, roots)
    finally:
        for deb in debs:
            os.remove(deb)
    with open(order_file, "w") as f:
        f.write("\n".join(order) + "\n")
    return [(n, os.path.join(cache, n + ".ko")) for n in order]


def _unpack_modules(deb, cache, roots):
    """Extract the closure of @roots from @deb into @cache as NAME.ko."""
    import tarfile
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                           stdout=subprocess.PIPE)
    blobs = {}
    try:
        with tarfile.open(fileobj=tar.stdout, mode="r|") as t:
            for member in t:
                name = os.path.basename(member.name)
                if member.isfile() and name.endswith(".ko"):
                    blobs[_module_key(name[:-3])] = \
                        t.extractfile(member).read()
    finally:
        tar.stdout.close()
        tar.wait()
    wanted = [r for r in roots if _module_key(r) in blobs]
    depends = {k: module_depends(v) for k, v in blobs.items()}
    order = module_order(wanted, depends)
    for name in order:
        if name not in blobs:
            raise LinuxError("module %s is not in %s" % (name, deb))
        with open(os.path.join(cache, name + ".ko"), "wb") as f:
            f.write(blobs[name])
    return order


def cmdline(bench_args):
    """Linux's kernel command line with @bench_args (a list) for /init."""
    return " ".join([BASE_CMDLINE, "--"] + list(bench_args))


def command(qemu, vmlinuz, initrd, mem, smp, bench_args, cpu=None,
            extra=()):
    """QEMU argv booting Linux with the benchmark as /init: the machine of
    oomlab's bench boots (TCG, -no-reboot, serial on stdio, the same -m,
    -smp and -cpu) given a kernel and an initramfs directly instead of an
    ISO; @extra QEMU arguments (disks) go before the kernel's. Pure:
    touches no file."""
    argv = [qemu, "-accel", "tcg", "-no-reboot", "-display", "none",
            "-monitor", "none", "-serial", "stdio", "-m", str(mem),
            "-smp", str(smp)]
    if cpu:
        argv += ["-cpu", cpu]
    return argv + list(extra) + ["-kernel", vmlinuz, "-initrd", initrd,
                                 "-append", cmdline(bench_args)]
