/* SPDX-License-Identifier: MIT */
/*
 * What kernel/lockdep.c and kernel/lockdep_report.c share: the class and
 * edge tables, the held-lock stacks and one acquisition being checked.
 *
 * Locking: as kernel/lockdep.c: [g] graph_lock; [c] this CPU, interrupts
 * off; [t] the owning task; [a] atomic; [I] set once.
 */
#ifndef KERNEL_LOCKDEP_INTERNAL_H
#define KERNEL_LOCKDEP_INTERNAL_H

#include "kernel/lockdep.h"

#define LOCKDEP_CLASSES_MAX	512	/* multiple of 64 */
#define LOCKDEP_EDGES_MAX	4096
#define LOCKDEP_CPU_HELD_MAX	24
#define LOCKDEP_TASK_HELD_MAX	12
#define LOCKDEP_IRQ_NEST_MAX	4

/* lock_class.usage bits */
#define LOCK_USED_IN_IRQ	(1U << 0)	/* taken in hardirq context */
#define LOCK_ENABLED_IRQ	(1U << 1)	/* taken with interrupts on */

struct lock_class {
	const struct lock_class_key *key;	/* [I] NULL: by name */
	const char *name;			/* [I] */
	unsigned int subclass;			/* [I] */
	unsigned int rank;			/* [I] 0: not in the table */
	bool capture;				/* [I] a test's class */
	bool dumped;				/* [a] printed by lockdep.dump */
	u8 usage;				/* [a] LOCK_* bits */
	u16 sub[LOCKDEP_SUBCLASS_MAX];		/* [g] subclass classes + 1 */
	unsigned long irq_ip;			/* [a] first hardirq use */
	unsigned long irqon_ip;			/* [a] first use, irqs on */
};

/* Recorded on its first sighting: @to taken at @to_ip holding @from. */
struct lock_edge {
	u16 from, to;				/* [I] */
	unsigned long from_ip, to_ip;		/* [I] */
};

struct held_lock {
	const struct lockdep_map *map;	/* which lock: for the release */
	unsigned long ip;		/* where it was taken */
	u16 class;
	u8 flags;			/* LOCKDEP_* of the acquisition */
};

struct held_stack {
	struct held_lock held[LOCKDEP_CPU_HELD_MAX];	/* oldest first */
	unsigned int nr;
};

/* One CPU's spinlocks, and where each nested hardirq's begin. [c] */
struct cpu_held {
	struct held_stack stack;
	unsigned int irq_depth;
	unsigned int irq_base[LOCKDEP_IRQ_NEST_MAX];
	unsigned int busy;	/* in the validator: nested locks untracked */
	unsigned int slot_hint;	/* task slot last used here */
};

struct lockdep_state {
	bool on;					/* [a] */
	unsigned int reports;				/* [a] printed */
	unsigned int nr_classes;			/* [g] */
	unsigned int nr_edges;				/* [g] */
	struct lock_class classes[LOCKDEP_CLASSES_MAX];	/* [g] to add */
	u64 deps[LOCKDEP_CLASSES_MAX][LOCKDEP_CLASSES_MAX / 64]; /* [g] set;
							   [a] read */
	struct lock_edge edges[LOCKDEP_EDGES_MAX];	/* [g] */
	u16 parent[LOCKDEP_CLASSES_MAX];		/* [g] lockdep_path() */
};

/* The acquisition being checked. */
struct acquire {
	unsigned long ip;
	unsigned int flags;
	unsigned int subclass;
	int class;
	bool irqs_on;			/* interrupts were on at the call */
	struct cpu_held *cpu;
	struct held_stack *task;	/* its sleeping locks, or NULL */
};

extern struct lockdep_state lockdep;

void lockdep_graph_lock(void);
void lockdep_graph_unlock(void);
bool lockdep_path(unsigned int from, unsigned int to);
void lockdep_off(const char *why);
#define LOCKDEP_TASK_SLOTS	128	/* tasks holding sleeping locks at once */
const struct held_stack *lockdep_slot(unsigned int i, const void **owner);
struct cpu_held *lockdep_this_cpu(void);
struct held_stack *lockdep_task_stack(bool create);

static inline bool lockdep_in_irq(const struct cpu_held *ch)
{
	return ch->irq_depth != 0;
}

/* Index of the first CPU-stack entry the current context may depend on. */
static inline unsigned int lockdep_irq_base(const struct cpu_held *ch)
{
	unsigned int d = ch->irq_depth;

	if (!d)
		return 0;
	return ch->irq_base[d <= LOCKDEP_IRQ_NEST_MAX ? d - 1 :
						       LOCKDEP_IRQ_NEST_MAX - 1];
}

/* The reports (lockdep_report.c). Each one prints, or captures for a
 * capture class, and for a printed one turns the validator off. */
void lockdep_report_cycle(const struct held_lock *prev,
			  const struct acquire *a);	/* drops graph_lock */
void lockdep_report_recursion(const struct held_lock *prev,
			      const struct acquire *a);
void lockdep_report_rank(const struct held_lock *prev,
			 const struct acquire *a);
void lockdep_report_sleep(const struct acquire *a);
void lockdep_report_irq(const struct acquire *a);

#endif
