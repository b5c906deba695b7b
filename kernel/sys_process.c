// SPDX-License-Identifier: MIT
/*
 * The process system calls: clone (threads only), exit, exit_group,
 * getpid, getppid, gettid, set_tid_address, kill, tgkill and futex, on
 * top of kernel/process.c and kernel/futex.c, with Linux's checks and
 * errnos.
 *
 * clone() makes threads and processes that share the caller's mm:
 *   thread     CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, optionally with
 *              CLONE_FS, CLONE_FILES, CLONE_SYSVSEM and the tid flags
 *   process    CLONE_VM without CLONE_THREAD (kernel/process_clone.c),
 *              optionally with CLONE_SIGHAND, CLONE_SYSVSEM and the tid
 *              flags: a new process, its own pid, fds and exit, on the
 *              caller's address space
 * The tid flags are CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID
 * and CLONE_CHILD_CLEARTID; the low byte, the exit signal, is ignored
 * (no process is another's parent here). Combinations Linux's
 * copy_process() rejects are -EINVAL, in its order: NEWNS with FS,
 * THREAD without SIGHAND, SIGHAND without VM; and PIDFD with
 * PARENT_SETTID (kernel_clone(): the old clone() passes one pointer for
 * both). A request without CLONE_VM (fork, vfork) is -ENOSYS: oomlab
 * has no fork yet. Any other flag (namespaces, VFORK, PTRACE, PIDFD, and
 * CLONE_FS or CLONE_FILES for a process, whose fd table and cwd are its
 * own) is -EINVAL, as an unsupported request. As in Linux, the tid is
 * stored at @parent_tid (before the child runs) and @child_tid without
 * checking: a bad pointer there does not fail the call.
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
#include <arch/fpu.h>
#include <arch/syscall.h>
#include <arch/uaccess.h>
#include <arch/usermode.h>
#include "kernel/futex.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sys_misc.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/slab.h"

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000

#define CLONE_THREAD_NEEDS	(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD)
#define CLONE_TID_FLAGS							\
	(CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |	\
	 CLONE_CHILD_CLEARTID | CSIGNAL)
#define CLONE_THREAD_MAY						\
	(CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_TID_FLAGS)
#define CLONE_PROCESS_MAY						\
	(CLONE_VM | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_TID_FLAGS)

/* What a new thread starts from; freed by the thread. */
struct clone_start {
	struct trap_frame frame;	/* the parent's, returning 0, with
					 * its own stack pointer */
	unsigned long flags;
	u64 child_tid;
};

SYSCALL_DEFINE0(getpid)
{
	struct process *p = process_current();

	return p ? p->tgid : current->pid;
}

/*
 * Every process is started by the kernel, not by another process, so no
 * process is its parent: 0, what Linux's getppid() tells a process whose
 * parent is outside its view (init, whose parent is the idle task).
 */
SYSCALL_DEFINE0(getppid)
{
	return 0;
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

/* The new thread (of the caller's process or of a new one sharing its
 * mm): its tid words, then user mode with the parent's frame. */
static int clone_thread(void *arg)
{
	struct clone_start s = *(struct clone_start *)arg;
	struct uthread *ut = uthread_of(current);

	kfree(arg);
	if (s.flags & CLONE_CHILD_CLEARTID)
		ut->clear_child_tid = s.child_tid;
	if (s.flags & CLONE_CHILD_SETTID)
		(void)put_user((u32)current->tid,
			       (u32 __user *)(uintptr_t)s.child_tid);
	syscall_exit_to_user(&s.frame);		/* a kill may end it here */
	arch_enter_user_frame(&s.frame);
}

/* Linux's consistency rules (copy_process() and kernel_clone()). */
static int clone_check(unsigned long flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
		return -EINVAL;
	if (!(flags & CLONE_VM))
		return -ENOSYS;		/* fork, vfork: no fork yet */
	if (flags & ~(flags & CLONE_THREAD ?
		      CLONE_THREAD_NEEDS | CLONE_THREAD_MAY :
		      CLONE_PROCESS_MAY))
		return -EINVAL;		/* namespaces, vfork, pidfd... */
	return 0;
}

SYSCALL_DEFINE5(clone, unsigned long, flags, u64, newsp,
		int __user *, parent_tid, u64, child_tid, u64, tls)
{
	struct process *p = process_current();
	struct clone_start *s;
	struct task *t;
	int r = clone_check(flags);

	if (r)
		return r;
	if (!p || !current->mm)
		return -ENOSYS;
	if ((flags & CLONE_SETTLS) && !arch_user_addr_ok(tls))
		return -EPERM;
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->frame = *syscall_regs();
	arch_syscall_set_return(&s->frame, 0);
	if (newsp)
		arch_user_frame_set_sp(&s->frame, newsp);
	s->flags = flags;
	s->child_tid = child_tid;
	if (flags & CLONE_THREAD)
		r = process_thread_create(p, clone_thread, s, &t);
	else
		r = process_clone_vm(p, clone_thread, s, &t);
	if (r < 0) {
		kfree(s);
		return r;
	}
	/* The child is TASK_NEW: its saved state is ours to set. */
	t->uarch.fs_base = flags & CLONE_SETTLS ? tls : arch_get_fs_base();
	t->uarch.gs_base = arch_get_user_gs_base();
	arch_fpu_copy_current(t->uarch.fpu);
	/* Linux's copy_process(): the blocked mask is inherited. */
	uthread_of(t)->sig.blocked = uthread_of(current)->sig.blocked;
	if (flags & CLONE_PARENT_SETTID)
		(void)put_user((u32)r, (u32 __user *)parent_tid);
	wake_up_process(t);
	return r;
}

static int futex_read_user(u64 addr, u32 *val)
{
	return get_user_u32(val, (const u32 __user *)(uintptr_t)addr);
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

	/* A relative timeout of any length (it saturates below "never"). */
	if (cmd == FUTEX_WAIT && utime) {
		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		r = sys_misc_timespec_ns(&ts, &timeout_ns);
		if (r)
			return r;
	}
	if (op & FUTEX_CLOCK_REALTIME)
		return -ENOSYS;		/* only for the bitset/PI ops */
	if (cmd != FUTEX_WAIT && cmd != FUTEX_WAKE)
		return -ENOSYS;
	if (key.addr % sizeof(u32))
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)) || !current->mm)
		return -EFAULT;
	if (cmd == FUTEX_WAIT)
		return futex_wait(key, futex_read_user, val, timeout_ns);
	/* A shared key needs the page (Linux pins it): fault if unmapped. */
	if (!(op & FUTEX_PRIVATE_FLAG) && get_user_u32(&v, uaddr))
		return -EFAULT;
	return futex_wake(key, (int)val);
}
