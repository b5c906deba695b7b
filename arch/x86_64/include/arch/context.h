/* SPDX-License-Identifier: MIT */
/*
 * Kernel context switch. A task that is not running keeps its callee-saved
 * registers (rbp, rbx, r12-r15) pushed on its own kernel stack, under the
 * return address into arch_context_switch's caller, and only its stack
 * pointer in struct arch_context. Everything else is caller-saved by the
 * C ABI, so the switch is a plain function call for the compiler. The
 * kernel is built with -mgeneral-regs-only and has no FPU/SIMD state of
 * its own; a user task's x87/SSE/AVX registers are switched with its
 * other user state (arch_user_switch(), <arch/fpu.h>).
 *
 * A new task gets a bootstrap frame shaped like a switched-out one whose
 * return address is a trampoline; the first switch to it "returns" there
 * and the trampoline calls start(prev, arg) on a 16-byte aligned stack.
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include "kernel/percpu.h"
#include "lib/types.h"

struct arch_context {
	u64 rsp;	/* saved stack pointer; valid while switched out */
};

/* Pushed by arch_context_switch, lowest address first. */
struct arch_switch_frame {
	u64 r15, r14, r13, r12, rbx, rbp;
	u64 ret;	/* where the task resumes */
};

/**
 * arch_context_switch - save the running context and resume another.
 * @prev: where to store the running task's stack pointer
 * @next_rsp: the stack pointer saved for the task to resume
 * @prev_task: passed through unchanged
 *
 * Context: interrupts off. Returns in the resumed task, much later.
 * Return: the @prev_task argument of the switch that resumed this task,
 * i.e. the task that ran on this CPU just before it.
 */
void *arch_context_switch(struct arch_context *prev, u64 next_rsp,
			  void *prev_task);

void arch_task_trampoline(void);

/**
 * arch_context_init - build the bootstrap frame of a new task.
 * @ctx: the new task's context
 * @stack_top: one past the highest byte of its stack (16-byte aligned)
 * @start: called on the first switch to the task as start(prev, arg),
 *         with interrupts off; must not return
 * @arg: passed to @start
 *
 * The frame sits right under @stack_top, so that after the switch pops it
 * RSP is @stack_top again: 16-byte aligned for the trampoline's call.
 */
static inline void arch_context_init(struct arch_context *ctx,
				     void *stack_top,
				     void (*start)(void *prev, void *arg),
				     void *arg)
{
	struct arch_switch_frame *f =
		(struct arch_switch_frame *)stack_top - 1;

	*f = (struct arch_switch_frame){
		.rbx = (u64)start,
		.r12 = (u64)arg,
		.rbp = 0,
		.ret = (u64)arch_task_trampoline,
	};
	ctx->rsp = (u64)f;
}

/* The frame pointer a switched-out task stopped at, for backtraces. */
static inline u64 arch_context_frame_pointer(const struct arch_context *ctx)
{
	return ((const struct arch_switch_frame *)ctx->rsp)->rbp;
}

/*
 * This CPU's preempt_count (struct percpu) in one GS-relative instruction:
 * a task can be preempted and migrated between any two instructions, so
 * "find this CPU's area, then add" would touch the CPU it left.
 */
static inline void arch_preempt_count_add(int v)
{
	__asm__ volatile("addl %1, %%gs:%c0"
			 : : "i"(offsetof(struct percpu, preempt_count)), "ri"(v)
			 : "memory", "cc");
}

/* Add @v and return the new value; same one-instruction rule. */
static inline int arch_preempt_count_add_return(int v)
{
	int old = v;

	__asm__ volatile("xaddl %0, %%gs:%c1"
			 : "+r"(old)
			 : "i"(offsetof(struct percpu, preempt_count))
			 : "memory", "cc");
	return old + v;
}

static inline int arch_preempt_count(void)
{
	int v;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(v) : "i"(offsetof(struct percpu, preempt_count)));
	return v;
}

/* This CPU's percpu->current_task, in one instruction (see above). */
static inline struct task *arch_current(void)
{
	struct task *t;

	__asm__ volatile("movq %%gs:%c1, %0"
			 : "=r"(t) : "i"(offsetof(struct percpu, current_task)));
	return t;
}

static inline void arch_set_current(struct task *t)
{
	__asm__ volatile("movq %0, %%gs:%c1"
			 : : "r"(t), "i"(offsetof(struct percpu, current_task))
			 : "memory");
}

static inline bool arch_need_resched(void)
{
	u8 v;

	__asm__ volatile("movb %%gs:%c1, %0"
			 : "=r"(v) : "i"(offsetof(struct percpu, need_resched)));
	return v;
}

#endif
