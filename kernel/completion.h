/* SPDX-License-Identifier: MIT */
/*
 * Completions: "wait until this happened" without a race, as in Linux.
 * complete() releases one waiter (or lets the next wait through at once),
 * complete_all() every present and future waiter until
 * reinit_completion(). Built on a wait queue whose lock also guards done.
 *
 * Locking: [w] x->wait.lock.
 */
#ifndef KERNEL_COMPLETION_H
#define KERNEL_COMPLETION_H

#include "kernel/wait.h"

#define COMPLETION_DONE_ALL	(~0U)

struct completion {
	unsigned int done;		/* [w] completions not yet consumed */
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(name)					\
	{ .done = 0, .wait = WAIT_QUEUE_HEAD_INIT((name).wait) }
#define DECLARE_COMPLETION(name)					\
	struct completion name = COMPLETION_INITIALIZER(name)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
long wait_for_completion_timeout(struct completion *x, long timeout);
int wait_for_completion_killable(struct completion *x);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
unsigned int completion_nr_waiters(struct completion *x);

#endif
