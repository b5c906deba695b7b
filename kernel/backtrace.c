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
 * backtrace_save_from(), for the profiler, decides instead: it looks at
 * the interrupted function's first bytes and the instruction at the
 * trap to know where the return address is, and keeps it only if the
 * call before it could have entered that function.
 */
#include <arch/extable.h>
#include <arch/layout.h>
#include "kernel/backtrace.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "lib/string.h"

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

/* Is the instruction before @addr "call *r/m" (ff /2)? Only asked for
 * text addresses. */
static bool follows_indirect_call(u64 addr)
{
	const u8 *p = (const u8 *)addr;

	for (int len = 2; len <= 7; len++)
		if (p[-len] == 0xff && (p[-len + 1] & 0x38) == 0x10)
			return true;
	return false;
}

/* Is the instruction before @addr a call? Only asked for text addresses. */
static bool follows_call(u64 addr)
{
	return ((const u8 *)addr)[-5] == 0xe8 ||	/* call rel32 */
	       follows_indirect_call(addr);
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

/* "push %rbp; mov %rsp,%rbp": the prologue of a function with a frame. */
static const u8 frame_prologue[] = { 0x55, 0x48, 0x89, 0xe5 };
#define INSN_RET	0xc3

/*
 * Where the return address of the function interrupted at @ip is, when
 * RBP is not that function's frame: at its first instruction, after only
 * "push %rbp" (one word up), at a "ret" (the frame is already popped),
 * and anywhere in a function that builds no frame.
 * Return: false when RBP is the function's own frame.
 */
static bool unframed_return_slot(u64 ip, u64 func, u64 sp, u64 *slot)
{
	bool framed = !memcmp((const void *)func, frame_prologue,
			      sizeof(frame_prologue));

	*slot = sp;
	if (ip == func || *(const u8 *)ip == INSN_RET)
		return true;
	if (framed && ip == func + 1) {
		*slot = sp + 8;
		return true;
	}
	return !framed;
}

/* Could the call ending at @ret have entered @func? A direct call must
 * target it; an indirect call's target is unknown, so it may have. */
static bool call_may_reach(u64 ret, u64 func)
{
	const u8 *p = (const u8 *)ret;
	s32 rel;

	if (!ksym_lookup(ret - 1, NULL, NULL))
		return false;
	if (p[-5] == 0xe8) {
		memcpy(&rel, p - 4, sizeof(rel));
		if (ret + (s64)rel == func)
			return true;
	}
	return follows_indirect_call(ret);
}

/**
 * backtrace_save_from - collect the stack of an interrupted kernel
 * context: @ip, the caller of a function that has no frame of its own
 * at @ip (a frameless leaf, a prologue, a "ret"), then the frame chain.
 * @ip: the interrupted instruction
 * @sp: the RSP at the interrupt
 * @frame_pointer: the RBP at the interrupt
 * @out: array for the addresses, innermost first: @ip, then return
 *       addresses
 * @max: its length
 *
 * Context: any, including interrupt handlers; reads the stack only
 * through arch_probe_read_u64().
 * Return: the number of addresses stored (at least 1 when @max is).
 */
size_t backtrace_save_from(u64 ip, u64 sp, u64 frame_pointer, u64 *out,
			   size_t max)
{
	u64 off, slot, ret;
	size_t n = 0;

	if (!max)
		return 0;
	out[n++] = ip;
	if (n < max && ksym_lookup(ip, &off, NULL) &&
	    unframed_return_slot(ip, ip - off, sp, &slot) &&
	    frame_plausible(slot) &&
	    !arch_probe_read_u64((const void *)slot, &ret) &&
	    call_may_reach(ret, ip - off))
		out[n++] = ret;
	return n + backtrace_save(frame_pointer, out + n, max - n);
}
