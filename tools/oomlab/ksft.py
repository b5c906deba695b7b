# SPDX-License-Identifier: MIT
"""Linux's cgroup selftests in a boot log, judged against the expected
table (docs/selftests.md).

The kernel runs each program (tests/fs/cgroupfs_ksft_boot_test.c); what it
prints reaches the log through the user console, one line each, after the
process's name and pid:

    [test_memcontrol 6] ok 1 test_memcg_subtree_control
    [test_memcontrol 6] not ok 2 test_memcg_current
    [test_memcontrol 6] ok 3 # SKIP test_memcg_min

The lines of the first process of a program (the one the kernel spawned:
its forked children come later and print diagnostics only) are its
results; the KTAP parser reads them. Every case of EXPECTED becomes one test of the row: passed
when the case ended as the table says (or passed where a failure was
expected: the table is then out of date, said in the reason), failed
otherwise - a case missing from the log included.
"""
import re

from . import ktap
from .ktap import Test

LINE_RE = re.compile(r"^\[(test_\w+) (\d+)\] (.*)$")

# Why cases do not pass. Linux 6.1 in the same QEMU (512 MiB, 2 CPUs, no
# swap, tmpfs only) fails current, min, low, high, max and reclaim: its
# page-cache halves read holes of a tmpfs file, which fills no page cache.
# oomlab runs the programs on ext2 (tests/fs/cgroupfs_ksft_boot_test.c),
# where those reads fill it, and passes current, high, max and reclaim.
# min and low pass on a quiet host and fail on a loaded one
# (docs/selftests.md).
SIX_SECONDS = "the case gives its three readers six seconds to read " \
    "150 MiB of holes; on a loaded host they read less, go on reading " \
    "after the case's hog, and B ends above its 50 MiB (passes on a " \
    "quiet host)"

# (program, case) -> (expected status, why it does not pass); passing
# cases have no reason.
EXPECTED = {
    ("test_memcontrol", "test_memcg_subtree_control"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_current"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_min"): (ktap.FAIL, SIX_SECONDS),
    ("test_memcontrol", "test_memcg_low"): (ktap.FAIL, SIX_SECONDS),
    ("test_memcontrol", "test_memcg_high"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_high_sync"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_max"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_reclaim"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_oom_events"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_swap_max"): (
        ktap.SKIP, "no swap (/proc/swaps lists none), as on Linux"),
    ("test_memcontrol", "test_memcg_sock"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_oom_group_leaf_events"): (ktap.PASS, ""),
    ("test_memcontrol", "test_memcg_oom_group_parent_events"): (ktap.PASS,
                                                                ""),
    ("test_memcontrol", "test_memcg_oom_group_score_events"): (ktap.PASS,
                                                               ""),
    ("test_kill", "test_cgkill_simple"): (ktap.PASS, ""),
    ("test_kill", "test_cgkill_tree"): (ktap.PASS, ""),
    ("test_kill", "test_cgkill_forkbomb"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_simple"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_tree"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_forkbomb"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_mkdir"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_rmdir"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_migrate"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_ptrace"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_stopped"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_ptraced"): (ktap.PASS, ""),
    ("test_freezer", "test_cgfreezer_vfork"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_internal_process_constraint"): (ktap.PASS,
                                                               ""),
    ("test_core", "test_cgcore_top_down_constraint_enable"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_top_down_constraint_disable"): (ktap.PASS,
                                                               ""),
    ("test_core", "test_cgcore_no_internal_process_constraint_on_threads"): (
        ktap.PASS, ""),
    ("test_core", "test_cgcore_parent_becomes_threaded"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_invalid_domain"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_populated"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_proc_migration"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_thread_migration"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_destroy"): (ktap.PASS, ""),
    ("test_core", "test_cgcore_lesser_euid_open"): (ktap.PASS, ""),
    # cgroup2 is mounted with nsdelegate for test_core, as systemd mounts
    # it (tests/fs/cgroupfs_ksft_boot_test.c).
    ("test_core", "test_cgcore_lesser_ns_open"): (ktap.PASS, ""),
}


def program_lines(lines):
    """{program: the lines of its first process} from a log."""
    pid_of, out = {}, {}
    for line in lines:
        m = LINE_RE.match(ktap.clean_line(line))
        if not m:
            continue
        prog, pid, text = m.groups()
        if pid_of.setdefault(prog, pid) == pid:
            out.setdefault(prog, []).append(text)
    return out


def results(lines):
    """{(program, case): Test} of every result line in @lines."""
    found = {}
    for prog, text in program_lines(lines).items():
        parser = ktap.parse_lines(["KTAP version 1"] + text)
        for test in parser.root.children if parser.root else ():
            # "ok 3 # SKIP name": ksft puts a skipped case's name in the
            # directive.
            name = test.reason if test.name.startswith("#") else test.name
            found[(prog, name.strip())] = test
    return found


def judge(lines, expected=None):
    """One Test per case of @expected (EXPECTED by default): passed when
    it ended as expected in @lines."""
    expected = EXPECTED if expected is None else expected
    found = results(lines)
    cases = []
    for number, ((prog, case), (want, why)) in enumerate(
            expected.items(), 1):
        got = found.get((prog, case))
        name = "%s.%s" % (prog, case)
        test = Test(name=name, number=number, status=ktap.PASS)
        if got is None:
            test.status, test.reason = ktap.FAIL, "did not run"
        elif got.status == want:
            test.reason = ("expected %s: %s" % (want.lower(), why)
                           if why else "")
        elif got.status == ktap.PASS:
            test.reason = "passes now (expected %s: %s): update " \
                "tools/oomlab/ksft.py" % (want.lower(), why)
        else:
            test.status = ktap.FAIL
            test.reason = "%s, expected %s%s" % (
                got.status.lower(), want.lower(), ": " + why if why else "")
        cases.append(test)
    return cases


def add_results(tree, lines):
    """Append the judged cases to @tree (a run's counted tree) as the
    group "ksft"."""
    group = Test(name="ksft", number=len(tree.children) + 1,
                 is_group=True, children=judge(lines))
    group.status = ktap.aggregate(group.children)
    tree.children.append(group)
    tree.status = ktap.aggregate(tree.children)
