# SPDX-License-Identifier: MIT
"""The host's side of the metrics server (net/http.c): once the kernel
logs "# metrics_ready PORT" (tests/net's http_host_fetch), fetch its
pages through QEMU's hostfwd and judge them: /metrics must pass
`promtool check metrics` (Debian's prometheus package) and show what the
boot's command line made (memcg.max= cgroups and their limits), /log
must hold the kernel's log, and bad requests must get their status
codes. The kernel counts the answers and waits for them all; check()
returns what is wrong."""
import http.client
import re
import shutil
import socket
import subprocess
import threading

from . import hostfwd

READY_RE = re.compile(r"^\s*# metrics_ready (\d+)$")
GUEST_PORT = 80
TIMEOUT = 60.0                  # seconds for one request under TCG
PROMTOOL = "promtool"

# "name{label="value"} value" or "name value"; values as Prometheus
# writes them (+Inf, NaN, decimals).
SAMPLE_RE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$')
LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
SIZE_RE = re.compile(r"^(\d+)([KMG]?)$")


def parse(text):
    """{(name, ((label, value), ...)): float} of an exposition; raises
    ValueError on a line that is neither a comment nor a sample."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE_RE.match(line)
        if not m:
            raise ValueError("not a sample: %r" % line)
        labels = tuple(LABEL_RE.findall(m.group(2) or ""))
        samples[(m.group(1), labels)] = float(m.group(3))
    return samples


def cgroup_limits(cmdline):
    """{"/a": bytes} of the memcg.max= on @cmdline (the sizes the kernel
    takes: digits with an optional K, M or G; "max" is left out)."""
    limits = {}
    for word in cmdline.split():
        if not word.startswith("memcg.max="):
            continue
        for item in word.split("=", 1)[1].split(","):
            path, _, size = item.partition(":")
            m = SIZE_RE.match(size)
            if m:
                limits[path] = int(m.group(1)) << \
                    {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]
    return limits


def check_values(samples, limits, smp):
    """Problems with the values of @samples: each cgroup of @limits with
    its memory.max, the root unlimited, every CPU of @smp with an idle
    counter, free pages above zero, the server's own 200s counted."""
    problems = []
    for path, want in sorted(limits.items()):
        key = ("oomlab_memcg_memory_max_bytes", (("cgroup", path),))
        if samples.get(key) != want:
            problems.append("memory.max of %s: %r, not %d" %
                            (path, samples.get(key), want))
    root = ("oomlab_memcg_memory_max_bytes", (("cgroup", "/"),))
    if samples.get(root) != float("inf"):
        problems.append("the root's memory.max is %r, not +Inf" %
                        samples.get(root))
    cpus = [k for k in samples if k[0] == "oomlab_cpu_idle_seconds_total"]
    if len(cpus) != smp:
        problems.append("%d CPUs with an idle counter, not %d" %
                        (len(cpus), smp))
    if not samples.get(("oomlab_free_pages", ()), 0) > 0:
        problems.append("oomlab_free_pages is not above 0")
    if not samples.get(("oomlab_http_responses_total",
                        (("code", "200"),)), 0) >= 1:
        problems.append("the server counted no 200 answer")
    return problems


def promtool(text):
    """`promtool check metrics` on @text: its complaints, [] when none."""
    if not shutil.which(PROMTOOL):
        return ["promtool is missing: run `make deps` (Debian's "
                "prometheus package)"]
    r = subprocess.run([PROMTOOL, "check", "metrics"], input=text,
                       capture_output=True, text=True, timeout=TIMEOUT)
    if r.returncode == 0:
        return []
    return ["promtool: " + (r.stdout + r.stderr).strip().replace("\n", "; ")]


def raw_request(port, data):
    """Send @data on a fresh connection and return the status code of
    the answer (for requests http.client will not send)."""
    with socket.create_connection(("127.0.0.1", port), TIMEOUT) as sock:
        sock.sendall(data)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    m = re.match(rb"HTTP/1\.1 (\d{3}) ", answer)
    return int(m.group(1)) if m else None


class Fetch:
    """The requests, in the order the kernel counts them; what came."""

    def __init__(self, port):
        self.port = port
        self.metrics = None             # /metrics' body
        self.log = None
        self.problems = []

    def _get(self, method, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=TIMEOUT)
        try:
            conn.request(method, path)
            resp = conn.getresponse()
            return resp.status, resp.getheader("Content-Type"), resp.read()
        finally:
            conn.close()

    def _expect(self, what, got, want):
        if got != want:
            self.problems.append("%s: %r, not %r" % (what, got, want))

    def run(self):
        try:
            status, ctype, body = self._get("GET", "/metrics")
            self._expect("GET /metrics", status, 200)
            self._expect("/metrics' Content-Type", ctype,
                         "text/plain; version=0.0.4; charset=utf-8")
            self.metrics = body.decode("utf-8")
            status, _, body = self._get("HEAD", "/metrics")
            self._expect("HEAD /metrics", (status, body), (200, b""))
            status, _, body = self._get("GET", "/log")
            self._expect("GET /log", status, 200)
            self.log = body.decode("utf-8", "replace")
            self._expect("GET /nothing", self._get("GET", "/nothing")[0], 404)
            self._expect("POST /metrics", self._get("POST", "/metrics")[0],
                         405)
            self._expect("an oversized request head", raw_request(
                self.port, b"GET /metrics HTTP/1.0\r\nX-Pad: " +
                b"x" * 4096 + b"\r\n\r\n"), 431)
        except (OSError, http.client.HTTPException, UnicodeError) as e:
            self.problems.append("fetch: %s" % e)


class MetricsPeer:
    """The metrics server's host peer for one boot: the hostfwd rule,
    the fetch when the kernel is ready, the check after the boot."""

    def __init__(self, cmdline, smp):
        self.port = hostfwd.free_port("tcp")
        self.limits = cgroup_limits(cmdline)
        self.smp = smp
        self.fetch = None
        self.thread = None
        self.artifacts = {}             # kept beside the run's log

    def user_options(self):
        return [hostfwd.rule("tcp", self.port, GUEST_PORT)]

    def qemu_args(self):
        return []

    def on_line(self, text):
        """Start the fetch on the kernel's ready line; return a note for
        the log, or None."""
        if self.thread or not READY_RE.match(text):
            return None
        self.fetch = Fetch(self.port)
        self.thread = threading.Thread(target=self.fetch.run, daemon=True)
        self.thread.start()
        return "metrics: fetching from 127.0.0.1:%d" % self.port

    def results(self):
        """[(case name, problems)] once the boot is over."""
        if not self.thread:
            return [("metrics_endpoint", ["the kernel never said "
                                          "metrics_ready"])]
        self.thread.join(TIMEOUT)
        f = self.fetch
        problems = list(f.problems)
        if f.metrics is not None:
            self.artifacts[".metrics.txt"] = f.metrics
            problems += promtool(f.metrics)
            try:
                problems += check_values(parse(f.metrics), self.limits,
                                         self.smp)
            except ValueError as e:
                problems.append(str(e))
        if f.log is not None and "metrics_ready" not in f.log:
            problems.append("/log does not hold the metrics_ready line")
        return [("metrics_endpoint", problems)]
