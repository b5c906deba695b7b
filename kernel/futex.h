/* SPDX-License-Identifier: MIT */
/*
 * Futexes: sleep until a 32-bit word changes (FUTEX_WAIT), wake sleepers
 * on a word (FUTEX_WAKE). Waiters hash by key into buckets; the value is
 * read under the bucket lock before the waiter is queued, so a wake
 * that follows a change of the word is never lost. Buckets are shared
 * across processes: no user-memory fault is ever handled under their
 * lock, so one process's mmap_lock never delays another's wake.
 *
 * Keys: oomlab has anonymous memory only and no fork, so a word can only
 * be shared by threads of one mm: (mm, address) is the key for private
 * and shared futexes alike. File-backed and MAP_SHARED-across-fork keys
 * (Linux's inode/page keys) come with those features.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include "lib/types.h"

/* futex(2) operations and flags (Linux's values). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_WAIT_BITSET	9	/* absolute timeout; glibc's waits */
#define FUTEX_WAKE_BITSET	10
#define FUTEX_BITSET_MATCH_ANY	0xffffffffU
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

struct futex_key {
	const void *mm;		/* the address space (an opaque cookie) */
	u64 addr;		/* 4-byte aligned address in it */
};

/* futex_wait()'s timeout that never ends. */
#define FUTEX_NO_TIMEOUT	(~0ULL)

/*
 * Reads the current value of the word at @addr: 0 or -EFAULT. Must honour
 * pagefault_disable() (the uaccess routines do): it is called under a
 * spinlock with faults disabled.
 */
typedef int (*futex_read_fn)(u64 addr, u32 *val);

long futex_wait(struct futex_key key, futex_read_fn read, u32 val,
		u64 timeout_ns);
long futex_wake(struct futex_key key, int nr);
unsigned long futex_nr_waiters(void);
unsigned int futex_hash(struct futex_key key);

#endif
