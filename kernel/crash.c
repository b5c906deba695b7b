// SPDX-License-Identifier: MIT
/*
 * crash=MODE: the runner's self-tests. Each mode ends the boot in the way
 * its name says, so the runner can check that it reports each one:
 *
 *   none            run the tests (the default)
 *   panic           panic()                        -> QEMU status 37
 *   hang            spin with interrupts off       -> runner timeout
 *   page_fault      read an unmapped address       -> oops, status 37
 *   double_fault    #PF on an unusable stack       -> #DF on IST, 37
 *   triple_fault    exception with an empty IDT    -> reset (status 0
 *                                                     under -no-reboot)
 *   divide_error    divide by zero                 -> oops, status 37
 *   invalid_opcode  ud2                            -> oops, status 37
 *   bug             BUG_ON(1)                      -> status 37
 *   warn            WARN_ON(1), then the tests run -> their status
 *   stack_overflow  a kernel thread recurses off   -> #DF on IST names
 *                   the bottom of its stack           the overflow, 37
 */
#include <arch/cpu.h>
#include <arch/traps.h>
#include "kernel/cmdline.h"
#include "kernel/completion.h"
#include "kernel/crash.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static const char *const crash_mode_names[CRASH_NR_MODES + 1] = {
	[CRASH_NONE] = "none",
	[CRASH_PANIC] = "panic",
	[CRASH_HANG] = "hang",
	[CRASH_PAGE_FAULT] = "page_fault",
	[CRASH_DOUBLE_FAULT] = "double_fault",
	[CRASH_TRIPLE_FAULT] = "triple_fault",
	[CRASH_DIVIDE_ERROR] = "divide_error",
	[CRASH_INVALID_OPCODE] = "invalid_opcode",
	[CRASH_BUG] = "bug",
	[CRASH_WARN] = "warn",
	[CRASH_STACK_OVERFLOW] = "stack_overflow",
	[CRASH_NR_MODES] = NULL,
};

static unsigned int crash_mode = CRASH_NONE;	/* [I] after cmdline_parse */
KPARAM_ENUM(crash, "crash", &crash_mode, crash_mode_names,
	    "fail on purpose before the tests run (runner self-tests)");

static void crash_read_unmapped(void)
{
	u64 v = *(volatile u64 *)ARCH_UNMAPPED_KERNEL_ADDR;

	pr_err("crash: read 0x%llx from an unmapped address\n",
	       (unsigned long long)v);
}

/*
 * Recurse with a 256-byte frame until the stack runs into its guard page.
 * The work after the call keeps it from becoming a loop; @depth never
 * reaches the bound, which only keeps the compiler from calling the
 * recursion infinite.
 */
static __attribute__((noinline)) u64 crash_recurse(u64 depth)
{
	volatile u64 frame[32];

	frame[0] = depth;
	if (depth == ~0ULL)
		return 0;
	return crash_recurse(depth + 1) + frame[0];
}

static int crash_overflow_fn(void *arg)
{
	(void)arg;
	pr_notice("crash: recursing in %s\n", current->name);
	return (int)crash_recurse(0);
}

/* Overflow a kernel thread's stack (init runs on the static boot stack). */
static void crash_stack_overflow(void)
{
	DECLARE_COMPLETION(never);

	if (!kthread_run(crash_overflow_fn, NULL, "crash-overflow"))
		panic("crash=stack_overflow: no thread");
	wait_for_completion(&never);
}

/**
 * crash_inject - crash the way crash= asks; nothing for crash=none.
 *
 * Context: boot, after every subsystem is up and before the tests.
 * Returns only for crash=none and crash=warn (or if a fault failed to
 * happen, which it reports with a panic).
 */
void crash_inject(void)
{
	if (crash_mode == CRASH_NONE || crash_mode >= CRASH_NR_MODES)
		return;
	if (crash_mode != CRASH_HANG)	/* a hang stays silent */
		pr_notice("crash: injecting crash=%s\n",
			  crash_mode_names[crash_mode]);
	switch ((enum crash_mode)crash_mode) {
	case CRASH_PANIC:
		panic("crash=panic requested");
	case CRASH_HANG:
		arch_halt_forever();
	case CRASH_PAGE_FAULT:
		crash_read_unmapped();
		break;
	case CRASH_DOUBLE_FAULT:
		arch_crash_double_fault();
	case CRASH_TRIPLE_FAULT:
		arch_crash_triple_fault();
	case CRASH_DIVIDE_ERROR:
		arch_crash_divide_error();
		break;
	case CRASH_INVALID_OPCODE:
		arch_crash_invalid_opcode();
		break;
	case CRASH_BUG:
		BUG_ON(crash_mode == CRASH_BUG);
		break;
	case CRASH_STACK_OVERFLOW:
		crash_stack_overflow();
		break;
	case CRASH_WARN:
		WARN_ON(crash_mode == CRASH_WARN);
		pr_notice("crash: crash=warn: continuing\n");
		return;
	case CRASH_NONE:
	case CRASH_NR_MODES:
		return;
	}
	panic("crash=%s did not crash", crash_mode_names[crash_mode]);
}
