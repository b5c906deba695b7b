// SPDX-License-Identifier: MIT
/*
 * memory.high: a soft limit that never OOM-kills. A charge that leaves a
 * memcg (or an ancestor) above its high marks the charging task with the
 * pages it charged; on its way back to user space the task reclaims that
 * many pages from every memcg of its hierarchy still above high,
 * counting the `high` event on each (Linux's reclaim_high()). From Linux
 * 5.4 (0e4b01df8659) a task whose reclaim cannot keep up is also put to
 * sleep, longer the further the group is over:
 *
 *   overage = ((usage - high) << 20) / high      (largest of the ancestors)
 *   penalty = overage^2 * HZ >> 20 >> 14, times charged / batch
 *
 * capped at 2 s per return, skipped when it is at most HZ/100, and only
 * after reclaim has stopped making progress for the design's retry
 * budget (Linux 6.1's mem_cgroup_handle_over_high()).
 *
 * Per design: PRE (4.17), V419RFC and V419 (4.19) reclaim only.
 * V419PLUS stands for 5.15 in this file as in the charge path (its
 * budget of 16 retries is 5.9's), so it throttles like MOD, as every
 * kernel from 5.4 does. Those two also do the work inside a charge once
 * a task owes more than a batch without having returned to user space
 * (one mlock() or read() charging hundreds of pages: memcg_high_sync()),
 * as Linux 6.1's try_charge() does. Not modelled: the high_work of an
 * interrupt-context charge (no charge here comes from an interrupt).
 *
 * Locking: [a] the throttle counter; current's mark is its own ([c]).
 */
#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "mm/memcg.h"
#include "mm/gfp.h"
#include "mm/memcg_design.h"
#include "mm/vmscan.h"

#define HIGH_DELAY_PRECISION_SHIFT	20	/* Linux's MEMCG_DELAY_* */
#define HIGH_DELAY_SCALING_SHIFT	14

static u64 throttled_jiffies;		/* [a] slept by every task */

/**
 * memcg_high_throttled_jiffies - ticks tasks slept over memory.high.
 *
 * Context: any. Return: the total since boot.
 */
u64 memcg_high_throttled_jiffies(void)
{
	return __atomic_load_n(&throttled_jiffies, __ATOMIC_RELAXED);
}

static bool over_high(const struct memcg *m)
{
	return page_counter_read(&m->memory) >
	       __atomic_load_n(&m->high, __ATOMIC_RELAXED);
}

/**
 * memcg_high_mark - after a charge of @charged pages to @m's counter:
 * if @m or an ancestor is now above its memory.high, have current
 * reclaim them before it returns to user space.
 * @m: the memcg charged
 * @charged: the pages the charge put on the counter (its batch)
 *
 * A kernel thread never returns to user space: it is not marked.
 * Context: task context.
 */
void memcg_high_mark(struct memcg *m, unsigned int charged)
{
	if (!current->mm)
		return;
	for (; m && !memcg_is_root(m); m = m->parent) {
		if (over_high(m)) {
			current->memcg_nr_pages_over_high += charged;
			return;
		}
	}
}

/**
 * memcg_high_sync - the end of a charge that may block: a task owing the
 * memory.high work of more than a batch of pages does it now rather
 * than charge on to memory.max before its return to user space (Linux
 * 6.1's try_charge(), for V419PLUS and MOD).
 * @gfp: the charge's flags
 *
 * Context: task context, as memcg_charge(); may sleep when @gfp allows
 * blocking (reclaim, the throttle's killable sleep).
 */
void memcg_high_sync(gfp_t gfp)
{
	enum memcg_design d = memcg_get_design();

	if (d >= MEMCG_DESIGN_V419PLUS && gfpflags_allow_blocking(gfp) &&
	    current->memcg_nr_pages_over_high > memcg_design_batch(d))
		memcg_handle_over_high();
}

/* Reclaim @nr pages from each memcg from @m up that is over high. */
static unsigned long reclaim_high(struct memcg *m, unsigned long nr)
{
	unsigned long freed = 0;

	for (; m && !memcg_is_root(m); m = m->parent) {
		if (!over_high(m))
			continue;
		memcg_memory_event(m, MEMCG_HIGH);
		freed += try_to_free_mem_cgroup_pages(m, nr, GFP_KERNEL);
	}
	return freed;
}

/* The largest overage of @m and its ancestors, 20 bits of fraction. */
static u64 max_overage(const struct memcg *m)
{
	u64 worst = 0;

	for (; m && !memcg_is_root(m); m = m->parent) {
		long usage = page_counter_read(&m->memory);
		long high = __atomic_load_n(&m->high, __ATOMIC_RELAXED);
		u64 over;

		if (usage <= high)
			continue;
		high = high > 1 ? high : 1;
		over = ((u64)(usage - high) << HIGH_DELAY_PRECISION_SHIFT) /
		       (u64)high;
		worst = over > worst ? over : worst;
	}
	return worst;
}

/* The penalty in ticks for @nr pages charged over high, capped at 2 s. */
static u64 high_delay(const struct memcg *m, unsigned int nr,
		      enum memcg_design d)
{
	u64 over = max_overage(m), hz = time_hz(), ticks;

	ticks = over * over * hz;
	ticks >>= HIGH_DELAY_PRECISION_SHIFT + HIGH_DELAY_SCALING_SHIFT;
	ticks = ticks * nr / memcg_design_batch(d);
	return ticks < 2 * hz ? ticks : 2 * hz;
}

/* 5.4 on: reclaim while it helps, then sleep off the penalty. */
static void throttle_over_high(struct memcg *m, unsigned int nr,
			       unsigned long freed, enum memcg_design d)
{
	unsigned int retries = memcg_design_retries(d);
	u64 penalty;

	for (;;) {
		penalty = high_delay(m, nr, d);
		if (penalty <= time_hz() / 100)
			return;
		if (!freed && !retries)
			break;
		if (!freed)
			retries--;
		freed = reclaim_high(m, VMSCAN_BATCH);
	}
	__atomic_add_fetch(&throttled_jiffies, penalty, __ATOMIC_RELAXED);
	schedule_timeout_killable((long)penalty);
}

/**
 * memcg_handle_over_high - the memory.high work current owes: reclaim
 * the pages it charged over high, and from Linux 5.4 sleep if reclaim
 * cannot keep up (see the file header). Nothing when it owes nothing.
 *
 * Context: the return to user space, interrupts on, no lock held; may
 * sleep (killable: a fatal signal ends the sleep).
 */
void memcg_handle_over_high(void)
{
	unsigned int nr = current->memcg_nr_pages_over_high;
	enum memcg_design d = memcg_get_design();
	unsigned long freed;
	struct memcg *m;

	if (!nr)
		return;
	current->memcg_nr_pages_over_high = 0;
	m = memcg_get_from_mm(current->mm);
	freed = reclaim_high(m, nr);
	if (d >= MEMCG_DESIGN_V419PLUS)
		throttle_over_high(m, nr, freed, d);
	memcg_put(m);
}
