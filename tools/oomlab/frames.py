# SPDX-License-Identifier: MIT
"""Bad Ethernet frames for the guest (tests/net's net_bad_frames): a
second card on a QEMU socket netdev (`-netdev socket,udp=...,localaddr=
...`: each UDP datagram between QEMU and this process is one Ethernet
frame, both ends on 127.0.0.1), so the host writes frames byte by byte.
When the kernel logs "# bad_frames A.B.C.D PORT" (the address it gave
that card), send one frame of each bad kind, then a good UDP datagram to
PORT that tells the kernel they have all been sent (the socket keeps
their order). The kernel asserts its drop counters; frames() is pure and
tested on the host."""
import re
import socket
import struct
import threading
import time

from . import hostfwd

START_RE = re.compile(r"^\s*# bad_frames (\d+\.\d+\.\d+\.\d+) (\d+)$")
GUEST_MAC = bytes.fromhex("525400000bad")     # the second card's -device mac
HOST_MAC = bytes.fromhex("5254000000aa")
HOST_IP = "10.0.3.2"
END_PAYLOAD = b"bad_frames: end"
END_REPEAT = 5                  # the end marker, in case one is lost
OVERSIZED = 1600                # past 1514, the largest untagged frame


def checksum(data):
    """The Internet checksum (RFC 1071) of @data."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def ipv4(src, dst, payload, proto=17, version_ihl=0x45, total=None,
         bad_checksum=False):
    """An IPv4 header and @payload; the checksum is right unless asked."""
    total = 20 + len(payload) if total is None else total
    head = struct.pack("!BBHHHBBH4s4s", version_ihl, 0, total, 1, 0, 64,
                       proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    csum = checksum(head) ^ (0xffff if bad_checksum else 0)
    return head[:10] + struct.pack("!H", csum) + head[12:] + payload


def udp(src, dst, sport, dport, data, bad_checksum=False):
    """A UDP header and @data with its pseudo-header checksum."""
    head = struct.pack("!HHHH", sport, dport, 8 + len(data), 0)
    pseudo = struct.pack("!4s4sBBH", socket.inet_aton(src),
                         socket.inet_aton(dst), 0, 17, 8 + len(data))
    csum = checksum(pseudo + head + data) or 0xffff
    if bad_checksum:
        csum = (csum + 1) & 0xffff or 1
    return head[:6] + struct.pack("!H", csum) + data


def ether(payload, ethertype=0x0800):
    return GUEST_MAC + HOST_MAC + struct.pack("!H", ethertype) + payload


def frames(guest_ip, port):
    """[(kind, frame)]: each bad kind once, then the good end marker."""
    good = udp(HOST_IP, guest_ip, 4000, port, END_PAYLOAD)
    return [
        ("short", GUEST_MAC + HOST_MAC[:4]),
        ("bad_version", ether(ipv4(HOST_IP, guest_ip, good,
                                   version_ihl=0x65))),
        ("short_ip_header", ether(ipv4(HOST_IP, guest_ip, good,
                                       version_ihl=0x43))),
        ("ip_length_past_frame", ether(ipv4(HOST_IP, guest_ip, good,
                                            total=1000))),
        ("ip_checksum", ether(ipv4(HOST_IP, guest_ip, good,
                                   bad_checksum=True))),
        ("udp_checksum", ether(ipv4(HOST_IP, guest_ip, udp(
            HOST_IP, guest_ip, 4000, port, b"bad udp checksum",
            bad_checksum=True)))),
        ("oversized", ether(ipv4(HOST_IP, guest_ip, udp(
            HOST_IP, guest_ip, 4000, port,
            b"o" * (OVERSIZED - 14 - 20 - 8))))),
    ] + [("end", ether(ipv4(HOST_IP, guest_ip, good)))] * END_REPEAT


class FramesPeer:
    """The second card (@nic, a netcon.NICS device) on a socket netdev,
    and the sender behind it."""

    def __init__(self, device):
        self.device = device
        self.qemu_port = hostfwd.free_port("udp")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))   # QEMU's frames come here
        self.sent = []
        self.thread = None

    def user_options(self):
        return []

    def qemu_args(self):
        return ["-netdev", "socket,id=n1,udp=127.0.0.1:%d,localaddr="
                "127.0.0.1:%d" % (self.sock.getsockname()[1], self.qemu_port),
                "-device", "%s,netdev=n1,mac=%s" % (
                    self.device, ":".join("%02x" % b for b in GUEST_MAC))]

    def _send(self, guest_ip, port):
        for kind, frame in frames(guest_ip, port):
            try:
                self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))
            except OSError:             # QEMU has gone: the boot is over
                return
            self.sent.append(kind)
            if kind == "end":
                time.sleep(0.2)         # pacing the repeats, not a sync

    def on_line(self, text):
        m = START_RE.match(text)
        if not m or self.thread:
            return None
        self.thread = threading.Thread(
            target=self._send, args=(m.group(1), int(m.group(2))),
            daemon=True)
        self.thread.start()
        return "frames: bad frames to %s" % m.group(1)

    def results(self):
        if self.thread:
            self.thread.join(END_REPEAT * 0.2 + 5)
        self.sock.close()
        if not self.thread:
            return [("bad_frames_sent", ["the kernel never said bad_frames"])]
        missing = {k for k, _ in frames("10.0.3.15", 1)} - set(self.sent)
        return [("bad_frames_sent", ["not sent: %s" % ", ".join(sorted(
            missing))] if missing else [])]
