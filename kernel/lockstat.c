// SPDX-License-Identifier: MIT
/*
 * Lock statistics registry and printing (kernel/lockstat.h). The registry
 * is a singly linked list under lockstat_lock; a registered lock must be
 * unregistered before its memory is freed.
 */
#include "kernel/lockstat.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"

static struct spinlock lockstat_lock = SPINLOCK_INIT("lockstat");
static struct lock_stat *lockstat_list;	/* [lockstat_lock] */

void lock_stat_reset(struct lock_stat *s)
{
	s->acquisitions = 0;
	s->contentions = 0;
	s->wait_total = 0;
	s->wait_max = 0;
}

/**
 * lockstat_register - list @s in lockstat_print_all().
 * @s: the lock's statistics
 * @name: printed name
 *
 * Context: any; takes lockstat_lock.
 */
void lockstat_register(struct lock_stat *s, const char *name)
{
	unsigned long flags = spin_lock_irqsave(&lockstat_lock);

	s->name = name;
	if (!s->registered) {
		s->next = lockstat_list;
		lockstat_list = s;
		s->registered = true;
	}
	spin_unlock_irqrestore(&lockstat_lock, flags);
}

/**
 * lockstat_unregister - take @s off the list before its lock goes away.
 * @s: statistics registered with lockstat_register()
 *
 * Context: any; takes lockstat_lock.
 */
void lockstat_unregister(struct lock_stat *s)
{
	unsigned long flags = spin_lock_irqsave(&lockstat_lock);

	for (struct lock_stat **pp = &lockstat_list; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			s->registered = false;
			break;
		}
	}
	spin_unlock_irqrestore(&lockstat_lock, flags);
}

/**
 * lockstat_print - one line of statistics for one lock.
 * @s: the statistics
 * @name: what to call the lock; NULL uses the registered name
 *
 * Format: "lockstat NAME: acq N contended N (P%) wait total Nns max Nns".
 * Context: any (printk).
 */
void lockstat_print(const struct lock_stat *s, const char *name)
{
	u64 acq = s->acquisitions, con = s->contentions;

	pr_info("lockstat %s: acq %llu contended %llu (%llu%%) wait total %lluns max %lluns\n",
		name ? name : (s->name ? s->name : "?"),
		(unsigned long long)acq, (unsigned long long)con,
		(unsigned long long)(acq ? con * 100 / acq : 0),
		(unsigned long long)cycles_to_ns(s->wait_total),
		(unsigned long long)cycles_to_ns(s->wait_max));
}

/**
 * lockstat_print_all - print every registered lock's statistics.
 *
 * Context: any.
 */
void lockstat_print_all(void)
{
	unsigned long flags = spin_lock_irqsave(&lockstat_lock);

	for (struct lock_stat *s = lockstat_list; s; s = s->next)
		lockstat_print(s, NULL);
	spin_unlock_irqrestore(&lockstat_lock, flags);
}
