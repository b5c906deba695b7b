// SPDX-License-Identifier: MIT
/*
 * cgroup.type and cgroup.threads (fs/cgroupfs_type.c), driven from user
 * space by cgproctest --check type, which Linux passes too:
 *
 *   cgp_t            "domain threaded" once its child is threaded
 *   +-- cgp_t/c      "threaded" (only "threaded" may be written:
 *                    -EINVAL), no cgroup.kill (-EOPNOTSUPP); a lone
 *                    thread of a process in cgp_t written to its
 *                    cgroup.threads moves there and is listed, while
 *                    the root's (another domain) is -EOPNOTSUPP
 *   cgp_g
 *   +-- cgp_g/p      threaded
 *       +-- c        "domain invalid": cgroup.procs and clone3's
 *                    CLONE_INTO_CGROUP are -EOPNOTSUPP
 *   cgp_pop          has a process: it cannot become threaded
 *                    (-EOPNOTSUPP)
 */
#include "tests/kernel/cgproc_run.h"

static struct user_run run;

static void cgroupfs_type_threaded(struct ktest *t)
{
	cgproc_run_checks(t, &run, "type", 10);
}

KTEST_SUITE(cgroupfs_type,
	    KTEST_CASE(cgroupfs_type_threaded));
