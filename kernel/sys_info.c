// SPDX-License-Identifier: MIT
/*
 * System information and the small per-thread calls glibc makes:
 * sysinfo(2) (memory totals from the page allocator, as /proc/meminfo
 * shows them), getrusage(2) and times(2), the scheduler queries
 * (sched_getaffinity/setaffinity, sched_getparam, sched_getscheduler,
 * getcpu) and set_robust_list/get_robust_list.
 *
 * What oomlab does not have, these calls report as Linux reports an idle
 * or empty one: no task accounts CPU time (utime and stime are 0), every
 * task may run on every online CPU under SCHED_OTHER, the load averages
 * are 0, there is no swap. The robust list head is stored and returned;
 * the thread's exit walks it (kernel/futex_robust.c).
 */
#include <arch/uaccess.h>
#include "fs/tmpfs.h"
#include "kernel/percpu.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"

#define USER_HZ		100	/* clock_t's unit: Linux's x86_64 value */
#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1
#define SCHED_OTHER	0
#define CPUMASK_BYTES	(sizeof(struct cpumask))
/* Linux's struct robust_list_head: list, futex_offset, list_op_pending. */
#define ROBUST_LIST_HEAD_SIZE	24

struct sys_sysinfo {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs;
	u16 pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
};

struct sys_timeval {
	s64 tv_sec, tv_usec;
};

struct sys_rusage {
	struct sys_timeval utime, stime;
	s64 maxrss;		/* KiB */
	s64 rest[13];		/* ixrss .. nivcsw: none counted */
};

struct sys_tms {
	s64 utime, stime, cutime, cstime;
};

/*
 * mem_unit 1, sizes in bytes: on 64-bit Linux do_sysinfo() always ends
 * there, the totals fitting an unsigned long.
 */
SYSCALL_DEFINE1(sysinfo, struct sys_sysinfo __user *, uinfo)
{
	struct sys_sysinfo si = { 0 };

	si.uptime = (s64)((ktime_get_ns() + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
	si.totalram = nr_managed_pages() * PAGE_SIZE;
	si.freeram = nr_free_pages() * PAGE_SIZE;
	si.sharedram = tmpfs_nr_pages() * PAGE_SIZE;
	si.procs = (u16)MIN(task_count(), 0xffffUL);
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}

/* Linux's ru_maxrss for the caller: its mm's peak, in KiB. */
static s64 maxrss_kib(void)
{
	struct mm *mm = current->mm;
	long rss;

	if (!mm)
		return 0;
	rss = MAX(mm_rss_total(mm),
		  __atomic_load_n(&mm->hiwater_rss, __ATOMIC_RELAXED));
	return rss * (s64)(PAGE_SIZE / 1024);
}

/* RUSAGE_CHILDREN: no child of a process is ever reaped by it here
 * (wait4 and fork come with the process layer), so it is all zero. */
SYSCALL_DEFINE2(getrusage, int, who, struct sys_rusage __user *, uru)
{
	struct sys_rusage ru = { 0 };

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN &&
	    who != RUSAGE_THREAD)
		return -EINVAL;
	if (who != RUSAGE_CHILDREN)
		ru.maxrss = maxrss_kib();
	return copy_to_user(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

/* The clock ticks since boot; the process times are 0 (see above). */
SYSCALL_DEFINE1(times, struct sys_tms __user *, ubuf)
{
	struct sys_tms t = { 0 };

	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	return (long)(ktime_get_ns() / (NSEC_PER_SEC / USER_HZ));
}

/* Does @pid name a live process (0: the caller)? A thread other than
 * the caller counts only by its process's pid. 0 or -ESRCH / -EINVAL. */
static int sched_pid_check(int pid)
{
	struct process *p;

	if (pid < 0)
		return -EINVAL;
	if (!pid || pid == current->pid)
		return 0;
	p = process_get_by_pid(pid, PROCESS_ALIVE);
	if (!p)
		return -ESRCH;
	process_put(p);
	return 0;
}

static struct cpumask online_mask(void)
{
	struct cpumask m = { 0 };

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			cpumask_set(&m, cpu);
	return m;
}

/* Linux's size rules: at least nr_cpu_ids bits, whole longs. Return:
 * the bytes written (the mask's size). */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len,
		void __user *, umask)
{
	struct cpumask m = online_mask();
	int r;

	if (len * 8 < nr_cpus_possible || len % sizeof(u64))
		return -EINVAL;
	r = sched_pid_check(pid);
	if (r)
		return r;
	if (copy_to_user(umask, &m, CPUMASK_BYTES))
		return -EFAULT;
	return CPUMASK_BYTES;
}

/*
 * The scheduler has no affinity: a mask that allows every online CPU is
 * what the task has already (0); a narrower one cannot be honoured and
 * is refused with -EINVAL, Linux's answer for a mask it cannot use.
 */
SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned int, len,
		const void __user *, umask)
{
	struct cpumask want = { 0 }, online = online_mask();
	int r = sched_pid_check(pid);

	if (r)
		return r;
	if (copy_from_user(&want, umask, MIN(len, CPUMASK_BYTES)))
		return -EFAULT;
	for (unsigned int i = 0; i < ARRAY_SIZE(want.bits); i++)
		if ((want.bits[i] & online.bits[i]) != online.bits[i])
			return -EINVAL;
	return 0;
}

SYSCALL_DEFINE1(sched_getscheduler, int, pid)
{
	int r = sched_pid_check(pid);

	return r ? r : SCHED_OTHER;
}

SYSCALL_DEFINE2(sched_getparam, int, pid, int __user *, uparam)
{
	int r;

	if (!uparam || pid < 0)
		return -EINVAL;
	r = sched_pid_check(pid);
	if (r)
		return r;
	return put_user(0, uparam) ? -EFAULT : 0;	/* sched_priority */
}

SYSCALL_DEFINE3(getcpu, unsigned int __user *, ucpu,
		unsigned int __user *, unode, void __user *, unused)
{
	unsigned int cpu = smp_processor_id();	/* stale at once, fine */

	if (ucpu && put_user(cpu, ucpu))
		return -EFAULT;
	if (unode && put_user(0u, unode))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(set_robust_list, u64, head, size_t, len)
{
	struct uthread *ut = uthread_of(current);

	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	ut->robust_list = head;
	return 0;
}

/* Only the caller's own (pid 0 or its tid); another thread's: -EPERM is
 * what Linux answers without ptrace rights, which nobody has here. */
SYSCALL_DEFINE3(get_robust_list, int, pid, u64 __user *, uhead,
		size_t __user *, ulen)
{
	struct uthread *ut = uthread_of(current);

	if (pid && pid != current->pid)
		return sched_pid_check(pid) ? -ESRCH : -EPERM;
	if (put_user((size_t)ROBUST_LIST_HEAD_SIZE, ulen))
		return -EFAULT;
	return put_user(ut->robust_list, uhead) ? -EFAULT : 0;
}
