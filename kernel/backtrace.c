// SPDX-License-Identifier: MIT
/*
 * Frame-pointer stack walk (the kernel is built with
 * -fno-omit-frame-pointer). Each frame is { saved rbp, return address }.
 * Every frame is read with arch_probe_read_u64(), so a corrupt frame
 * pointer ends the walk instead of faulting inside a panic report. The
 * walk also stops at a NULL or misaligned frame, one outside the kernel's
 * half of the address space, one that does not move up the stack, or
 * after BACKTRACE_MAX_FRAMES.
 *
 * GCC gives a function that needs no stack no frame, even with
 * -fno-omit-frame-pointer; a trap in such a leaf (or on a function's
 * first instruction) leaves RBP at the caller's frame, so the walk would
 * skip the caller. Trap traces therefore also look at the word at RSP:
 * if it is a return address (it follows a call in the kernel's text) it
 * is printed with a "?", as Linux marks entries it is unsure of.
 */
#include <arch/extable.h>
#include <arch/layout.h>
#include "kernel/backtrace.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"

static bool frame_plausible(u64 fp)
{
	return fp >= DIRECT_MAP_BASE && (fp & 7) == 0;
}

/**
 * backtrace_save - collect the return addresses of a frame chain.
 * @frame_pointer: the innermost frame (arch_frame_pointer(), or a trap
 *                 frame's saved RBP)
 * @out: array for the return addresses, innermost first
 * @max: its length
 *
 * Context: any; reads memory only through arch_probe_read_u64().
 * Return: the number of addresses stored.
 */
size_t backtrace_save(u64 frame_pointer, u64 *out, size_t max)
{
	u64 fp = frame_pointer;
	size_t n = 0;

	while (n < max && frame_plausible(fp)) {
		u64 next, ret;

		if (arch_probe_read_u64((const void *)fp, &next) ||
		    arch_probe_read_u64((const void *)(fp + 8), &ret) || !ret)
			break;
		out[n++] = ret;
		if (next <= fp)	/* stacks grow down: callers sit above */
			break;
		fp = next;
	}
	return n;
}

static void backtrace_print_frames(u64 frame_pointer)
{
	u64 ret[BACKTRACE_MAX_FRAMES];
	size_t n = backtrace_save(frame_pointer, ret, ARRAY_SIZE(ret));

	/* ret - 1: the call instruction, which may end its function. */
	for (size_t i = 0; i < n; i++)
		pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)ret[i],
			 (void *)(ret[i] - 1));
}

/**
 * backtrace_print - print "Call Trace:" and the callers above a frame.
 * @frame_pointer: the innermost frame to start from
 *
 * Context: any; prints at KERN_EMERG.
 */
void backtrace_print(u64 frame_pointer)
{
	pr_emerg("Call Trace:\n");
	backtrace_print_frames(frame_pointer);
}

/* Is the instruction before @addr a call? Only asked for text addresses. */
static bool follows_call(u64 addr)
{
	const u8 *p = (const u8 *)addr;

	if (p[-5] == 0xe8)			/* call rel32 */
		return true;
	for (int len = 2; len <= 7; len++)	/* call *r/m: ff /2 */
		if (p[-len] == 0xff && (p[-len + 1] & 0x38) == 0x10)
			return true;
	return false;
}

static bool is_return_address(u64 addr)
{
	return ksym_lookup(addr - 1, NULL, NULL) && follows_call(addr);
}

/**
 * backtrace_print_from - print a trace that starts at an interrupted RIP.
 * @ip: the instruction that trapped; printed first, as is
 * @sp: the RSP at the trap (checked for a frameless leaf's return address)
 * @frame_pointer: the RBP at the trap
 *
 * Context: any, including exception handlers on a corrupt stack; prints
 * at KERN_EMERG.
 */
void backtrace_print_from(u64 ip, u64 sp, u64 frame_pointer)
{
	u64 ret[BACKTRACE_MAX_FRAMES], top;
	size_t n = backtrace_save(frame_pointer, ret, ARRAY_SIZE(ret));

	pr_emerg("Call Trace:\n");
	pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)ip, (void *)ip);
	if (frame_plausible(sp) &&
	    !arch_probe_read_u64((const void *)sp, &top) &&
	    (!n || top != ret[0]) && is_return_address(top))
		pr_emerg(" [<%016llx>] ? %pS\n", (unsigned long long)top,
			 (void *)(top - 1));
	for (size_t i = 0; i < n; i++)
		pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)ret[i],
			 (void *)(ret[i] - 1));
}
