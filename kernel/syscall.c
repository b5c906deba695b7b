// SPDX-License-Identifier: MIT
/*
 * System call dispatch and the return to user mode (kernel/syscall.h).
 * arch/x86_64/syscall.S builds the frame and calls syscall_dispatch();
 * the handlers registered with SYSCALL_DEFINEn() are gathered, on the
 * first call, into a table indexed by number. Invariant: a task returns
 * to user mode only through syscall_exit_to_user(), with no fatal signal
 * pending and no reschedule asked for at the moment it last looked.
 *
 * Locking: [I] the table after it is built (table_lock orders the build);
 * [a] the -ENOSYS log bitmap.
 */
#include <arch/cpu.h>
#include <arch/syscall.h>
#include <arch/usermode.h>
#include "kernel/cgroup.h"
#include "kernel/irqsoff.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/ptrace.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/memcg.h"

extern const struct syscall_desc __start_syscall_table[];
extern const struct syscall_desc __stop_syscall_table[];

static const struct syscall_desc *table[SYSCALL_TABLE_SIZE];	/* [I] */
static bool table_ready;					/* [a] */
static struct spinlock table_lock = SPINLOCK_INIT("syscall_table");
static u64 enosys_logged[SYSCALL_TABLE_SIZE / 64];		/* [a] */
static bool enosys_logged_big;					/* [a] */

static void syscall_table_build(void)
{
	unsigned long flags = spin_lock_irqsave(&table_lock);

	if (table_ready)
		goto out_unlock;
	for (const struct syscall_desc *d = __start_syscall_table;
	     d < __stop_syscall_table; d++) {
		if (d->nr >= SYSCALL_TABLE_SIZE || table[d->nr])
			panic("syscall: bad or duplicate entry %u (%s)",
			      d->nr, d->name);
		table[d->nr] = d;
	}
	__atomic_store_n(&table_ready, true, __ATOMIC_RELEASE);
out_unlock:
	spin_unlock_irqrestore(&table_lock, flags);
}

/**
 * syscall_lookup - the registered handler of syscall @nr.
 * @nr: a syscall number, any value
 *
 * Context: any.
 * Return: its descriptor, or NULL if nothing implements @nr.
 */
const struct syscall_desc *syscall_lookup(unsigned long nr)
{
	if (unlikely(!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE)))
		syscall_table_build();
	return nr < SYSCALL_TABLE_SIZE ? table[nr] : NULL;
}

/* Log an unimplemented number once (once in all for huge ones). */
static void syscall_log_enosys(unsigned long nr)
{
	bool *big = &enosys_logged_big;

	if (nr < SYSCALL_TABLE_SIZE) {
		u64 bit = 1ULL << (nr % 64);

		if (__atomic_fetch_or(&enosys_logged[nr / 64], bit,
				      __ATOMIC_RELAXED) & bit)
			return;
	} else if (__atomic_exchange_n(big, true, __ATOMIC_RELAXED)) {
		return;
	}
	pr_info("syscall: unknown syscall %lu from pid %d (%s); returning "
		"-ENOSYS%s\n", nr, current->pid, current->name,
		nr < SYSCALL_TABLE_SIZE ? "" :
		" (further numbers above the table not logged)");
}

/**
 * syscall_invoke - run syscall @nr with @args, as if user space asked.
 * @nr: the syscall number
 * @args: its six arguments, in the ABI's order
 *
 * Context: process context, interrupts on, may sleep.
 * Return: the handler's result, or -ENOSYS.
 */
long syscall_invoke(unsigned long nr, const u64 args[6])
{
	const struct syscall_desc *d = syscall_lookup(nr);

	if (unlikely(!d)) {
		syscall_log_enosys(nr);
		return -ENOSYS;
	}
	return d->fn(args);
}

/**
 * syscall_regs - the user register frame of the running task's syscall.
 *
 * The frame sits at the top of the task's kernel stack; the arch finds it
 * without a window in which a preemption and a move to another CPU would
 * make it another task's (see arch_syscall_regs()).
 * Context: in a syscall handler, preemption on or off.
 * Return: the frame; changes to it take effect on the return to user.
 */
struct trap_frame *syscall_regs(void)
{
	return arch_syscall_regs();
}

/**
 * syscall_dispatch - handle one syscall; called by syscall.S.
 * @regs: the user frame; it carries the result back
 *
 * Context: the task's kernel stack, kernel GS, interrupts off on entry
 * (SFMASK); enables them for the handler and returns with them off.
 */
void syscall_dispatch(struct trap_frame *regs)
{
	u64 args[ARCH_SYSCALL_NR_ARGS];
	bool traced;

	irqsoff_hardirqs_off();	/* SFMASK turned interrupts off */
	arch_irq_enable();
	/* PTRACE_SYSCALL: the tracer may change the call, or cancel it */
	traced = __atomic_load_n(&current->ptrace_syscall, __ATOMIC_ACQUIRE);
	if (!traced || ptrace_syscall_enter(regs)) {
		arch_syscall_args(regs, args);
		arch_syscall_set_return(regs,
					syscall_invoke(arch_syscall_nr(regs),
						       args));
	}
	if (traced)
		ptrace_syscall_exit(regs);
	syscall_exit_to_user(regs);
	irqsoff_hardirqs_on();	/* sysretq or iretq turns them back on */
}

/* Has @t a signal to deliver or rt_sigsuspend's mask to put back? */
static bool signal_work_pending(const struct task *t)
{
	return __atomic_load_n(&t->sigpending, __ATOMIC_ACQUIRE) ||
	       t->sig_restore_mask;
}

/* The running task dies of its pending fatal signal: a process thread
 * through the process exit path (the whole group goes), a kernel test's
 * user excursion back to its caller. */
static __noreturn void exit_fatal_signal(void)
{
	struct arch_user_run *r = arch_user_run_current();

	arch_irq_enable();
	if (r)			/* a kernel test's user excursion ends */
		arch_user_run_leave(r, -(r->signal ? r->signal : SIGKILL));
	process_exit_if_killed();	/* does not return for a process */
	task_exit(-EINTR);
}

/**
 * syscall_exit_to_user - the work before any return to user mode.
 * @regs: the frame about to be restored
 *
 * Does the memory.high reclaim (and throttling) the task's charges owe,
 * parks the task while its cgroup freezes it (kernel/cgroup_freezer.c),
 * delivers pending signals (each handler's frame nests on the last:
 * signal_deliver()), reschedules if asked to, ends the task if a fatal
 * signal is pending, and refuses (SIGSEGV) a frame whose RIP is outside
 * the user half, which neither sysret nor iret could return to from
 * ring 0 safely - a handler's address or rt_sigreturn's RIP included.
 *
 * Context: the task's kernel stack, no locks held; returns with
 * interrupts off (entry code restores registers next). May not return.
 */
void syscall_exit_to_user(struct trap_frame *regs)
{
	if (unlikely(current->memcg_nr_pages_over_high)) {
		arch_irq_enable();	/* a trap comes here with them off */
		memcg_handle_over_high();
	}
	/*
	 * Signals first, then the freezer: a stop signal sent just before
	 * cgroup.freeze stops the thread now (a stopped thread counts as
	 * frozen) and it stays stopped after the thaw, as test_freezer's
	 * "stopped" case expects. Linux 6.1's get_signal() parks first and
	 * takes the stop after the thaw, a window that case loses on a busy
	 * machine. A handler's frame set up before the trap runs after it.
	 */
	arch_irq_disable();
	for (;;) {
		while (unlikely(signal_work_pending(current)) &&
		       !fatal_signal_pending(current)) {
			arch_irq_enable();	/* the frame is user memory */
			signal_deliver(regs);
			arch_irq_disable();
		}
		if (likely(!__atomic_load_n(&current->freezing,
					    __ATOMIC_ACQUIRE)) ||
		    fatal_signal_pending(current))
			break;
		arch_irq_enable();
		cgroup_freezer_trap();	/* cgroup.freeze: until thawed */
		arch_irq_disable();
	}
	if (unlikely(!arch_user_addr_ok(arch_user_frame_ip(regs)))) {
		signal_report_fault("bad return ip %016llx",
				    (unsigned long long)arch_user_frame_ip(regs));
		signal_force_fatal(SIGSEGV);
	}
	if (arch_need_resched())
		sched_preempt_irq(true);
	if (fatal_signal_pending(current))
		exit_fatal_signal();
}
