/* SPDX-License-Identifier: MIT */
/*
 * A process's console output: what its threads write(2) to fds 1 and 2.
 * Whole lines go to the kernel log as "[comm pid] text" (the runner and
 * the tests read those lines), and, when the spawner asked, every byte is
 * also copied to its struct process_output.
 *
 * Locking: [I] immutable after user_console_init(); [o] console->lock (a
 * mutex: printk may be slow).
 */
#ifndef KERNEL_USER_CONSOLE_H
#define KERNEL_USER_CONSOLE_H

#include "kernel/mutex.h"
#include "lib/types.h"

/*
 * Where a process's stdout/stderr bytes are copied besides the log, for
 * the kernel that spawned it (tests parse result lines from it). Filled
 * under the console's lock; read by its owner after process_wait().
 */
struct process_output {
	char *buf;			/* NUL-terminated within size */
	size_t size;
	size_t len;
	bool truncated;			/* bytes were dropped */
};

#define USER_CONSOLE_LINE_MAX	160	/* a longer log line is split */

struct user_console {
	struct mutex lock;
	struct process_output *out;	/* [I] NULL: log only */
	char line[USER_CONSOLE_LINE_MAX]; /* [o] the unfinished log line */
	size_t line_len;		/* [o] */
};

void user_console_init(struct user_console *c, struct process_output *out);
void user_console_write(struct user_console *c, int tgid, const char *buf,
			size_t n);
void user_console_flush(struct user_console *c, int tgid);

#endif
