// SPDX-License-Identifier: MIT
/*
 * panic(), BUG() and WARN(). The message shapes follow Linux so that the
 * patterns people already grep for ("kernel BUG at", "WARNING: CPU:",
 * "Kernel panic - not syncing:") find our reports too.
 */
#include <arch/cpu.h>
#include <arch/extable.h>
#include "kernel/backtrace.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/shutdown.h"
#include "kernel/task.h"
#include "lib/format.h"

int panic_in_progress;	/* [a] */
static unsigned int warn_count;	/* [a] */
static int oops_depth;		/* [a] fatal exception reports under way */

void dump_stack(void)
{
	backtrace_print(arch_frame_pointer());
}

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	arch_irq_disable();
	if (__atomic_exchange_n(&panic_in_progress, 1, __ATOMIC_SEQ_CST))
		arch_halt_forever();
	printk_enter_panic();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	if (!__atomic_load_n(&oops_depth, __ATOMIC_RELAXED))
		dump_stack();	/* an oops has printed the trace that matters */
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	machine_end(MACHINE_END_PANIC);
}

__noreturn void bug_at(const char *file, int line, const char *expr)
{
	pr_emerg("------------[ cut here ]------------\n");
	pr_emerg("kernel BUG at %s:%d!\n", file, line);
	pr_emerg("BUG_ON(%s)\n", expr);
	panic("BUG at %s:%d", file, line);
}

/*
 * Who hit the warning: CPU, pid and comm, in Linux's words. Before the
 * per-CPU areas (preempt_ready) GS points nowhere: that is CPU 0 and no
 * task. `current` is not trusted: the warning may be about it, so its pid
 * is probe-read and its name goes through %s, which probes too.
 */
struct warn_who {
	unsigned int cpu;
	int pid;			/* -1: unknown */
	const struct task *task;	/* NULL: unknown */
};

static struct warn_who warn_who(void)
{
	struct warn_who w = { .cpu = 0, .pid = -1, .task = NULL };
	const struct task *t;
	u64 pid;

	if (!__atomic_load_n(&preempt_ready, __ATOMIC_ACQUIRE))
		return w;
	w.cpu = smp_processor_id();
	t = current;
	if (t && !arch_probe_read_u64(&t->pid, &pid)) {
		w.pid = (int)(u32)pid;
		w.task = t;
	}
	return w;
}

void warn_at(const char *file, int line, const char *expr)
{
	struct warn_who w = warn_who();

	__atomic_add_fetch(&warn_count, 1, __ATOMIC_RELAXED);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: CPU: %u PID: %d at %s:%d: %s\n", w.cpu, w.pid, file,
		line, expr);
	if (w.task)
		pr_warn("CPU: %u PID: %d Comm: %.*s\n", w.cpu, w.pid,
			TASK_COMM_LEN - 1, w.task->name);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}

/**
 * warn_count_read - how many WARN_ON()s have fired since boot.
 *
 * Context: any.
 * Return: the count.
 */
unsigned int warn_count_read(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}

/**
 * oops_begin - start the report of a fatal exception (an "oops").
 *
 * Disables interrupts and puts printk into panic mode (it must not wait
 * for a lock the faulting code may hold). The report's own backtrace
 * replaces the one panic() would print from the handler.
 *
 * Context: exception handlers, before printing the report.
 * Return: the nesting depth: 1 for the first oops; more means the report
 * itself faulted (or panic() did), and the caller must keep it short.
 */
int oops_begin(void)
{
	arch_irq_disable();
	printk_enter_panic();
	if (__atomic_load_n(&panic_in_progress, __ATOMIC_SEQ_CST))
		return __atomic_add_fetch(&oops_depth, 2, __ATOMIC_SEQ_CST);
	return __atomic_add_fetch(&oops_depth, 1, __ATOMIC_SEQ_CST);
}
