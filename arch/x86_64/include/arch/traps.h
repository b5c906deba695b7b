/* SPDX-License-Identifier: MIT */
/*
 * CPU exceptions and the trap frame. Every vector enters through a stub in
 * entry.S that builds a struct trap_frame on the stack - the general
 * registers, the vector, an error code (0 where the CPU pushes none) and
 * the CPU's own interrupt frame - and calls trap_dispatch(). Exceptions
 * are reported and end in panic() unless an exception table entry covers
 * the faulting instruction (<arch/extable.h>); #BP and NMI return.
 */
#ifndef ARCH_TRAPS_H
#define ARCH_TRAPS_H

#include <arch/layout.h>

#define X86_TRAP_DE	0	/* divide error */
#define X86_TRAP_DB	1	/* debug */
#define X86_TRAP_NMI	2	/* non-maskable interrupt */
#define X86_TRAP_BP	3	/* breakpoint (int3) */
#define X86_TRAP_OF	4	/* overflow */
#define X86_TRAP_BR	5	/* bound range exceeded */
#define X86_TRAP_UD	6	/* invalid opcode */
#define X86_TRAP_NM	7	/* device not available */
#define X86_TRAP_DF	8	/* double fault */
#define X86_TRAP_TS	10	/* invalid TSS */
#define X86_TRAP_NP	11	/* segment not present */
#define X86_TRAP_SS	12	/* stack-segment fault */
#define X86_TRAP_GP	13	/* general protection */
#define X86_TRAP_PF	14	/* page fault */
#define X86_TRAP_MF	16	/* x87 floating point */
#define X86_TRAP_AC	17	/* alignment check */
#define X86_TRAP_MC	18	/* machine check */
#define X86_TRAP_XF	19	/* SIMD floating point */
#define X86_TRAP_VE	20	/* virtualization */
#define X86_TRAP_CP	21	/* control protection */
#define X86_NR_EXCEPTIONS 32	/* vectors 0-31 belong to the CPU */
#define X86_NR_VECTORS	256

/* #PF error code bits. */
#define X86_PF_PROT	(1UL << 0)	/* 0: page not present */
#define X86_PF_WRITE	(1UL << 1)
#define X86_PF_USER	(1UL << 2)
#define X86_PF_RSVD	(1UL << 3)
#define X86_PF_INSTR	(1UL << 4)
#define X86_PF_PK	(1UL << 5)
#define X86_PF_SHSTK	(1UL << 6)

/*
 * A kernel address nothing maps: the guard page right below the direct
 * map (see <arch/layout.h>). crash=page_fault and the tests fault on it.
 */
#define ARCH_UNMAPPED_KERNEL_ADDR	(DIRECT_MAP_BASE - PAGE_SIZE)

/* Byte offsets into struct trap_frame, for entry.S. */
#define TRAP_FRAME_VECTOR	(15 * 8)
#define TRAP_FRAME_RIP		(17 * 8)
#define TRAP_FRAME_SIZE		(22 * 8)

#ifndef __ASSEMBLER__

#include "lib/types.h"

/* Lowest address first: the order entry.S pushes in, reversed. */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code;
	/* Pushed by the CPU. */
	u64 rip, cs, rflags, rsp, ss;
};

_Static_assert(__builtin_offsetof(struct trap_frame, vector) ==
		       TRAP_FRAME_VECTOR, "entry.S frame layout");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == TRAP_FRAME_RIP,
	       "entry.S frame layout");
_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE,
	       "entry.S frame layout");

static inline bool trap_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) != 0;
}

void trap_dispatch(struct trap_frame *f);
u64 arch_trap_count(unsigned int vector);
const char *arch_trap_name(unsigned int vector);

/* Raise a software interrupt; @vec must be a constant. */
#define ARCH_SOFT_INT(vec) __asm__ volatile("int %0" : : "i"(vec) : "memory")

static inline void arch_breakpoint(void)
{
	__asm__ volatile("int3" ::: "memory");
}

/* Deliberate faults for crash= (kernel/crash.c). They do not return. */
void arch_crash_divide_error(void);
void arch_crash_invalid_opcode(void);
__noreturn void arch_crash_double_fault(void);
__noreturn void arch_crash_triple_fault(void);

#endif /* __ASSEMBLER__ */
#endif
