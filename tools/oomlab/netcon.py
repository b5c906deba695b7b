# SPDX-License-Identifier: MIT
"""Network boots: the NIC a boot gets, and netconsole's receiving end.

A boot without a NIC gets `-nic none` (QEMU would otherwise add its
default card, and every boot would run DHCP and netconsole). A boot with
one gets QEMU's user network (the guest is 10.0.2.15, the host is
10.0.2.2 to it, its DHCP server answers) and the card.

netconsole (net/netconsole.c) sends every console line to 10.0.2.2:6666
(netconsole= to change it) as one UDP datagram in Linux's extended
netconsole format, "LEVEL,SEQ,USEC,-;TEXT"; QEMU's user network delivers
datagrams for 10.0.2.2 to the host's 127.0.0.1. Every boot with a card
sends there, so a run whose results come from netconsole gets a port of
its own, derived from its name (stable: the runner's ISOs are cached by
command line), and Listener collects that port's datagrams while the
boot runs; check() says what is wrong with them: a sequence number missing
(a lost line), out of order or repeated, or KTAP lines that differ from
the serial port's.
"""
import os
import re
import socket
import threading
import zlib

from . import ktap

PORT_BASE = 20000               # a run's own port: PORT_BASE + 0..9999
LOG_SUFFIX = ".net.log"

# QEMU -device values; the netdev is "n0". No option ROM: the firmware
# has nothing to boot from the network, and SeaBIOS and OVMF stay fast.
NICS = {
    "e1000": "e1000,romfile=",
    # Transitional virtio-net, driven through virtio 1.0.
    "virtio": "virtio-net-pci,romfile=",
    # The same device with only the legacy (0.9.5) interface.
    "virtio-legacy": "virtio-net-pci,romfile=,disable-modern=on",
}

RECORD_RE = re.compile(r"^(\d+),(\d+),(\d+),[^;]*;(.*)$", re.S)


# The kernel's request to pull or put back the cable (tests/net's
# net_nic_link logs it); the runner answers with the monitor's set_link.
SET_LINK_RE = re.compile(r"^\s*# set_link (on|off)$")
MONITOR = "monitor.sock"
MONITOR_WAIT = 10.0             # seconds for QEMU's monitor to answer


def qemu_args(nic, scratch, user_options=()):
    """QEMU's arguments for @nic (a NICS name, or None for no card) on
    the user network n0, with @user_options added to it (a host peer's
    hostfwd rules); a card comes with the human monitor on a unix socket
    in @scratch."""
    if not nic:
        return ["-nic", "none"]
    return ["-netdev", ",".join(("user", "id=n0") + tuple(user_options)),
            "-device", NICS[nic] + ",netdev=n0",
            "-monitor", "unix:%s,server=on,wait=off" %
            os.path.join(scratch, MONITOR)]


def prepare(scratch):
    """Make room for the monitor's socket in @scratch (a stale one from
    an earlier boot would make QEMU fail to bind)."""
    os.makedirs(scratch, exist_ok=True)
    path = os.path.join(scratch, MONITOR)
    if os.path.exists(path):
        os.unlink(path)


class LinkControl:
    """Answers the kernel's "set_link on|off" lines through QEMU's
    monitor in @scratch (connected on the first request)."""

    def __init__(self, scratch):
        self.path = os.path.join(scratch, MONITOR)
        self.sock = None

    def on_line(self, text):
        """Act on one console line; return the monitor's answer, or None
        when the line is no request."""
        m = SET_LINK_RE.match(text)
        if not m:
            return None
        try:
            if self.sock is None:
                self._connect()
            self.sock.sendall(b"set_link n0 " + m.group(1).encode() + b"\n")
            return self._until_prompt()
        except OSError as e:
            return "monitor: %s" % e

    def _connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(MONITOR_WAIT)
        self.sock.connect(self.path)
        self._until_prompt()

    def _until_prompt(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            data = self.sock.recv(4096)
            if not data:
                break
            buf += data
        return buf.decode("utf-8", "replace")

    def close(self):
        if self.sock is not None:
            self.sock.close()


def port_for(name):
    """The UDP port the run called @name listens on."""
    return PORT_BASE + zlib.crc32(name.encode()) % 10000


def cmdline(name, base):
    """@base with netconsole= aimed at the run's own port."""
    arg = "netconsole=10.0.2.2:%d" % port_for(name)
    return (base + " " + arg).strip()


def parse(datagram):
    """(seq, text) of one record, or None when it is not one."""
    m = RECORD_RE.match(datagram.decode("utf-8", "replace"))
    if not m:
        return None
    return int(m.group(2)), m.group(4).rstrip("\n")


class Listener:
    """A UDP socket on 127.0.0.1:@port collecting datagrams in a thread
    until stop()."""

    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.sock.settimeout(0.2)
        self.datagrams = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        # After stop(), read on until the socket has been quiet for one
        # timeout: what QEMU sent just before it exited is still queued.
        while True:
            try:
                data, _ = self.sock.recvfrom(65536)
            except socket.timeout:
                if self._stop.is_set():
                    return
                continue
            except OSError:
                return
            self.datagrams.append(data)

    def stop(self):
        """Read what is queued, then close; return the datagrams."""
        self._stop.set()
        self._thread.join()
        self.sock.close()
        return self.datagrams


def ktap_section(lines):
    """The KTAP of a log: from the first version line to the totals line,
    cleaned as the parser sees them, without the runner's own lines."""
    out = []
    for raw in lines:
        text = ktap.clean_line(raw)
        if not out and not text.startswith("KTAP version"):
            continue
        if text.startswith("oomlab-run:"):
            continue
        out.append(text)
        if text.startswith("# Totals:"):
            break
    return out


def check(datagrams, serial_lines):
    """Problems with what netconsole sent, as a list of strings: records
    that do not parse, lost or disordered sequence numbers, and a KTAP
    that is not the serial log's (@serial_lines) line for line."""
    problems = []
    records = [parse(d) for d in datagrams]
    if None in records:
        problems.append("%d datagrams are not netconsole records" %
                        records.count(None))
    records = [r for r in records if r]
    if not records:
        return problems + ["no netconsole record arrived"]
    seqs = [s for s, _ in records]
    if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
        problems.append("records out of order or repeated")
    missing = sorted(set(range(max(seqs) + 1)) - set(seqs))
    if missing:
        problems.append("%d lines lost (first seq %d)" %
                        (len(missing), missing[0]))
    net = ktap_section(t for _, t in sorted(records))
    serial = ktap_section(serial_lines)
    if net != serial:
        i = next((i for i, (a, b) in enumerate(zip(net, serial)) if a != b),
                 min(len(net), len(serial)))
        problems.append("KTAP differs from serial at line %d of %d: net %r,"
                        " serial %r" % (i + 1, len(serial),
                                        net[i] if i < len(net) else None,
                                        serial[i] if i < len(serial)
                                        else None))
    return problems


def write_log(path, datagrams):
    """The records as they came, one per line, for reading after a run."""
    with open(path, "w", encoding="utf-8", errors="replace") as f:
        for d in datagrams:
            f.write(d.decode("utf-8", "replace").rstrip("\n") + "\n")
