// SPDX-License-Identifier: MIT
/*
 * Host stand-in for kernel/panic.c: the same entry points, ending the
 * test program with abort() so ASan prints a stack.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "kernel/panic.h"
#include "lib/format.h"

int panic_in_progress;
static unsigned int warn_count;

void dump_stack(void)
{
}

unsigned int warn_count_read(void)
{
	return warn_count;
}

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "Kernel panic - not syncing: %s\n", msg);
	abort();
}

__noreturn void bug_at(const char *file, int line, const char *expr)
{
	fprintf(stderr, "kernel BUG at %s:%d!\nBUG_ON(%s)\n", file, line, expr);
	abort();
}

void warn_at(const char *file, int line, const char *expr)
{
	warn_count++;
	fprintf(stderr, "WARNING: at %s:%d: %s\n", file, line, expr);
}
