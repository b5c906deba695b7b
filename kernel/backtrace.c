// SPDX-License-Identifier: MIT
/*
 * Frame-pointer stack walk (the kernel is built with
 * -fno-omit-frame-pointer). Each frame is { saved rbp, return address }.
 * The walk stops at a NULL or misaligned frame, one outside the kernel's
 * half of the address space, or after MAX_FRAMES, so a corrupt stack
 * cannot turn a panic into a second fault.
 */
#include <arch/layout.h>
#include "kernel/backtrace.h"
#include "kernel/printk.h"

#define MAX_FRAMES	32

struct frame {
	struct frame *next;
	u64 ret;
};

static bool frame_plausible(const struct frame *f)
{
	u64 a = (u64)f;

	return a >= DIRECT_MAP_BASE && (a & 7) == 0;
}

void backtrace_print(u64 frame_pointer)
{
	const struct frame *f = (const struct frame *)frame_pointer;

	pr_emerg("Call Trace:\n");
	for (int i = 0; i < MAX_FRAMES && frame_plausible(f); i++) {
		if (!f->ret)
			break;
		pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)f->ret,
			 (void *)(f->ret - 1));
		if (f->next <= f)	/* stacks grow down: frames go up */
			break;
		f = f->next;
	}
}
