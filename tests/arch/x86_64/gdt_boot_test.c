// SPDX-License-Identifier: MIT
/*
 * The boot CPU runs on its own GDT and TSS: what sgdt/str/segment reads
 * report is what gdt_init_cpu() built, the TSS carries one IST stack each
 * for #DF, NMI and #MC, and the user segments sit where sysret expects.
 */
#include <arch/gdt.h>
#include "kernel/ktest.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"

#define DESC_TYPE(d)	(((d) >> 40) & 0xf)
#define DESC_S(d)	(((d) >> 44) & 1)
#define DESC_DPL(d)	(((d) >> 45) & 3)
#define DESC_P(d)	(((d) >> 47) & 1)
#define DESC_L(d)	(((d) >> 53) & 1)
#define TSS_TYPE_BUSY	0xb

/*
 * GDTR points at this CPU's table; CS and SS hold the kernel selectors.
 * Preemption stays off so the table read is the table of the CPU whose
 * GDTR is read (earlier suites may have moved the test task).
 */
static void gdt_loaded(struct ktest *t)
{
	const struct gdt_cpu *c;
	struct desc_ptr p;

	preempt_disable();
	c = gdt_cpu(smp_processor_id());
	p = gdt_read_gdtr();
	preempt_enable();
	KTEST_EXPECT_EQ(t, p.base, (u64)c->gdt);
	KTEST_EXPECT_EQ(t, p.limit, sizeof(c->gdt) - 1);
	KTEST_EXPECT_EQ(t, gdt_read_cs(), GDT_KERNEL_CS);
	KTEST_EXPECT_EQ(t, gdt_read_ss(), GDT_KERNEL_DS);
}

/* TR holds the TSS selector; its descriptor is now busy and points at tss. */
static void gdt_tss_loaded(struct ktest *t)
{
	const struct gdt_cpu *c = gdt_cpu(0);
	u64 lo = c->gdt[GDT_TSS >> 3], hi = c->gdt[(GDT_TSS >> 3) + 1];
	u64 base = ((lo >> 16) & 0xffffff) | ((lo >> 56) & 0xff) << 24 |
		   hi << 32;

	KTEST_EXPECT_EQ(t, gdt_read_tr(), GDT_TSS);
	KTEST_EXPECT_EQ(t, DESC_TYPE(lo), TSS_TYPE_BUSY);
	KTEST_EXPECT_EQ(t, DESC_P(lo), 1);
	KTEST_EXPECT_EQ(t, base, (u64)&c->tss);
	KTEST_EXPECT_EQ(t, lo & 0xffff, sizeof(c->tss) - 1);
}

/*
 * IST slot n (1..3) holds the top of stack n - 1 of the CPU's IST area,
 * 16-byte aligned; the unused slots 4..7 are zero.
 *
 *   ist_stacks: [ #DF stack | NMI stack | #MC stack ]
 *                           ^ist[0]     ^ist[1]     ^ist[2]
 */
static void gdt_ist_stacks_set(struct ktest *t)
{
	const struct gdt_cpu *c = gdt_cpu(0);
	u64 area = (u64)c->ist_stacks;

	KTEST_ASSERT_NE(t, area, 0);
	for (int i = 0; i < IST_COUNT; i++) {
		KTEST_EXPECT_EQ(t, c->tss.ist[i],
				area + (u64)(i + 1) * IST_STACK_SIZE);
		KTEST_EXPECT_EQ(t, c->tss.ist[i] & 15, 0);
	}
	for (int i = IST_COUNT; i < 7; i++)
		KTEST_EXPECT_EQ(t, c->tss.ist[i], 0);
	KTEST_EXPECT_EQ(t, IST_DOUBLE_FAULT, 1);
	KTEST_EXPECT_GE(t, c->tss.iopb_offset, sizeof(c->tss));
}

/*
 * sysret loads SS from STAR base + 8 and CS from base + 16: user data
 * right below user code, both DPL 3; code descriptors are 64-bit (L).
 */
static void gdt_user_segments_for_sysret(struct ktest *t)
{
	const struct gdt_cpu *c = gdt_cpu(0);
	u64 udata = c->gdt[(GDT_SYSRET_BASE + 8) >> 3];
	u64 ucode = c->gdt[(GDT_SYSRET_BASE + 16) >> 3];
	u64 kcode = c->gdt[GDT_KERNEL_CS >> 3];

	KTEST_EXPECT_EQ(t, GDT_USER_DS, (GDT_SYSRET_BASE + 8) | 3);
	KTEST_EXPECT_EQ(t, GDT_USER_CS, (GDT_SYSRET_BASE + 16) | 3);
	KTEST_EXPECT_EQ(t, DESC_DPL(udata), 3);
	KTEST_EXPECT_EQ(t, DESC_DPL(ucode), 3);
	KTEST_EXPECT_EQ(t, DESC_TYPE(ucode) & 0x8, 0x8);	/* code */
	KTEST_EXPECT_EQ(t, DESC_TYPE(udata) & 0xa, 0x2);	/* data, rw */
	KTEST_EXPECT_EQ(t, DESC_L(ucode), 1);
	KTEST_EXPECT_EQ(t, DESC_L(kcode), 1);
	KTEST_EXPECT_EQ(t, DESC_DPL(kcode), 0);
	KTEST_EXPECT_EQ(t, DESC_S(kcode) & DESC_P(kcode), 1);
	KTEST_EXPECT_EQ(t, c->gdt[0], 0);
}

KTEST_SUITE(gdt,
	    KTEST_CASE(gdt_loaded),
	    KTEST_CASE(gdt_tss_loaded),
	    KTEST_CASE(gdt_ist_stacks_set),
	    KTEST_CASE(gdt_user_segments_for_sysret));
