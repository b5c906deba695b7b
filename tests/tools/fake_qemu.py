#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A stand-in for qemu-system-x86_64 in the runner's tests: a model of
the kernel that replays a fixture log and exits the way QEMU would.

The "ISO" it boots is a text file written by fake_mkiso.py holding the
kernel command line; the command line picks the behaviour:
  (default)                    fixtures/pass.log, exit 33
  ktest.filter=selftest_fail   fixtures/fail.log, exit 35 (also
                               selftest_lockup, selftest_wait,
                               selftest_lockdep)
  ktest.filter=bench_*         fixtures/bench.log, exit 33
  ktest.filter=bench_mmbench   fixtures/mmbench.log, exit 33
  -kernel (Linux, no ISO)      fixtures/linux_mmbench.log, exit 0 (the
                               guest powered off); FAKE_QEMU_LINUX=fail
                               prints no "mmbench: done" line
  ktest.filter=u*              fixtures/usermode.log, exit 33: the SMEP and
                               SMAP cases SKIP unless argv has -cpu max
  crash=panic / page_fault /   a panic, exit 37
    stack_overflow
  crash=hang                   some output, then silence (with a child
                               process, to check the group is killed)
  crash=triple_fault           some output, exit 0 (reset, -no-reboot)
  crash=panic_hang             a panic line, then silence
Every boot first says what machine it found, as the kernel does ("smp:
Brought up 1 node, N CPUs", "mm: M MiB usable"): the -smp CPUs and the -m
memory less 1 MiB.
Environment: FAKE_QEMU_ARGV=path appends argv as one JSON line;
FAKE_QEMU_CHILD=path gets the pid of the hang's child process;
FAKE_QEMU_CPUS=N brings up N CPUs whatever -smp says.
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def medium(argv):
    for i, arg in enumerate(argv):
        if arg == "-cdrom":
            return argv[i + 1]
        if arg.startswith("if=none") and "file=" in arg:
            return arg.split("file=", 1)[1]
    sys.exit("fake_qemu: no boot medium in %r" % argv)


def replay(name, upto=None, edit=None):
    with open(os.path.join(HERE, "fixtures", name), newline="") as f:
        data = f.read()
    if upto:
        data = data[:data.index(upto)]
    if edit:
        data = edit(data)
    sys.stdout.write(data)
    sys.stdout.flush()


def with_smep_smap(log):
    """usermode.log as a CPU with SMEP and SMAP prints it."""
    for old, new in ((" # SKIP CPU without SMEP", ""),
                     (" # SKIP CPU without SMAP", ""),
                     ("usermode: pass:7 fail:0 skip:2",
                      "usermode: pass:9 fail:0 skip:0"),
                     ("Totals: pass:13 fail:0 skip:2",
                      "Totals: pass:15 fail:0 skip:0")):
        assert old in log, old
        log = log.replace(old, new)
    return log


def linux(argv):
    """Debian's Linux booting mmbench as /init: the guest powers off."""
    for flag in ("-initrd", "-append"):
        if flag not in argv:
            sys.exit("fake_qemu: -kernel without %s" % flag)
    if os.environ.get("FAKE_QEMU_LINUX") == "fail":
        replay("linux_mmbench.log", upto="mmbench: done")
        return 0
    replay("linux_mmbench.log")
    return 0


def option(argv, flag, default):
    for a, b in zip(argv, argv[1:]):
        if a == flag:
            return b
    return default


def machine_lines(argv):
    """The kernel's lines about the CPUs and memory QEMU gave it."""
    cpus = int(os.environ.get("FAKE_QEMU_CPUS") or option(argv, "-smp", "1"))
    mem = option(argv, "-m", "128M")
    mib = int(mem[:-1]) * (1024 if mem.endswith("G") else 1)
    sys.stdout.write("mm: %d MiB usable, %d MiB free\n"
                     "smp: Brought up 1 node, %d CPU%s\n" %
                     (mib - 1, mib - 9, cpus, "" if cpus == 1 else "s"))
    sys.stdout.flush()


def main(argv):
    if os.environ.get("FAKE_QEMU_ARGV"):
        with open(os.environ["FAKE_QEMU_ARGV"], "a") as f:
            f.write(json.dumps(argv) + "\n")
    if "-kernel" in argv:
        return linux(argv)
    iso = medium(argv)
    try:
        with open(iso, errors="replace") as f:
            cmdline = f.read(4096).strip()
    except OSError as e:
        sys.exit("qemu-system-x86_64: -cdrom %s: %s" % (iso, e.strerror))
    if not cmdline.startswith("CMDLINE="):
        cmdline = ""                    # the default runner ISO
    cmdline = cmdline[len("CMDLINE="):]
    machine_lines(argv)
    if "crash=panic_hang" in cmdline:
        replay("panic_early.log")
        time.sleep(600)
    if ("crash=panic" in cmdline or "crash=page_fault" in cmdline or
            "crash=stack_overflow" in cmdline):
        replay("panic_early.log")
        return 37
    if "crash=hang" in cmdline:
        replay("hang.log")
        child = subprocess.Popen(["sleep", "600"])
        if os.environ.get("FAKE_QEMU_CHILD"):
            with open(os.environ["FAKE_QEMU_CHILD"], "w") as f:
                f.write(str(child.pid))
        time.sleep(600)
    if "crash=triple_fault" in cmdline:
        replay("triple_fault.log")
        return 0
    if any(s in cmdline for s in ("selftest_fail", "selftest_lockup",
                                  "selftest_wait", "selftest_lockdep")):
        replay("fail.log")
        return 35
    if "ktest.filter=u*" in cmdline:
        cpu_max = any(a == "-cpu" and b == "max"
                      for a, b in zip(argv, argv[1:]))
        replay("usermode.log", edit=with_smep_smap if cpu_max else None)
        return 33
    if "bench_mmbench" in cmdline:
        replay("mmbench.log")
        return 33
    if "bench_" in cmdline:
        replay("bench.log")
        return 33
    replay("pass.log")
    return 33


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
