# SPDX-License-Identifier: MIT
"""`make shell` end to end: boot build/oomlab-shell.iso (the users' ISO
booted into its "shell" entry) in QEMU with the serial port on a pipe,
type a memory cgroup session into busybox's sh, and check that the hog
the group's limit cannot hold was OOM-killed there: memory.events says
oom_kill 1, and the shell (pid 1, in the same group) lives on to print
it. Then what pid 1 is: `kill -9 1` from user space is dropped (Linux's
SIGNAL_UNKILLABLE), and an orphan is reparented to it and reaped (no
zombie is left). Every wait is bounded; the boot is killed at the end.

`make test-shell` builds the ISO and runs this (OOMLAB_SHELL_TEST=1;
skipped otherwise): about 5 s on an idle host, but a loaded 2-core host
stretches the boot past what `make test`'s unittest row allows, so it is
not part of `make test`.
"""
import os
import re
import select
import subprocess
import time
import unittest

from testlib import REPO

ISO = os.environ.get("OOMLAB_SHELL_ISO",
                     os.path.join(REPO, "build", "oomlab-shell.iso"))
PROMPT = b"# "
BOOT_TIMEOUT = 120	# s: GRUB, the boot and /init under a loaded TCG
STEP_TIMEOUT = 60	# s: one command, the OOM kill included
SESSION = [
    "mkdir /sys/fs/cgroup/a",
    "echo 64M > /sys/fs/cgroup/a/memory.max",
    "echo $$ > /sys/fs/cgroup/a/cgroup.procs",
    "hog --mib 100",
    "cat /sys/fs/cgroup/a/memory.events",
    "kill -9 1; echo alive=$?",
    "sh -c 'sleep 1 & exit'; sleep 3; "
    "echo zombies=$(cut -d' ' -f3 /proc/[0-9]*/stat | grep -c Z)",
]


class Serial:
    """QEMU's serial port on stdio: read until a pattern, bounded."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.log = b""

    def until(self, pattern, timeout):
        """Read until @pattern matches what came since @start; the match
        or None at the deadline."""
        start = len(self.log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.log[start:])
            if m:
                return m
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                data = self.proc.stdout.read()
                if not data:
                    return None
                self.log += data
        return None

    def type(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def close(self):
        self.proc.kill()
        self.proc.wait(timeout=30)


@unittest.skipUnless(os.environ.get("OOMLAB_SHELL_TEST") == "1" and
                     os.path.exists(ISO), "make test-shell runs it")
class ShellSession(unittest.TestCase):
    def test_hog_is_oom_killed_in_its_group(self):
        serial = Serial(["qemu-system-x86_64", "-accel", "tcg",
                         "-no-reboot", "-display", "none", "-monitor",
                         "none", "-serial", "stdio", "-m", "512",
                         "-smp", "2", "-cdrom", ISO])
        self.addCleanup(serial.close)
        self.assertTrue(serial.until(re.escape(b"/ " + PROMPT),
                                     BOOT_TIMEOUT),
                        "no shell prompt:\n" + serial.log[-2000:].decode(
                            errors="replace"))
        for line in SESSION:
            serial.type(line)
            self.assertTrue(serial.until(re.escape(PROMPT), STEP_TIMEOUT),
                            "no prompt after %r:\n%s" % (
                                line, serial.log[-2000:].decode(
                                    errors="replace")))
        events = serial.log[serial.log.rfind(b"memory.events"):]
        self.assertRegex(events.decode(errors="replace"),
                         r"\noom_kill 1\r?\n",
                         "memory.events of /sys/fs/cgroup/a")
        self.assertIn(b"Memory cgroup out of memory", serial.log)
        text = serial.log.decode(errors="replace")
        self.assertIn("\nalive=0\r", text)
        self.assertNotIn("Attempted to kill init", text)
        self.assertIn("\nzombies=0\r", text)


if __name__ == "__main__":
    unittest.main()
