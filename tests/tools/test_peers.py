# SPDX-License-Identifier: MIT
"""The host peers of network boots: the metrics check, the bad frames,
the flood's start line, the hostfwd plumbing into QEMU's arguments."""
import socket
import struct
import unittest

from oomlab import bench, frames, hostfwd, metrics, netbench, netcon, peers, \
    qemu, tcpsend

EXPOSITION = """\
# HELP oomlab_memcg_memory_max_bytes memory.max.
# TYPE oomlab_memcg_memory_max_bytes gauge
oomlab_memcg_memory_max_bytes{cgroup="/"} +Inf
oomlab_memcg_memory_max_bytes{cgroup="/metrics_a"} 67108864
oomlab_memcg_memory_max_bytes{cgroup="/q\\"x"} 4096
# TYPE oomlab_free_pages gauge
oomlab_free_pages 1234
# TYPE oomlab_cpu_idle_seconds_total counter
oomlab_cpu_idle_seconds_total{cpu="0"} 1.500000
oomlab_cpu_idle_seconds_total{cpu="1"} 2.000000
# TYPE oomlab_http_responses_total counter
oomlab_http_responses_total{code="200"} 1
"""


class MetricsCheckTest(unittest.TestCase):
    def test_parse(self):
        s = metrics.parse(EXPOSITION)
        self.assertEqual(s[("oomlab_free_pages", ())], 1234)
        self.assertEqual(s[("oomlab_memcg_memory_max_bytes",
                            (("cgroup", "/"),))], float("inf"))
        self.assertIn(("oomlab_memcg_memory_max_bytes",
                       (("cgroup", '/q\\"x'),)), s)
        with self.assertRaises(ValueError):
            metrics.parse("oomlab_x{cgroup=\"/\"}\n")

    def test_cgroup_limits(self):
        self.assertEqual(metrics.cgroup_limits(
            "ktest.filter=http memcg.max=/a:64M,/a/b:16K,/c:max,/d:123 x=1"),
            {"/a": 64 << 20, "/a/b": 16 << 10, "/d": 123})

    def test_values(self):
        s = metrics.parse(EXPOSITION)
        self.assertEqual(metrics.check_values(
            s, {"/metrics_a": 64 << 20}, 2), [])
        # A limit in pages instead of bytes, a CPU missing, the root
        # limited: each is named.
        problems = metrics.check_values(s, {"/metrics_a": 16384}, 4)
        self.assertEqual(len(problems), 2)
        self.assertIn("memory.max of /metrics_a", problems[0])
        self.assertIn("2 CPUs", problems[1])
        s[("oomlab_memcg_memory_max_bytes", (("cgroup", "/"),))] = 1.0
        self.assertIn("root", metrics.check_values(s, {}, 2)[0])

    def test_ready_line(self):
        self.assertTrue(metrics.READY_RE.match("# metrics_ready 80"))
        self.assertFalse(metrics.READY_RE.match("# metrics_ready"))


class FramesTest(unittest.TestCase):
    def test_checksums(self):
        ip = frames.ipv4("10.0.3.2", "10.0.3.15", b"abcd")
        self.assertEqual(frames.checksum(ip[:20]), 0)
        bad = frames.ipv4("10.0.3.2", "10.0.3.15", b"abcd",
                          bad_checksum=True)
        self.assertNotEqual(frames.checksum(bad[:20]), 0)
        u = frames.udp("10.0.3.2", "10.0.3.15", 1, 2, b"xyz")
        pseudo = struct.pack("!4s4sBBH", socket.inet_aton("10.0.3.2"),
                             socket.inet_aton("10.0.3.15"), 0, 17, len(u))
        self.assertEqual(frames.checksum(pseudo + u), 0)
        u = frames.udp("10.0.3.2", "10.0.3.15", 1, 2, b"xyz",
                       bad_checksum=True)
        self.assertNotEqual(frames.checksum(pseudo + u), 0)

    def test_frames(self):
        fs = frames.frames("10.0.3.15", 7777)
        kinds = [k for k, _ in fs]
        self.assertEqual(kinds[:7], ["short", "bad_version",
                                     "short_ip_header",
                                     "ip_length_past_frame", "ip_checksum",
                                     "udp_checksum", "oversized"])
        self.assertEqual(kinds[7:], ["end"] * frames.END_REPEAT)
        by = dict(fs)
        self.assertLess(len(by["short"]), 14)
        self.assertEqual(len(by["oversized"]), frames.OVERSIZED)
        self.assertEqual(by["end"][:6], frames.GUEST_MAC)
        self.assertTrue(by["end"].endswith(frames.END_PAYLOAD))
        self.assertEqual(by["bad_version"][14] >> 4, 6)
        self.assertEqual(by["short_ip_header"][14] & 15, 3)

    def test_second_card(self):
        p = frames.FramesPeer("e1000,romfile=")
        try:
            args = p.qemu_args()
            self.assertEqual(args[0], "-netdev")
            self.assertTrue(args[1].startswith("socket,id=n1,udp=127.0.0.1:"))
            self.assertIn("localaddr=127.0.0.1:%d" % p.qemu_port, args[1])
            self.assertEqual(args[3], "e1000,romfile=,netdev=n1,"
                             "mac=52:54:00:00:0b:ad")
            self.assertEqual(p.user_options(), [])
        finally:
            p.results()


class PlumbingTest(unittest.TestCase):
    def test_hostfwd(self):
        self.assertEqual(hostfwd.rule("tcp", 5000, 80),
                         "hostfwd=tcp:127.0.0.1:5000-:80")
        port = hostfwd.free_port("udp")
        self.assertGreater(port, 0)

    def test_qemu_args(self):
        argv, _ = qemu.command(qemu.Boot(
            name="r", nic="e1000",
            user_options=("hostfwd=tcp:127.0.0.1:5000-:80",),
            peer_args=("-x", "y")), "/b/x.iso", "/b/boot/r")
        i = argv.index("-netdev")
        self.assertEqual(argv[i + 1],
                         "user,id=n0,hostfwd=tcp:127.0.0.1:5000-:80")
        self.assertEqual(argv[-2:], ["-x", "y"])
        self.assertEqual(netcon.qemu_args(None, "/s", ("a",)),
                         ["-nic", "none"])

    def test_make(self):
        self.assertIsNone(peers.make(None, "", 2, None))
        p = peers.make("metrics", "memcg.max=/a:1M", 2, "e1000")
        self.assertEqual(p.limits, {"/a": 1 << 20})
        self.assertEqual(p.user_options(),
                         [hostfwd.rule("tcp", p.port, 80)])
        self.assertEqual(p.results()[0][0], "metrics_endpoint")
        f = peers.make("flood", "", 2, "virtio")
        self.assertIsNone(f.on_line("# something else"))
        self.assertEqual(f.results(), [("udp_flood_sent", [
            "the kernel never said udp_flood"])])
        with self.assertRaises(ValueError):
            peers.make("nope", "", 2, "e1000")


class NetBenchTest(unittest.TestCase):
    def test_pattern(self):
        self.assertEqual(netbench.pattern(0, 3), b"abc")
        self.assertEqual(netbench.pattern(25, 3), b"zab")

    def test_table(self):
        figures = [{"name": "net_http_tx_e1000", "value": 1.5},
                   {"name": "net_http_tx_virtio_net", "value": 3.0},
                   {"name": "net_ping_gw_e1000", "value": 600}]
        lines = bench.net_table(figures)
        tx = [ln for ln in lines if ln.startswith("TCP /bench")][0]
        self.assertEqual(tx.split()[-3:], ["1.5", "3.0", "2.00"])
        ping = [ln for ln in lines if "(mean)" in ln][0]
        self.assertEqual(ping.split()[-3:], ["600", "-", "-"])
        self.assertEqual(bench.net_table([]), [])

    def test_entries(self):
        class Args:
            mode, mem, smp, cpu = "bios-cd", "256M", 2, None
        es = bench.net_entries(Args)
        self.assertEqual([(e.name, e.peer) for e in es],
                         [("bench-net-e1000", "bench"),
                          ("bench-flood-e1000", "flood"),
                          ("bench-sockrx-e1000", "hostrx"),
                          ("bench-net-virtio", "bench"),
                          ("bench-flood-virtio", "flood"),
                          ("bench-sockrx-virtio", "hostrx")])



class TcpSendTest(unittest.TestCase):
    def test_pattern(self):
        # tests/net/tcp_stream.c's tcp_stream_byte(): i * 7 + (i >> 8).
        self.assertEqual(tcpsend.pattern(3), bytes([0, 7, 14]))
        self.assertEqual(tcpsend.pattern(257)[256], (256 * 7 + 1) & 0xff)
        n = 3 * tcpsend.PERIOD + 5
        self.assertEqual(tcpsend.pattern(n),
                         bytes(tcpsend.pattern_byte(i) for i in range(n)))
        # FNV-1a's published value for "a", and the empty string's.
        self.assertEqual(tcpsend.fnv1a(b"a"), 0xe40c292c)
        self.assertEqual(tcpsend.fnv1a(b""), 0x811c9dc5)

    def test_ready_line(self):
        self.assertTrue(tcpsend.READY_RE.match("# tcp_rx_ready 7070 1024"))
        self.assertFalse(tcpsend.READY_RE.match("# tcp_rx_ready 7070"))
        p = peers.make("hostrx", "", 2, "e1000")
        self.assertEqual(p.user_options(),
                         [hostfwd.rule("tcp", p.port, tcpsend.GUEST_PORT)])
        self.assertEqual(p.results(), [("tcp_send", [
            "the kernel never said tcp_rx_ready"])])

    def test_streams(self):
        # Two streams to a local server standing in for hostfwd: each
        # arrives whole, and the server's close ends the sender.
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(2)
        p = tcpsend.TcpSendPeer()
        p.port = srv.getsockname()[1]
        got = []
        for n in (100000, 70000):
            self.assertIsNotNone(p.on_line("# tcp_rx_ready 7070 %d" % n))
            c, _ = srv.accept()
            c.settimeout(30)
            data = b""
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    break
                data += chunk
            c.close()
            got.append(data)
        srv.close()
        self.assertEqual(p.results(), [("tcp_send", [])])
        self.assertEqual(got, [tcpsend.pattern(100000),
                               tcpsend.pattern(70000)])
        self.assertEqual([n for n, _ in p.streams], [100000, 70000])

    def test_refused(self):
        # Nobody listens: the row fails with what happened.
        p = tcpsend.TcpSendPeer()
        p.on_line("# tcp_rx_ready 7070 10")
        (name, problems), = p.results()
        self.assertEqual(name, "tcp_send")
        self.assertEqual(len(problems), 1)
        self.assertIn("after 0 of 10 bytes", problems[0])

    def test_table(self):
        figures = [{"name": "sock_host_rx_e1000", "value": 4.0},
                   {"name": "sock_host_rx_virtio_net", "value": 6.0},
                   {"name": "sock_host_rx_cost_e1000", "value": 110}]
        lines = bench.net_table(figures)
        rx = [ln for ln in lines if ln.startswith("TCP host to user")][0]
        self.assertEqual(rx.split()[-3:], ["4.0", "6.0", "1.50"])
        cost = [ln for ln in lines if ln.startswith("accounted /")][0]
        self.assertEqual(cost.split()[-3:], ["110", "-", "-"])


if __name__ == "__main__":
    unittest.main()
