# SPDX-License-Identifier: MIT
"""The `make test` plan: one row per run. To add a boot, add a row.

kind     host    build/ktest-host (host unit tests, KTAP)
         pyunit  the runner's own unittests (tests/tools, KTAP via pyunit)
         native  the user programs run natively on the build host as an
                 ABI check (tests/user/native_check.py, KTAP)
         style   tools/check-style.sh, as one KTAP case
         boot    one QEMU boot of a runner ISO
         post    after every other row: Linux's kunit.py parse reads the
                 logs of the run (tools/oomlab/kunit_check.py, KTAP)
         screen  one QEMU boot with a VGA display whose screendump is
                 checked against a rendering of the summary
                 (tools/oomlab/screen.py, KTAP)
         linux   one QEMU boot of Debian's Linux with mmbench as /init
                 (`bench` only: tools/oomlab/bench.py)
         powercut one QEMU boot writing on an ext2 disk, killed at a
                 random point; e2fsck repairs the image and the host's
                 files on it are intact (tools/oomlab/powercut.py, KTAP)
expect   for self-tests of the runner: the verdict a deliberately broken
         run must get ("fail", "panic", "hang", "reset"). Such a row counts
         as one test, passed when the runner classified the run correctly.
cost     rough seconds, to start the long runs first (not a limit)
tags     for --filter, besides the name
cpu      the QEMU -cpu model (None: QEMU's default, which lacks SMEP and
         SMAP, so the boot tests needing them SKIP there)
disk     a disk to attach (tools/oomlab/disk.py): the runner writes its
         image before the boot and checks image and log after it
nic      a network card (tools/oomlab/netcon.py) on QEMU's user network;
         None: no card at all
console  "net": the run's results are the KTAP netconsole sent over UDP,
         which must also be the serial log's, line for line, with no
         line lost (tools/oomlab/netcon.py)
iso      an ISO of the build directory to boot instead of the runner's
         (its GRUB entry carries the command line, which must equal
         cmdline)
ksft     Linux's kselftest programs run in this boot: their per-case
         results are judged against tools/oomlab/ksft.py's table, one
         test each
peer     a host-side peer of the boot's card (tools/oomlab/peers.py):
         "metrics", "flood", "frames" or "hostrx"; its checks are extra
         cases
must_pass  "suite.case" names this row exists for: each must run and
         pass. The runner counts a SKIP of one as a failure (with its skip
         reason) and a missing one as an extra failure, so a row booted to
         exercise a CPU feature cannot pass by skipping it.
"""
import fnmatch
from dataclasses import dataclass, field
from typing import Optional, Tuple


@dataclass
class Entry:
    name: str
    kind: str = "boot"
    mode: str = "bios-cd"
    cmdline: str = ""
    mem: Optional[str] = None           # None: the run's --mem
    smp: Optional[int] = None           # None: the run's --smp
    cpu: Optional[str] = None           # QEMU -cpu model; None: QEMU's
    machine: Optional[str] = None       # pc or q35; None: the firmware's
    expect: Optional[str] = None
    hang_timeout: Optional[float] = None  # None: the run's --hang-timeout
    timeout: Optional[float] = None     # None: the run's --timeout
    cost: float = 1.0
    tags: Tuple[str, ...] = field(default_factory=tuple)
    must_pass: Tuple[str, ...] = field(default_factory=tuple)
    disk: Optional[str] = None          # a disk.KINDS name to attach
    nic: Optional[str] = None           # a netcon.NICS name to attach
    console: str = "serial"             # or "net": results from netconsole
    iso: Optional[str] = None           # BUILD/iso to boot; None: runner's
    ksft: bool = False                  # judge kselftest results
    peer: Optional[str] = None          # a peers.KINDS host peer

    def describe(self):
        if self.kind == "host":
            return "build/ktest-host"
        if self.kind == "pyunit":
            return "python unittests in tests/tools"
        if self.kind == "native":
            return "user programs natively on this host"
        if self.kind == "style":
            return "tools/check-style.sh"
        if self.kind == "post":
            return "kunit.py parse on the run's logs"
        if self.kind == "powercut":
            return "power cut of '%s', e2fsck -fy" % self.cmdline
        if self.kind == "screen":
            return "screendump %s '%s'" % (self.mode, self.cmdline)
        bits = ["linux+mmbench" if self.kind == "linux" else self.mode]
        if self.mem:
            bits.append("-m " + self.mem)
        if self.smp:
            bits.append("-smp %d" % self.smp)
        if self.cpu:
            bits.append("-cpu " + self.cpu)
        if self.machine:
            bits.append("-machine " + self.machine)
        if self.disk:
            bits.append("disk " + self.disk)
        if self.nic:
            bits.append("nic " + self.nic)
        if self.peer:
            bits.append("peer " + self.peer)
        if self.console != "serial":
            bits.append("console " + self.console)
        if self.cmdline:
            bits.append("'%s'" % self.cmdline)
        if self.expect:
            bits.append("expect " + self.expect)
        return " ".join(bits)


# Every case of the virtio-blk suite, required in the disk rows.
VIRTIO_BLK_CASES = tuple("virtio_blk.virtio_blk_" + c for c in
                         ("bars", "read_pattern", "write_region", "irqs",
                          "stat", "eio_past_end", "ext2"))

# Every case of the AHCI suite, required in the AHCI rows.
AHCI_CASES = tuple("ahci.ahci_" + c for c in
                   ("hba", "scratch_rw", "error_resets_port", "ext2"))

# Every case of the net suite, required in the NIC rows.
NET_CASES = tuple("net.net_" + c for c in
                  ("loopback_udp", "loopback_tcp", "nic_address",
                   "nic_ping_gateway", "nic_link"))

# Every case of the metrics server's suite, required in its row.
HTTP_CASES = tuple("http.http_" + c for c in
                   ("metrics_served", "refusals", "log_served",
                    "bench_served", "slow_request", "busy",
                    "stalled_reader", "host_fetch"))

# Every case of the user TCP server fed by the host, required in its rows.
HOSTRX_CASES = ("socket_host.socket_host_stream",
                "socket_host.socket_host_limit")

# Every case of the reaper scenarios' suite, required in its rows.
REAPER_SCENARIOS = tuple("reaper_scenario.reaper_scenario_" + c for c in
                         ("mlock", "notifier", "stuck", "exiting",
                          "writer_queued"))

# The machine matrix's boots (oomlab.testmatrix): the page allocator's
# suites, and the kernel must have seen every CPU and the memory (hwcheck).
MATRIX_CMDLINE = "ktest.filter=page_alloc*"


def matrix_entry(mode, machine, smp, mem):
    """One boot of the machine matrix, named after its axes."""
    return Entry("tmatrix-%s-%s-smp%d-%s" % (mode, machine, smp, mem),
                 mode=mode, machine=machine, smp=smp, mem=mem,
                 cmdline=MATRIX_CMDLINE, tags=("boot", "machine"))


# Its corners in `make test`: UEFI on i440fx with one CPU and 64 MiB, BIOS
# on q35 with 8 CPUs and 4 GiB (the memory above the PCI hole).
MACHINE_ROWS = (matrix_entry("uefi-usb", "pc", 1, "64M"),
                matrix_entry("bios-usb", "q35", 8, "4G"))

PLAN = [
    Entry("host-unit", kind="host", cost=2, tags=("unit",)),
    # test_kunit_check extracts Linux's kunit tools on first use and the
    # report check drives Chromium: silent for a while on a loaded host.
    Entry("python-unit", kind="pyunit", cost=7, hang_timeout=180,
          tags=("unit",)),
    Entry("user-native", kind="native", cost=1, tags=("unit", "user")),
    Entry("style", kind="style", cost=1, tags=("lint",)),
    # Every log of the run, read by Linux's own KTAP parser: no errors.
    Entry("kunit-parse", kind="post", cost=1, tags=("lint", "ktap")),
    # Every boot mode with the default tests.
    Entry("bios-cd", tags=("boot", "modes")),
    Entry("uefi-cd", mode="uefi-cd", cost=6, tags=("boot", "modes",
                                                    "uefi")),
    Entry("bios-usb", mode="bios-usb", tags=("boot", "modes")),
    # The ISO written raw to a USB stick on a UEFI machine, as a user
    # flashes it (README "Booting on hardware"); OVMF's 5 s make a small
    # suite enough.
    Entry("uefi-usb", mode="uefi-usb", cmdline="ktest.filter=string",
          cost=7, tags=("boot", "modes", "uefi")),
    # The screen console: the summary banner in a screendump equals a
    # rendering of the run's totals with the same font, BIOS (GRUB's VBE
    # mode) and UEFI (GOP); a small suite keeps them cheap.
    # The check prints nothing while QEMU runs: a generous silence bound.
    Entry("screen-bios", kind="screen", cmdline="ktest.filter=string",
          cost=3, hang_timeout=120, tags=("screen", "modes")),
    Entry("screen-uefi", kind="screen", mode="uefi-cd",
          cmdline="ktest.filter=string", cost=8, hang_timeout=120,
          tags=("screen", "modes", "uefi")),
    # VGA text mode, as on a BIOS machine GRUB cannot give a graphics
    # mode: vga=normal keeps GRUB in text (tools/mkiso.sh); the cells are
    # read back from video memory through QEMU's monitor.
    # Linux's nopat: the page attribute table stays as the firmware set
    # it and the framebuffer falls back to uncached (tests/arch/x86_64/
    # pat_boot_test.c checks either way).
    Entry("nopat", cmdline="nopat ktest.filter=pat", cost=1,
          tags=("boot",)),
    Entry("screen-vga-text", kind="screen",
          cmdline="ktest.filter=string vga=normal", cost=3,
          hang_timeout=120, tags=("screen", "modes")),
    # Machine shapes. A cmdline such as "ktest.filter=mm_*" may narrow the
    # tests when a full run gets too slow here.
    # The smallest: 48 MiB. At 40 MiB GRUB runs out of memory loading the
    # runner's 12.5 MiB archive (eleven static glibc programs of about
    # 800 KiB each) beside the kernel, and the kernel boots without it.
    Entry("mem-48M", mem="48M", tags=("boot", "machine")),
    Entry("mem-8G", mem="8G", tags=("boot", "machine")),
    # Deferred struct page init on 16 GiB (4 M struct pages, all but the
    # first 128 MiB initialised by pgdatinit while the tests run): the
    # allocator suites, which check every pfn once pgdatinit is done.
    Entry("mem-16G", mem="16G", cmdline="ktest.filter=page_alloc*",
          must_pass=("page_alloc_deferred.deferred_init_complete",),
          tags=("boot", "machine")),
    # fork of a 256 MiB process copies no page (memory.current and
    # MemFree move by the page tables only); needs more than the default
    # 256 MiB (tests/mm/fork_memcg_boot_test.c).
    # Touching 256 MiB prints nothing for tens of seconds on a loaded
    # host: a longer silence bound.
    Entry("fork-256M", mem="1G", cmdline="ktest.filter=fork_memcg",
          must_pass=("fork_memcg.fork_memcg_256m_no_copy",),
          hang_timeout=150, cost=30, tags=("boot", "machine")),
    # Reclaim of mapped file pages at full size: under every charge-path
    # design a group of memory.max 4M maps a 16 MiB ext2 file, on a ram0
    # of 24 MiB, and reads it twice, writes it, mlocks it
    # (tests/mm/vmscan_rmap_boot_test.c; the default boots run the cases
    # scaled down to their 1 MiB ram0). With read-ahead and ext2's
    # metadata cache the row takes 25 s on a quiet host (8 minutes before
    # them, when every refault was a 4 KiB read plus its indirect block);
    # the bounds leave room for a loaded one.
    Entry("reclaim-mapped",
          cmdline="ramdisk.size=24576 ktest.filter=vmscan_rmap",
          must_pass=("vmscan_rmap.vmscan_rmap_group_reader",
                     "vmscan_rmap.vmscan_rmap_group_writer",
                     "vmscan_rmap.vmscan_rmap_group_mlocked"),
          hang_timeout=200, timeout=900, cost=30, tags=("boot", "mm")),
    Entry("smp-1", smp=1, tags=("boot", "machine")),
    *MACHINE_ROWS,
    Entry("smp-4", smp=4, tags=("boot", "machine")),
    # SMEP and SMAP (TCG's "max" CPU has both; the default CPU neither):
    # the usermode suite's SMEP/SMAP cases, and every user-memory access
    # of the uaccess and user suites with SMAP on; user_fpu's XSAVE/AVX and
    # UMIP cases (the default CPU has neither: it switches the x87/SSE state
    # with FXSAVE in every other row; the cases fail rather than skip
    # wherever CPUID has the feature). ktest.filter takes one suite glob;
    # u* is exactly uaccess, usermode, user and user_fpu.
    Entry("smep-smap", cpu="max", cmdline="ktest.filter=u*",
          must_pass=("usermode.usermode_smep", "usermode.usermode_smap"),
          tags=("boot", "machine", "user")),
    # Block devices on a disk the runner writes and checks: virtio-blk
    # through virtio 1.0 on q35 (ECAM config space, MSI-X), and through
    # the legacy interface on i440fx (ports 0xcf8/0xcfc) with the INTx
    # line instead of MSI-X.
    # OVMF probes the disk before it boots the CD, silently: on a loaded
    # host that takes longer than the default silence bound.
    # Each also mounts its ext2 disk vdb from the command line, checks and
    # writes it; e2fsck and debugfs judge the image after the boot.
    Entry("disk-virtio", mode="uefi-cd", disk="virtio", cost=6,
          hang_timeout=120,
          cmdline="ktest.filter=virtio_blk root=/dev/vdb rw",
          must_pass=VIRTIO_BLK_CASES, tags=("boot", "disk")),
    Entry("disk-virtio-legacy", disk="virtio-legacy",
          cmdline="ktest.filter=virtio_blk virtio_blk.intx=1 "
                  "root=/dev/vdb rw",
          must_pass=VIRTIO_BLK_CASES, tags=("boot", "disk")),
    # SATA disks through AHCI: q35's own HBA (00:1f.2, MSI) and one added
    # to i440fx with its INTx line; the ext2 disk is sda, mounted from
    # the command line, checked and written, then judged on the host.
    Entry("disk-ahci", disk="ahci", machine="q35",
          cmdline="ktest.filter=ahci root=/dev/sda rw",
          must_pass=AHCI_CASES, tags=("boot", "disk")),
    Entry("disk-ahci-i440fx", disk="ahci-i440fx", machine="pc",
          cmdline="ktest.filter=ahci ahci.intx=1 root=/dev/sda rw",
          must_pass=AHCI_CASES, tags=("boot", "disk")),
    # root= of an ext2 disk whose superblock is corrupt: the mount is
    # refused with Linux's log line and the boot runs its tests anyway;
    # the disk comes back unchanged.
    Entry("disk-ext2-corrupt", disk="ext2-corrupt",
          cmdline="ktest.filter=mount_cmdline root=/dev/vda rw",
          tags=("boot", "disk")),
    # QEMU killed while the kernel writes on the ext2 disk: e2fsck -fy
    # repairs what ext2 can lose, the host's files stay byte-identical.
    Entry("disk-powercut", kind="powercut", cost=8,
          cmdline="ktest.filter=stress_ext2_powercut root=/dev/sda rw",
          tags=("disk",)),
    # The network (tests/net): a card on QEMU's user network, DHCP and a
    # ping to the gateway. e1000 on i440fx (INTx), its results read from
    # netconsole's UDP and checked against serial, with no line lost; the
    # same card on q35 (UEFI's machine: PCIe, ECAM) with a static address
    # from net.ip=; virtio-net modern on q35 (MSI-X; results from
    # netconsole: QEMU sends its frames late, the last lines are the
    # test) and legacy on i440fx. OVMF's start is silent and, on a loaded
    # host, longer than the default silence bound (as for disk-virtio).
    Entry("net-e1000", nic="e1000", console="net", cmdline="ktest.filter=net",
          must_pass=NET_CASES, cost=4, tags=("boot", "net")),
    Entry("net-e1000-q35-static", nic="e1000", mode="uefi-cd",
          cmdline="ktest.filter=net net.ip=10.0.2.20/24,gw=10.0.2.2",
          must_pass=NET_CASES, cost=6, hang_timeout=120,
          tags=("boot", "net")),
    Entry("net-virtio", nic="virtio", mode="uefi-cd", console="net",
          cmdline="ktest.filter=net", must_pass=NET_CASES, cost=6,
          hang_timeout=120, tags=("boot", "net")),
    Entry("net-virtio-legacy", nic="virtio-legacy",
          cmdline="ktest.filter=net", must_pass=NET_CASES, cost=4,
          tags=("boot", "net")),
    # Host peers of a card (tools/oomlab/peers.py): the metrics server
    # fetched through hostfwd and checked with promtool (a memcg.max=
    # cgroup must show its limit); a UDP flood through hostfwd at a
    # 4-frame receive budget; bad frames written into a second card on
    # a QEMU socket netdev. e1000 and virtio-net each take the flood and
    # the frames.
    Entry("net-metrics", nic="e1000", peer="metrics",
          cmdline="ktest.filter=http memcg.max=/metrics_a:64M "
                  "net.metrics_test=1",
          must_pass=HTTP_CASES, cost=4, tags=("boot", "net")),
    Entry("net-flood-e1000", nic="e1000", peer="flood",
          cmdline="ktest.filter=net_flood net.flood_test=1",
          must_pass=("net_flood.net_udp_flood",), cost=3,
          tags=("boot", "net")),
    Entry("net-flood-virtio", nic="virtio", peer="flood",
          cmdline="ktest.filter=net_flood net.flood_test=1",
          must_pass=("net_flood.net_udp_flood",), cost=3,
          tags=("boot", "net")),
    Entry("net-frames-e1000", nic="e1000", peer="frames",
          cmdline="ktest.filter=net_frames net.frames_test=1",
          must_pass=("net_frames.net_bad_frames",), cost=3,
          tags=("boot", "net")),
    Entry("net-frames-virtio", nic="virtio", peer="frames",
          cmdline="ktest.filter=net_frames net.frames_test=1",
          must_pass=("net_frames.net_bad_frames",), cost=3,
          tags=("boot", "net")),
    # A user TCP server in a memory cgroup fed by the host through
    # hostfwd (tools/oomlab/tcpsend.py), on each card: its group's "sock"
    # follows what it buffers, and with the group at its limit the
    # stream still arrives intact, nobody OOM-killed. The server is
    # silent while it holds its reads (up to a minute, bounded, on a
    # loaded host): a 120 s silence bound.
    Entry("net-hostrx-e1000", nic="e1000", peer="hostrx",
          cmdline="ktest.filter=socket_host net.hostrx_test=1",
          must_pass=HOSTRX_CASES, cost=3, hang_timeout=120,
          tags=("boot", "net")),
    Entry("net-hostrx-virtio", nic="virtio", peer="hostrx",
          cmdline="ktest.filter=socket_host net.hostrx_test=1",
          must_pass=HOSTRX_CASES, cost=3, hang_timeout=120,
          tags=("boot", "net")),
    # The syscall robustness run: 100,000 random syscalls from user
    # space (tests/kernel/sysfuzz_boot_test.c), four CPUs.
    Entry("sysfuzz", smp=4, cmdline="ktest.filter=stress_sysfuzz", cost=60,
          tags=("boot", "user")),
    # Futex hand-overs under page-table churn: 200,000 rounds plus 20 runs
    # of 4 pairs (tests/kernel/user_boot_test.c); the TLB-shootdown race it
    # caught hung 1 run in 2.
    Entry("futex-stress", cmdline="ktest.filter=stress_futex", cost=10,
          tags=("boot", "user")),
    # Wait queues: sleeper/waker handshakes for 5 s, one pair alone, then
    # a pair per CPU and more, each on its own queue; a lost wakeup fails
    # (tests/kernel/wait_boot_test.c).
    Entry("wait-stress", cmdline="ktest.filter=stress_wait", cost=8,
          tags=("boot", "stress")),
    # The OOM scenarios under every charge-path design on four CPUs
    # (tests/mm/scenario_boot_test.c; every default boot runs them too,
    # `make scenarios` prints their table). Each case must run and pass.
    Entry("scenarios", smp=4, cmdline="ktest.filter=scenario*", cost=20,
          must_pass=("scenario.scenario_populate",
                     "scenario.scenario_populate_bystander",
                     "scenario.scenario_anon",
                     "scenario.scenario_no_victim",
                     "scenario_procs.scenario_procs_abort",
                     "scenario_procs.scenario_procs_shared_mm",
                     "scenario_procs.scenario_procs_sacrifice_child",
                     "scenario_procs.scenario_procs_badness",
                     "scenario_procs.scenario_procs_badness_tie",
                     "scenario_procs.scenario_procs_hierarchy",
                     "scenario_procs.scenario_procs_oom_group",
                     "scenario_procs.scenario_procs_oom_group_child",
                     "scenario_charge.scenario_charge_tmpfs_write",
                     "scenario_charge.scenario_charge_gfp",
                     "scenario_charge.scenario_charge_retry_mayfail",
                     "scenario_charge.scenario_charge_nofail",
                     "scenario_charge.scenario_charge_kill_disable_fault",
                     "scenario_charge.scenario_charge_kill_disable_kernel",
                     "scenario_charge.scenario_charge_race",
                     "scenario_charge.scenario_charge_dying",
                     "scenario_limits.scenario_limits_lower_max",
                     "scenario_limits.scenario_limits_lower_max_signal",
                     "scenario_limits.scenario_limits_high"),
          tags=("boot", "oom")),
    # The OOM reaper's scenarios under every reaper design on two and on
    # four CPUs, each with a scheduler seed
    # (tests/mm/reaper_scenario_boot_test.c; too slow for the default
    # boots: `make scenarios` prints their table over several seeds).
    Entry("reaper-scenarios", smp=4,
          cmdline="ktest.filter=reaper_scenario sched.seed=3", cost=90,
          must_pass=REAPER_SCENARIOS, tags=("boot", "oom")),
    Entry("reaper-scenarios-smp2", smp=2,
          cmdline="ktest.filter=reaper_scenario sched.seed=7", cost=90,
          must_pass=REAPER_SCENARIOS, tags=("boot", "oom")),
    # Linux 6.1's cgroup selftests, built unmodified by tools/selftests.sh
    # and booted with their own initramfs (mk/selftests.mk, whose
    # SELFTESTS_CMDLINE is this cmdline); each of their cases must end as
    # tools/oomlab/ksft.py's table says (docs/selftests.md). 512 MiB as
    # Linux's reference run; 30 s to 2 min of tests (test_memcontrol's
    # page-cache and memory.high cases read 50 MiB files under TCG; 15 min
    # on a host loaded 14 times over). The kernel prints a line every
    # 20 s while a program runs.
    # They run in a directory on an ext2 virtio-blk disk (root=), which
    # e2fsck -fn must find clean after the boot.
    Entry("cgroup-selftests", mem="512M", iso="oomlab-selftests.iso",
          disk="ksft-virtio",
          cmdline="ktest.filter=ksft_cgroup root=/dev/vda rw",
          ksft=True, cost=100,
          hang_timeout=120, timeout=1800,
          must_pass=tuple("ksft_cgroup.ksft_cgroup_" + c for c in
                          ("memcontrol", "kill", "freezer", "core")),
          tags=("boot", "ksft")),
    # The runner's classifier against deliberately broken runs.
    Entry("expect-fail", cmdline="ktest.filter=selftest_fail",
          expect="fail", tags=("selftest",)),
    # A test waiting for a condition that never comes true fails its case
    # after the wait's bound (ktest_wait_until) instead of hanging.
    Entry("expect-wait-timeout", cmdline="ktest.filter=selftest_wait",
          expect="fail", hang_timeout=10, tags=("selftest",)),
    Entry("expect-panic", cmdline="crash=panic", expect="panic",
          tags=("selftest",)),
    Entry("expect-page-fault", cmdline="crash=page_fault", expect="panic",
          tags=("selftest",)),
    Entry("expect-triple-fault", cmdline="crash=triple_fault",
          expect="reset", tags=("selftest",)),
    # A kernel thread runs off its stack into the guard page: the #DF
    # handler reports a kernel stack overflow and panics.
    Entry("expect-stack-overflow", cmdline="crash=stack_overflow",
          expect="panic", tags=("selftest",)),
    # The hung-task and soft-lockup detectors print their Linux lines and
    # the runner must call the run failed.
    Entry("expect-lockup", cmdline="ktest.filter=selftest_lockup",
          expect="fail", tags=("selftest",)),
    # A real lock-validator report (an AB/BA cycle) fails its case and
    # the run.
    Entry("expect-lockdep", cmdline="ktest.filter=selftest_lockdep",
          expect="fail", tags=("selftest",)),
    Entry("expect-hang", cmdline="crash=hang", expect="hang",
          hang_timeout=5, cost=6, tags=("selftest",)),
]


def select(plan, patterns):
    """Entries whose name or a tag matches one of the comma-separated
    glob @patterns (all when empty), in plan order. A pattern starting
    with '!' removes matches. Raise ValueError when nothing is left."""
    pats = [p.strip() for p in (patterns or "").split(",") if p.strip()]
    include = [p for p in pats if not p.startswith("!")]
    exclude = [p[1:] for p in pats if p.startswith("!")]

    def hit(entry, globs):
        return any(fnmatch.fnmatchcase(key, g)
                   for g in globs for key in (entry.name,) + entry.tags)

    chosen = [e for e in plan
              if (not include or hit(e, include)) and not hit(e, exclude)]
    if not chosen:
        raise ValueError("--filter %r matches no plan entry (see --list)" %
                         patterns)
    return chosen
