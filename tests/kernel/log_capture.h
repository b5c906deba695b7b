/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper: run a step with the console silenced and check what it
 * printed in the printk ring. Tests that trigger WARN_ON() or int3 on
 * purpose use it so the expected report does not reach the serial log,
 * where the runner would count it as a real warning.
 */
#ifndef TESTS_KERNEL_LOG_CAPTURE_H
#define TESTS_KERNEL_LOG_CAPTURE_H

#include "kernel/printk.h"
#include "lib/string.h"

#define LOG_CAPTURE_TAIL	4096

struct log_capture {
	int saved_loglevel;
};

static inline void log_capture_begin(struct log_capture *c)
{
	c->saved_loglevel = console_loglevel;
	console_loglevel = 0;	/* keep everything in the ring only */
}

static inline void log_capture_end(struct log_capture *c)
{
	console_loglevel = c->saved_loglevel;
}

/* Does the newest LOG_CAPTURE_TAIL bytes of the log contain @needle? */
static inline bool log_capture_contains(const char *needle)
{
	static char tail[LOG_CAPTURE_TAIL];
	size_t n = printk_ring_read(tail, sizeof(tail));
	size_t len = strlen(needle);

	for (size_t i = 0; i + len <= n; i++)
		if (!memcmp(tail + i, needle, len))
			return true;
	return false;
}

#endif
