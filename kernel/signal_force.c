// SPDX-License-Identifier: MIT
/*
 * Fatal signals a task brings on itself (kernel/signal.h): a fault it
 * cannot go on from (mm/fault.c), a CPU exception in user mode
 * (arch/x86_64/traps.c), a return to a bad user address. Linux's
 * force_sig(): there are no handlers, so the signal always ends the
 * process, and the line before it says why in Linux's shape.
 */
#include <arch/usermode.h>
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/format.h"

/**
 * signal_force_fatal - the running task must die of @sig.
 * @sig: SIGSEGV, SIGBUS, SIGILL...
 *
 * For a process thread the whole thread group dies, with the wait status
 * "killed by @sig" (unless an earlier cause was recorded); the thread
 * leaves at its next return to user mode, the others at theirs or when
 * their killable sleeps end. A kernel test's user excursion ends with
 * -@sig instead.
 *
 * Context: any context of the task itself (trap handlers, the fault
 * path).
 */
void signal_force_fatal(int sig)
{
	struct arch_user_run *r = arch_user_run_current();

	if (r && !r->signal)
		r->signal = sig;
	if (!r && process_current()) {
		process_force_signal(sig);
		return;
	}
	task_kill(current);
}

/**
 * signal_report_fault - "comm[pid]: <what> in comm" for a user-mode fault.
 * @fmt: printf format of what happened
 *
 * Linux's shape: "hog[12]: segfault at 0 ip ... sp ... error 4 in hog".
 * One line per death: a task that already has its fatal signal says
 * nothing more (a jump into kernel text faults, and the way back to user
 * mode then refuses the kernel RIP: one fault, one line). Not rate
 * limited, unlike Linux's show_signal_msg(): the line ends a process,
 * and only the kernel spawns processes (there is no fork yet), so a user
 * cannot flood it, while tests read it; fork must bring the limit. The
 * comm is printable: PR_SET_NAME stores it so.
 * Context: the faulting task.
 */
void signal_report_fault(const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (fatal_signal_pending(current))
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	pr_info("%s[%d]: %s in %s\n", current->name, current->pid, what,
		current->name);
}
