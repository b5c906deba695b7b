// SPDX-License-Identifier: MIT
/*
 * Hung-task detector (kernel/hung_task.h). khungtaskd sleeps
 * interruptibly between scans, so it never reports itself; a scan holds
 * tasklist_lock, which keeps every task it looks at alive (an exiting task
 * leaves task_list before it is freed). A task counts as blocked from the
 * moment schedule() took it off its run queue (task->last_switch_ns).
 */
#include "kernel/cmdline.h"
#include "kernel/hung_task.h"
#include "kernel/kthread.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"

static u64 timeout_s = 120;		/* Linux's default */
KPARAM_UINT(hung_task_timeout, "hung_task_timeout", &timeout_s, 0, 3600,
	    "report tasks blocked uninterruptibly this long, seconds (0: off)");
static u64 warnings_left = 10;
KPARAM_UINT(hung_task_warnings, "hung_task_warnings", &warnings_left, 0,
	    1000, "how many hung-task reports to print at most");

static u64 timeout_ms_override;		/* [a] tests; 0: use timeout_s */
static bool quiet;			/* [a] */

static u64 timeout_ms(void)
{
	u64 ms = __atomic_load_n(&timeout_ms_override, __ATOMIC_ACQUIRE);

	return ms ? ms : timeout_s * 1000;
}

void hung_task_set_timeout_ms(u64 ms)
{
	__atomic_store_n(&timeout_ms_override, ms, __ATOMIC_RELEASE);
}

void hung_task_set_quiet(bool q)
{
	__atomic_store_n(&quiet, q, __ATOMIC_RELEASE);
}

/**
 * hung_task_reported - was @t reported for the sleep it is in now? Other
 * threads asleep past a lowered limit (an idle kernel thread's timed
 * wait) are reported too, so a test asks for its own thread.
 * @t: a task, alive
 *
 * Context: any; takes tasklist_lock.
 * Return: true once the detector has reported this sleep of @t.
 */
bool hung_task_reported(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	bool r = t->hung_last_nsw == t->nvcsw + t->nivcsw + 1;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return r;
}

static void report(struct task *t, u64 blocked_ms, u64 limit_ms)
{
	if (__atomic_load_n(&quiet, __ATOMIC_ACQUIRE)) {
		printk("  # hung_task: %s:%d blocked for %llu ms, limit %llu ms (expected by a test)\n",
		       t->name, t->pid, (unsigned long long)blocked_ms,
		       (unsigned long long)limit_ms);
		return;
	}
	if (!warnings_left)
		return;
	warnings_left--;
	pr_err("INFO: task %s:%d blocked for more than %llu seconds.\n",
	       t->name, t->pid, (unsigned long long)(limit_ms / 1000));
	pr_err("\"hung_task_timeout=0\" on the command line disables this message.\n");
	pr_err("task:%-15s state:D pid:%-5d cpu:%u switches:%llu\n", t->name,
	       t->pid, t->cpu, (unsigned long long)(t->nvcsw + t->nivcsw));
	task_print_stack(t);
}

/* One pass over every task. */
static void scan(u64 limit_ms)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	u64 now = ktime_get_ns();
	struct task *t;

	list_for_each_entry(t, &task_list, tasks) {
		unsigned int state = __atomic_load_n(&t->state,
						     __ATOMIC_ACQUIRE);
		u64 nsw = t->nvcsw + t->nivcsw, since = t->last_switch_ns;

		if (!(state & TASK_UNINTERRUPTIBLE) || (state & TASK_WAKEKILL) ||
		    t->on_rq || t->hung_last_nsw == nsw + 1 || now < since ||
		    now - since < limit_ms * NSEC_PER_MSEC)
			continue;
		t->hung_last_nsw = nsw + 1;	/* reported for this sleep */
		report(t, (now - since) / NSEC_PER_MSEC, limit_ms);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static int khungtaskd(void *unused)
{
	(void)unused;
	while (!kthread_should_stop()) {
		u64 limit = timeout_ms();
		u64 interval = limit ? MIN(MAX(limit / 4, 10), 1000) : 1000;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout((long)msecs_to_jiffies(interval));
		limit = timeout_ms();
		if (limit)
			scan(limit);
	}
	return 0;
}

/**
 * hung_task_init - start khungtaskd (once; later calls do nothing).
 *
 * Context: boot, process context, after interrupts are on (the thread
 * sleeps on timers).
 */
void hung_task_init(void)
{
	static bool started;

	if (__atomic_exchange_n(&started, true, __ATOMIC_ACQ_REL))
		return;
	if (!kthread_run(khungtaskd, NULL, "khungtaskd"))
		pr_err("hung_task: cannot start khungtaskd\n");
}
