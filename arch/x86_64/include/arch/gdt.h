/* SPDX-License-Identifier: MIT */
/*
 * Segments and the TSS. Long mode ignores segment bases and limits, but the
 * CPU still needs a GDT for the privilege level (CS/SS), for the TSS that
 * holds the interrupt stack pointers, and - later - for syscall/sysret,
 * which derive the user selectors from one STAR field and so fix their
 * order: user data must sit right below user code.
 *
 *   0x00 null   0x08 kernel code   0x10 kernel data
 *   0x18 user data (RPL 3: 0x1b)   0x20 user code (RPL 3: 0x23)
 *   0x28 TSS (a 16-byte system descriptor)
 *
 * Each CPU has its own GDT and TSS (the TSS busy bit is per descriptor, and
 * each CPU needs its own IST stacks); they live in gdt_cpus[cpu id].
 */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_USER_DS	(0x18 | 3)
#define GDT_USER_CS	(0x20 | 3)
#define GDT_TSS		0x28
#define GDT_ENTRIES	7	/* null, 4 segments, TSS (two slots) */

/* STAR[63:48] for sysret: SS = base + 8, CS = base + 16 (both | 3). */
#define GDT_SYSRET_BASE	0x10

/* Interrupt Stack Table slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_COUNT		3
#define IST_STACK_SIZE		16384

#ifndef __ASSEMBLER__

#include "lib/types.h"

/* The 64-bit TSS: only stack pointers and the I/O map offset remain. */
struct tss {
	u32 reserved0;
	u64 rsp[3];		/* stack for entry from ring 0..2: rsp[0] */
	u64 reserved1;
	u64 ist[7];		/* ist[n - 1] is IST slot n */
	u64 reserved2;
	u16 reserved3;
	u16 iopb_offset;	/* >= limit: no I/O permission bitmap */
} __packed;

/*
 * One CPU's descriptor tables. Locking: [I] written by gdt_init_cpu() on
 * the owning CPU before it takes interrupts; [c] owning CPU only.
 */
struct gdt_cpu {
	u64 gdt[GDT_ENTRIES] __aligned(16);	/* [I] (TSS busy bit: CPU) */
	struct tss tss __aligned(16);		/* [I] ist; [c] rsp[0] */
	void *ist_stacks;			/* [I] IST_COUNT stacks */
};

/* The operand of lgdt/sgdt and lidt/sidt. */
struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

void gdt_init_cpu(unsigned int cpu, void *ist_stacks);
const struct gdt_cpu *gdt_cpu(unsigned int cpu);
void gdt_set_kernel_stack(unsigned int cpu, u64 rsp0);

/* Read-backs of what the CPU has loaded (tests and diagnostics). */
static inline struct desc_ptr gdt_read_gdtr(void)
{
	struct desc_ptr p;

	__asm__ volatile("sgdt %0" : "=m"(p));
	return p;
}

static inline u16 gdt_read_tr(void)
{
	u16 sel;

	__asm__ volatile("str %0" : "=r"(sel));
	return sel;
}

static inline u16 gdt_read_cs(void)
{
	u16 sel;

	__asm__ volatile("mov %%cs, %0" : "=r"(sel));
	return sel;
}

static inline u16 gdt_read_ss(void)
{
	u16 sel;

	__asm__ volatile("mov %%ss, %0" : "=r"(sel));
	return sel;
}

#endif /* __ASSEMBLER__ */
#endif
