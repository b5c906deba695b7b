// SPDX-License-Identifier: MIT
/*
 * The process system calls: clone, exit, exit_group,
 * getpid, getppid, gettid, set_tid_address, kill, tgkill and futex, on
 * top of kernel/process.c and kernel/futex.c, with Linux's checks and
 * errnos.
 *
 * clone() hands every request (threads, processes on the caller's mm,
 * fork, vfork) to process_clone() in kernel/process_fork.c, which has
 * Linux's flag rules and errnos, with its exit signal (the low byte).
 * As in Linux, the tid is stored at @parent_tid (before the child runs)
 * and @child_tid without checking: a bad pointer there does not fail
 * the call.
 *
 * Futexes: FUTEX_WAIT and FUTEX_WAKE, private or not (the key is (mm,
 * address) either way, see kernel/futex.h), with a relative timeout for
 * WAIT. Other operations and FUTEX_CLOCK_REALTIME are -ENOSYS.
 *
 * Signals: kill(2) with pid > 0 (a process), 0 (the caller's process
 * group: the caller, as every process leads its own group), -1 (every
 * process but the caller) and < -1 (the group -pid). Linux's order:
 * -ESRCH before a bad signal number is noticed.
 */
#include <arch/syscall.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "kernel/futex.h"
#include "kernel/process.h"
#include "kernel/process_fork.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sys_misc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "lib/errno.h"

#define CSIGNAL			0x000000ff	/* clone's exit signal */

SYSCALL_DEFINE0(getpid)
{
	struct process *p = process_current();

	return p ? p->tgid : current->pid;
}

/* The parent that forked or cloned the caller (process_ppid()). */
SYSCALL_DEFINE0(getppid)
{
	struct process *self = process_current();

	return self ? process_ppid(self) : 0;
}

SYSCALL_DEFINE0(gettid)
{
	return current->tid;
}

SYSCALL_DEFINE1(set_tid_address, u64, tidptr)
{
	struct uthread *ut = uthread_of(current);

	if (ut)
		ut->clear_child_tid = tidptr;
	return current->tid;
}

/* exit(2) and exit_group(2) outside a process: a kernel test's user
 * excursion ends with @code. */
static long exit_excursion(int code)
{
	struct arch_user_run *r = arch_user_run_current();

	if (r)
		arch_user_run_leave(r, code);
	return -ENOSYS;
}

SYSCALL_DEFINE1(exit, int, code)
{
	if (!process_current())
		return exit_excursion(code);
	process_thread_exit(code & 0xff);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	if (!process_current())
		return exit_excursion(code);
	process_group_exit(wait_status_exited(code));
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	return signal_kill(pid, sig);
}

/* si_code SI_TKILL; a tgid <= 0 is -EINVAL (0 means "any" only to
 * tkill). */
SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	struct signal_entry e = signal_entry_user(sig, SI_TKILL);

	if (tgid <= 0)
		return -EINVAL;
	return signal_send_tid(tgid, tid, &e);
}

/* Linux's clone(): the exit signal in the low byte, one pointer for the
 * parent's tid word and CLONE_PIDFD's fd. */
SYSCALL_DEFINE5(clone, unsigned long, flags, u64, newsp,
		int __user *, parent_tid, u64, child_tid, u64, tls)
{
	return process_clone(&(struct clone_request){
		.flags = flags & ~CSIGNAL,
		.pidfd = (u64)(uintptr_t)parent_tid,
		.child_tid = child_tid,
		.parent_tid = (u64)(uintptr_t)parent_tid,
		.exit_signal = (int)(flags & CSIGNAL),
		.stack = newsp,
		.tls = tls,
	});
}

static int futex_read_user(u64 addr, u32 *val)
{
	return get_user_u32(val, (const u32 __user *)(uintptr_t)addr);
}

/*
 * An absolute deadline as the time left: both clocks a bitset wait may
 * name (CLOCK_MONOTONIC, CLOCK_REALTIME) read ktime_get_ns() on oomlab.
 */
static u64 futex_abs_to_rel(u64 deadline_ns)
{
	u64 now = ktime_get_ns();

	return deadline_ns > now ? deadline_ns - now : 0;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const struct sys_timespec __user *, utime,
		u32 __user *, uaddr2, u32, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	u64 timeout_ns = FUTEX_NO_TIMEOUT;
	struct futex_key key = { current->mm, (u64)(uintptr_t)uaddr };
	struct sys_timespec ts;
	u32 v;
	int r;

	/*
	 * The bitset ops only with a bitset matching every waiter: glibc's
	 * pthread waits (FUTEX_WAIT_BITSET, absolute timeout) use no other.
	 * Linux's futex_wait() refuses an empty bitset with -EINVAL.
	 */
	if (cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET) {
		if (!val3)
			return -EINVAL;
		if (val3 != FUTEX_BITSET_MATCH_ANY)
			return -ENOSYS;
	} else if (op & FUTEX_CLOCK_REALTIME) {
		return -ENOSYS;		/* only for the bitset/PI ops */
	} else if (cmd != FUTEX_WAIT && cmd != FUTEX_WAKE) {
		return -ENOSYS;
	}
	/* A timeout of any length (it saturates below "never"). */
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && utime) {
		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		r = sys_misc_timespec_ns(&ts, &timeout_ns);
		if (r)
			return r;
		if (cmd == FUTEX_WAIT_BITSET)
			timeout_ns = futex_abs_to_rel(timeout_ns);
	}
	if (key.addr % sizeof(u32))
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)) || !current->mm)
		return -EFAULT;
	if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET)
		return futex_wait(key, futex_read_user, val, timeout_ns);
	/* A shared key needs the page (Linux pins it): fault if unmapped. */
	if (!(op & FUTEX_PRIVATE_FLAG) && get_user_u32(&v, uaddr))
		return -EFAULT;
	return futex_wake(key, (int)val);
}
