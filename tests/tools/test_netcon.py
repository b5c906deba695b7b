# SPDX-License-Identifier: MIT
"""netconsole's receiving end: QEMU arguments, records, and the check of
a run's datagrams against its serial log."""
import os
import socket
import tempfile
import threading
import unittest

from oomlab import netcon, qemu

SERIAL = ["[    0.5] e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex",
          "[    0.6] KTAP version 1", "[    0.6] 1..1",
          "[    0.7] ok 1 net", "[    0.7] # Totals: pass:1 fail:0 skip:0",
          "oomlab-run: verdict pass: pass"]


def opt(argv, flag):
    return [argv[i + 1] for i, a in enumerate(argv) if a == flag]


def records(lines, seqs=None):
    """Datagrams for @lines numbered @seqs (default 0, 1, ...)."""
    seqs = seqs if seqs is not None else range(len(lines))
    return [("6,%d,%d,-;%s\n" % (s, 1000 + s, t)).encode()
            for s, t in zip(seqs, lines)]


class NetconTest(unittest.TestCase):
    def test_qemu_args(self):
        self.assertEqual(netcon.qemu_args(None, "/s"), ["-nic", "none"])
        self.assertEqual(netcon.qemu_args("e1000", "/s"),
                         ["-netdev", "user,id=n0", "-device",
                          "e1000,romfile=,netdev=n0", "-monitor",
                          "unix:/s/monitor.sock,server=on,wait=off"])
        argv, _ = qemu.command(qemu.Boot(name="r"), "/b/x.iso", "/b/boot/r")
        self.assertEqual(argv[-2:], ["-nic", "none"])
        self.assertEqual(opt(argv, "-monitor"), ["none"])
        argv, _ = qemu.command(qemu.Boot(name="r", nic="e1000"), "/b/x.iso",
                               "/b/boot/r")
        self.assertIn("e1000,romfile=,netdev=n0", argv)
        self.assertEqual(opt(argv, "-display"), ["none"])
        self.assertEqual(opt(argv, "-monitor"), [
            "unix:/b/boot/r/monitor.sock,server=on,wait=off"])

    def test_link_control(self):
        # A request line becomes the monitor command; other lines do not.
        with tempfile.TemporaryDirectory() as d:
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(os.path.join(d, netcon.MONITOR))
            srv.listen(1)
            got = []

            def qemu_side():
                c, _ = srv.accept()
                c.sendall(b"QEMU monitor\n(qemu) ")
                got.append(c.recv(100))
                c.sendall(b"(qemu) ")
                c.close()

            th = threading.Thread(target=qemu_side)
            th.start()
            link = netcon.LinkControl(d)
            self.assertIsNone(link.on_line("  # eth0: 10.0.2.15"))
            self.assertEqual(link.on_line("  # set_link off"), "(qemu) ")
            th.join()
            link.close()
            srv.close()
            self.assertEqual(got, [b"set_link n0 off\n"])

    def test_own_port(self):
        # Stable per run name, away from the kernel's default 6666.
        self.assertEqual(netcon.port_for("a"), netcon.port_for("a"))
        self.assertNotEqual(netcon.port_for("a"), netcon.port_for("b"))
        self.assertGreaterEqual(netcon.port_for("a"), netcon.PORT_BASE)
        self.assertEqual(netcon.cmdline("a", "ktest.filter=net"),
                         "ktest.filter=net netconsole=10.0.2.2:%d" %
                         netcon.port_for("a"))

    def test_parse(self):
        self.assertEqual(netcon.parse(b"6,42,99,-;[  1.0] ok 1 x\n"),
                         (42, "[  1.0] ok 1 x"))
        self.assertIsNone(netcon.parse(b"garbage"))
        self.assertIsNone(netcon.parse(b"6,x,99,-;text"))

    def test_complete_log_passes(self):
        self.assertEqual(netcon.check(records(SERIAL[:5]), SERIAL), [])

    def test_lost_line(self):
        got = netcon.check(records(SERIAL[:2] + SERIAL[3:5], [0, 1, 3, 4]),
                           SERIAL)
        self.assertIn("1 lines lost (first seq 2)", got)
        self.assertTrue(any(p.startswith("KTAP differs") for p in got), got)

    def test_reordered_and_garbage(self):
        data = records(SERIAL[:5])
        data[1], data[2] = data[2], data[1]
        got = netcon.check(data + [b"junk"], SERIAL)
        self.assertIn("records out of order or repeated", got)
        self.assertIn("1 datagrams are not netconsole records", got)

    def test_nothing_arrived(self):
        self.assertEqual(netcon.check([], SERIAL),
                         ["no netconsole record arrived"])

    def test_listener_collects_until_stopped(self):
        lis = netcon.Listener(port=0)
        port = lis.sock.getsockname()[1]
        out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for d in records(SERIAL[:3]):
            out.sendto(d, ("127.0.0.1", port))
        out.close()
        self.assertEqual(lis.stop(), records(SERIAL[:3]))


if __name__ == "__main__":
    unittest.main()
