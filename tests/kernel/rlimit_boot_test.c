// SPDX-License-Identifier: MIT
/*
 * Resource limits and credentials on the kernel side: a new process has
 * Linux 6.1's default limits and root's credentials; rlimit_do_prlimit()
 * gives Linux's errnos and changes nothing when it fails; a hard limit is
 * raised only with CAP_SYS_RESOURCE; a kernel thread sees the defaults.
 * The user-visible side (glibc's calls, enforcement) is the glibc suite.
 */
#include "kernel/cred.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/rlimit.h"
#include "lib/errno.h"

static struct process *new_process(struct ktest *t)
{
	struct process *p = process_create("rlimit", NULL, NULL);

	KTEST_EXPECT_NOT_NULL(t, p);
	return p;
}

static void expect_limit(struct ktest *t, struct process *p,
			 unsigned int resource, u64 cur, u64 max)
{
	struct rlimit64 old = { 1, 1 };

	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, resource, NULL, &old), 0);
	KTEST_EXPECT_EQ_U(t, old.rlim_cur, cur);
	KTEST_EXPECT_EQ_U(t, old.rlim_max, max);
}

/* Linux's INIT_RLIMITS for the limits glibc programs look at. */
static void rlimit_defaults(struct ktest *t)
{
	struct process *p = new_process(t);

	if (!p)
		return;
	expect_limit(t, p, RLIMIT_STACK, 8 << 20, RLIM_INFINITY);
	expect_limit(t, p, RLIMIT_CORE, 0, RLIM_INFINITY);
	expect_limit(t, p, RLIMIT_NOFILE, 1024, 4096);
	expect_limit(t, p, RLIMIT_MEMLOCK, 8 << 20, 8 << 20);
	expect_limit(t, p, RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY);
	expect_limit(t, p, RLIMIT_MSGQUEUE, 819200, 819200);
	expect_limit(t, p, RLIMIT_RTPRIO, 0, 0);
	KTEST_EXPECT_EQ_U(t, p->cred.uid | p->cred.euid | p->cred.gid, 0);
	KTEST_EXPECT_EQ_U(t, p->cred.cap_effective, CAP_FULL_SET);
	KTEST_EXPECT_EQ_U(t, p->cred.umask, 022);
	process_destroy(p);
}

/* Bad requests fail with Linux's errno and leave the limit alone. */
static void rlimit_errnos_change_nothing(struct ktest *t)
{
	struct process *p = new_process(t);
	struct rlimit64 bad = { 10, 5 }, huge = { 10, RLIMIT_NR_OPEN + 1 };
	struct rlimit64 lower = { 100, 200 }, higher = { 100, 300 };

	if (!p)
		return;
	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, RLIM_NLIMITS, NULL, NULL),
			-EINVAL);
	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, RLIMIT_NOFILE, &bad, NULL),
			-EINVAL);
	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, RLIMIT_NOFILE, &huge, NULL),
			-EPERM);
	expect_limit(t, p, RLIMIT_NOFILE, 1024, 4096);
	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, RLIMIT_NOFILE, &lower, NULL),
			0);
	p->cred.cap_effective &= ~(1ULL << CAP_SYS_RESOURCE);
	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, RLIMIT_NOFILE, &higher, NULL),
			-EPERM);
	expect_limit(t, p, RLIMIT_NOFILE, 100, 200);
	p->cred.cap_effective |= 1ULL << CAP_SYS_RESOURCE;
	KTEST_EXPECT_EQ(t, rlimit_do_prlimit(p, RLIMIT_NOFILE, &higher, NULL),
			0);
	expect_limit(t, p, RLIMIT_NOFILE, 100, 300);
	process_destroy(p);
}

/* A kernel thread: the defaults, and every capability. */
static void rlimit_kernel_thread(struct ktest *t)
{
	KTEST_EXPECT_EQ_U(t, rlimit_cur(RLIMIT_STACK), 8 << 20);
	KTEST_EXPECT_EQ_U(t, rlimit_cur(RLIMIT_NOFILE), 1024);
	KTEST_EXPECT_EQ_U(t, rlimit_cur(RLIM_NLIMITS), RLIM_INFINITY);
	KTEST_EXPECT(t, cred_current_capable(CAP_IPC_LOCK));
	KTEST_EXPECT_EQ_U(t, cred_current_umask(), 0);
}

KTEST_SUITE(rlimit,
	    KTEST_CASE(rlimit_defaults),
	    KTEST_CASE(rlimit_errnos_change_nothing),
	    KTEST_CASE(rlimit_kernel_thread));
