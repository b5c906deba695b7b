/* SPDX-License-Identifier: MIT */
/*
 * Lock-dependency validator (debug builds): Linux's lockdep in spirit.
 * Every spinlock, mutex and rwsem belongs to a class, and every
 * acquisition records "held A, then took B" as an edge A -> B between
 * classes. The first acquisition that would close a cycle, take a lock
 * out of the rank order of kernel/lock_order.h, take a sleeping lock with
 * a spinlock held, or take a lock both in hardirq context and with
 * interrupts on prints one report (docs/locking.md shows how to read it),
 * fails the running ktest case and turns the validator off, as Linux's
 * does after its first report.
 *
 * Classes: a lock initialised by spin_lock_init(), mutex_init() or
 * init_rwsem() is classed by that call site (a static key the macro
 * makes there); one initialised by SPINLOCK_INIT() and friends, by its
 * name: every lock of one name is one class. The *_init_key() variants
 * take an explicit key, for a helper that initialises locks of many
 * kinds. Two locks of one class may be nested only with a subclass
 * (spin_lock_nested()).
 *
 * Read holds of an rwsem are dependencies exactly like write holds: a
 * reader waits behind a queued writer, so A(read) -> B in one task and
 * B -> A(write) in another deadlock, and so does a second down_read() of
 * a class already held for reading.
 *
 * Trylocks never wait: they add no edge into the lock tried and skip the
 * rank check, but locks taken while holding one do record edges from it.
 *
 * CONFIG_LOCKDEP is CONFIG_DEBUG in the kernel; host builds and
 * `make bench` (DEBUG=0) compile all of it out, and so does
 * EXTRA_KCFLAGS=-DCONFIG_NO_LOCKDEP (to measure what it costs).
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include "lib/types.h"

#if defined(CONFIG_DEBUG) && !defined(HOST_BUILD) && !defined(CONFIG_NO_LOCKDEP)
#define CONFIG_LOCKDEP 1
#endif

/*
 * A class key: the identity of a lock class. @name names the class
 * (NULL: the first lock's name); @rank overrides the rank table (0: look
 * the class name up there); @capture classes are the tests' own: a
 * report about one is kept for lockdep_captured() instead of printed,
 * and neither fails the case nor turns the validator off.
 */
struct lock_class_key {
	const char *name;
	unsigned int rank;
	bool capture;
};

/* A lock's link to its class, embedded in every lock (CONFIG_LOCKDEP). */
struct lockdep_map {
	const struct lock_class_key *key;	/* [I] NULL: class by name */
	u16 class;				/* [a] cached class + 1 */
};

#define LOCKDEP_MAP_INIT(k)	{ .key = (k), .class = 0 }

/* What an acquisition is (lockdep_acquire() @flags). */
#define LOCKDEP_SLEEP	(1U << 0)	/* a mutex or rwsem */
#define LOCKDEP_TRY	(1U << 1)	/* a trylock that succeeded */
#define LOCKDEP_READ	(1U << 2)	/* an rwsem read hold */

#define LOCKDEP_SUBCLASS_MAX	4	/* subclasses 0..3 */

/* The acquisition site, in a lock function that is called. */
#define LOCKDEP_RET_IP	((unsigned long)__builtin_return_address(0))

#ifdef CONFIG_LOCKDEP
void lockdep_acquire(struct lockdep_map *m, const char *name,
		     unsigned int subclass, unsigned int flags,
		     unsigned long ip);
void lockdep_release(struct lockdep_map *m);
void lockdep_hardirq_enter(void);
void lockdep_hardirq_exit(void);
bool lockdep_enabled(void);
unsigned int lockdep_report_count(void);
const char *lockdep_captured(void);
void lockdep_capture_reset(void);
void lockdep_show_all_locks(void);
#else
static inline void lockdep_acquire(struct lockdep_map *m, const char *name,
				   unsigned int subclass, unsigned int flags,
				   unsigned long ip)
{
	(void)m;
	(void)name;
	(void)subclass;
	(void)flags;
	(void)ip;
}

static inline void lockdep_release(struct lockdep_map *m)
{
	(void)m;
}

static inline void lockdep_hardirq_enter(void) {}
static inline void lockdep_hardirq_exit(void) {}
static inline bool lockdep_enabled(void) { return false; }
static inline unsigned int lockdep_report_count(void) { return 0; }
static inline const char *lockdep_captured(void) { return ""; }
static inline void lockdep_capture_reset(void) {}
static inline void lockdep_show_all_locks(void) {}
#endif

#endif
