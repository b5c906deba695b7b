# SPDX-License-Identifier: MIT
"""Host ends of a guest's services: QEMU's user network forwards a port
of the host's 127.0.0.1 to the guest (hostfwd), and only on loopback, so
nothing outside the machine reaches a test boot. The host port is picked
free at run time (parallel boots must not share one); the guest port is
fixed by the kernel's command line, so the ISO cached for a command line
serves every run."""
import socket

GUEST = "10.0.2.15"             # what QEMU's DHCP server hands out first


def free_port(kind="tcp"):
    """A port of 127.0.0.1 that nothing holds now ("tcp" or "udp"). The
    kernel may hand it out again before QEMU binds it: a race the
    caller sees as QEMU failing to start, not as a wrong answer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == "tcp"
                         else socket.SOCK_DGRAM)
    try:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
    finally:
        sock.close()


def rule(kind, host_port, guest_port):
    """One -netdev user hostfwd option: @kind from 127.0.0.1:@host_port
    to the guest's @guest_port."""
    return "hostfwd=%s:127.0.0.1:%d-:%d" % (kind, host_port, guest_port)
