/* SPDX-License-Identifier: MIT */
/*
 * Fatal and non-fatal error reports. panic() prints Linux's
 * "Kernel panic - not syncing:" line, which the host runner and LAVA
 * monitors treat as a failed boot, then stops the machine.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/types.h"

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
__noreturn void bug_at(const char *file, int line, const char *expr);
void warn_at(const char *file, int line, const char *expr);
void dump_stack(void);
unsigned int warn_count_read(void);
int oops_begin(void);

/* Set once by panic(): a second CPU or a nested fault must not recurse. */
extern int panic_in_progress;

#define BUG()		bug_at(__FILE__, __LINE__, "BUG()")
#define BUG_ON(cond)						\
	do {							\
		if (unlikely(cond))				\
			bug_at(__FILE__, __LINE__, #cond);	\
	} while (0)
#define WARN_ON(cond)						\
	({							\
		bool __w = !!(cond);				\
		if (unlikely(__w))				\
			warn_at(__FILE__, __LINE__, #cond);	\
		unlikely(__w);					\
	})

#endif
