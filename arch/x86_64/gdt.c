// SPDX-License-Identifier: MIT
/*
 * Per-CPU GDT and TSS (layout in <arch/gdt.h>). The boot GDT of boot.S is
 * a throw-away; gdt_init_cpu() gives the calling CPU its own tables, points
 * the TSS's IST slots at the stacks it is handed and reloads every
 * segment register that matters. Invariant: a CPU's tables are written
 * only by that CPU, before it enables interrupts - except rsp0, which the
 * scheduler updates on the same CPU with interrupts off.
 */
#include <arch/gdt.h>
#include <arch/usermode.h>
#include "kernel/panic.h"
#include "kernel/percpu.h"

/* Access byte of a code/data descriptor. */
#define SEG_PRESENT	0x80
#define SEG_DPL(n)	((n) << 5)
#define SEG_CODE_DATA	0x10	/* S: not a system descriptor */
#define SEG_CODE	0x08	/* executable */
#define SEG_RW		0x02	/* code: readable; data: writable */
#define SEG_ACCESSED	0x01	/* set now so the CPU never writes it */
/* Flags nibble. */
#define SEG_GRAN_4K	0x8
#define SEG_SIZE_32	0x4
#define SEG_LONG	0x2
/* System descriptor type: 64-bit TSS, available. */
#define TSS_TYPE_AVAIL	0x9

static struct gdt_cpu gdt_cpus[NR_CPUS];

static u64 segment_desc(u8 access, u8 flags)
{
	/* Base 0, limit 0xfffff: long mode ignores both for CS/DS/SS. */
	return 0xffffULL | (u64)(access | SEG_ACCESSED) << 40 |
	       (u64)(flags << 4 | 0xf) << 48;
}

static void tss_desc(u64 *slot, const struct tss *tss)
{
	u64 base = (u64)tss, limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | (base & 0xffffff) << 16 |
		  (u64)(SEG_PRESENT | TSS_TYPE_AVAIL) << 40 |
		  ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	slot[1] = base >> 32;
}

static void gdt_fill(struct gdt_cpu *c)
{
	const u8 code = SEG_PRESENT | SEG_CODE_DATA | SEG_CODE | SEG_RW;
	const u8 data = SEG_PRESENT | SEG_CODE_DATA | SEG_RW;

	c->gdt[0] = 0;
	c->gdt[GDT_KERNEL_CS >> 3] = segment_desc(code, SEG_GRAN_4K | SEG_LONG);
	c->gdt[GDT_KERNEL_DS >> 3] = segment_desc(data,
						  SEG_GRAN_4K | SEG_SIZE_32);
	c->gdt[GDT_USER_DS >> 3] = segment_desc(data | SEG_DPL(3),
						SEG_GRAN_4K | SEG_SIZE_32);
	c->gdt[GDT_USER_CS >> 3] = segment_desc(code | SEG_DPL(3),
						SEG_GRAN_4K | SEG_LONG);
	/* Written as "available" every time: ltr faults on a busy TSS. */
	tss_desc(&c->gdt[GDT_TSS >> 3], &c->tss);
}

static void tss_fill(struct gdt_cpu *c, void *ist_stacks)
{
	u8 *stacks = ist_stacks;

	c->ist_stacks = ist_stacks;
	for (int i = 0; i < IST_COUNT; i++) {
		/* The CPU aligns an IST stack pointer down to 16 itself. */
		c->tss.ist[i] = (u64)(stacks + (u64)(i + 1) * IST_STACK_SIZE);
	}
	c->tss.iopb_offset = sizeof(c->tss);
}

/*
 * Load the GDT, reload CS with a far return and the data segments with
 * plain moves. FS and GS are left alone: in long mode loading a selector
 * into them may clear the base that percpu_init_cpu() put into GS.
 */
static void gdt_load(const struct gdt_cpu *c)
{
	struct desc_ptr ptr = {
		.limit = sizeof(c->gdt) - 1,
		.base = (u64)c->gdt,
	};

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %w2, %%ds\n\t"
			 "mov %w2, %%es\n\t"
			 "mov %w2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CS), "r"(GDT_KERNEL_DS),
			   "r"(GDT_TSS)
			 : "rax", "memory");
}

/**
 * gdt_init_cpu - give the calling CPU its GDT and TSS and load them.
 * @cpu: the calling CPU's logical id
 * @ist_stacks: IST_COUNT * IST_STACK_SIZE bytes, 16-byte aligned: the
 *              #DF, NMI and #MC stacks, in that order (static for the boot
 *              CPU, allocated for the others)
 *
 * The syscall MSRs name these selectors, so they are set up here too
 * (arch_user_init_cpu()).
 *
 * Context: CPU bring-up on @cpu itself, interrupts off.
 */
void gdt_init_cpu(unsigned int cpu, void *ist_stacks)
{
	struct gdt_cpu *c;

	BUG_ON(cpu >= NR_CPUS || !ist_stacks);
	c = &gdt_cpus[cpu];
	tss_fill(c, ist_stacks);
	gdt_fill(c);
	gdt_load(c);
	arch_user_init_cpu();
}

/**
 * gdt_cpu - the descriptor tables of @cpu.
 * @cpu: logical CPU id
 *
 * Context: any.
 * Return: the tables (not yet loaded if @cpu has not run gdt_init_cpu()).
 */
const struct gdt_cpu *gdt_cpu(unsigned int cpu)
{
	BUG_ON(cpu >= NR_CPUS);
	return &gdt_cpus[cpu];
}

/**
 * gdt_set_kernel_stack - the stack the CPU switches to on entry from user.
 * @cpu: the calling CPU
 * @rsp0: top of the current task's kernel stack
 *
 * Context: on @cpu with interrupts off (the scheduler's switch path).
 */
void gdt_set_kernel_stack(unsigned int cpu, u64 rsp0)
{
	gdt_cpus[cpu].tss.rsp[0] = rsp0;
}
