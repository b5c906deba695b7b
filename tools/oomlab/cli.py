# SPDX-License-Identifier: MIT
"""Command line of tools/oomlab-run.py.

  run    one boot (BIOS CD by default), serial log on the terminal
  test   the whole plan (plan.py): host tests, runner tests, boots,
         selftests of the classifier; in parallel
  bench  one boot with ktest.filter=bench_*, then rounds of mmbench on
         Linux and oomlab in alternate boots; prints and saves the
         figures and the side-by-side table (tools/oomlab/bench.py)
  parse  classify a saved serial log (e.g. from real hardware)

Exit status: 0 all passed, 1 something failed, 2 usage or setup error,
130 interrupted.
"""
import argparse
import json
import os
import signal
import subprocess
import sys

from . import bench, classify, disk, junit, ktap, linux, netcon, peers, plan, proc, qemu,\
    runner
from .report import Reporter


def _common(p):
    g = p.add_argument_group("common options")
    g.add_argument("--timeout", type=float, default=300, metavar="S",
                   help="kill a run after S seconds (default 300)")
    g.add_argument("--hang-timeout", type=float, default=30, metavar="S",
                   help="kill a run after S seconds without output "
                        "(default 30)")
    g.add_argument("--verbose", "-v", action="store_true",
                   help="show console output of every run")
    g.add_argument("--build-dir", metavar="DIR",
                   default=os.path.relpath(os.path.join(runner.REPO_DIR,
                                                        "build")),
                   help="build directory (default build)")
    g.add_argument("--no-build", action="store_true",
                   help="do not call make before running")
    g.add_argument("--qemu", default=qemu.QEMU, metavar="BIN",
                   help="QEMU binary (default %s)" % qemu.QEMU)
    g.add_argument("--iso", metavar="FILE",
                   help="boot this ISO instead of the runner ISOs "
                        "(the kernel command line is then the ISO's own)")
    g.add_argument("--junit", metavar="FILE",
                   help="JUnit XML path (default BUILD/logs/junit.xml)")


def _machine(p):
    p.add_argument("--mode", default="bios-cd", choices=qemu.MODES,
                   help="firmware and boot medium (default bios-cd)")
    p.add_argument("--cmdline", default="", metavar="ARGS",
                   help="kernel command line, e.g. 'ktest.filter=mm_*'")
    p.add_argument("--smp", type=int, default=2, help="CPUs (default 2)")
    p.add_argument("--mem", default="256M", help="memory (default 256M)")
    p.add_argument("--cpu", metavar="MODEL",
                   help="QEMU CPU model, e.g. max (SMEP, SMAP); "
                        "default QEMU's")


def parser():
    ap = argparse.ArgumentParser(
        prog="oomlab-run.py", description="oomlab host test runner",
        epilog="Logs go to BUILD/logs/<run>.log, JUnit XML to "
               "BUILD/logs/junit.xml.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="boot once, serial log on the terminal")
    _machine(p)
    p.add_argument("--disk", choices=sorted(disk.KINDS),
                   help="attach a disk the runner writes and checks "
                        "(tools/oomlab/disk.py); ahci means q35")
    p.add_argument("--machine", choices=qemu.MACHINES,
                   help="QEMU machine (default: the firmware's, or what "
                        "the disk needs)")
    p.add_argument("--nic", choices=sorted(netcon.NICS),
                   help="attach a network card on QEMU's user network "
                        "(default: none)")
    p.add_argument("--console", choices=("serial", "net"), default="serial",
                   help="where the results are read: the serial port, or "
                        "netconsole's UDP (needs --nic; checked against "
                        "serial)")
    p.add_argument("--peer", choices=peers.KINDS,
                   help="a host-side peer of the card (needs --nic; "
                        "tools/oomlab/peers.py)")
    _common(p)
    p = sub.add_parser("test", help="run the whole test plan")
    p.add_argument("--filter", default="", metavar="GLOBS",
                   help="comma-separated globs over plan entry names and "
                        "tags; '!glob' excludes (see --list)")
    p.add_argument("--jobs", "-j", type=int,
                   default=min(2, os.cpu_count() or 1),
                   help="runs in parallel (default 2)")
    p.add_argument("--keep-going", "-k", action="store_true",
                   help="start remaining runs after a failure")
    p.add_argument("--list", action="store_true",
                   help="print the plan and exit")
    p.add_argument("--smp", type=int, default=2,
                   help="CPUs for rows that do not set them (default 2)")
    p.add_argument("--mem", default="256M",
                   help="memory for rows that do not set it (default 256M)")
    _common(p)
    p = sub.add_parser("bench", help="run the benchmarks, and mmbench "
                       "against Linux")
    _machine(p)
    p.add_argument("--rounds", type=int, default=5, metavar="N",
                   help="rounds of an oomlab boot then a Linux boot, both "
                        "running mmbench (default 5; 0: oomlab's bench "
                        "suites alone, no Linux)")
    p.add_argument("--no-net", dest="net", action="store_false",
                   help="leave out the boots with a card (e1000 and "
                        "virtio-net: ping, TCP to the host, UDP flood)")
    _common(p)
    # Linux's shape: 1 GiB (mmbench maps 256 MiB regions); a case prints
    # its line only when done, which takes longer than a test's silence.
    p.set_defaults(mem="1024M", timeout=900, hang_timeout=180)
    p = sub.add_parser("parse", help="classify a saved serial log")
    p.add_argument("log", help="log file, or - for stdin")
    _common(p)
    return ap


def _settings(args):
    return runner.Settings(build=args.build_dir, qemu=args.qemu,
                           timeout=args.timeout,
                           hang_timeout=args.hang_timeout,
                           mem=getattr(args, "mem", "256M"),
                           smp=getattr(args, "smp", 2), iso=args.iso)


def _build(args, target="all"):
    """Bring the build up to date unless make already did (it calls us).
    @target: "all" or "ktest-host"."""
    if args.no_build or os.environ.get("MAKELEVEL") or args.iso:
        return True
    build = os.path.abspath(args.build_dir)
    make = ["make", "-s", "-C", runner.REPO_DIR]
    if build == os.path.join(runner.REPO_DIR, "build"):
        build = "build"             # the Makefile's own spelling
    else:
        make.append("BUILD=" + build)
    goal = "all" if target == "all" else os.path.join(build, target)
    r = subprocess.run(make + [goal], stdin=subprocess.DEVNULL)
    if r.returncode:
        print("oomlab-run: make %s failed" % goal, file=sys.stderr)
    return r.returncode == 0


def _junit_path(args):
    return args.junit or os.path.join(args.build_dir, "logs", "junit.xml")


def _single(args, entry, reporter):
    settings = _settings(args)
    cache = qemu.IsoCache(settings.build, settings.repo)
    result = runner.execute(entry, settings, reporter, cache)
    junit.write([result], _junit_path(args))
    return result


def cmd_run(args):
    if not _build(args):
        return 2
    entry = plan.Entry("run-" + args.mode, mode=args.mode,
                       cmdline=args.cmdline, mem=args.mem, smp=args.smp,
                       cpu=args.cpu, disk=args.disk, nic=args.nic,
                       machine=args.machine, console=args.console,
                       peer=args.peer)
    if (args.console == "net" or args.peer) and not args.nic:
        print("oomlab-run: --console net and --peer need --nic",
              file=sys.stderr)
        return 2
    reporter = Reporter(stream=True)
    result = _single(args, entry, reporter)
    return 0 if reporter.summary([entry], [result]) else 1


def cmd_test(args):
    if args.list:
        for e in plan.PLAN:
            print("%-22s %-28s %s" % (e.name, ",".join(e.tags),
                                      e.describe()))
        return 0
    try:
        entries = plan.select(plan.PLAN, args.filter)
    except ValueError as e:
        print("oomlab-run: %s" % e, file=sys.stderr)
        return 2
    if any(e.kind == "boot" for e in entries) and not _build(args):
        return 2
    if any(e.kind == "host" for e in entries):
        _build(args, "ktest-host")  # a failure shows in host-unit
    reporter = Reporter(verbose=args.verbose)
    reporter.say("oomlab-run: %d runs, %d at a time" %
                 (len(entries), args.jobs))
    results = runner.run_all(entries, _settings(args), reporter,
                             jobs=args.jobs, keep_going=args.keep_going)
    junit.write(results, _junit_path(args))
    ok = reporter.summary(entries, results,
                          extra=["JUnit: %s" % _junit_path(args)])
    return 0 if ok else 1


def cmd_bench(args):
    if not _build(args):
        return 2
    settings = _settings(args)
    reporter = Reporter(stream=args.verbose)
    vmlinuz = initrd = None
    if args.rounds:
        try:
            vmlinuz = linux.fetch_kernel(args.build_dir, reporter.say)
            initrd = linux.make_initramfs(
                runner.REPO_DIR,
                os.path.join(args.build_dir, "user", "mmbench"),
                os.path.join(linux.cache_dir(args.build_dir), "init.cpio"))
        except linux.LinuxError as e:
            print("oomlab-run: %s (--rounds 0 runs oomlab alone)" % e,
                  file=sys.stderr)
            return 2
    cache = qemu.IsoCache(settings.build, settings.repo)
    entries, results, rounds = bench.versus_linux(args, settings, reporter,
                                                  cache, vmlinuz, initrd)
    net_entries = bench.net_entries(args) if args.net else []
    net = [runner.execute(e, settings, reporter, cache) for e in net_entries]
    junit.write(results + net, _junit_path(args))
    first = results[0]
    figures = [{"name": b.name, "value": _number(b.value), "unit": b.unit,
                "suite": b.suite} for r in [first] + net
               for b in r.parser.benches]
    figures.append({"name": "boot_to_first_ktap", "unit": "s",
                    "value": round(first.first_ktap, 3)
                    if first.first_ktap is not None else None,
                    "suite": "runner"})
    figures.append({"name": "boot_to_end", "unit": "s",
                    "value": round(first.duration, 3), "suite": "runner"})
    lines = ["# bench %s: %s %s" % (f["name"], f["value"], f["unit"])
             for f in figures]
    reaper = bench.reaper_table(figures)
    lines += [""] + reaper if reaper else []
    network = bench.net_table(figures)
    lines += [""] + network if network else []
    report = {"mode": args.mode, "cmdline": entries[0].cmdline,
              "mem": args.mem, "smp": args.smp, "cpu": args.cpu,
              "verdict": first.verdict.kind,
              "reasons": first.verdict.reasons, "results": figures}
    if args.rounds:
        table, rows, kernel = bench.table_lines(args, rounds)
        lines += [""] + table
        report["versus_linux"] = {"linux": kernel, "rounds": args.rounds,
                                  "rows": [r.as_dict() for r in rows]}
        lines += [""] + _storage_versus_linux(args, settings, reporter,
                                              vmlinuz, first, entries,
                                              results, report)
    path = os.path.join(args.build_dir, "logs", "bench.json")
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    ok = reporter.summary(entries + net_entries, results + net,
                          extra=lines + ["Saved: %s" % path])
    return 0 if ok else 1


def _storage_versus_linux(args, settings, reporter, vmlinuz, first,
                          entries, results, report):
    """Linux's diskbench boot, and its table beside oomlab's round 1."""
    try:
        entry, result = bench.run_linux_storage(args, settings, reporter,
                                                vmlinuz)
    except (linux.LinuxError, OSError, subprocess.CalledProcessError) as e:
        return ["storage: no Linux column: %s" % e]
    entries.append(entry)
    results.append(result)
    oomlab = bench.storage_figures(first.log_path)
    lx = bench.storage_figures(result.log_path)
    report["storage_versus_linux"] = {
        name: {"oomlab": oomlab.get(name, (None,))[0],
               "linux": lx.get(name, (None,))[0]}
        for name in sorted(set(oomlab) | set(lx))}
    return bench.storage_table(oomlab, lx)


def _number(text):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def cmd_parse(args):
    stream = sys.stdin if args.log == "-" else open(
        args.log, encoding="utf-8", errors="replace")
    with stream:
        raw = stream.read().splitlines()
    p = ktap.parse_lines(raw)
    lines = [ktap.clean_line(r) for r in raw]
    verdict = classify.classify(classify.ProcOutcome(), p, lines)
    entry = plan.Entry(os.path.basename(args.log))
    tree = runner.counted_tree(entry, p, verdict)
    result = runner.Result(entry, verdict, tree, p, log_path=args.log)
    reporter = Reporter()
    for suite in tree.children:
        if suite.is_group:
            reporter.suite(entry, suite)
    junit.write([result], _junit_path(args))
    return 0 if reporter.summary([entry], [result]) else 1


COMMANDS = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench,
            "parse": cmd_parse}


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="replace")
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        proc.kill_all()
        print("\noomlab-run: interrupted", file=sys.stderr)
        return 130
    except (qemu.BootError, OSError) as e:
        proc.kill_all()
        print("oomlab-run: %s" % e, file=sys.stderr)
        return 2
