// SPDX-License-Identifier: MIT
/*
 * Local APIC: each CPU's interrupt controller. In xAPIC mode its registers
 * are a 4 KiB MMIO page (at the MADT's address); in x2APIC mode, which we
 * use whenever CPUID offers it (x2apic=0 to refuse), they are MSRs
 * 0x800 + reg / 16 and the ICR is one 64-bit MSR. Invariant: every CPU
 * runs in the mode the boot CPU chose, so one flag decides every access.
 *
 * Locking: [I] set by apic_init_bsp() before any AP starts. Register
 * access is per CPU; the ICR is written with interrupts off so an IPI
 * sent from an interrupt handler cannot split a two-write xAPIC send.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/irq.h>
#include <arch/mmu.h>
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_EXTD		(1UL << 10)
#define APIC_BASE_EN		(1UL << 11)
#define APIC_BASE_ADDR		0x000ffffffffff000UL
#define MSR_X2APIC_FIRST	0x800
#define CPUID1_ECX_X2APIC	(1U << 21)
#define CPUID1_EDX_APIC		(1U << 9)

#define APIC_ID			0x20
#define APIC_VERSION		0x30
#define APIC_TPR		0x80
#define APIC_EOI		0xb0
#define APIC_SVR		0xf0
#define APIC_ESR		0x280
#define APIC_ICR		0x300	/* x2APIC: one 64-bit MSR */
#define APIC_ICR_HIGH		0x310	/* xAPIC only */
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360
#define APIC_LVT_ERROR		0x370
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_CUR		0x390
#define APIC_TIMER_DIV		0x3e0

#define SVR_ENABLE		0x100
#define LVT_MASKED		0x10000
#define LVT_DM_NMI		0x400
#define LVT_ACTIVE_LOW		0x2000
#define LVT_LEVEL		0x8000
#define ICR_DM_INIT		0x500
#define ICR_DM_STARTUP		0x600
#define ICR_LEVEL_ASSERT	0x4000
#define ICR_BUSY		0x1000
#define ICR_BUSY_SPINS		1000000

static volatile u32 *apic_mmio;		/* [I] xAPIC registers */
static bool x2apic;			/* [I] */
static const struct acpi_info *apic_acpi; /* [I] for the LINT NMI wiring */
static bool use_x2apic = true;
KPARAM_BOOL(x2apic, "x2apic", &use_x2apic,
	    "use x2APIC mode when the CPU has it");

static u32 apic_read(u32 reg)
{
	if (x2apic)
		return (u32)arch_rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return apic_mmio[reg / 4];
}

static void apic_write(u32 reg, u32 v)
{
	if (x2apic)
		arch_wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
	else
		apic_mmio[reg / 4] = v;
}

/* Write the ICR; xAPIC: wait for the previous send to leave first. */
static void apic_icr_write(u32 apic_id, u32 low)
{
	unsigned long flags = arch_irq_save();

	if (x2apic) {
		arch_wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4),
			   (u64)apic_id << 32 | low);
	} else {
		for (int i = 0; i < ICR_BUSY_SPINS &&
				(apic_read(APIC_ICR) & ICR_BUSY); i++)
			arch_cpu_relax();
		apic_write(APIC_ICR_HIGH, apic_id << 24);
		apic_write(APIC_ICR, low);
	}
	arch_irq_restore(flags);
}

bool apic_x2apic_mode(void)
{
	return x2apic;
}

/* The calling CPU's APIC id (all 32 bits in x2APIC mode). */
u32 apic_read_id(void)
{
	return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

void arch_irq_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/**
 * apic_send_ipi - send a fixed interrupt to one CPU.
 * @apic_id: destination (physical destination mode)
 * @vector: 0x20-0xff
 *
 * Context: any, interrupts on or off.
 */
void apic_send_ipi(u32 apic_id, u8 vector)
{
	apic_icr_write(apic_id, ICR_LEVEL_ASSERT | vector);
}

/* INIT: the target resets and waits for a STARTUP IPI. */
void apic_send_init(u32 apic_id)
{
	apic_icr_write(apic_id, ICR_LEVEL_ASSERT | ICR_DM_INIT);
}

/* STARTUP: the target starts in real mode at @page << 12. */
void apic_send_sipi(u32 apic_id, u8 page)
{
	apic_icr_write(apic_id, ICR_LEVEL_ASSERT | ICR_DM_STARTUP | page);
}

/**
 * apic_timer_arm - program this CPU's timer.
 * @lvt: LVT timer value (vector, mode, mask)
 * @divide: divide configuration register value
 * @count: initial count; 0 stops the timer
 *
 * Context: the CPU's own bring-up or calibration, interrupts off.
 */
void apic_timer_arm(u32 lvt, u32 divide, u32 count)
{
	apic_write(APIC_TIMER_DIV, divide);
	apic_write(APIC_LVT_TIMER, lvt);
	apic_write(APIC_TIMER_INIT, count);
}

u32 apic_timer_current(void)
{
	return apic_read(APIC_TIMER_CUR);
}

static void apic_error_irq(struct trap_frame *f)
{
	u32 esr;

	apic_write(APIC_ESR, 0);	/* latch, then read */
	esr = apic_read(APIC_ESR);
	arch_irq_eoi();
	pr_warn("apic: error interrupt, ESR %#x\n", esr);
}

static void apic_spurious_irq(struct trap_frame *f)
{
	/* No EOI: a spurious interrupt sets no in-service bit. */
}

/* The LVT value for LINT @pin of this CPU: NMI if the MADT says so. */
static u32 lint_lvt(unsigned int pin, u32 apic_id)
{
	const struct acpi_info *a = apic_acpi;
	u32 uid = ACPI_NMI_ALL_CPUS - 1;	/* matches no entry */

	if (!a)
		return LVT_MASKED;
	for (u32 i = 0; i < a->nr_cpus; i++)
		if (a->cpus[i].apic_id == apic_id)
			uid = a->cpus[i].acpi_uid;
	for (u32 i = 0; i < a->nr_nmis; i++) {
		const struct acpi_nmi *n = &a->nmis[i];
		u32 lvt = LVT_DM_NMI;

		if (n->lint != pin ||
		    (n->acpi_uid != ACPI_NMI_ALL_CPUS && n->acpi_uid != uid))
			continue;
		if ((n->flags & ACPI_POLARITY_MASK) == ACPI_POLARITY_LOW)
			lvt |= LVT_ACTIVE_LOW;
		if ((n->flags & ACPI_TRIGGER_MASK) == ACPI_TRIGGER_LEVEL)
			lvt |= LVT_LEVEL;
		return lvt;
	}
	return LVT_MASKED;
}

/**
 * apic_init_cpu - enable and quiesce the calling CPU's local APIC.
 *
 * LINT0 (ExtINT from the 8259) stays masked: legacy IRQs come through the
 * IOAPIC. LINT pins the MADT wires to NMI get NMI delivery.
 *
 * Context: CPU bring-up, interrupts off, after apic_init_bsp() on the
 * boot CPU.
 */
void apic_init_cpu(void)
{
	u64 base = arch_rdmsr(MSR_APIC_BASE);
	u32 id;

	base |= APIC_BASE_EN | (x2apic ? APIC_BASE_EXTD : 0);
	arch_wrmsr(MSR_APIC_BASE, base);
	id = apic_read_id();
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_LVT_LINT0, lint_lvt(0, id));
	apic_write(APIC_LVT_LINT1, lint_lvt(1, id));
	apic_write(APIC_LVT_ERROR, APIC_ERROR_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_SVR, SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	arch_irq_eoi();		/* drop anything the firmware left in service */
}

/* Choose the mode and find the xAPIC page. */
static void apic_choose_mode(const struct acpi_info *acpi)
{
	u64 base = arch_rdmsr(MSR_APIC_BASE);
	paddr_t pa = base & APIC_BASE_ADDR;

	x2apic = (base & APIC_BASE_EXTD) ||	/* firmware chose it: keep */
		 (use_x2apic && (arch_cpuid(1, 0).ecx & CPUID1_ECX_X2APIC));
	if (x2apic)
		return;
	if (acpi && acpi->has_madt && acpi->lapic_addr)
		pa = acpi->lapic_addr;
	apic_mmio = ioremap(pa, PAGE_SIZE);
	if (!apic_mmio)
		panic("apic: cannot map the local APIC at %#llx",
		      (unsigned long long)pa);
}

/**
 * apic_init_bsp - pick xAPIC or x2APIC and enable the boot CPU's APIC.
 * @acpi: the parsed tables, kept for the APs; NULL without ACPI
 *
 * Context: boot CPU, once, interrupts off, after the IDT is set up.
 */
void apic_init_bsp(const struct acpi_info *acpi)
{
	if (!(arch_cpuid(1, 0).edx & CPUID1_EDX_APIC))
		panic("apic: this CPU has no local APIC");
	apic_acpi = acpi;
	apic_choose_mode(acpi);
	arch_irq_set_handler(APIC_ERROR_VECTOR, apic_error_irq);
	arch_irq_set_handler(APIC_SPURIOUS_VECTOR, apic_spurious_irq);
	apic_init_cpu();
	pr_info("apic: %s mode, boot CPU APIC id %#x, version %#x\n",
		x2apic ? "x2APIC" : "xAPIC", apic_read_id(),
		apic_read(APIC_VERSION) & 0xff);
}
