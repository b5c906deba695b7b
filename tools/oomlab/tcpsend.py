# SPDX-License-Identifier: MIT
"""The host's side of a user TCP server in the guest (tests/net's
socket_host and bench_sock_host): each time the kernel logs
"# tcp_rx_ready PORT BYTES", connect to the forwarded port through QEMU's
hostfwd, send BYTES of the stream pattern as fast as this host can, end
the stream and wait for the server to close. The server checksums what
it got and the kernel compares; the host checks that every byte went
out, and times the sends for the log."""
import re
import socket
import threading
import time

from . import hostfwd

READY_RE = re.compile(r"^\s*# tcp_rx_ready (\d+) (\d+)$")
GUEST_PORT = 7070
TIMEOUT = 300.0                 # one stream, the slowest TCG boot included
MAX_STREAMS = 16                # more ready lines than a boot asks for
MAX_BYTES = 256 << 20
PERIOD = 1 << 16                # the pattern repeats every 64 KiB


def pattern_byte(i):
    """Byte @i of the stream: tests/net/tcp_stream.c's tcp_stream_byte()."""
    return (i * 7 + (i >> 8)) & 0xff


PERIOD_BYTES = bytes(pattern_byte(i) for i in range(PERIOD))


def pattern(n):
    """The first @n bytes of the stream."""
    whole, rest = divmod(n, PERIOD)
    return PERIOD_BYTES * whole + PERIOD_BYTES[:rest]


def fnv1a(data):
    """FNV-1a, 32 bits: what the guest's server reports."""
    h = 0x811c9dc5
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


class TcpSendPeer:
    def __init__(self):
        self.port = hostfwd.free_port("tcp")
        self.threads = []
        self.problems = []
        self.streams = []               # (bytes sent, seconds)
        self.lock = threading.Lock()

    def user_options(self):
        return [hostfwd.rule("tcp", self.port, GUEST_PORT)]

    def qemu_args(self):
        return []

    def _problem(self, text):
        with self.lock:
            self.problems.append(text)

    def _send(self, n):
        start = time.monotonic()
        sent = 0
        try:
            with socket.create_connection(("127.0.0.1", self.port),
                                          timeout=TIMEOUT) as s:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                while sent < n:
                    off = sent % PERIOD
                    chunk = PERIOD_BYTES[off:off + min(PERIOD - off,
                                                       n - sent)]
                    s.sendall(chunk)
                    sent += len(chunk)
                s.shutdown(socket.SHUT_WR)
                # The server reads to our end, then closes: its EOF says
                # the stream was taken, so the boot does not end first.
                while s.recv(4096):
                    pass
        except OSError as e:
            self._problem("stream %d: %s after %d of %d bytes" %
                          (len(self.streams) + 1, e, sent, n))
        with self.lock:
            self.streams.append((sent, time.monotonic() - start))

    def on_line(self, text):
        m = READY_RE.match(text)
        if not m:
            return None
        n = int(m.group(2))
        if len(self.threads) >= MAX_STREAMS or n > MAX_BYTES:
            self._problem("ignored: %s" % text.strip())
            return None
        # Streams are sequential: the kernel asks for the next one after
        # the last server ended, so the previous sender is done or dying.
        t = threading.Thread(target=self._send, args=(n,), daemon=True)
        self.threads.append(t)
        t.start()
        return "tcpsend: %d bytes to 127.0.0.1:%d" % (n, self.port)

    def results(self):
        if not self.threads:
            return [("tcp_send", ["the kernel never said tcp_rx_ready"])]
        for t in self.threads:
            t.join(TIMEOUT)
            if t.is_alive():
                self._problem("a sender still runs after %d s" % TIMEOUT)
        return [("tcp_send", list(self.problems))]

    def summary(self):
        if not self.streams:
            return "tcpsend: no stream sent"
        return "tcpsend: " + ", ".join(
            "%d bytes in %.3f s" % (n, s) for n, s in self.streams)
