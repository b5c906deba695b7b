# SPDX-License-Identifier: MIT
"""The power-cut test: boot with the ext2 disk as sda (q35's AHCI), let
the kernel write files on it (tests/fs/ext2_disk_boot_test.c,
stress_ext2_powercut), kill QEMU with SIGKILL at a random point after
its "powercut: writing" line (at most MAX_DELAY seconds later), then
judge the image with e2fsprogs alone:

  writes_cut        the line came and QEMU died of the kill, not by
                    ending the run
  fsck_repairs      e2fsck -fy completes: exit 0 (nothing to repair) or
                    1 (repaired)
  fsck_clean_after  then e2fsck -fn finds nothing (exit 0)
  host_files_intact every file the host put on the image (the boot never
                    writes them) is byte-identical, dumped by debugfs

ext2 has no journal: a cut may leave bitmaps, counts, a directory entry
or an inode half written, all of which e2fsck repairs (or clears) in
what the boot was writing; nothing else may change.

Prints KTAP. The serial log goes to BUILD/logs/NAME.serial.log, the
image stays in BUILD/boot/NAME/ for a look.

    python3 -m oomlab.powercut --iso ISO --build BUILD --name N [--seed S]
"""
import argparse
import os
import random
import re
import signal
import sys
import tempfile
import threading

from . import disk, ext2_disk, proc, qemu

KIND = "ahci"
CMDLINE = "ktest.filter=stress_ext2_powercut root=/dev/sda rw"
WRITING_RE = re.compile(r"# powercut: writing$")
MIN_DELAY, MAX_DELAY = 0.1, 3.0


def kill_from_pidfile(pidfile, fired):
    """SIGKILL the QEMU whose pid is in @pidfile: the power cut."""
    try:
        with open(pidfile) as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
        fired.append(True)
    except (OSError, ValueError):
        pass


def boot(args, scratch, serial, delay):
    """Boot and cut; return (writing line seen, cut fired, lines)."""
    b = qemu.Boot(name=args.name, mode="bios-cd", cmdline=CMDLINE,
                  mem=args.mem, smp=args.smp, disk=KIND)
    argv, copies = qemu.command(b, args.iso, scratch, args.qemu)
    qemu.prepare(copies)
    disk.make_image(KIND, scratch, args.build)
    pidfile = os.path.join(scratch, "qemu.pid")
    if os.path.exists(pidfile):
        os.unlink(pidfile)
    argv += ["-pidfile", pidfile]
    lines, seen, fired, timers = [], [], [], []

    def on_line(text, t):
        text = text.rstrip("\r")
        lines.append(text)
        serial.write(text + "\n")
        if not seen and WRITING_RE.search(text):
            seen.append(t)
            timer = threading.Timer(delay, kill_from_pidfile,
                                    (pidfile, fired))
            timer.start()
            timers.append(timer)
        return False

    out = proc.run(argv, on_line, args.timeout, args.hang_timeout)
    for timer in timers:
        timer.cancel()
    if out.start_error:
        print("# " + out.start_error)
    return bool(seen), bool(fired), lines


def repairs(fsck_output):
    """What e2fsck -fy fixed: the line before each "...? yes"."""
    lines = [ln.strip() for ln in fsck_output.splitlines()]
    return [lines[i - 1].rstrip(".") for i in range(1, len(lines))
            if lines[i].endswith("? yes") and lines[i - 1] and
            not lines[i - 1].startswith("Pass ")]


def judge(image, seen, fired):
    """The four cases: list of (ok, name, diagnostic)."""
    cases = [(seen and fired, "writes_cut",
              "writing line %s, QEMU %s" %
              ("seen" if seen else "never seen",
               "killed" if fired else "not killed"))]
    if not seen:
        why = "no power cut happened"
        return cases + [(False, n, why) for n in
                        ("fsck_repairs", "fsck_clean_after",
                         "host_files_intact")]
    rc, out = ext2_disk.fsck(image, repair=True)
    cases.append((rc in (0, 1), "fsck_repairs",
                  "e2fsck -fy exit %d, repaired: %s" %
                  (rc, "; ".join(repairs(out)) or "nothing")))
    rc, out = ext2_disk.fsck(image)
    tail = " | ".join(out.strip().splitlines()[-2:])
    cases.append((rc == 0, "fsck_clean_after",
                  "e2fsck -fn exit %d: %s" % (rc, tail)))
    with tempfile.TemporaryDirectory() as tmp:
        problems = ext2_disk.host_files_problems(ext2_disk.dump(image, tmp))
    cases.append((not problems, "host_files_intact",
                  "; ".join(problems) or "all byte-identical"))
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso", required=True)
    ap.add_argument("--build", default="build")
    ap.add_argument("--name", default="powercut")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--qemu", default=qemu.QEMU)
    ap.add_argument("--seed", type=int,
                    help="picks the cut's delay (default: a fresh one, "
                         "printed)")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--hang-timeout", type=float, default=60)
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else \
        random.SystemRandom().randrange(1 << 32)
    delay = random.Random(seed).uniform(MIN_DELAY, MAX_DELAY)
    scratch = os.path.join(args.build, "boot", args.name)
    logs = os.path.join(args.build, "logs")
    os.makedirs(scratch, exist_ok=True)
    os.makedirs(logs, exist_ok=True)
    print("KTAP version 1\n1..4", flush=True)
    print("# seed %d: QEMU killed %.2f s after the writing line "
          "(--seed %d repeats it)" % (seed, delay, seed), flush=True)
    serial_log = os.path.join(logs, args.name + ".serial.log")
    with open(serial_log, "w") as s:
        seen, fired, lines = boot(args, scratch, s, delay)
    print("# serial log: %s (%d lines)" % (serial_log, len(lines)))
    cases = judge(disk.image_path(scratch), seen, fired)
    for i, (ok, name, diag) in enumerate(cases, 1):
        print("# %s: %s" % (name, diag))
        print("%s %d %s" % ("ok" if ok else "not ok", i, name))
    return 0 if all(ok for ok, _, _ in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
