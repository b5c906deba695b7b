/* SPDX-License-Identifier: MIT */
/*
 * eventfd(2) and eventfd2(2) (fs/eventfd.c): a file holding a 64-bit
 * counter. write(2) adds to it, read(2) takes it (or 1 of it with
 * EFD_SEMAPHORE), both 8 bytes, blocking while the counter is 0 (read)
 * or would pass EVENTFD_MAX (write), unless O_NONBLOCK.
 *
 * The kernel signals one through its context (Linux's eventfd_signal())
 * and learns of its last close through a close hook: cgroup v1's OOM
 * notification (fs/cgroupfs_event.c) uses both.
 */
#ifndef FS_EVENTFD_H
#define FS_EVENTFD_H

#include "lib/list.h"
#include "lib/types.h"

#define EVENTFD_MAX	0xfffffffffffffffeULL	/* the largest count */

/* eventfd2()'s flags: Linux's values. */
#define EFD_SEMAPHORE	1
#define EFD_CLOEXEC	02000000	/* O_CLOEXEC */
#define EFD_NONBLOCK	00004000	/* O_NONBLOCK */

struct eventfd_ctx;
struct file;

/* Run once, with no lock held, when the eventfd's last file closes. */
struct eventfd_close_hook {
	struct list_head node;		/* the context's wait queue lock */
	void (*closed)(struct eventfd_close_hook *hook);
};

void eventfd_init(void);
struct file *eventfd_file_create(unsigned int count, int flags);
struct eventfd_ctx *eventfd_ctx_of(struct file *f);
void eventfd_ctx_get(struct eventfd_ctx *ctx);
void eventfd_ctx_put(struct eventfd_ctx *ctx);
void eventfd_signal(struct eventfd_ctx *ctx, u64 n);
void eventfd_on_close(struct eventfd_ctx *ctx, struct eventfd_close_hook *h);
u64 eventfd_count(struct eventfd_ctx *ctx);

#endif
