# SPDX-License-Identifier: MIT
"""Run a child in its own process group, hand each output line to a
callback as it arrives, and enforce two timeouts: a global one and a
no-output (hang) one. The child is killed with its whole group on any
exit path, so no QEMU outlives the runner.

The callback may ask for an early end (after a panic line the kernel has
a few seconds to print its backtrace and exit on its own).
"""
import os
import selectors
import signal
import subprocess
import threading
import time

from .classify import ProcOutcome

_live = set()           # Popen objects still running
_live_lock = threading.Lock()


def kill_group(proc, grace=2.0):
    """SIGTERM the process group of @proc, then SIGKILL after @grace s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    # The leader may be gone while others in its group live on.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_all():
    """Kill every child still running (on Ctrl-C or fatal errors)."""
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        kill_group(proc, grace=1.0)


def run(argv, on_line, timeout, hang_timeout, end_grace=3.0, cwd=None,
        env=None):
    """Run @argv; call on_line(text, seconds_since_start) per line.

    on_line returns True to say "the run is over" (a panic line): the
    child then gets @end_grace more seconds before it is killed.
    stderr is merged into stdout, so QEMU's own complaints reach the log.
    Return a ProcOutcome.
    """
    out = ProcOutcome(timeout=timeout, hang_timeout=hang_timeout)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, cwd=cwd, env=env,
                                start_new_session=True)
    except OSError as e:
        out.start_error = "cannot start %s: %s" % (argv[0], e.strerror)
        return out
    with _live_lock:
        _live.add(proc)
    try:
        out.killed_for = _pump(proc, on_line, start, timeout, hang_timeout,
                               end_grace)
        if out.killed_for:
            kill_group(proc)
        else:
            proc.wait()
            out.returncode = proc.returncode
    finally:
        if proc.poll() is None:
            kill_group(proc)
        else:   # reap helpers the child may have left in its group
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        proc.stdout.close()
        with _live_lock:
            _live.discard(proc)
    out.duration = time.monotonic() - start
    return out


def _pump(proc, on_line, start, timeout, hang_timeout, end_grace):
    """Read until EOF or a deadline. Return why we must kill, or None."""
    fd = proc.stdout.fileno()
    os.set_blocking(fd, False)
    sel = selectors.DefaultSelector()
    sel.register(fd, selectors.EVENT_READ)
    buf = b""
    last_output = start
    end_at = None               # set once on_line says the run is over
    try:
        while True:
            now = time.monotonic()
            deadlines = {"timeout": start + timeout,
                         "hang": last_output + hang_timeout}
            if end_at is not None:
                deadlines["end"] = end_at
            why, when = min(deadlines.items(), key=lambda kv: kv[1])
            if now >= when:
                _flush(buf, on_line, now - start)
                return "panic grace expired" if why == "end" else why
            if not sel.select(when - now):
                continue
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                continue
            now = time.monotonic()
            if not data:
                _flush(buf, on_line, now - start)
                return _wait_exit(proc, start, timeout, end_at)
            last_output = now
            buf += data
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                if on_line(raw.decode("utf-8", "replace"), now - start):
                    if end_at is None:
                        end_at = now + end_grace
    finally:
        sel.close()


def _flush(buf, on_line, t):
    if buf:
        on_line(buf.decode("utf-8", "replace"), t)


def _wait_exit(proc, start, timeout, end_at):
    """stdout closed: the child should exit now; don't trust it to."""
    limit = start + timeout
    if end_at is not None:
        limit = min(limit, end_at)
    try:
        proc.wait(timeout=max(0.0, limit - time.monotonic()) + 5.0)
        return None
    except subprocess.TimeoutExpired:
        return "timeout"
