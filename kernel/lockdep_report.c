// SPDX-License-Identifier: MIT
/*
 * The validator's reports, in the shapes of Linux's lockdep so that the
 * same greps find them: a title line, who was acquiring what and where,
 * the chain of recorded dependencies that the acquisition contradicts,
 * and the locks held. docs/locking.md walks through one.
 *
 * A report is printed once: the first one turns the validator off (later
 * reports would mostly be echoes of the first). A report about a capture
 * class (a test's) goes into a buffer instead, and changes nothing else.
 * Reports run inside the validator (cpu_held.busy): the locks printk
 * takes are not tracked meanwhile.
 */
#include "kernel/lockdep.h"

#ifdef CONFIG_LOCKDEP
#include <stdarg.h>
#include "kernel/lockdep_internal.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "lib/format.h"
#include "lib/string.h"

#define CHAIN_MAX	16	/* dependencies shown of a longer cycle */
#define CAPTURE_SIZE	4096

static char capture_buf[CAPTURE_SIZE];	/* [g] */
static size_t capture_len;		/* [g] */

/* Where the report goes; false means nothing is to be said. */
struct report {
	bool capture;
};

static void rp(const struct report *r, const char *fmt, ...) __printf(2, 3);

static void rp(const struct report *r, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (!r->capture) {
		pr_warn("%s", line);
		return;
	}
	n = MIN(n, (int)(sizeof(capture_buf) - 1 - capture_len));
	memcpy(capture_buf + capture_len, line, (size_t)n);
	capture_len += (size_t)n;
	capture_buf[capture_len] = '\0';
}

/*
 * Start a report about the acquisition of class @cls. Return false when
 * it must not be printed: another CPU's report already turned the
 * validator off. A captured report holds graph_lock until report_end()
 * (the buffer is [g]); a printed one holds nothing: printk's locks may
 * wait for CPUs that wait for graph_lock.
 */
static bool report_begin(struct report *r, unsigned int cls,
			 const char *title)
{
	r->capture = lockdep.classes[cls].capture;
	if (r->capture) {
		lockdep_graph_lock();
		capture_len = 0;
		capture_buf[0] = '\0';
	} else {
		if (!__atomic_exchange_n(&lockdep.on, false, __ATOMIC_ACQ_REL))
			return false;
		__atomic_add_fetch(&lockdep.reports, 1, __ATOMIC_RELEASE);
	}
	rp(r, "\n");
	rp(r, "======================================================\n");
	rp(r, "%s\n", title);
	rp(r, "------------------------------------------------------\n");
	return true;
}

static void report_end(const struct report *r)
{
	if (r->capture)
		lockdep_graph_unlock();
	else
		rp(r, "---[ end lockdep report: validator off ]---\n");
}

static void class_name(char *buf, size_t size, unsigned int cls,
		       unsigned int flags)
{
	const struct lock_class *c = &lockdep.classes[cls];

	const char *read = flags & LOCKDEP_READ ? " (read)" : "";

	if (c->subclass)
		snprintf(buf, size, "%s/%u%s", c->name, c->subclass, read);
	else
		snprintf(buf, size, "%s%s", c->name, read);
}

static void rp_lock(const struct report *r, unsigned int cls,
		    unsigned int flags, unsigned long ip)
{
	char name[96];

	class_name(name, sizeof(name), cls, flags);
	rp(r, " (%s), at: %pS\n", name, (void *)ip);
}

/* "comm/pid", or the context when there is no task to name. */
static void who(char *buf, size_t size, const struct acquire *a)
{
	if (lockdep_in_irq(a->cpu))
		snprintf(buf, size, "hardirq on CPU %u",
			 preempt_ready ? smp_processor_id() : 0);
	else if (preempt_ready)
		snprintf(buf, size, "%s/%d", current->name, current->pid);
	else
		snprintf(buf, size, "boot");
}

static void rp_trying(const struct report *r, const struct acquire *a)
{
	char w[48];

	who(w, sizeof(w), a);
	rp(r, "%s is trying to acquire lock:\n", w);
	rp_lock(r, (unsigned int)a->class, a->flags, a->ip);
}

static void rp_stack(const struct report *r, const struct held_stack *hs,
		     unsigned int from, unsigned int *n)
{
	for (unsigned int i = from; hs && i < hs->nr; i++) {
		const struct held_lock *h = &hs->held[i];

		rp(r, " #%u:", (*n)++);
		rp_lock(r, h->class, h->flags, h->ip);
	}
}

/* Lockdep's "locks held by" list: the CPU's spinlocks, then (outside a
 * hardirq) the task's sleeping locks. */
static void rp_held(const struct report *r, const struct acquire *a)
{
	unsigned int n = 0, base = lockdep_irq_base(a->cpu);
	const struct held_stack *ts = lockdep_in_irq(a->cpu) ? NULL : a->task;
	char w[48];

	who(w, sizeof(w), a);
	rp(r, "\n%u locks held by %s:\n",
	   a->cpu->stack.nr - base + (ts ? ts->nr : 0), w);
	rp_stack(r, ts, 0, &n);
	rp_stack(r, &a->cpu->stack, base, &n);
}

static const struct lock_edge *edge_find(unsigned int from, unsigned int to)
{
	for (unsigned int i = 0; i < lockdep.nr_edges; i++)
		if (lockdep.edges[i].from == from && lockdep.edges[i].to == to)
			return &lockdep.edges[i];
	return NULL;
}

/**
 * lockdep_report_cycle - the new lock already leads back to a held one.
 * @prev: the held lock
 * @a: the acquisition that would add @prev -> new and close the cycle
 *
 * lockdep_path(new, prev) has just succeeded: lockdep.parent[] holds the
 * recorded chain new -> ... -> prev. Called with graph_lock held; the
 * chain is copied and the lock dropped before anything is printed.
 */
void lockdep_report_cycle(const struct held_lock *prev,
			  const struct acquire *a)
{
	struct lock_edge chain[CHAIN_MAX];
	unsigned int n = 0, hops = 0;
	struct report r;

	for (unsigned int c = prev->class; c != (unsigned int)a->class;
	     c = lockdep.parent[c]) {
		const struct lock_edge *e = edge_find(lockdep.parent[c], c);

		if (n < CHAIN_MAX && e)
			chain[n++] = *e;
		hops++;
	}
	lockdep_graph_unlock();
	if (!report_begin(&r, (unsigned int)a->class,
			  "WARNING: possible circular locking dependency detected"))
		return;
	rp_trying(&r, a);
	rp(&r, "\nbut task is already holding lock:\n");
	rp_lock(&r, prev->class, prev->flags, prev->ip);
	rp(&r, "\nwhich lock already depends on the new lock.\n");
	rp(&r, "\nthe existing dependency chain (in reverse order) is:\n");
	for (unsigned int i = 0; i < n; i++) {
		rp(&r, "\n-> #%u", n - 1 - i);
		rp_lock(&r, chain[i].to, 0, chain[i].to_ip);
		rp(&r, "       taken while holding");
		rp_lock(&r, chain[i].from, 0, chain[i].from_ip);
	}
	if (hops > n)
		rp(&r, "\n(%u more dependencies in the chain)\n", hops - n);
	rp_held(&r, a);
	report_end(&r);
}

/**
 * lockdep_report_recursion - a second lock of a held class, no subclass.
 * @prev: the held lock of the same class
 * @a: the acquisition
 */
void lockdep_report_recursion(const struct held_lock *prev,
			      const struct acquire *a)
{
	struct report r;

	if (report_begin(&r, (unsigned int)a->class,
			 "WARNING: possible recursive locking detected")) {
		rp_trying(&r, a);
		rp(&r, "\nbut task is already holding lock:\n");
		rp_lock(&r, prev->class, prev->flags, prev->ip);
		rp(&r, "\nmay be due to missing lock nesting notation "
		       "(a subclass: spin_lock_nested())\n");
		rp_held(&r, a);
		report_end(&r);
	}
}

/**
 * lockdep_report_rank - the acquisition goes against kernel/lock_order.h.
 * @prev: the held lock of the same or a higher rank
 * @a: the acquisition
 */
void lockdep_report_rank(const struct held_lock *prev,
			 const struct acquire *a)
{
	struct report r;

	if (report_begin(&r, (unsigned int)a->class,
			 "WARNING: lock order violation detected")) {
		rp_trying(&r, a);
		rp(&r, "(rank %u in kernel/lock_order.h)\n",
		   lockdep.classes[a->class].rank);
		rp(&r, "\nbut task is already holding lock:\n");
		rp_lock(&r, prev->class, prev->flags, prev->ip);
		rp(&r, "(rank %u): inner locks must have higher ranks; code "
		       "that must go against the order uses a trylock\n",
		   lockdep.classes[prev->class].rank);
		rp_held(&r, a);
		report_end(&r);
	}
}

/**
 * lockdep_report_sleep - a sleeping lock waited for under a spinlock.
 * @a: the acquisition of the sleeping lock
 */
void lockdep_report_sleep(const struct acquire *a)
{
	struct report r;

	if (report_begin(&r, (unsigned int)a->class,
			 "BUG: sleeping lock acquired with a spinlock held")) {
		rp_trying(&r, a);
		rp(&r, "which may sleep, but %s\n",
		   lockdep_in_irq(a->cpu) ? "this is hardirq context" :
					    "a spinlock is held:");
		rp_held(&r, a);
		report_end(&r);
	}
}

/**
 * lockdep_report_irq - a class taken in hardirq context and with
 * interrupts on: the interrupt can arrive while the lock is held, on the
 * same CPU, and spin for ever.
 * @a: the second of the two kinds of use
 */
void lockdep_report_irq(const struct acquire *a)
{
	const struct lock_class *c = &lockdep.classes[a->class];
	bool in_irq = lockdep_in_irq(a->cpu);
	struct report r;

	if (report_begin(&r, (unsigned int)a->class,
			 "WARNING: inconsistent lock state")) {
		rp(&r, "inconsistent {%s} -> {%s} usage.\n",
		   in_irq ? "HARDIRQ-ON-W" : "IN-HARDIRQ-W",
		   in_irq ? "IN-HARDIRQ-W" : "HARDIRQ-ON-W");
		rp_trying(&r, a);
		rp(&r, "%s\n", in_irq ? "in hardirq context; it was taken "
					"with interrupts on at:" :
					"with interrupts on; it was taken "
					"in hardirq context at:");
		rp(&r, " %pS\n", (void *)(in_irq ? c->irqon_ip : c->irq_ip));
		rp(&r, "\nan interrupt on the CPU that holds it would spin "
		       "on it for ever.\n");
		rp_held(&r, a);
		report_end(&r);
	}
}

/**
 * lockdep_captured - the text of the last report about a capture class.
 *
 * Context: test code, while no other capture check runs.
 * Return: the report, or "" if none since lockdep_capture_reset().
 */
const char *lockdep_captured(void)
{
	return capture_buf;
}

/**
 * lockdep_capture_reset - forget the captured report.
 *
 * Context: test code.
 */
void lockdep_capture_reset(void)
{
	lockdep_graph_lock();
	capture_len = 0;
	capture_buf[0] = '\0';
	lockdep_graph_unlock();
}

/* A reference on the live task @owner, or NULL if it is gone. */
static struct task *task_get_live(const void *owner)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t, *found = NULL;

	list_for_each_entry(t, &task_list, tasks) {
		if (t == owner) {
			task_get(t);
			found = t;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/**
 * lockdep_show_all_locks - print every task's sleeping locks, in the
 * shape of Linux's debug_show_all_locks() (what the 4.x OOM reaper
 * prints after "unable to reap", to show who holds the victim's
 * mmap_lock). Spinlocks are per CPU and not listed.
 *
 * The stacks of running tasks are read as they are: a lock taken or let
 * go meanwhile may be missed or shown (Linux's list is as racy).
 * Context: task context, may sleep; takes tasklist_lock per task.
 */
void lockdep_show_all_locks(void)
{
	const struct report r = { .capture = false };

	pr_warn("\nShowing all locks held in the system:\n");
	for (unsigned int i = 0; i < LOCKDEP_TASK_SLOTS; i++) {
		const void *owner;
		const struct held_stack *hs = lockdep_slot(i, &owner);
		unsigned int n = 0, nr = __atomic_load_n(&hs->nr,
							 __ATOMIC_ACQUIRE);
		struct task *t;

		if (!owner || !nr || !(t = task_get_live(owner)))
			continue;
		pr_warn("%u lock%s held by %s/%d:\n", nr, nr == 1 ? "" : "s",
			t->name, t->pid);
		rp_stack(&r, hs, 0, &n);
		task_put(t);
	}
	pr_warn("\n=============================================\n\n");
}

#endif /* CONFIG_LOCKDEP */
