// SPDX-License-Identifier: MIT
/*
 * The hold file, /sys/kernel/oomlab/hold (fs/oomlab_hold.h): opening it
 * sleeps in TASK_UNINTERRUPTIBLE until oomlab_hold_release() - a fatal
 * signal does not end the sleep, as it does not end Linux's waits for
 * I/O - or until OOMLAB_HOLD_MAX_MS have passed, so that a test that
 * fails before its release cannot leave a process in the kernel for
 * ever. Its text is "released\n" or "timed out\n".
 *
 * A release wakes every sleeper of the moment; an open after it sleeps
 * until the next one. The OOM scenarios use it for a victim that is slow
 * to exit without blocking on its mmap lock.
 *
 * Locking: hold_wq's own; [a] hold_seq, hold_sleepers.
 */
#include "fs/oomlab_hold.h"
#include "kernel/timer.h"
#include "kernel/wait.h"

static DECLARE_WAIT_QUEUE_HEAD(hold_wq);
static unsigned long hold_seq;		/* [a] bumped by every release */
static unsigned int hold_sleepers;	/* [a] opens asleep now */

static int hold_show(void *data, struct pseudo_buf *buf)
{
	unsigned long seen = __atomic_load_n(&hold_seq, __ATOMIC_ACQUIRE);
	long left;

	__atomic_add_fetch(&hold_sleepers, 1, __ATOMIC_RELAXED);
	left = wait_event_timeout(hold_wq,
				  __atomic_load_n(&hold_seq,
						  __ATOMIC_ACQUIRE) != seen,
				  msecs_to_jiffies(OOMLAB_HOLD_MAX_MS));
	__atomic_sub_fetch(&hold_sleepers, 1, __ATOMIC_RELAXED);
	pseudo_printf(buf, left ? "released\n" : "timed out\n");
	return 0;
}

const struct pseudo_file_ops oomlab_hold_ops = {
	.show = hold_show,
};

/**
 * oomlab_hold_release - wake every task asleep in an open of the hold
 * file.
 *
 * Context: task context.
 */
void oomlab_hold_release(void)
{
	__atomic_add_fetch(&hold_seq, 1, __ATOMIC_RELEASE);
	wake_up_all(&hold_wq);
}

/**
 * oomlab_hold_sleepers - how many tasks sleep in the hold file's open.
 *
 * Context: any. Return: the count, stale at once.
 */
unsigned int oomlab_hold_sleepers(void)
{
	return __atomic_load_n(&hold_sleepers, __ATOMIC_RELAXED);
}
