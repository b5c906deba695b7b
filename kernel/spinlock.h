/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks: test-and-test-and-set on one word. The _irqsave variants also
 * keep the local CPU's interrupt handlers out, for data an IRQ touches.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <arch/cpu.h>
#include "lib/types.h"

struct spinlock {
	u32 locked;		/* [a] 0 free, 1 held */
	const char *name;	/* [I] for diagnostics */
};

#define SPINLOCK_INIT(n)	{ .locked = 0, .name = (n) }

static inline bool spin_trylock(struct spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(struct spinlock *l)
{
	while (!spin_trylock(l))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED);
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l,
					  unsigned long flags)
{
	spin_unlock(l);
	arch_irq_restore(flags);
}

#endif
