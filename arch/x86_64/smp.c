// SPDX-License-Identifier: MIT
/*
 * SMP bring-up. smp_init() reads the ACPI tables, masks the 8259s,
 * enables the boot CPU's local APIC, the IOAPICs and the tick, then starts
 * every other CPU the MADT lists (enabled or online-capable, at most
 * maxcpus= in all) with INIT, STARTUP, STARTUP through the real-mode
 * trampoline (trampoline.S, trampoline.h). APs are started one at a time:
 * the trampoline's parameter block serves one AP, and the boot CPU waits
 * until that AP is online (or given up and sent back to INIT) before
 * rewriting it. Logical ids are handed out in MADT order, contiguously
 * from 1, whatever the APIC ids are.
 *
 * An AP's own path: trampoline -> smp_ap_entry64 -> smp_ap_main(): per-CPU
 * area, GDT/TSS, IDT, local APIC, tick, online, then the scheduler's idle
 * loop.
 *
 * Locking: [I] written by the boot CPU before the AP it concerns starts;
 * [a] atomic.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/pat.h>
#include <arch/pci_conf.h>
#include <arch/cpu.h>
#include <arch/gdt.h>
#include <arch/idt.h>
#include <arch/mmu.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "arch/x86_64/trampoline.h"
#include "kernel/cmdline.h"
#include "kernel/multiboot2.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define AP_STACK_ORDER	2		/* 16 KiB */
#define AP_IST_ORDER	4		/* IST_COUNT * IST_STACK_SIZE = 48 KiB */
_Static_assert(IST_COUNT * IST_STACK_SIZE <= PAGE_SIZE << AP_IST_ORDER,
	       "AP_IST_ORDER too small for the IST stacks");
#define INIT_DELAY_US	10000		/* INIT to first STARTUP (SDM) */
#define SIPI_DELAY_US	200		/* between the STARTUPs */
#define AP_TIMEOUT_US	1000000		/* STARTUP to online; TCG is slow */
#define MSR_EFER	0xc0000080
#define EFER_NXE	0x800

extern const u8 smp_trampoline_start[], smp_trampoline_end[];
void smp_ap_entry64(void);
__noreturn void smp_ap_main(unsigned int cpu);

static struct acpi_info acpi;		/* [I] */
static void *ap_ist[NR_CPUS];		/* [I] */
static u32 ap_apic_id[NR_CPUS];		/* [I] */
static unsigned int cpus_listed = 1;	/* [I] usable MADT CPUs */
static unsigned int maxcpus = NR_CPUS;	/* [I] */
KPARAM_UINT(maxcpus, "maxcpus", &maxcpus, 1, NR_CPUS,
	    "bring up at most this many CPUs, the boot CPU included");

static const void *acpi_map_phys(paddr_t pa, size_t len, void *ctx)
{
	return ioremap(pa, len);
}

/* Parse the tables the boot loader pointed at; NULL without ACPI. */
static const struct acpi_info *smp_read_acpi(const struct boot_info *bi)
{
	char err[96];

	if (!bi || !bi->rsdp_revision) {
		pr_warn("acpi: the boot loader passed no RSDP; running on one CPU\n");
		return NULL;
	}
	if (acpi_parse(bi->rsdp, sizeof(bi->rsdp), acpi_map_phys, NULL, &acpi,
		       err, sizeof(err))) {
		pr_warn("acpi: %s; running on one CPU\n", err);
		return NULL;
	}
	pr_info("acpi: RSDP rev %u (%s), OEM %s: %u CPUs, %u IOAPICs, "
		"%u overrides, HPET %s, MCFG %u\n",
		acpi.rsdp_revision, acpi.rsdp_revision >= 2 ? "XSDT" : "RSDT",
		acpi.oem_id, acpi.nr_cpus, acpi.nr_ioapics, acpi.nr_overrides,
		acpi.has_hpet ? "yes" : "no", acpi.nr_mcfg);
	if (acpi.nr_bad_tables)
		pr_warn("acpi: %u tables skipped (unmappable or bad checksum)\n",
			acpi.nr_bad_tables);
	if (!acpi.has_madt) {
		pr_warn("acpi: no MADT; running on one CPU\n");
		return NULL;
	}
	return &acpi;
}

static void *ap_alloc(unsigned int order)
{
	return __get_free_pages(GFP_KERNEL, order);
}

static void ap_free(void *p, unsigned int order)
{
	if (p)
		free_pages_addr(p, order);
}

static bool overlaps(paddr_t a, u64 alen, paddr_t b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Is the trampoline's fixed home free of what the boot loader left? */
static bool trampoline_home_free(const struct boot_info *bi)
{
	if (overlaps(TRAMPOLINE_PHYS, TRAMPOLINE_SIZE, bi->info_phys,
		     bi->info_size))
		return false;
	for (u32 i = 0; i < bi->module_count; i++)
		if (overlaps(TRAMPOLINE_PHYS, TRAMPOLINE_SIZE,
			     bi->modules[i].start,
			     bi->modules[i].end - bi->modules[i].start))
			return false;
	return true;
}

static void tp_write64(u8 *t, unsigned int off, u64 v)
{
	memcpy(t + off, &v, sizeof(v));
}

static void tp_write32(u8 *t, unsigned int off, u32 v)
{
	memcpy(t + off, &v, sizeof(v));
}

/* Copy the code, build the identity + kernel page tables, fill the
 * parameters every AP shares. */
static void trampoline_setup(void)
{
	u8 *t = phys_to_virt(TRAMPOLINE_PHYS);
	u64 *pml4 = (u64 *)(t + TRAMPOLINE_PML4);
	u64 *pdpt = (u64 *)(t + TRAMPOLINE_PDPT);
	u64 *pd = (u64 *)(t + TRAMPOLINE_PD);
	const u64 *kpml4 = phys_to_virt(arch_read_cr3() & PTE_ADDR_MASK);
	size_t code = smp_trampoline_end - smp_trampoline_start;

	BUG_ON(code > TP_PML4);
	memset(t, 0, TRAMPOLINE_SIZE);
	memcpy(t, smp_trampoline_start, code);
	pml4[0] = (TRAMPOLINE_PHYS + TRAMPOLINE_PDPT) | PTE_P | PTE_W;
	for (unsigned int i = 256; i < 512; i++)
		pml4[i] = kpml4[i];
	pdpt[0] = (TRAMPOLINE_PHYS + TRAMPOLINE_PD) | PTE_P | PTE_W;
	pd[0] = 0 | PTE_P | PTE_W | PTE_PS;
	tp_write32(t, TP_PML4, TRAMPOLINE_PHYS + TRAMPOLINE_PML4);
	tp_write32(t, TP_EFER_NX, !!(arch_rdmsr(MSR_EFER) & EFER_NXE));
	tp_write64(t, TP_ENTRY, (u64)smp_ap_entry64);
	tp_write64(t, TP_CR3, arch_read_cr3());
	tp_write64(t, TP_CR4, arch_read_cr4());
}

static bool wait_online(unsigned int cpu, u64 us)
{
	u64 end = ktime_get_ns() + us * NSEC_PER_USEC;

	while (ktime_get_ns() < end)
		if (cpu_online(cpu))
			return true;
	return cpu_online(cpu);
}

/* INIT-SIPI-SIPI one AP as logical @cpu; 0 once it is online. */
static int smp_boot_ap(unsigned int cpu, u32 apic_id)
{
	u8 *t = phys_to_virt(TRAMPOLINE_PHYS);
	void *stack = ap_alloc(AP_STACK_ORDER);
	void *ist = ap_alloc(AP_IST_ORDER);

	if (!stack || !ist) {
		pr_err("smp: no memory for CPU %u's stacks\n", cpu);
		goto out_free;
	}
	ap_ist[cpu] = ist;
	ap_apic_id[cpu] = apic_id;
	tp_write64(t, TP_STACK, (u64)stack + (PAGE_SIZE << AP_STACK_ORDER));
	tp_write64(t, TP_CPU, cpu);
	apic_send_init(apic_id);
	udelay(INIT_DELAY_US);
	apic_send_sipi(apic_id, TRAMPOLINE_PHYS >> PAGE_SHIFT);
	udelay(SIPI_DELAY_US);
	apic_send_sipi(apic_id, TRAMPOLINE_PHYS >> PAGE_SHIFT);
	if (wait_online(cpu, AP_TIMEOUT_US)) {
		pr_info("smp: CPU %u online (APIC id %#x)\n", cpu, apic_id);
		return 0;
	}
	apic_send_init(apic_id);	/* park it: it must not wake up later */
	pr_err("smp: CPU with APIC id %#x did not come online\n", apic_id);
	/* The stacks stay allocated: a late AP could still be using them. */
	return -ETIMEDOUT;
out_free:
	ap_free(stack, AP_STACK_ORDER);
	ap_free(ist, AP_IST_ORDER);
	return -ENOMEM;
}

static void smp_boot_aps(const struct acpi_info *a, const struct boot_info *bi)
{
	u32 bsp_id = apic_read_id();
	unsigned int next = 1, skipped = 0;

	if (!trampoline_home_free(bi)) {
		pr_err("smp: boot data lies at the trampoline's %#x; running on one CPU\n",
		       TRAMPOLINE_PHYS);
		return;
	}
	trampoline_setup();
	for (u32 i = 0; i < a->nr_cpus; i++) {
		u32 id = a->cpus[i].apic_id;

		if (id == bsp_id)
			continue;
		if (!apic_x2apic_mode() && id > 0xfe) {
			skipped++;	/* unreachable without x2APIC */
			continue;
		}
		cpus_listed++;
		if (next >= maxcpus) {
			skipped++;
			continue;
		}
		nr_cpus_possible++;
		if (!smp_boot_ap(next, id))
			next++;
	}
	if (skipped + a->cpus_dropped)
		pr_info("smp: %u CPUs left offline (maxcpus=%u, NR_CPUS %u, %s mode)\n",
			skipped + a->cpus_dropped, maxcpus, NR_CPUS,
			apic_x2apic_mode() ? "x2APIC" : "xAPIC");
}

/**
 * smp_cpus_listed - how many CPUs the MADT offers that this kernel could
 * start (the boot CPU included), before maxcpus= and NR_CPUS.
 *
 * Context: any, after smp_init().
 * Return: at least 1.
 */
unsigned int smp_cpus_listed(void)
{
	return cpus_listed;
}

/**
 * smp_init - interrupt controllers, the tick, and every CPU.
 * @bi: the boot information (RSDP copy, what the trampoline must avoid)
 *
 * Without ACPI (or a MADT) the boot CPU runs alone, with its local APIC
 * at the architectural address and the tick, but no IOAPIC.
 *
 * Context: boot CPU, once, interrupts off, after mm_init() and the IDT;
 * enables interrupts on return.
 */
void smp_init(const struct boot_info *bi)
{
	const struct acpi_info *a = smp_read_acpi(bi);
	struct percpu *bsp = arch_this_cpu();

	pic_disable();
	apic_init_bsp(a);
	bsp->apic_id = apic_read_id();
	ap_apic_id[0] = bsp->apic_id;
	__atomic_store_n(&bsp->online, true, __ATOMIC_RELEASE);
	ioapic_init(a);
	arch_pci_conf_init(&acpi);	/* ECAM if the MCFG has one */
	arch_ipi_init();
	apic_timer_init(a);
	pr_info("smp: CPU 0 is the boot CPU (APIC id %#x)\n", bsp->apic_id);
	if (a && maxcpus > 1)
		smp_boot_aps(a, bi);
	pr_info("smp: Brought up 1 node, %u CPU%s\n", nr_cpus_online,
		nr_cpus_online == 1 ? "" : "s");
	arch_irq_enable();
}

/**
 * smp_ap_main - an AP's first C code, on its own stack and CR3.
 * @cpu: its logical id, from the trampoline's parameters
 *
 * Context: the AP, interrupts off; does not return.
 */
void smp_ap_main(unsigned int cpu)
{
	percpu_init_cpu(cpu, ap_apic_id[cpu]);	/* first: GS is 0 */
	gdt_init_cpu(cpu, ap_ist[cpu]);
	idt_load();
	arch_pat_init_cpu();	/* before it prints onto the framebuffer */
	apic_init_cpu();
	WARN_ON(apic_read_id() != ap_apic_id[cpu]);
	__atomic_add_fetch(&nr_cpus_online, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&percpu_area[cpu].online, true, __ATOMIC_RELEASE);
	apic_timer_start_cpu();
	sched_ap_idle();
}
