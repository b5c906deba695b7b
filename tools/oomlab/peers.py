# SPDX-License-Identifier: MIT
"""Host-side peers of a network boot (a plan row's `peer`): programs on
the host that talk to the guest while it runs, started by a line the
kernel logs, and judged after the boot as extra test cases.

  metrics  fetch the metrics server through hostfwd, check with promtool
           (tools/oomlab/metrics.py)
  flood    a UDP flood through hostfwd on loopback (tools/oomlab/flood.py)
  frames   bad Ethernet frames into a second card on a QEMU socket
           netdev (tools/oomlab/frames.py)
  bench    fetch /bench through hostfwd for make bench
           (tools/oomlab/netbench.py)
  hostrx   TCP streams through hostfwd into a user server in the guest
           (tools/oomlab/tcpsend.py)

A peer gives the options of the user netdev n0 (its hostfwd rules),
QEMU arguments of its own, acts on console lines (on_line returns a note
for the log or None) and, after the boot, results(): [(case, problems)].
"""
from . import flood, frames, metrics, netbench, netcon, tcpsend

KINDS = ("metrics", "flood", "frames", "bench", "hostrx")


def make(kind, cmdline, smp, nic):
    """The peer called @kind for a boot with @cmdline, @smp CPUs and the
    card @nic (a netcon.NICS name); None for no peer."""
    if kind is None:
        return None
    if kind == "metrics":
        return metrics.MetricsPeer(cmdline, smp)
    if kind == "flood":
        return flood.FloodPeer()
    if kind == "frames":
        return frames.FramesPeer(netcon.NICS[nic])
    if kind == "bench":
        return netbench.BenchPeer()
    if kind == "hostrx":
        return tcpsend.TcpSendPeer()
    raise ValueError("unknown peer %r (one of %s)" % (kind, ", ".join(KINDS)))
