# SPDX-License-Identifier: MIT
"""The host's side of the network benchmark (tests/net's
bench_net_http_tx): when the kernel logs "# http_bench_ready PORT
BYTES", fetch /bench?bytes=BYTES from the metrics server through QEMU's
hostfwd, check every byte of the pattern, and time it on the host's
clock too (the kernel times it on its own: from the request to the last
byte acknowledged)."""
import http.client
import re
import threading
import time

from . import hostfwd

READY_RE = re.compile(r"^\s*# http_bench_ready (\d+) (\d+)$")
GUEST_PORT = 80
TIMEOUT = 300.0
CHUNK = 1 << 16


def pattern(offset, n):
    """Bytes @offset.. of /bench's body: the alphabet over and over."""
    return bytes(0x61 + (offset + i) % 26 for i in range(n))


class BenchPeer:
    def __init__(self):
        self.port = hostfwd.free_port("tcp")
        self.thread = None
        self.problems = []
        self.seconds = None
        self.bytes = 0

    def user_options(self):
        return [hostfwd.rule("tcp", self.port, GUEST_PORT)]

    def qemu_args(self):
        return []

    def _fetch(self, want):
        start = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=TIMEOUT)
        try:
            conn.request("GET", "/bench?bytes=%d" % want)
            resp = conn.getresponse()
            if resp.status != 200:
                self.problems.append("GET /bench: %d" % resp.status)
                return
            period = pattern(0, 26 * 2600)
            while True:
                data = resp.read(CHUNK)
                if not data:
                    break
                skew = self.bytes % 26
                if data != period[skew:skew + len(data)]:
                    self.problems.append("/bench's bytes from %d are not "
                                         "the pattern" % self.bytes)
                    return
                self.bytes += len(data)
            self.seconds = time.monotonic() - start
            if self.bytes != want:
                self.problems.append("/bench: %d bytes, not %d" %
                                     (self.bytes, want))
        except (OSError, http.client.HTTPException) as e:
            self.problems.append("fetch: %s" % e)
        finally:
            conn.close()

    def on_line(self, text):
        m = READY_RE.match(text)
        if not m or self.thread:
            return None
        self.thread = threading.Thread(target=self._fetch,
                                       args=(int(m.group(2)),), daemon=True)
        self.thread.start()
        return "netbench: fetching /bench from 127.0.0.1:%d" % self.port

    def results(self):
        if not self.thread:
            return [("http_bench_fetch", ["the kernel never said "
                                          "http_bench_ready"])]
        self.thread.join(TIMEOUT)
        return [("http_bench_fetch", self.problems)]

    def summary(self):
        if not self.seconds:
            return "netbench: no transfer timed"
        return "netbench: %d bytes in %.3f s, %.3f MB/s on the host's " \
            "clock" % (self.bytes, self.seconds,
                       self.bytes / self.seconds / 1e6)
