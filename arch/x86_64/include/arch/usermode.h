/* SPDX-License-Identifier: MIT */
/*
 * Ring 3: the CPU side of user processes. The user half of every address
 * space is [0, USER_ADDR_END); the kernel half is shared. While the CPU
 * runs in the kernel, GS_BASE points at the per-CPU area and
 * KERNEL_GS_BASE holds the user's GS base; every entry from user mode
 * (syscall, interrupt, exception) does exactly one swapgs, and so does
 * every return. FS base, the user GS base and the x87/SSE/AVX registers
 * (<arch/fpu.h>) are per-task state that the scheduler saves and loads
 * (arch_user_switch()).
 *
 * Entry from user lands on the running task's kernel stack top, which
 * the scheduler publishes with arch_set_kernel_stack() (TSS.rsp0 for
 * interrupts, percpu->kernel_stack_top for syscall).
 *
 * Locking: [c] the owning CPU with interrupts off; [t] the task itself
 * (or the scheduler while it is switched out).
 */
#ifndef ARCH_USERMODE_H
#define ARCH_USERMODE_H

#include <arch/traps.h>

/*
 * One page below the end of the lower canonical half, as in Linux: a
 * syscall in the last bytes of the user half would return to a
 * non-canonical RIP. Nothing may be mapped at or above this address.
 */
#define USER_ADDR_END		UL(0x00007ffffffff000)

/* percpu->kernel_stack_top, for syscall.S (checked in usermode.c). */
#define PERCPU_KERNEL_STACK_TOP	48

/* struct trap_frame.vector of a frame built by the syscall entry. */
#define TRAP_VECTOR_SYSCALL	0x100

#define X86_RFLAGS_RESERVED1	0x2
#define USER_RFLAGS_INIT	0x202	/* IF and the always-one bit */
#define X86_RFLAGS_TF		(UL(1) << 8)
#define X86_RFLAGS_DF		(UL(1) << 10)
#define X86_RFLAGS_IOPL		(UL(3) << 12)
#define X86_RFLAGS_NT		(UL(1) << 14)
#define X86_RFLAGS_RF		(UL(1) << 16)
#define X86_RFLAGS_AC		(UL(1) << 18)

#ifndef __ASSEMBLER__

#include "lib/types.h"

struct arch_fpu;			/* <arch/fpu.h> */

/* User-visible state of a task that is switched out; [t]. */
struct arch_user_state {
	u64 fs_base;
	u64 gs_base;
	struct arch_fpu *fpu;	/* x87/SSE/AVX; NULL for kernel threads */
};

/* arch_prctl() codes (Linux's values). */
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

void arch_user_init_cpu(void);
bool arch_has_smep(void);
bool arch_has_smap(void);
bool arch_has_umip(void);

void arch_set_kernel_stack(u64 top);
void arch_user_switch(struct arch_user_state *prev,
		      const struct arch_user_state *next);
u64 arch_get_fs_base(void);
u64 arch_get_user_gs_base(void);
int arch_set_fs_base(u64 base);
int arch_set_user_gs_base(u64 base);
long arch_prctl(int code, u64 addr);

__noreturn void arch_enter_user(vaddr_t entry, vaddr_t user_stack);
__noreturn void arch_enter_user_frame(const struct trap_frame *frame);

/* Is @addr a valid user RIP (canonical, in the user half)? */
static inline bool arch_user_addr_ok(u64 addr)
{
	return addr < USER_ADDR_END;
}

/*
 * A user excursion: kernel code (tests, diagnostics) runs user code on
 * its own stack and gets control back when the user code is done -
 * through arch_user_run_leave() from a syscall handler, or when a fatal
 * signal would end the "process" (the value is then -signal). The user
 * code runs with the caller's page tables (CR3) and must not migrate:
 * bind the task to a CPU first. Locking: [t].
 */
struct arch_user_run {
	u64 saved_rsp;			/* caller's stack, callee-saved regs */
	u64 stack_top;			/* kernel stack top while it runs */
	u64 prev_stack_top;		/* kernel stack top to restore */
	void *owner;			/* the task running it */
	int signal;			/* signal that ended it, 0 if none */
	struct arch_user_run *next;	/* on the list of active runs */
};

long arch_user_run(struct arch_user_run *r, vaddr_t entry,
		   vaddr_t user_stack);
__noreturn void arch_user_run_leave(struct arch_user_run *r, long val);
struct arch_user_run *arch_user_run_current(void);

/* Kernel jump to @addr that may fault (SMEP tests); 0 or -EFAULT. */
int arch_probe_exec(vaddr_t addr);

#endif /* __ASSEMBLER__ */
#endif
