# SPDX-License-Identifier: MIT
"""`oomlab-run.py bench`: oomlab's benchmark suites, and mmbench on oomlab
and on Linux in the same QEMU, boots alternating.

Round 1 boots oomlab with every bench_* suite (the kernel-side figures and
bench_mmbench), then Linux with mmbench as /init; each later round boots
oomlab with bench_mmbench alone, then Linux again. Alternating spreads
whatever else loads the machine over both kernels alike. The figures of
each boot are read from its serial log (benchtable.parse) and the rounds
become the side-by-side table (benchtable.compare).
"""
import os
import shutil
import subprocess
import sys

from . import benchtable, classify, disk, ktap, linux, plan, proc, runner
from .ktap import Test

MMBENCH_SUITE = "bench_mmbench"


def oomlab_entry(args, round_no):
    """The oomlab boot of round @round_no (from 1)."""
    glob = "bench_*" if round_no == 1 else MMBENCH_SUITE
    cmdline = ("ktest.filter=%s %s" % (glob, args.cmdline)).strip()
    # Round 1's disks are what bench_blk measures virtio-blk and AHCI on.
    return plan.Entry("bench-%s-%d" % (args.mode, round_no), mode=args.mode,
                      cmdline=cmdline, mem=args.mem, smp=args.smp,
                      cpu=args.cpu,
                      disk="bench" if round_no == 1 else None)


def linux_entry(args, round_no):
    return plan.Entry("bench-linux-%d" % round_no, kind="linux",
                      mem=args.mem, smp=args.smp, cpu=args.cpu)


def mmbench_args(smp):
    """mmbench's arguments on Linux: the sizes are its defaults, as in
    bench_mmbench; one faultN thread per CPU; power off at the end."""
    return ["--threads", str(smp), "--poweroff"]


def linux_verdict(outcome, boot):
    """A Linux run passed when QEMU ended by itself with status 0 (the
    guest powered off) and mmbench said done without errors."""
    reasons = []
    if outcome.start_error:
        reasons.append(outcome.start_error)
    elif outcome.killed_for:
        reasons.append("killed: %s" % outcome.killed_for)
    elif outcome.returncode != 0:
        reasons.append("QEMU exit status %s" % outcome.returncode)
    if not boot.done:
        reasons.append("no 'mmbench: done' line")
    reasons += ["case %s: %s" % kv for kv in sorted(boot.errors.items())]
    return classify.Verdict("fail" if reasons else "pass", reasons)


def run_linux(entry, settings, reporter, vmlinuz, initrd, argv=None,
              verdict_fn=None):
    """Boot Linux with mmbench as /init (or the boot @argv, judged by
    @verdict_fn(outcome, lines)); return (runner.Result, BootFigures)."""
    os.makedirs(settings.logs, exist_ok=True)
    log_path = os.path.join(settings.logs, entry.name + ".log")
    argv = argv or linux.command(settings.qemu, vmlinuz, initrd,
                                 entry.mem or settings.mem,
                                 entry.smp or settings.smp,
                                 mmbench_args(entry.smp or settings.smp),
                                 cpu=entry.cpu)
    lines = []
    reporter.start(entry)
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        log.write("oomlab-run: %s\n" % " ".join(argv))

        def on_line(raw, t):
            text = ktap.clean_line(raw)
            lines.append(text)
            log.write(text + "\n")
            log.flush()
            reporter.line(entry, text)
            return False

        outcome = proc.run(argv, on_line, entry.timeout or settings.timeout,
                           entry.hang_timeout or settings.hang_timeout)
        boot = benchtable.parse(lines)
        verdict = (verdict_fn(outcome, lines) if verdict_fn else
                   linux_verdict(outcome, boot))
        log.write("oomlab-run: verdict %s: %s\n" %
                  (verdict.kind, verdict.summary()))
    case = Test(name="diskbench" if verdict_fn else "mmbench", number=1,
                status=ktap.PASS if verdict.ok else ktap.FAIL,
                reason="" if verdict.ok else verdict.summary())
    tree = Test(name=entry.name, is_group=True, children=[case],
                status=case.status)
    parser = ktap.Ktap()
    parser.finish()
    result = runner.Result(entry, verdict, tree, parser, outcome.duration,
                           log_path)
    reporter.done(result)
    return result, boot


def oomlab_figures(result):
    """The mmbench figures of an oomlab boot's log."""
    try:
        with open(result.log_path, encoding="utf-8",
                  errors="replace") as f:
            return benchtable.parse(f.read().splitlines())
    except OSError:
        return benchtable.BootFigures()


def versus_linux(args, settings, reporter, cache, vmlinuz, initrd):
    """Run args.rounds rounds (at least one oomlab boot). Return (entries,
    results, rounds) with rounds as benchtable.compare() takes them."""
    entries, results, rounds = [], [], []
    for n in range(1, max(1, args.rounds) + 1):
        entry = oomlab_entry(args, n)
        result = runner.execute(entry, settings, reporter, cache)
        entries.append(entry)
        results.append(result)
        pair = [oomlab_figures(result), None]
        if args.rounds:
            entry = linux_entry(args, n)
            result, pair[1] = run_linux(entry, settings, reporter, vmlinuz,
                                        initrd)
            entries.append(entry)
            results.append(result)
        rounds.append(tuple(pair))
    return entries, results, rounds


def table_lines(args, rounds):
    """The side-by-side table, its title and the notes on missing data."""
    kernel = benchtable.best_kernel_name([lx for _, lx in rounds])
    title = ("mmbench: oomlab vs %s, %d round(s) of alternating boots, "
             "-m %s -smp %d, TCG (ratio = linux/oomlab time: > 1 means "
             "oomlab is faster)" % (kernel or "Linux", len(rounds),
                                    args.mem, args.smp))
    rows = benchtable.compare(rounds)
    return (benchtable.format_table(rows, title) +
            benchtable.missing(rounds)), rows, kernel


# The network benchmark's boots: a card each, the host fetching /bench
# (tools/oomlab/netbench.py); figures named after the kernel's driver.
NET_NICS = (("e1000", "e1000"), ("virtio", "virtio_net"))
NET_BOOTS = (("net", "bench", "ktest.filter=bench_net_peer net.bench_test=1"),
             ("flood", "flood", "ktest.filter=net_flood net.flood_test=1"),
             ("sockrx", "hostrx",
              "ktest.filter=bench_sock_host net.hostrx_test=1"))


def net_entries(args):
    """Per card of NET_NICS: the transfer and ping boot (bench peer),
    the UDP flood boot (flood peer) and the TCP receive into a user
    process boot (hostrx peer)."""
    return [plan.Entry("bench-%s-%s" % (what, nic), mode=args.mode,
                       nic=nic, peer=peer, cmdline=cmdline, mem=args.mem,
                       smp=args.smp, cpu=args.cpu)
            for nic, _ in NET_NICS for what, peer, cmdline in NET_BOOTS]


def net_table(figures):
    """The cards side by side from bench_net_peer's figures (the ping
    round trip to the gateway, the TCP transfer to the host), the
    flood's and bench_sock_host's (TCP from the host into a user
    process, in the root group and in a child group), and
    virtio-net's over e1000's (the ratio within this run is what means
    something under TCG). No lines when the boots gave no figure."""
    by_name = {f["name"]: f["value"] for f in figures}
    rows = [("ping to gateway (mean)", "net_ping_gw_", "us"),
            ("ping to gateway (best)", "net_ping_gw_best_", "us"),
            ("TCP /bench to host", "net_http_tx_", "MB/s"),
            ("TCP host to user process", "sock_host_rx_", "MB/s"),
            ("the same, accounted", "sock_host_rx_accounted_", "MB/s"),
            ("accounted / unaccounted time", "sock_host_rx_cost_", "%"),
            ("UDP flood delivered", "net_flood_rx_", "datagrams/s"),
            ("timer late, flood", "net_flood_late_max_", "us")]
    lines = ["network: e1000 and virtio-net on QEMU's user network, TCG",
             "%-38s %10s %12s %6s" % ("figure", "e1000", "virtio-net",
                                      "v/e")]
    found = False
    for title, prefix, unit in rows:
        e = by_name.get(prefix + NET_NICS[0][1])
        v = by_name.get(prefix + NET_NICS[1][1])
        found = found or e is not None or v is not None
        ratio = ("%.2f" % (v / e) if isinstance(e, (int, float)) and e and
                 isinstance(v, (int, float)) else "-")
        lines.append("%-38s %10s %12s %6s" % (
            "%s (%s)" % (title, unit), "-" if e is None else e,
            "-" if v is None else v, ratio))
    return lines if found else []


REAPER_KILL = "reaper_kill_to_below_"
REAPER_PCT = "reaper_kill_reaped_pct_"


def reaper_table(figures):
    """The reaper designs side by side, from bench_reaper's figures (dicts
    with name, value, unit): per design the milliseconds from the OOM kill
    of a 256 MiB victim to its group under half its limit, that time over
    the "none" design's (no reaper), and the share of the victim's pages
    the reaper freed. Designs in the order the kernel printed them; no
    lines when bench_reaper did not run."""
    by_name = {f["name"]: f["value"] for f in figures}
    designs = [f["name"][len(REAPER_KILL):] for f in figures
               if f["name"].startswith(REAPER_KILL)]
    if not designs:
        return []
    base = by_name.get(REAPER_KILL + "none")
    lines = ["reaper: OOM kill of a 256 MiB victim to its group under "
             "half its limit (median of 3 runs)",
             "%-8s %8s %9s %8s" % ("design", "ms", "vs none", "reaped")]
    for d in designs:
        ms = by_name[REAPER_KILL + d]
        pct = by_name.get(REAPER_PCT + d)
        ratio = ("%.2fx" % (ms / base)
                 if isinstance(base, (int, float)) and base > 0 and
                 isinstance(ms, (int, float)) else "-")
        lines.append("%-8s %8s %9s %8s" % (
            d, ms, ratio, "-" if pct is None else "%s%%" % pct))
    return lines


# The storage column: user/diskbench on an empty ext2 (24 MiB, 4 KiB
# blocks, as ext2/bench.sparse of oomlab's initramfs) on a virtio-blk
# disk (vda) and an AHCI one (sda), on both kernels: oomlab runs it in
# round 1 (bench_ext2_disk), Linux in one boot of its own.
STORAGE_DISKS = "vda,sda"
STORAGE_PREFIX = "diskbench_"


def storage_disks(build, scratch):
    """Two copies of a fresh empty ext2 image in @scratch, and the QEMU
    arguments attaching them as vda (virtio-blk) and sda (AHCI)."""
    image = os.path.join(linux.cache_dir(build), "ext2-bench.img")
    if not os.path.exists(image):
        subprocess.run([sys.executable, os.path.join(
            runner.REPO_DIR, "tools", "oomlab", "ext2_image.py"), image,
            "--empty", "--size-kib", "24576", "--block-size", "4096"],
            check=True)
    os.makedirs(scratch, exist_ok=True)
    argv = []
    for i, devices in enumerate((disk.VIRTIO, disk.AHCI_ADDED)):
        path = os.path.join(scratch, "storage%d.img" % i)
        shutil.copyfile(image, path)
        argv += ["-drive", "if=none,id=disk%d,format=raw,file=%s" %
                 (i, path)]
        for dev in devices:
            argv += ["-device", dev.format(drive="disk%d" % i)]
    return argv


def storage_verdict(outcome, lines):
    """Linux's diskbench boot passed when the guest powered off and
    diskbench said done without errors."""
    reasons = []
    if outcome.start_error:
        reasons.append(outcome.start_error)
    elif outcome.killed_for:
        reasons.append("killed: %s" % outcome.killed_for)
    elif outcome.returncode != 0:
        reasons.append("QEMU exit status %s" % outcome.returncode)
    if not any(line.strip() == "diskbench: done errors=0"
               for line in lines):
        reasons.append("no 'diskbench: done errors=0' line")
    return classify.Verdict("fail" if reasons else "pass", reasons)


def storage_figures(log_path):
    """The diskbench_* figures of a log: {name: (value, unit)}."""
    found = {}
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read().splitlines()
    except OSError:
        return found
    for line in text:
        m = ktap.BENCH_RE.match(line.strip())
        if m and m.group(1).startswith(STORAGE_PREFIX):
            found[m.group(1)] = (m.group(2), m.group(3) or "")
    return found


def run_linux_storage(args, settings, reporter, vmlinuz):
    """Boot Linux once with diskbench as /init on the two disks. Return
    (entry, runner.Result)."""
    build = args.build_dir
    modules = linux.fetch_modules(build, vmlinuz, log=reporter.say)
    initrd = linux.make_initramfs(
        runner.REPO_DIR, os.path.join(build, "user", "diskbench"),
        os.path.join(linux.cache_dir(build), "storage.cpio"),
        [("lib/modules/%s.ko" % n, p) for n, p in modules])
    entry = plan.Entry("bench-linux-storage", kind="linux", mem=args.mem,
                       smp=args.smp, cpu=args.cpu)
    scratch = os.path.join(linux.cache_dir(build), "storage")
    bench_args = ["--modules", ",".join(n for n, _ in modules),
                  "--disks", STORAGE_DISKS, "--poweroff"]
    argv = linux.command(settings.qemu, vmlinuz, initrd, args.mem,
                         args.smp, bench_args, cpu=args.cpu,
                         extra=storage_disks(build, scratch))
    result, _ = run_linux(entry, settings, reporter, vmlinuz, initrd,
                          argv=argv, verdict_fn=storage_verdict)
    return entry, result


def storage_table(oomlab, lx):
    """diskbench on both kernels side by side: {name: (value, unit)}
    each; ratio = oomlab's rate / Linux's (above 1, oomlab is faster):
    for a time per page (ns/page) that is Linux's time / oomlab's."""
    names = sorted(set(oomlab) | set(lx))
    if not names:
        return []
    lines = ["storage: user/diskbench on ext2 (4 MiB file, 64 KiB I/O), "
             "round 1 (ratio = oomlab/linux rate: > 1 means oomlab is "
             "faster)",
             "%-32s %10s %10s %8s" % ("case", "oomlab", "linux", "ratio")]
    for name in names:
        o = oomlab.get(name, ("-", ""))[0]
        x = lx.get(name, ("-", ""))[0]
        unit = (oomlab.get(name) or lx.get(name))[1]
        try:
            ratio = "%.2fx" % (float(x) / float(o) if unit.startswith("ns")
                               else float(o) / float(x))
        except (ValueError, ZeroDivisionError):
            ratio = "-"
        lines.append("%-32s %10s %10s %8s  %s" % (name, o, x, ratio, unit))
    return lines
