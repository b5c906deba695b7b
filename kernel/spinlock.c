// SPDX-License-Identifier: MIT
/*
 * The out-of-line halves of the spinlock (kernel/spinlock.h): the
 * contended wait, which is where recursion is detected and the wait is
 * timed, and the fatal report of a misused lock.
 */
#include <arch/cpu.h>
#include "kernel/panic.h"
#include "kernel/spinlock.h"

/**
 * spin_bug - report a misused spinlock and stop.
 * @l: the lock
 * @msg: what was wrong
 *
 * Goes straight to panic(), which takes the console with trylocks: the
 * lock in question may be printk's own.
 */
__noreturn void spin_bug(struct spinlock *l, const char *msg)
{
	panic("spinlock %s: %s (held by CPU %d, this is CPU %u)",
	      l->name ? l->name : "?", msg, (int)l->owner_cpu - 1,
	      spin_this_owner() - 1);
}

/**
 * spin_lock_slow - wait for a contended spinlock.
 * @l: the lock; the caller has disabled preemption
 *
 * Context: any. Waiting for a lock this CPU holds would never end: that is
 * reported as recursion instead.
 */
void spin_lock_slow(struct spinlock *l)
{
	u64 start = arch_rdtsc();

	if (__atomic_load_n(&l->owner_cpu, __ATOMIC_RELAXED) ==
	    spin_this_owner())
		spin_bug(l, "recursion");
	do {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
	} while (!__spin_trylock(l));
	l->owner_cpu = spin_this_owner();
	lock_stat_acquired(&l->stat, arch_rdtsc() - start, true);
}
