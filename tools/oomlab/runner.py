# SPDX-License-Identifier: MIT
"""Execute plan entries: start the process (host binary, python tests or
QEMU), stream its output into the log, the KTAP parser and the reporter,
then classify the run. run_all() runs independent entries in parallel.
"""
import os
import shlex
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from typing import List, Optional, Tuple

from . import classify, disk, hwcheck, ksft, ktap, netcon, peers, proc, qemu
from .ktap import Test

TOOLS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(TOOLS_DIR)


@dataclass
class Settings:
    repo: str = REPO_DIR
    build: str = "build"
    qemu: str = qemu.QEMU
    timeout: float = 300
    hang_timeout: float = 30
    mem: str = "256M"
    smp: int = 2
    iso: Optional[str] = None           # boot this ISO, ignore cmdlines
    run_logs: Tuple[str, ...] = ()      # "post" rows: the logs to check

    @property
    def logs(self):
        return os.path.join(self.build, "logs")


@dataclass
class Result:
    entry: object                       # plan.Entry
    verdict: classify.Verdict
    tree: Test                          # what counts; root = the entry
    parser: ktap.Ktap
    duration: float = 0
    log_path: str = ""
    first_ktap: Optional[float] = None  # seconds from start
    properties: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.tree.status not in (ktap.FAIL, ktap.CRASH)

    def counts(self):
        return counts(self.tree)

    def why(self):
        """One line: what went wrong (or what went right, for selftests)."""
        if self.entry.expect:
            return self.tree.children[0].reason
        if self.verdict.ok and not self.ok:     # only must_pass failed
            return "; ".join(t.reason for _, t in self.tree.leaves()
                             if t.status == ktap.FAIL)
        return self.verdict.summary()


def counts(tree):
    """(passed, failed, skipped) over the leaves of @tree."""
    p = f = s = 0
    for _, test in tree.leaves():
        if test.status == ktap.PASS:
            p += 1
        elif test.status == ktap.SKIP:
            s += 1
        else:
            f += 1
    return p, f, s


def must_pass(suites, names, add_missing=True):
    """@suites with every "suite.case" of @names that did not pass made a
    failure: a skipped case fails (keeping its skip reason) and, with
    @add_missing, a case that never ran is added as a failed top-level
    test. Failed cases stay as they are. Return the new list; the
    parser's tests are copied, not changed."""
    suites = list(suites)
    for name in names:
        suite_name, case_name = name.split(".", 1)
        i = next((i for i, s in enumerate(suites) if s.name == suite_name),
                 None)
        case = None if i is None else next(
            (c for c in suites[i].children if c.name == case_name), None)
        need = "this run requires %s to pass" % name
        if case is None:
            if add_missing:
                suites.append(Test(name=name, number=len(suites) + 1,
                                   status=ktap.FAIL,
                                   reason=need + ", but it did not run"))
        elif case.status == ktap.SKIP:
            failed = replace(case, status=ktap.FAIL, reason="%s, but it "
                             "was skipped: %s" % (need, case.reason))
            cases = [failed if c is case else c for c in suites[i].children]
            suites[i] = replace(suites[i], children=cases,
                                status=ktap.aggregate(cases))
    return suites


def counted_tree(entry, parser, verdict):
    """The tests a run contributes. A normal run: its KTAP cases, plus one
    "boot" case when the run failed and no case shows it, plus a failure
    for each of the entry's must_pass cases that did not pass. A selftest
    run: exactly one case, passed when the verdict was the expected
    one."""
    root = Test(name=entry.name, is_group=True)
    if entry.expect:
        ok, msg = classify.check_expected(entry.expect, verdict, parser)
        root.children = [Test(name="expect_" + entry.expect, number=1,
                              status=ktap.PASS if ok else ktap.FAIL,
                              reason=msg)]
    else:
        if parser.root is not None:
            root.children = list(parser.root.children)
            root.log = parser.root.log
        failing = any(t.status in (ktap.FAIL, ktap.CRASH)
                      for _, t in root.leaves())
        # A run that failed already explains a missing case.
        root.children = must_pass(root.children, entry.must_pass,
                                  add_missing=verdict.ok and not failing)
        if not verdict.ok and not failing:
            severe = verdict.kind in classify.SEVERE
            root.children.append(Test(
                name="boot" if entry.kind == "boot" else "run",
                number=len(root.children) + 1,
                status=ktap.CRASH if severe else ktap.FAIL,
                reason=verdict.summary()))
    root.status = ktap.aggregate(root.children)
    return root


def _argv(entry, settings, cache, peer=None):
    """Command line and properties for @entry, with @peer's network
    options (a peers.make() peer, or None); may raise BootError."""
    if entry.kind == "host":
        binary = os.path.join(settings.build, "ktest-host")
        if not os.path.exists(binary):
            raise qemu.BootError("%s is missing: run `make %s`" %
                                 (binary, binary))
        return [binary], {"binary": binary}, None
    if entry.kind == "native":
        script = os.path.join(settings.repo, "tests", "user",
                              "native_check.py")
        return [sys.executable, script, "--build", settings.build], {}, None
    if entry.kind == "style":
        # One KTAP case; the script's own lines say what is wrong.
        script = os.path.join(settings.repo, "tools", "check-style.sh")
        ktap_wrap = ('echo "KTAP version 1"; echo "1..1"; '
                     'if "$0"; then echo "ok 1 check_style"; '
                     'else echo "not ok 1 check_style"; fi')
        return ["bash", "-c", ktap_wrap, script], {}, None
    if entry.kind == "screen":
        iso = settings.iso or cache.get(entry.cmdline)
        env = dict(os.environ, PYTHONPATH=TOOLS_DIR,
                   PYTHONDONTWRITEBYTECODE="1")
        argv = [sys.executable, "-m", "oomlab.screen", "--iso", iso,
                "--mode", entry.mode, "--build", settings.build,
                "--name", entry.name, "--qemu", settings.qemu,
                "--mem", entry.mem or settings.mem,
                "--smp", str(entry.smp or settings.smp)]
        return argv, {"mode": entry.mode, "iso": iso}, env
    if entry.kind == "powercut":
        iso = settings.iso or cache.get(entry.cmdline)
        env = dict(os.environ, PYTHONPATH=TOOLS_DIR,
                   PYTHONDONTWRITEBYTECODE="1")
        argv = [sys.executable, "-m", "oomlab.powercut", "--iso", iso,
                "--build", settings.build, "--name", entry.name,
                "--qemu", settings.qemu, "--mem", entry.mem or settings.mem,
                "--smp", str(entry.smp or settings.smp)]
        return argv, {"iso": iso}, env
    if entry.kind == "post":
        env = dict(os.environ, PYTHONPATH=TOOLS_DIR,
                   PYTHONDONTWRITEBYTECODE="1")
        argv = [sys.executable, "-m", "oomlab.kunit_check", "--build",
                settings.build] + list(settings.run_logs)
        return argv, {}, env
    if entry.kind == "pyunit":
        env = dict(os.environ, PYTHONPATH=TOOLS_DIR,
                   PYTHONDONTWRITEBYTECODE="1")
        start = os.path.join(settings.repo, "tests", "tools")
        return [sys.executable, "-m", "oomlab.pyunit", start], {}, env
    cmdline = (netcon.cmdline(entry.name, entry.cmdline)
               if entry.console == "net" else entry.cmdline)
    if entry.nic:
        # The runner answers "set_link" lines: net_nic_link may run.
        cmdline = (cmdline + " net.link_test=1").strip()
    boot = qemu.Boot(name=entry.name, mode=entry.mode, cmdline=cmdline,
                     mem=entry.mem or settings.mem,
                     smp=entry.smp or settings.smp, cpu=entry.cpu,
                     machine=entry.machine, disk=entry.disk,
                     nic=entry.nic,
                     user_options=tuple(peer.user_options()) if peer else (),
                     peer_args=tuple(peer.qemu_args()) if peer else ())
    iso = settings.iso or (os.path.join(settings.build, entry.iso)
                           if entry.iso else cache.get(cmdline))
    if not os.path.exists(iso):
        raise qemu.BootError("%s is missing: run `make %s`" % (iso, iso))
    scratch = os.path.join(settings.build, "boot", entry.name)
    argv, copies = qemu.command(boot, iso, scratch, settings.qemu)
    qemu.prepare(copies)
    if entry.disk:
        disk.make_image(entry.disk, scratch, settings.build)
    if entry.nic:
        netcon.prepare(scratch)
    props = {"mode": boot.mode, "cmdline": boot.cmdline, "mem": boot.mem,
             "smp": str(boot.smp), "cpu": boot.cpu or "",
             "machine": boot.machine or "", "iso": iso}
    return argv, props, None


def add_disk_check(tree, entry, settings, lines):
    """Append to @tree the host's check of the disk image and of the
    kernel's log line for @entry's disk."""
    scratch = os.path.join(settings.build, "boot", entry.name)
    problems = disk.check(entry.disk, scratch, lines)
    tree.children.append(Test(
        name="disk_image", number=len(tree.children) + 1,
        status=ktap.FAIL if problems else ktap.PASS,
        reason="; ".join(problems)))
    tree.status = ktap.aggregate(tree.children)


def add_netconsole_check(tree, entry, settings, datagrams, lines):
    """Keep what netconsole sent beside the serial log and append to
    @tree the check that it is complete and equals the serial KTAP."""
    netcon.write_log(os.path.join(settings.logs, entry.name +
                                  netcon.LOG_SUFFIX), datagrams)
    problems = netcon.check(datagrams, lines)
    tree.children.append(Test(
        name="netconsole", number=len(tree.children) + 1,
        status=ktap.FAIL if problems else ktap.PASS,
        reason="; ".join(problems)))
    tree.status = ktap.aggregate(tree.children)


def add_peer_results(tree, peer, log):
    """Append @peer's checks to @tree, one case each, its summary to
    @log and what it fetched beside it (LOG minus ".log" plus the
    artifact's suffix)."""
    for name, problems in peer.results():
        tree.children.append(Test(
            name=name, number=len(tree.children) + 1,
            status=ktap.FAIL if problems else ktap.PASS,
            reason="; ".join(problems)))
    tree.status = ktap.aggregate(tree.children)
    summary = getattr(peer, "summary", None)
    if summary:
        with open(log, "a", encoding="utf-8") as f:
            f.write("oomlab-run: %s\n" % summary())
    for suffix, text in getattr(peer, "artifacts", {}).items():
        with open(log[:-len(".log")] + suffix, "w", encoding="utf-8") as f:
            f.write(text)


def net_parser(datagrams):
    """The KTAP parser fed with netconsole's lines, in sequence order."""
    parser = ktap.Ktap()
    for _, text in sorted(r for r in map(netcon.parse, datagrams) if r):
        parser.feed(text)
    parser.finish()
    return parser


def execute(entry, settings, reporter, cache):
    """Run one plan entry to the end; return its Result."""
    timeout = entry.timeout or settings.timeout
    hang = entry.hang_timeout or settings.hang_timeout
    os.makedirs(settings.logs, exist_ok=True)
    log_path = os.path.join(settings.logs, entry.name + ".log")
    parser = ktap.Ktap()
    lines = []
    first = []
    datagrams = None                    # console=net: what netconsole sent
    peer = peers.make(entry.peer, entry.cmdline,
                      entry.smp or settings.smp, entry.nic)
    reporter.start(entry)
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        try:
            argv, props, env = _argv(entry, settings, cache, peer)
        except qemu.BootError as e:
            outcome = classify.ProcOutcome(start_error=str(e))
            argv, props = None, {}
        if argv:
            log.write("oomlab-run: %s: %s\n" %
                      (entry.describe(), shlex.join(argv)))
            log.flush()

            link = (netcon.LinkControl(os.path.join(settings.build, "boot",
                                                    entry.name))
                    if entry.nic else None)

            def on_line(raw, t):
                text = ktap.clean_line(raw)
                lines.append(text)
                log.write(text + "\n")
                log.flush()
                if link and link.on_line(text) is not None:
                    log.write("oomlab-run: monitor: set_link done\n")
                note = peer.on_line(text) if peer else None
                if note:
                    log.write("oomlab-run: %s\n" % note)
                reporter.line(entry, text)
                for event, obj in parser.feed(raw):
                    if event == "start":
                        first.append(t)
                    elif event == "suite":
                        reporter.suite(entry, obj)
                return classify.PANIC_RE.search(text) is not None

            listener = (netcon.Listener(netcon.port_for(entry.name))
                        if entry.console == "net" else None)
            try:
                outcome = proc.run(argv, on_line, timeout, hang,
                                   cwd=settings.repo
                                   if entry.kind == "pyunit" else None,
                                   env=env)
            finally:
                datagrams = listener.stop() if listener else None
                if link:
                    link.close()
        parser.finish()
        verdict = classify.classify(outcome, parser, lines,
                                    qemu=entry.kind == "boot")
        if entry.kind == "boot" and not entry.expect and verdict.ok:
            problems = hwcheck.check(int(props["smp"]), props["mem"],
                                     props["cmdline"], lines)
            if problems:
                verdict = classify.Verdict("fail", problems)
        log.write("oomlab-run: verdict %s: %s\n" %
                  (verdict.kind, verdict.summary()))
    # console=net: the results are what came over the network.
    tree = counted_tree(entry, net_parser(datagrams) if datagrams is not None
                        else parser, verdict)
    if datagrams is not None:
        add_netconsole_check(tree, entry, settings, datagrams, lines)
    if peer and argv:
        add_peer_results(tree, peer, log_path)
    # The image tells even when a case failed: check it whenever QEMU ran.
    if entry.disk and disk.KINDS[entry.disk].checked and argv:
        add_disk_check(tree, entry, settings, lines)
    if entry.ksft and argv:
        ksft.add_results(tree, lines)
    result = Result(entry, verdict, tree,
                    parser, outcome.duration, log_path,
                    first[0] if first else None, props)
    reporter.done(result)
    return result


# Runs that end in a crash on purpose: no parser reads their KTAP whole.
CRASH_EXPECTED = ("panic", "hang", "reset")


def checked_logs(entries, results, settings):
    """The logs a "post" row checks: those of this run's rows that were
    meant to end normally and did (a run that crashed, hung or timed out
    has failed already, and its KTAP is cut short); with no such row run,
    every log in the logs directory."""
    logs = [r.log_path for e, r in zip(entries, results)
            if r and e.kind != "post" and e.expect not in CRASH_EXPECTED
            and r.verdict.kind not in classify.SEVERE]
    if not any(e.kind != "post" for e in entries) and \
            os.path.isdir(settings.logs):
        logs = sorted(os.path.join(settings.logs, f)
                      for f in os.listdir(settings.logs)
                      if f.endswith(".log"))
    return tuple(logs)


def run_all(entries, settings, reporter, jobs=2, keep_going=False):
    """Run @entries, @jobs at a time, longest first; "post" rows after all
    others, given their logs. Without @keep_going no new entry starts
    after one failed. Return results in plan order; None for entries
    that never started."""
    results = _run_parallel(entries, settings, reporter, jobs, keep_going,
                            lambda e: e.kind != "post")
    post = replace(settings, run_logs=checked_logs(entries, results,
                                                   settings))
    done = _run_parallel(entries, post, reporter, jobs, keep_going,
                         lambda e: e.kind == "post")
    return [a or b for a, b in zip(results, done)]


def _run_parallel(entries, settings, reporter, jobs, keep_going, chosen):
    """run_all() for the entries @chosen accepts."""
    cache = qemu.IsoCache(settings.build, settings.repo)
    queue = sorted((i for i in range(len(entries)) if chosen(entries[i])),
                   key=lambda i: -entries[i].cost)
    results: List[Optional[Result]] = [None] * len(entries)
    lock = threading.Lock()
    stop = threading.Event()

    def worker():
        while not stop.is_set():
            with lock:
                if not queue:
                    return
                i = queue.pop(0)
            r = execute(entries[i], settings, reporter, cache)
            results[i] = r
            if not r.ok and not keep_going:
                stop.set()

    threads = [threading.Thread(target=worker, daemon=True)
               for _ in range(max(1, min(jobs, len(queue))))]
    for t in threads:
        t.start()
    try:
        while any(t.is_alive() for t in threads):
            time.sleep(0.1)
    except KeyboardInterrupt:
        stop.set()
        proc.kill_all()
        raise
    return results
