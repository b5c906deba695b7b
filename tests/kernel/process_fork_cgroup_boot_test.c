// SPDX-License-Identifier: MIT
/*
 * clone3's CLONE_INTO_CGROUP (kernel/process_fork.c), driven from user
 * space by cgproctest --check clone, which Linux passes too: a child
 * cloned with the fd of a group's directory reads that group in
 * /proc/self/cgroup from its first instruction; a closed fd and a
 * regular file's fd are -EBADF, a removed group's -ENOENT, a group that
 * gives the memory controller to its children -EBUSY, and no child is
 * made for any of them.
 */
#include "tests/kernel/cgproc_run.h"

static struct user_run run;

static void process_fork_clone_into_cgroup(struct ktest *t)
{
	cgproc_run_checks(t, &run, "clone", 8);
}

KTEST_SUITE(process_fork_cgroup,
	    KTEST_CASE(process_fork_clone_into_cgroup));
