/* SPDX-License-Identifier: MIT */
/*
 * Readiness (fs/poll.c): poll(2), ppoll(2), select(2) and pselect6(2)
 * over every file's f_op->poll(), and the one sleep state every blocking
 * file operation of fs/ uses.
 *
 * A file's poll() returns its POLL* bits now and, given a poll table,
 * hands it (poll_wait()) each wait queue whose wakeup may change them:
 * a pipe its reader and writer queues, an eventfd its counter's queue.
 * The waiter queues itself on all of them before it looks at any
 * file again, so an event between the look and the sleep wakes it.
 * A file without poll() is always readable and writable (Linux's
 * DEFAULT_POLLMASK: a regular file, /dev/null).
 */
#ifndef FS_POLL_H
#define FS_POLL_H

#include "kernel/signal.h"
#include "kernel/wait.h"
#include "lib/errno.h"
#include "lib/types.h"

/* poll(2)'s event bits: Linux's values (include/uapi/asm-generic/poll.h). */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/*
 * How fs/ sleeps for a peer (a pipe's reader or writer, an eventfd's
 * count, the console's input, poll): any signal ends the sleep.
 */
#define FS_WAIT_STATE	TASK_INTERRUPTIBLE

/*
 * fs_wait_event() returns -ERESTARTSYS for a signal, as Linux's
 * wait_event_interruptible() does: the syscall is made again when no
 * handler runs (a stop and SIGCONT, an ignored signal) or the handler
 * has SA_RESTART, and fails -EINTR otherwise (kernel/signal_deliver.c).
 */
static inline int fs_wait_result(int r)
{
	return r == -EINTR ? -ERESTARTSYS : r;
}

#define fs_wait_event(wq, cond)						\
	((cond) ? 0 :							\
	 fs_wait_result((int)__wait_event_common(wq, cond, FS_WAIT_STATE, \
						 -1)))

struct file;
struct poll_table;

void poll_wait(struct file *file, struct wait_queue_head *wq,
	       struct poll_table *pt);
unsigned int vfs_poll(struct file *file, struct poll_table *pt);

#endif
