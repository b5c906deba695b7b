/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks: test-and-test-and-set on one word. Holding one disables
 * preemption (a preempted holder would make every other task on its CPU
 * spin until the next tick), so code under a spinlock must not sleep;
 * might_sleep() catches it. The _irqsave variants also keep the local
 * CPU's interrupt handlers out, for data an IRQ touches.
 *
 * Debug checks (always on; they cost a compare): taking a lock this CPU
 * already holds ("spinlock recursion") and releasing one this CPU does not
 * hold are fatal. Each lock counts acquisitions and contended waits in a
 * struct lock_stat (kernel/lockstat.h), updated while it is held.
 *
 * Debug builds also give every lock to the lock-dependency validator
 * (kernel/lockdep.h), which checks the order of kernel/lock_order.h.
 * spin_lock_init() classes a lock by its call site, SPINLOCK_INIT() by
 * its name; spin_lock_nested() takes a second lock of one class.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <arch/cpu.h>
#include "kernel/lockdep.h"
#include "kernel/lockstat.h"
#include "kernel/preempt.h"
#include "lib/types.h"

struct spinlock {
	u32 locked;		/* [a] 0 free, 1 held */
	u32 owner_cpu;		/* [self] holder's CPU + 1; 0 when free */
	const char *name;	/* [I] for diagnostics */
	struct lock_stat stat;	/* [self] */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep;	/* [I] key; [a] cached class */
#endif
};

#ifdef CONFIG_LOCKDEP
#define SPINLOCK_DEP_INIT(k)	.dep = LOCKDEP_MAP_INIT(k),
#else
#define SPINLOCK_DEP_INIT(k)
#endif

#define SPINLOCK_INIT(n)	{ .locked = 0, .name = (n) }
#define SPINLOCK_INIT_KEY(n, k)	{ SPINLOCK_DEP_INIT(k) .name = (n) }

static inline void spin_lock_init_key(struct spinlock *l, const char *name,
				      const struct lock_class_key *key)
{
	*l = (struct spinlock)SPINLOCK_INIT_KEY(name, key);
	(void)key;
}

/* The class of the lock is this call site. */
#define spin_lock_init(l, name)						\
	do {								\
		static const struct lock_class_key __key;		\
		spin_lock_init_key(l, name, &__key);			\
	} while (0)

static inline void spin_dep_acquire(struct spinlock *l, unsigned int sub,
				    unsigned int flags)
{
#ifdef CONFIG_LOCKDEP
	lockdep_acquire(&l->dep, l->name, sub, flags, 0);
#else
	(void)l;
	(void)sub;
	(void)flags;
#endif
}

static inline void spin_dep_release(struct spinlock *l)
{
#ifdef CONFIG_LOCKDEP
	lockdep_release(&l->dep);
#else
	(void)l;
#endif
}

#ifndef HOST_BUILD
#include <arch/percpu.h>

__noreturn void spin_bug(struct spinlock *l, const char *msg);

/* Owner id: the CPU + 1, or 1 before per-CPU areas (see preempt.h). */
static inline u32 spin_this_owner(void)
{
	return likely(preempt_ready) ? arch_this_cpu()->cpu + 1 : 1;
}
#else
static inline __noreturn void spin_bug(struct spinlock *l, const char *msg)
{
	(void)l;
	(void)msg;
	__builtin_trap();
}

static inline u32 spin_this_owner(void)
{
	return 1;
}
#endif

static inline bool __spin_trylock(struct spinlock *l)
{
	return !__atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline bool spin_trylock(struct spinlock *l)
{
	preempt_disable();
	if (!__spin_trylock(l)) {
		preempt_enable();
		return false;
	}
	l->owner_cpu = spin_this_owner();
	lock_stat_acquired(&l->stat, 0, false);
	spin_dep_acquire(l, 0, LOCKDEP_TRY);
	return true;
}

#ifndef HOST_BUILD
/* The contended half of spin_lock(), out of line: it counts the wait. */
void spin_lock_slow(struct spinlock *l);
#else
static inline void spin_lock_slow(struct spinlock *l)
{
	while (!__spin_trylock(l))
		arch_cpu_relax();
	l->owner_cpu = spin_this_owner();
	lock_stat_acquired(&l->stat, 0, false);
}
#endif

/*
 * Take @l, a second lock of a class already held: @subclass (1, 2...)
 * orders it after the subclass-0 one, as two run queues in CPU order.
 */
static inline void spin_lock_nested(struct spinlock *l, unsigned int subclass)
{
	preempt_disable();
	spin_dep_acquire(l, subclass, 0);
	if (unlikely(!__spin_trylock(l))) {
		spin_lock_slow(l);
		return;
	}
	l->owner_cpu = spin_this_owner();
	lock_stat_acquired(&l->stat, 0, false);
}

static inline void spin_lock(struct spinlock *l)
{
	spin_lock_nested(l, 0);
}

static inline void __spin_release(struct spinlock *l)
{
	if (unlikely(!__atomic_load_n(&l->locked, __ATOMIC_RELAXED)))
		spin_bug(l, "unlock of a lock that is not held");
	if (unlikely(l->owner_cpu != spin_this_owner()))
		spin_bug(l, "unlock of a lock held by another CPU");
	l->owner_cpu = 0;
	spin_dep_release(l);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline void spin_unlock(struct spinlock *l)
{
	__spin_release(l);
	preempt_enable();
}

static inline bool spin_is_locked(struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED);
}

/* Is @l held by this CPU? (Locks are per CPU, not per task: a task cannot
 * be switched out while it holds one.) */
static inline bool spin_held_here(struct spinlock *l)
{
	return spin_is_locked(l) &&
	       __atomic_load_n(&l->owner_cpu, __ATOMIC_RELAXED) ==
		       spin_this_owner();
}

static inline void spin_assert_held(struct spinlock *l)
{
	if (unlikely(!spin_held_here(l)))
		spin_bug(l, "lock expected to be held here is not");
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();

	spin_lock(l);
	return flags;
}

/* Unlock, restore interrupts, and only then offer to reschedule. */
static inline void spin_unlock_irqrestore(struct spinlock *l,
					  unsigned long flags)
{
	__spin_release(l);
	arch_irq_restore(flags);
	preempt_enable();
}

static inline void spin_lock_irq(struct spinlock *l)
{
	arch_irq_disable();
	spin_lock(l);
}

static inline void spin_unlock_irq(struct spinlock *l)
{
	__spin_release(l);
	arch_irq_enable();
	preempt_enable();
}

#endif
