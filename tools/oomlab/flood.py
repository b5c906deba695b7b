# SPDX-License-Identifier: MIT
"""The UDP flood's sender (tests/net's net_udp_flood): when the kernel
logs "# udp_flood PORT MS", send small datagrams as fast as this host
can to 127.0.0.1's forwarded port for MS milliseconds; QEMU's user
network delivers them to the guest's PORT. Loopback only: the flood
never leaves the machine. The kernel judges what arrived (it stays
responsive, every frame is delivered or counted dropped); the host's
count is logged for the figures."""
import re
import socket
import threading
import time

from . import hostfwd

START_RE = re.compile(r"^\s*# udp_flood (\d+) (\d+)$")
GUEST_PORT = 9999
PAYLOAD = b"oomlab-flood-" + b"x" * 51          # 64 bytes
MAX_MS = 10000                                  # the longest flood sent


class FloodPeer:
    def __init__(self):
        self.port = hostfwd.free_port("udp")
        self.sent = 0
        self.errors = 0
        self.thread = None

    def user_options(self):
        return [hostfwd.rule("udp", self.port, GUEST_PORT)]

    def qemu_args(self):
        return []

    def _send(self, ms):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        end = time.monotonic() + ms / 1000.0
        try:
            while time.monotonic() < end:
                for _ in range(64):
                    try:
                        sock.sendto(PAYLOAD, ("127.0.0.1", self.port))
                        self.sent += 1
                    except OSError:     # the socket buffer is full
                        self.errors += 1
        finally:
            sock.close()

    def on_line(self, text):
        m = START_RE.match(text)
        if not m or self.thread:
            return None
        ms = min(int(m.group(2)), MAX_MS)
        self.thread = threading.Thread(target=self._send, args=(ms,),
                                       daemon=True)
        self.thread.start()
        return "flood: %d ms of UDP to 127.0.0.1:%d" % (ms, self.port)

    def results(self):
        if not self.thread:
            return [("udp_flood_sent", ["the kernel never said udp_flood"])]
        self.thread.join(MAX_MS / 1000.0 + 5)
        problems = [] if self.sent else ["no datagram could be sent"]
        return [("udp_flood_sent", problems)]

    def summary(self):
        return "flood: %d datagrams sent, %d refused by the host's socket" \
            % (self.sent, self.errors)
