# SPDX-License-Identifier: MIT
"""Process runner: streaming, exit status, hang/global timeouts, panic
grace, and that the whole process group dies."""
import os
import sys
import tempfile
import time
import unittest

from oomlab import proc


def py(code):
    return [sys.executable, "-c", code]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its reaper is dead for our purpose.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def gone(pid, timeout=5.0):
    """Wait until @pid is dead (or a zombie): True, or False if it is
    still alive after @timeout seconds. A SIGKILLed process is not gone
    the moment kill() returns, so a check right after one must poll."""
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


class ProcTest(unittest.TestCase):
    def run_child(self, code, timeout=10, hang=5, grace=3.0, stop_on=None):
        lines = []

        def on_line(text, t):
            lines.append(text)
            return stop_on is not None and stop_on in text

        out = proc.run(py(code), on_line, timeout, hang, end_grace=grace)
        return out, lines

    def test_lines_and_exit_status(self):
        out, lines = self.run_child(
            "import sys; print('a'); print('b'); sys.stdout.write('c');"
            "sys.exit(33)")
        self.assertEqual(lines, ["a", "b", "c"])
        self.assertEqual((out.returncode, out.killed_for), (33, None))

    def test_hang_kills_the_whole_group(self):
        with tempfile.TemporaryDirectory() as tmp:
            pidfile = os.path.join(tmp, "pid")
            code = ("import subprocess, time\n"
                    "c = subprocess.Popen(['sleep', '60'])\n"
                    "open(%r, 'w').write(str(c.pid))\n"
                    "print('started', flush=True)\n"
                    "time.sleep(60)\n" % pidfile)
            # The silence counts from the start: the hang timeout must
            # outlast the child's start-up (python, Popen) on a loaded
            # host, or it is killed before it has a child (0.5 s did not).
            t0 = time.monotonic()
            out, lines = self.run_child(code, hang=3)
            self.assertLess(time.monotonic() - t0, 30)
            self.assertEqual(out.killed_for, "hang")
            self.assertIsNone(out.returncode)
            self.assertEqual(lines, ["started"])
            with open(pidfile) as f:
                child = int(f.read())
            self.assertTrue(gone(child), "grandchild survived")

    def test_global_timeout_despite_output(self):
        # 1.5 s: a loaded host may take half a second to start Python,
        # and more than 3 lines must have come before the timeout.
        out, lines = self.run_child(
            "import time\nwhile True:\n print('x', flush=True)\n"
            " time.sleep(0.05)", timeout=1.5, hang=5)
        self.assertEqual(out.killed_for, "timeout")
        self.assertGreater(len(lines), 3)

    def test_panic_grace(self):
        out, lines = self.run_child(
            "import time; print('Kernel panic - not syncing: x', "
            "flush=True); time.sleep(60)", hang=30, grace=0.3,
            stop_on="Kernel panic")
        self.assertEqual(out.killed_for, "panic grace expired")
        self.assertLess(out.duration, 5)

    def test_panic_then_exit_within_grace(self):
        out, _ = self.run_child(
            "import sys; print('Kernel panic - not syncing: x'); "
            "print('trace'); sys.exit(37)", stop_on="Kernel panic")
        self.assertEqual((out.returncode, out.killed_for), (37, None))

    def test_cannot_start(self):
        out = proc.run(["/nonexistent/qemu"], lambda t, s: False, 1, 1)
        self.assertIn("cannot start /nonexistent/qemu", out.start_error)

    def test_invalid_utf8_is_replaced(self):
        out, lines = self.run_child(
            "import sys; sys.stdout.buffer.write(b'\\xff ok\\n')")
        self.assertEqual(lines, ["\ufffd ok"])


if __name__ == "__main__":
    unittest.main()
